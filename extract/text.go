package extract

import "unicode/utf8"

// span is a half-open code-point range [start, end) of the article text.
type span struct{ start, end int }

func (s span) len() int { return s.end - s.start }

func (s span) contains(o span) bool { return s.start <= o.start && o.end <= s.end }

func (s span) overlaps(o span) bool { return s.start < o.end && o.start < s.end }

// text is an article body prepared for the rules: the original code points
// (for output), their folded forms (for matching, same length), tokens
// over the folded text and sentence ranges. Every rule reads it, none
// writes it.
type text struct {
	orig   []rune
	f      []rune
	toks   []token
	tokAt  []int32 // code point → index of the token covering it
	sents  []span
	sentAt []int32 // code point → index of its sentence
	// The original and the folded text as strings, with the byte offset
	// of every code point (and of the end): str and fstr slice them
	// instead of encoding a new string each time. They are empty when
	// the article is not valid UTF-8 (its code points then do not give
	// back its bytes).
	src, fsrc string
	off, foff []int32
}

// textBufs are the arrays of a text and of its tokenization, handed from
// one article to the next by an Extractor: they take a few hundred
// kilobytes per article, and fresh memory for every article evicted the
// dictionaries from the cache. Everything a document keeps is copied out
// of them (strings are the article's own or made anew).
type textBufs struct {
	orig, f                  []rune
	off, foff, tokAt, sentAt []int32
	fb                       []byte
	toks                     []token
	sents                    []span
	// the tokenizer's working arrays
	unit, from, word []int32
	cost             []float32
}

// resize returns s with length n and zero elements, reusing its array
// when it is large enough.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// newText prepares s in b's arrays (fresh ones when b is nil); the text
// is valid until b is used again.
func newText(seg *segDict, s string, b *textBufs) *text {
	if b == nil {
		b = new(textBufs)
	}
	// One pass decodes, folds, checks the encoding and records the
	// offsets of both strings (ranging over a string decodes as []rune(s)
	// does); the arrays are sized for the worst case, one code point a
	// byte, rather than counted in a pass of their own.
	n := len(s)
	t := &text{orig: grow(b.orig, n), f: grow(b.f, n)}
	indexed := len(s) < 1<<30
	var fb []byte
	if indexed {
		t.off, t.foff, fb = grow(b.off, n+1), grow(b.foff, n+1), grow(b.fb, len(s))
	}
	for i, r := range s {
		if r == utf8.RuneError && indexed {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				indexed = false // not valid UTF-8
				t.off, t.foff = nil, nil
			}
		}
		fr := foldRune(r)
		t.orig, t.f = append(t.orig, r), append(t.f, fr)
		if indexed {
			t.off, t.foff = append(t.off, int32(i)), append(t.foff, int32(len(fb)))
			fb = utf8.AppendRune(fb, fr)
		}
	}
	if indexed {
		t.off, t.foff = append(t.off, int32(len(s))), append(t.foff, int32(len(fb)))
		t.src, t.fsrc = s, string(fb)
		b.off, b.foff, b.fb = t.off, t.foff, fb
	}
	b.orig, b.f = t.orig, t.f
	t.toks = seg.tokenize(t.f, b)
	t.tokAt = resize(b.tokAt, len(t.f))
	b.tokAt = t.tokAt
	for i, tk := range t.toks {
		for j := tk.start; j < tk.end && j < len(t.tokAt); j++ {
			t.tokAt[j] = int32(i)
		}
	}
	t.sents = splitSentences(t.f, b.sents[:0])
	t.sentAt = resize(b.sentAt, len(t.f))
	b.sents, b.sentAt = t.sents, t.sentAt
	for i, s := range t.sents {
		for j := s.start; j < s.end; j++ {
			t.sentAt[j] = int32(i)
		}
	}
	return t
}

// grow returns s emptied, with room for n elements.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, 0, n)
	}
	return s[:0]
}

// str returns the original text of s.
func (t *text) str(s span) string {
	if t.off != nil {
		return t.src[t.off[s.start]:t.off[s.end]]
	}
	return string(t.orig[s.start:s.end])
}

// origIs reports whether the original text of sp is s, without making a
// string of it.
func (t *text) origIs(sp span, s string) bool {
	i := sp.start
	for _, r := range s {
		if i >= sp.end || t.orig[i] != r {
			return false
		}
		i++
	}
	return i == sp.end
}

// fstr returns the folded text of s.
func (t *text) fstr(s span) string {
	if t.foff != nil {
		return t.fsrc[t.foff[s.start]:t.foff[s.end]]
	}
	return string(t.f[s.start:s.end])
}

// at returns the folded code point at i, or 0 outside the text.
func (t *text) at(i int) rune {
	if i < 0 || i >= len(t.f) {
		return 0
	}
	return t.f[i]
}

// hasAt reports whether the folded text at i starts with w (folded too,
// so rules may spell their words with full-width punctuation).
func (t *text) hasAt(i int, w string) bool {
	if i < 0 {
		return false
	}
	for k := 0; k < len(w); {
		r, n := firstRune(w[k:])
		if i >= len(t.f) || t.f[i] != foldRune(r) {
			return false
		}
		i, k = i+1, k+n
	}
	return true
}

// endsAt reports whether the folded text ending just before i ends with w.
func (t *text) endsAt(i int, w string) bool {
	if w == "" {
		return i >= 0
	}
	for k := len(w); k > 0; {
		r, n := lastRune(w[:k])
		if i <= 0 || i > len(t.f) || t.f[i-1] != foldRune(r) {
			return false
		}
		i, k = i-1, k-n
	}
	return true
}

// firstRune decodes the first code point of the non-empty w as ranging
// over w does. The rules' words are ASCII and Chinese characters, which
// it decodes in line: hasAt is called at most positions of a text, where
// the runtime's decoder was most of its cost.
func firstRune(w string) (rune, int) {
	if c := w[0]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	if len(w) >= 3 && w[0]&0xF0 == 0xE0 && w[1]&0xC0 == 0x80 && w[2]&0xC0 == 0x80 {
		if r := rune(w[0]&0x0F)<<12 | rune(w[1]&0x3F)<<6 | rune(w[2]&0x3F); r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
			return r, 3
		}
	}
	return utf8.DecodeRuneInString(w)
}

// lastRune is firstRune from the end of w.
func lastRune(w string) (rune, int) {
	n := len(w)
	if c := w[n-1]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	if n >= 3 && w[n-3]&0xF0 == 0xE0 && w[n-2]&0xC0 == 0x80 && w[n-1]&0xC0 == 0x80 {
		if r := rune(w[n-3]&0x0F)<<12 | rune(w[n-2]&0x3F)<<6 | rune(w[n-1]&0x3F); r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
			return r, 3
		}
	}
	return utf8.DecodeLastRuneInString(w)
}

// tokenStart reports whether a gse token starts at i (the text's end
// counts as a start so that a match may end there).
func (t *text) tokenStart(i int) bool {
	if i <= 0 || i >= len(t.f) || len(t.toks) == 0 {
		return true
	}
	return t.toks[t.tokAt[i]].start == i
}

// tok returns the token covering i.
func (t *text) tok(i int) token {
	if i < 0 || i >= len(t.f) || len(t.toks) == 0 {
		return token{start: i, end: i + 1, pos: "x"}
	}
	return t.toks[t.tokAt[i]]
}

// sentence returns the sentence around i.
func (t *text) sentence(i int) span {
	if i < 0 || i >= len(t.f) || len(t.sents) == 0 {
		return span{i, i}
	}
	return t.sents[t.sentAt[i]]
}
