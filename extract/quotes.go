package extract

import (
	"sort"
	"unicode"

	"kg/schema"
)

// turn is one `NAME：` marker of an interview: who speaks, where the
// marker's chain of organisations and titles starts and where the answer
// starts.
type turn struct {
	speaker    *cand
	chainStart int
	textStart  int
}

// speechVerbs introduce reported speech: 马修军表示：“……”.
var speechVerbs = []string{"表示", "认为", "指出", "说道", "说", "称", "强调", "透露", "坦言", "介绍", "告诉记者",
	"解释", "提到", "谈到", "补充", "直言", "笑称", "坦承", "呼吁", "提醒", "回应", "感慨", "分析"}

// statements finds what people said:
//   - interview turns: after `NAME：` the person speaks until the next turn
//     (a person's or an outlet's), a repeated heading, a byline or a line
//     break; an outlet's turns (长江日报：) are its questions and only end
//     the previous answer;
//   - reported speech: NAME表示：“……” and “……”，NAME说, the quoted words;
//   - NAME表示，…。 without quotation marks, the rest of the sentence.
//
// Scraped pages repeat headings and sometimes whole answers: a speaker's
// identical texts are kept once.
// How sure a statement is of its words and speaker, by how it was found:
// an interview turn names its speaker and runs to the next one; quotation
// marks bound the words exactly; without them the words are the rest of a
// sentence, which may paraphrase.
const (
	confTurn     = 0.9
	confQuoted   = 0.85
	confUnquoted = 0.7
)

func statements(t *text, top []*cand, mi mentionIndex, r *resolver, ids []string) []schema.Statement {
	out := []schema.Statement{}
	type said struct{ speaker, text string }
	seen := make(map[said]bool)
	emit := func(speaker *cand, sp span, conf float64) {
		sp = trimSpan(t, sp)
		if sp.len() < 2 {
			return
		}
		ei, ok := r.entityOf(speaker)
		if !ok || r.ents[ei].typ != schema.Person {
			return
		}
		id := ids[ei]
		text := t.str(sp)
		k := said{id, text}
		if seen[k] {
			return
		}
		seen[k] = true
		out = append(out, schema.Statement{Speaker: id, Start: sp.start, End: sp.end, Text: text, Confidence: conf})
	}

	turns := findTurns(t, top, mi)
	heads := headingStarts(t)
	for i, tu := range turns {
		end := len(t.f)
		if i+1 < len(turns) {
			end = turns[i+1].chainStart
		}
		// A speaker does not name himself: the next mention of the same
		// person ends the answer (a headline "李开复：…" followed by the
		// report "李开复日前表示…").
		if si, ok := r.entityOf(tu.speaker); ok {
			k := sort.Search(len(top), func(j int) bool { return top[j].start >= tu.textStart })
			for _, c := range top[k:] {
				if c.start >= end {
					break
				}
				if c.typ == schema.Person {
					if ci, ok := r.entityOf(c); ok && ci == si {
						end = max(chainStart(t, mi, c), tu.textStart)
						break
					}
				}
			}
		}
		end = turnEnd(t, tu.textStart, end, heads)
		if tu.speaker.typ == schema.Person {
			emit(tu.speaker, span{tu.textStart, end}, confTurn)
		}
	}
	reportedSpeech(t, top, emit)
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End < b.End
		}
		return a.Speaker < b.Speaker
	})
	return out
}

// findTurns returns the interview markers in text order: a person or an
// organisation directly followed by a colon, with the chain of titles and
// organisations in front of it (北京大学…副院长、…教授马修军：).
func findTurns(t *text, top []*cand, mi mentionIndex) []turn {
	var out []turn
	for _, c := range top {
		if c.typ != schema.Person && !c.typ.IsOrganisation() {
			continue
		}
		if r := t.at(c.end); r != '：' && r != ':' {
			continue
		}
		// An organisation followed by a colon is a turn only at the start
		// of a sentence or after another turn; 地址：… is no interview.
		if c.typ != schema.Person && c.start > 0 && !isPunct(t.at(c.start-1)) && !isTurnColon(t, c.start-1, mi) {
			if !isSentenceEnd(t.at(c.start - 1)) {
				// outlets in a scraped page follow headings directly
				if c.typ != schema.Media {
					continue
				}
			}
		}
		start := chainStart(t, mi, c)
		out = append(out, turn{speaker: c, chainStart: start, textStart: c.end + 1})
	}
	return out
}

// chainStart walks left from a mention over the titles and organisations
// written in front of it (北京大学…副院长、…教授马修军) and returns where
// that chain starts.
func chainStart(t *text, mi mentionIndex, c *cand) int {
	start := c.start
	for n := 0; n < 10; n++ {
		p := mi.endAt[start]
		if sep := t.at(start - 1); p == nil && (sep == '、' || sep == '，' || sep == ',' || sep == '兼') {
			if q := mi.endAt[start-1]; q != nil && (q.typ == schema.Title || q.typ.IsOrganisation()) {
				p = q
			}
		}
		if p == nil || !(p.typ == schema.Title || p.typ.IsOrganisation() || p.typ == schema.Location) {
			break
		}
		start = p.start
	}
	return start
}

func isTurnColon(t *text, i int, mi mentionIndex) bool {
	if r := t.at(i); r != '：' && r != ':' {
		return false
	}
	c := mi.endAt[i]
	return c != nil && (c.typ == schema.Person || c.typ.IsOrganisation())
}

// headingStarts marks where a scraped page repeats a heading: a run of
// text written twice in a row (我国为何要开展“人工智能+”行动？我国为何要开展
// “人工智能+”行动？). Only positions after a sentence end or after another
// repeated run are checked, which keeps this linear in practice.
func headingStarts(t *text) []int {
	var out []int
	n := len(t.f)
	for i := 0; i < n; i++ {
		if i > 0 && !isSentenceEnd(t.f[i-1]) && !isCloser(t.f[i-1]) {
			continue
		}
		for {
			l := doubledRun(t.f, i)
			if l == 0 {
				break
			}
			out = append(out, i)
			i += 2 * l
		}
	}
	return out
}

// doubledRun returns L when f[i:i+L] == f[i+L:i+2L] for a heading-sized
// L, else 0.
func doubledRun(f []rune, i int) int {
	for l := 4; l <= 40 && i+2*l <= len(f); l++ {
		if f[i] != f[i+l] {
			continue
		}
		same := true
		for k := 1; k < l; k++ {
			if f[i+k] != f[i+l+k] {
				same = false
				break
			}
		}
		if same {
			return l
		}
	}
	return 0
}

// maxTurn bounds an answer that no next turn ends: a page whose line
// breaks were lost must not make one person say the rest of the article.
const maxTurn = 1200

// turnEnd cuts an answer at the first repeated heading, byline, editor's
// note or line break before limit, and at maxTurn code points (at the
// last sentence end before it).
func turnEnd(t *text, start, limit int, heads []int) int {
	k := sort.SearchInts(heads, start)
	if k < len(heads) && heads[k] < limit {
		limit = heads[k]
	}
	if limit-start > maxTurn {
		cut := start + maxTurn
		for cut > start && !isSentenceEnd(t.f[cut-1]) {
			cut--
		}
		if cut == start {
			return start // one endless sentence: no statement
		}
		limit = cut
	}
	for i := start; i < limit; i++ {
		switch t.f[i] {
		case '\n', '【':
			return i
		case '（', '(':
			if bylineAhead(t, i) {
				return i
			}
		}
	}
	return limit
}

// bylineAhead reports whether a bracket at i opens a byline or source
// note such as （长江日报记者常少华 …）.
func bylineAhead(t *text, i int) bool {
	for j := i + 1; j < len(t.f) && j < i+16; j++ {
		for _, w := range []string{"记者", "编辑", "通讯员", "来源", "摄影", "实习生", "作者"} {
			if t.hasAt(j, w) {
				return true
			}
		}
		if t.f[j] == '）' || t.f[j] == ')' {
			return false
		}
	}
	return false
}

// reportedSpeech finds NAME + speech verb + quotation, the quotation +
// NAME + speech verb, and NAME + speech verb + ，+ rest of the sentence.
func reportedSpeech(t *text, top []*cand, emit func(*cand, span, float64)) {
	for i, c := range top {
		if c.typ != schema.Person {
			continue
		}
		// The verb may follow a title: 马修军教授表示.
		p := c.end
		if i+1 < len(top) && top[i+1].start == p && top[i+1].typ == schema.Title {
			p = top[i+1].end
		}
		verb := ""
		for _, v := range speechVerbs {
			if t.hasAt(p, v) {
				verb = v
				break
			}
		}
		if verb == "" {
			continue
		}
		// “……”，NAME说 / “……”NAME表示
		b := c.start
		if t.at(b-1) == '，' || t.at(b-1) == ',' {
			b--
		}
		if cl := t.at(b - 1); cl == '”' || cl == '"' || cl == '」' {
			if s := quoteStart(t, b-1); s >= 0 {
				emit(c, span{s + 1, b - 1}, confQuoted)
				continue
			}
		}
		// NAME说：“……” and NAME表示，……。
		q := p + len([]rune(verb))
		if r := t.at(q); r == '：' || r == ':' || r == '，' || r == ',' {
			q++
		}
		if open := t.at(q); open == '“' || open == '"' || open == '「' {
			if e := quoteEnd(t, q); e > q {
				emit(c, span{q + 1, e}, confQuoted)
			}
			continue
		}
		if r := t.at(q - 1); r == '，' || r == ',' || r == '：' || r == ':' {
			s := t.sentence(q)
			end := s.end
			for end > q && (isSentenceEnd(t.f[end-1]) || isCloser(t.f[end-1])) {
				end--
			}
			if end-q >= 6 && end-q <= 300 { // a longer "sentence" is a lost paragraph, not a quote
				emit(c, span{q, end}, confUnquoted)
			}
		}
	}
}

// quoteEnd returns the index of the mark closing the quotation opened at
// q, or -1; quotations are kept to one paragraph and 1000 characters.
func quoteEnd(t *text, q int) int {
	want := map[rune]rune{'“': '”', '"': '"', '「': '」'}[t.f[q]]
	depth := 0
	for j := q + 1; j < len(t.f) && j < q+1000; j++ {
		switch {
		case t.f[j] == '\n':
			return -1
		case t.f[j] == t.f[q] && want != t.f[q]:
			depth++
		case t.f[j] == want:
			if depth == 0 {
				return j
			}
			depth--
		}
	}
	return -1
}

// quoteStart returns the index of the mark opening the quotation closed at
// c, or -1.
func quoteStart(t *text, c int) int {
	open := map[rune]rune{'”': '“', '"': '"', '」': '「'}[t.f[c]]
	for j := c - 1; j >= 0 && j > c-1000; j-- {
		if t.f[j] == '\n' {
			return -1
		}
		if t.f[j] == open {
			return j
		}
	}
	return -1
}

// trimSpan drops white space at both ends of sp.
func trimSpan(t *text, sp span) span {
	for sp.start < sp.end && unicode.IsSpace(t.orig[sp.start]) {
		sp.start++
	}
	for sp.end > sp.start && unicode.IsSpace(t.orig[sp.end-1]) {
		sp.end--
	}
	return sp
}
