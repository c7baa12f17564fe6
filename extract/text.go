package extract

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
}

func newText(seg *segDict, s string) *text {
	t := &text{orig: []rune(s)}
	t.f = foldRunes(t.orig)
	t.toks = seg.tokenize(t.f)
	t.tokAt = make([]int32, len(t.f))
	for i, tk := range t.toks {
		for j := tk.start; j < tk.end && j < len(t.tokAt); j++ {
			t.tokAt[j] = int32(i)
		}
	}
	t.sents = splitSentences(t.f)
	t.sentAt = make([]int32, len(t.f))
	for i, s := range t.sents {
		for j := s.start; j < s.end; j++ {
			t.sentAt[j] = int32(i)
		}
	}
	return t
}

// str returns the original text of s.
func (t *text) str(s span) string { return string(t.orig[s.start:s.end]) }

// fstr returns the folded text of s.
func (t *text) fstr(s span) string { return string(t.f[s.start:s.end]) }

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
	for _, r := range w {
		if i >= len(t.f) || t.f[i] != foldRune(r) {
			return false
		}
		i++
	}
	return true
}

// endsAt reports whether the folded text ending just before i ends with w.
func (t *text) endsAt(i int, w string) bool {
	n := len([]rune(w))
	return i-n >= 0 && t.hasAt(i-n, w)
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
