package extract

import (
	"sort"

	"kg/schema"
)

// tier orders candidate sources by how much they are trusted when two
// candidates overlap: a higher tier always wins, within a tier the longer
// span wins, then the higher priority, then the earlier start.
type tier int

const (
	tierGuess     tier = iota // part-of-speech guesses (gse nr/ns tags)
	tierContext               // names found by their context (titles, speech verbs)
	tierStructure             // names built by structure (org suffixes, quoted policies, model codes)
	tierLexicon               // the project's and the user's lexicons
)

// cand is a candidate mention produced by one rule.
type cand struct {
	span
	typ  schema.EntityType
	name string // canonical name; "" means the surface text is the name
	conf float64
	tier tier
	prio int    // tie-break within a tier (user lexicon above project lexicon)
	rule string // which rule made it, kept for debugging and tests
	// parent is the span of an organisation this one is nested in by
	// name (北京大学 in 北京大学智能学院); it yields PART_OF.
	parent *cand
	// nestedOnly marks a lexicon name that cuts through a word (小米 in
	// 小米SU7): never a mention of its own, but it may still be the
	// organisation inside a chosen name.
	nestedOnly bool
	// entry is the lexicon entry a lexicon candidate came from.
	entry *lexEntry
	// weak marks an organisation found by a weak suffix (…财务部, …中心),
	// which may be a department rather than an organisation.
	weak bool
}

// rank merges the lexicon and structure tiers: a name built by structure
// around lexicon names (北京大学武汉人工智能研究院 around 北京大学, 武汉 and
// 人工智能) must beat them, so between these two tiers length decides.
func (c *cand) rank() tier {
	if c.tier == tierLexicon {
		return tierStructure
	}
	return c.tier
}

// better reports whether a should win over b when they overlap.
func better(a, b *cand) bool {
	if a.rank() != b.rank() {
		return a.rank() > b.rank()
	}
	if a.len() != b.len() {
		return a.len() > b.len()
	}
	if a.tier != b.tier {
		return a.tier > b.tier
	}
	if a.prio != b.prio {
		return a.prio > b.prio
	}
	if a.start != b.start {
		return a.start < b.start
	}
	return a.typ < b.typ
}

// choose picks a set of non-overlapping candidates, best first (see
// better). Blocked spans remove every candidate with exactly that span.
// The result is sorted by position.
func choose(n int, cands []*cand, blocked map[span]bool) []*cand {
	// A job title with its department (产业部部长) cuts the organisation
	// name that would run into it (…促进会产业部): structural names that
	// partly overlap a title are dropped before the choice.
	titleAt := make(intervalSet, n)
	for _, c := range cands {
		if c.typ == schema.Title {
			titleAt.add(c.span)
		}
	}
	sorted := make([]*cand, 0, len(cands))
	for _, c := range cands {
		if c.len() <= 0 || blocked[c.span] || c.nestedOnly {
			continue
		}
		if c.tier == tierStructure && c.typ != schema.Title && titleAt.overlaps(c.span) && !containsTitle(c, cands) {
			continue
		}
		sorted = append(sorted, c)
	}
	sort.SliceStable(sorted, func(i, j int) bool { return better(sorted[i], sorted[j]) })
	var taken []*cand
	occupied := make(intervalSet, n)
	for _, c := range sorted {
		if occupied.overlaps(c.span) {
			continue
		}
		occupied.add(c.span)
		taken = append(taken, c)
	}
	sort.Slice(taken, func(i, j int) bool {
		if taken[i].start != taken[j].start {
			return taken[i].start < taken[j].start
		}
		return taken[i].end < taken[j].end
	})
	return taken
}

// containsTitle reports whether c fully contains every title it overlaps
// (a name that merely contains a title word is not cut by it).
func containsTitle(c *cand, cands []*cand) bool {
	for _, o := range cands {
		if o.typ == schema.Title && o.overlaps(c.span) && !c.contains(o.span) {
			return false
		}
	}
	return true
}

// intervalSet records occupied code points. A bitmap is linear in the text
// and avoids any quadratic overlap test.
type intervalSet []bool

func (s intervalSet) overlaps(sp span) bool {
	for i := sp.start; i < sp.end && i < len(s); i++ {
		if s[i] {
			return true
		}
	}
	return false
}

func (s intervalSet) add(sp span) {
	for i := sp.start; i < sp.end && i < len(s); i++ {
		s[i] = true
	}
}
