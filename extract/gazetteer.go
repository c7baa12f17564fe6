package extract

import (
	"kg/schema"
)

// gazetteer finds lexicon names in the folded text: the user's lexicon
// (prio 2), the project's (prio 1) and the article's own technology and
// industry tags (prio 0). Matching runs over our own tries, not over gse
// tokens, so a name is found even where gse splits it; short Chinese names
// must still line up with token boundaries, and Latin names may not sit
// inside a longer Latin word, which keeps 华 out of 中华 and "ai" out of
// "said".
func gazetteer(t *text, lexs []*lexicon, prios []int8) (cands []*cand, blocked map[span]bool) {
	blocked = make(map[span]bool)
	var slab candSlab
	for i := range t.f {
		if isPunct(t.f[i]) && t.f[i] != '“' && t.f[i] != '"' && t.f[i] != '《' {
			continue
		}
		for li, lx := range lexs {
			if !lx.trie.mayStart(t.f[i]) {
				continue
			}
			lx.trie.matches(t.f, i, func(end int, ids []int32) {
				sp := span{i, end}
				// The user's names are not in the tokenizer's dictionary,
				// so only the Latin boundaries are checked for them.
				inner := !gazetteerBoundaryOK(t, sp, prios[li] < 2)
				if inner && titleBoundaryOK(t, sp) {
					for _, id := range ids {
						if lx.entries[id].typ == schema.Title {
							inner = false
						}
					}
				}
				var best *lexEntry
				for _, id := range ids {
					e := &lx.entries[id]
					if e.typ == blockType {
						blocked[sp] = true
						continue
					}
					if best == nil {
						best = e
					}
				}
				if best == nil {
					return
				}
				if best.typ == schema.Person && (t.at(i-1) == '·' || t.at(end) == '·') {
					// 亨利·基辛格: a known short name joined by the middle
					// dot is part of another person's full name.
					inner = true
				}
				conf := 0.95
				if best.typ == schema.Title {
					conf = 0.9
					if titleBeforeOrgWord(t, &cand{span: sp}) {
						return
					}
				}
				c := slab.new()
				*c = cand{span: sp, typ: best.typ, name: best.name, conf: conf,
					tier: tierLexicon, prio: prios[li], rule: "lexicon", nestedOnly: inner, entry: best}
				cands = append(cands, c)
			})
		}
	}
	return cands, blocked
}

// gazetteerBoundaryOK rejects matches that cut through a word.
func gazetteerBoundaryOK(t *text, sp span, tokens bool) bool {
	first, last := t.f[sp.start], t.f[sp.end-1]
	if isLatinOrDigit(first) && isLatinOrDigit(t.at(sp.start-1)) {
		return false
	}
	if isLatinOrDigit(last) && isLatinOrDigit(t.at(sp.end)) && !(isDigit(last) && t.hasAt(sp.end, "vs")) {
		return false // but 沙尔克04vs曼城: "vs" joins two names
	}
	if tokens && sp.len() <= 2 && isHan(first) && isHan(last) {
		return t.tokenStart(sp.start) && t.tokenStart(sp.end)
	}
	return true
}

// titleBoundaryOK is the boundary test for job titles: gse keeps many
// compounds whole (本报记者), so a title may start inside a token but must
// end where one ends.
func titleBoundaryOK(t *text, sp span) bool {
	if isLatinOrDigit(t.f[sp.start]) && isLatinOrDigit(t.at(sp.start-1)) {
		return false
	}
	if isLatinOrDigit(t.f[sp.end-1]) && isLatinOrDigit(t.at(sp.end)) {
		return false
	}
	if sp.len() <= 2 && isHan(t.f[sp.end-1]) {
		return t.tokenStart(sp.end) && (t.tokenStart(sp.start) || t.tok(sp.start).end == sp.end)
	}
	return true
}

// tagLexicon turns the article's own AI技术 and 行业 fields into a tiny
// lexicon, so that the text's mentions of its tagged technologies and
// industries are found even when the project lexicon lacks them.
func tagLexicon(a []string, typ schema.EntityType, into []lexEntry) []lexEntry {
	for _, s := range a {
		if len([]rune(s)) < 2 || len([]rune(s)) > 20 {
			continue
		}
		into = append(into, lexEntry{name: s, typ: typ, src: "article tags"})
	}
	return into
}

// candSlab hands out candidates from blocks, one allocation per block
// instead of one per candidate for the rules that make hundreds.
type candSlab struct{ block []cand }

func (s *candSlab) new() *cand {
	if len(s.block) == cap(s.block) {
		s.block = make([]cand, 0, 64)
	}
	s.block = s.block[:len(s.block)+1]
	return &s.block[len(s.block)-1]
}
