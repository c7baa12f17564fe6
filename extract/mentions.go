package extract

import (
	"slices"

	"kg/schema"
)

// tier orders candidate sources by how much they are trusted when two
// candidates overlap: a higher tier always wins, within a tier the longer
// span wins, then the higher priority, then the earlier start.
type tier int8

const (
	tierGuess     tier = iota // part-of-speech guesses (gse nr/ns tags)
	tierContext               // names found by their context (titles, speech verbs)
	tierStructure             // names built by structure (org suffixes, quoted policies, model codes)
	tierLexicon               // the project's and the user's lexicons
)

// cand is a candidate mention produced by one rule. The small fields
// come last and are narrow, so that a candidate takes 96 bytes rather
// than 128: an article makes hundreds.
type cand struct {
	span
	typ  schema.EntityType
	name string // canonical name; "" means the surface text is the name
	rule string // which rule made it, kept for debugging and tests
	conf float64
	// parent is the span of an organisation this one is nested in by
	// name (北京大学 in 北京大学智能学院); it yields PART_OF.
	parent *cand
	// entry is the lexicon entry a lexicon candidate came from.
	entry *lexEntry
	// entity is 1 + the index of the resolver's entity this candidate was
	// added to, 0 before (candidates live for one Extract call).
	entity int32
	tier   tier
	prio   int8 // tie-break within a tier (user lexicon above project lexicon)
	// nestedOnly marks a lexicon name that cuts through a word (小米 in
	// 小米SU7): never a mention of its own, but it may still be the
	// organisation inside a chosen name.
	nestedOnly bool
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

// compareSpans orders spans by start, then end.
func compareSpans(a, b span) int {
	if a.start != b.start {
		return a.start - b.start
	}
	return a.end - b.end
}

// The choice among overlapping candidates is pick(n, rank(n, cands, 0,
// blocked)): a set of non-overlapping candidates, best first (see
// better), sorted by position. Blocked spans remove every candidate with
// exactly that span.

// rank returns the candidates of cands[from:] that may be chosen, best
// first (see better), ties in input order; which may be chosen depends on
// all of cands.
func rank(n int, cands []*cand, from int, blocked map[span]bool) []rankedCand {
	// A job title with its department (产业部部长) cuts the organisation
	// name that would run into it (…促进会产业部): structural names that
	// partly overlap a title are dropped before the choice.
	titleAt := make(intervalSet, n)
	for _, c := range cands {
		if c.typ == schema.Title {
			titleAt.add(c.span)
		}
	}
	// Sorted best first (see better), ties in input order: an unstable
	// sort on (better, input index) gives the stable order in far fewer
	// comparisons, and a key packing better's fields makes most of them
	// one integer comparison.
	sorted := make([]rankedCand, 0, len(cands)-from)
	for i := from; i < len(cands); i++ {
		c := cands[i]
		if c.len() <= 0 || blocked[c.span] || c.nestedOnly {
			continue
		}
		if c.tier == tierStructure && c.typ != schema.Title && titleAt.overlaps(c.span) && !containsTitle(c, cands) {
			continue
		}
		sorted = append(sorted, rankedCand{c, i, rankKey(c)})
	}
	slices.SortFunc(sorted, compareRanked)
	return sorted
}

// rerank returns rank(n, cands, 0, blocked) given ranked, the ranking of
// cands[:from]: when cands[from:] holds no job title (which could drop old
// candidates, see rank) the old ranking stands and only the new
// candidates are sorted and merged into it.
func rerank(n int, ranked []rankedCand, cands []*cand, from int, blocked map[span]bool) []rankedCand {
	for _, c := range cands[from:] {
		if c.typ == schema.Title {
			return rank(n, cands, 0, blocked)
		}
	}
	add := rank(n, cands, from, blocked)
	out := make([]rankedCand, 0, len(ranked)+len(add))
	i, j := 0, 0
	for i < len(ranked) && j < len(add) {
		if compareRanked(add[j], ranked[i]) < 0 {
			out = append(out, add[j])
			j++
		} else {
			out = append(out, ranked[i])
			i++
		}
	}
	out = append(out, ranked[i:]...)
	return append(out, add[j:]...)
}

// pick takes the ranked candidates that overlap no better one, in text
// order.
func pick(n int, sorted []rankedCand) []*cand {
	var taken []*cand
	// owner[p] is 1 + the index in taken of the candidate over p, so that
	// one scan lists the chosen candidates in text order.
	owner := make([]int32, n)
	inside := true
	for _, r := range sorted {
		c := r.c
		if owned(owner, c.span) {
			continue
		}
		taken = append(taken, c)
		for p := c.start; p < c.end && p < n; p++ {
			owner[p] = int32(len(taken))
		}
		inside = inside && c.start < n
	}
	if len(taken) == 0 || !inside { // !inside: a span past the text's end (no rule makes one)
		slices.SortFunc(taken, func(a, b *cand) int { return compareSpans(a.span, b.span) })
		return taken
	}
	ordered := make([]*cand, 0, len(taken))
	for p, k := range owner {
		if k != 0 && taken[k-1].start == p {
			ordered = append(ordered, taken[k-1])
		}
	}
	return ordered
}

// owned reports whether any code point of sp (within the text) is owned.
func owned(owner []int32, sp span) bool {
	for i := sp.start; i < sp.end && i < len(owner); i++ {
		if owner[i] != 0 {
			return true
		}
	}
	return false
}

// rankedCand is a candidate with its input index and its rank key.
type rankedCand struct {
	c   *cand
	i   int
	key uint64
}

// rankKey packs the fields better compares before the type, so that a
// smaller key is a better candidate; 0 when a field does not fit, and the
// comparison falls back to better.
func rankKey(c *cand) uint64 {
	l, tr, p := c.len(), c.tier, c.prio
	if l <= 0 || l >= 1<<24 || c.start < 0 || c.start >= 1<<28 || tr < 0 || tr > 3 || p < 0 || p > 15 {
		return 0
	}
	return 1<<63 | uint64(3-c.rank())<<60 | uint64(1<<24-1-l)<<36 | uint64(3-tr)<<34 | uint64(15-p)<<30 |
		uint64(c.start)
}

// compareRanked orders best first (see better), then by input index.
func compareRanked(a, b rankedCand) int {
	if a.key != 0 && b.key != 0 && a.key != b.key {
		if a.key < b.key {
			return -1
		}
		return 1
	}
	switch {
	case better(a.c, b.c):
		return -1
	case better(b.c, a.c):
		return 1
	}
	return a.i - b.i
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
