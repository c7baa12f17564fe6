package extract

import (
	"slices"

	"kg/schema"
)

// result is what the pipeline hands back to Extract.
type result struct {
	entities   []schema.Entity
	relations  []schema.Relation
	statements []schema.Statement
}

// candidates runs the rules that propose mentions, in their order:
// lexicon matches, organisations by suffix (they bound departments),
// titles, people (titles and organisations are their context), products,
// policies, sports teams, banks named by their initials and companies
// named as makers.
func (x *Extractor) candidates(t *text, a schema.Article, inWork []bool) (all []*cand, blocked map[span]bool) {
	n := len(t.f)
	var tags []lexEntry
	tags = tagLexicon(a.Technologies, schema.Technology, tags)
	tags = tagLexicon(a.Industries, schema.Industry, tags)
	tagLex, _ := newLexicon(tags, nil)

	lexCands, blocked := gazetteer(t, []*lexicon{x.user, x.base, tagLex}, []int8{2, 1, 0})
	orgCands := orgs(t, lexCands)

	orgEnds := make([]orgEnd, n+1)
	companyStartByEnd := make(map[int]int)
	for _, cs := range [][]*cand{lexCands, orgCands} {
		for _, c := range cs {
			if c.typ.IsOrganisation() && !c.nestedOnly {
				if c.weak {
					orgEnds[c.end] |= weakOrgEnd
				} else {
					orgEnds[c.end] |= strongOrgEnd
				}
			}
			if c.typ == schema.Company && c.tier == tierLexicon && !c.nestedOnly {
				if s, ok := companyStartByEnd[c.end]; !ok || c.start < s {
					companyStartByEnd[c.end] = c.start
				}
			}
		}
	}
	// A job title inside the title of a work (《波斯王子》) is part of
	// that name.
	for _, c := range lexCands {
		if c.typ == schema.Title && inWork[c.start] {
			c.nestedOnly = true
		}
	}
	titleCands := titles(t, lexCands, orgEnds)
	titleCands = slices.DeleteFunc(titleCands, func(c *cand) bool { return inWork[c.start] })
	allTitles := append([]*cand(nil), titleCands...)
	for _, c := range lexCands {
		if c.typ == schema.Title && !c.nestedOnly {
			allTitles = append(allTitles, c)
		}
	}
	titleStart, titleEnd := make([]bool, n+1), make([]bool, n+1)
	for _, c := range allTitles {
		titleStart[c.start], titleEnd[c.end] = true, true
	}
	people := personCands(t, titleStart, titleEnd)
	people = append(people, bylines(t, allTitles)...)
	people = append(people, foreignNames(t, titleStart, titleEnd)...)
	people = append(people, latinNames(t, titleEnd)...)
	people = append(people, famousNames(t)...)
	people = append(people, columnists(t)...)
	people = append(people, listNames(t, people)...)
	people = slices.DeleteFunc(people, func(c *cand) bool { return inWork[c.start] })
	lexStarts := make([]bool, n+1)
	for _, c := range lexCands {
		if !c.nestedOnly {
			lexStarts[c.start] = true
		}
	}
	products := latinProducts(t, companyStartByEnd, lexStarts)
	pols := policies(t)
	teams := append(sportsTeams(t, lexCands), fixtureTeams(t)...)
	companies := append(bankLists(t), latinMakers(t)...)
	companies = append(companies, latinCompanies(t)...)

	for _, cs := range [][]*cand{lexCands, orgCands, titleCands, people, products, pols, teams, companies} {
		all = append(all, cs...)
	}
	for _, c := range all {
		if inWork[c.start] && (c.typ == schema.Company || c.typ == schema.Institution || c.typ == schema.GovernmentBody) &&
			!wholeWork(t, c.span) {
			c.nestedOnly = true // 《迪士尼长发公主》: part of the work's name
		}
	}
	return all, blocked
}

// pipeline turns the candidates into the document: the choice among
// overlapping candidates, entity resolution, relations and statements.
func (x *Extractor) pipeline(t *text, a schema.Article) result {
	n := len(t.f)
	inWork := workTitles(t)
	all, blocked := x.candidates(t, a, inWork)
	ranked := rank(n, all, 0, blocked)
	top := pick(n, ranked)
	// A second pass builds on what the first one chose: the names it
	// proved recur elsewhere, the companies listed beside chosen ones and
	// the Latin spelling in brackets after a chosen person.
	more := append(recurringNames(t, top, inWork), listCompanies(t, top)...)
	if more = append(more, latinAliases(t, top)...); len(more) > 0 {
		from := len(all)
		all = append(all, more...)
		top = pick(n, rerank(n, ranked, all, from, blocked))
	}

	r := newResolver(t, x)
	for _, c := range top {
		r.add(c)
	}
	nested := nestedFacts(t, top, all)
	for _, nf := range nested {
		r.add(nf.inner)
	}
	locations := make(map[string]bool)
	for _, c := range all {
		if c.typ == schema.Location && c.tier == tierLexicon {
			locations[t.fstr(c.span)] = true
		}
	}
	r.mergeShortForms(locations)

	rs := newRelations(r)
	for _, nf := range nested {
		switch nf.rel {
		case schema.Develops:
			rs.add(nf.rel, nf.inner, nf.outer, "", 0.75, nf.outer.span)
		default:
			rs.add(nf.rel, nf.outer, nf.inner, "", 0.8, nf.outer.span)
		}
	}
	mi := newMentionIndex(top)
	worksAt(t, top, mi, rs)
	triggerRelations(t, top, rs)
	adjacentProducts(t, top, rs)
	lexiconLinks(t, top, rs)

	ents, ids := r.finish()
	return result{
		entities:   ents,
		relations:  rs.finish(ids),
		statements: statements(t, top, mi, r, ids),
	}
}

// nestedFact is a relation read off a name that contains another name:
// 北京大学智能学院 is PART_OF 北京大学, 武汉市数字经济发展研究院 is
// LOCATED_IN 武汉, 小米 DEVELOPS 小米SU7.
type nestedFact struct {
	outer, inner *cand
	rel          schema.RelationType
}

// nestedFacts looks inside every chosen organisation and product for the
// longest candidate of a fitting type that starts where it starts (or,
// for a place, right after its parent organisation).
func nestedFacts(t *text, top, all []*cand) []nestedFact {
	byStart := indexBy(len(t.f)+1, all, func(c *cand) int { return c.start })
	longest := func(start, before int, ok func(*cand) bool) *cand {
		var best *cand
		for _, c := range byStart.at(start) {
			if c.end < before && ok(c) && (best == nil || better(c, best)) {
				best = c
			}
		}
		return best
	}
	var out []nestedFact
	for _, c := range top {
		switch {
		case c.typ.IsOrganisation():
			parent := longest(c.start, c.end, func(p *cand) bool {
				// 雅戈尔集团股份 in 雅戈尔集团股份有限公司 is the same company.
				return p.typ.IsOrganisation() && p.end-p.start >= 2 && !legalEnding[t.fstr(span{p.end, c.end})] &&
					(p.name == "" || p.name != c.name) // an alias inside the full name is no parent
			})
			locAt := c.start
			if parent != nil {
				out = append(out, nestedFact{c, parent, schema.PartOf})
				locAt = parent.end
			}
			if loc := longest(locAt, c.end, func(p *cand) bool {
				return p.typ == schema.Location && p.tier == tierLexicon
			}); loc != nil {
				out = append(out, nestedFact{c, loc, schema.LocatedIn})
			}
		case c.typ == schema.Product:
			if co := longest(c.start, c.end, func(p *cand) bool {
				return p.typ == schema.Company && p.tier == tierLexicon
			}); co != nil {
				out = append(out, nestedFact{c, co, schema.Develops})
			}
		}
	}
	return out
}

// candIndex lists candidates by a key in [0, n) (their start, their
// sentence), in their original order within a key: one counting sort
// instead of a map of slices.
type candIndex struct {
	first []int32 // first[k]..first[k+1] index into cands
	cands []*cand
}

func indexBy(n int, cands []*cand, key func(*cand) int) candIndex {
	first := make([]int32, n+1)
	for _, c := range cands {
		first[key(c)+1]++
	}
	for i := 1; i < len(first); i++ {
		first[i] += first[i-1]
	}
	next := slices.Clone(first)
	out := make([]*cand, len(cands))
	for _, c := range cands {
		k := key(c)
		out[next[k]] = c
		next[k]++
	}
	return candIndex{first, out}
}

func (ix candIndex) at(k int) []*cand {
	if k < 0 || k+1 >= len(ix.first) {
		return nil
	}
	return ix.cands[ix.first[k]:ix.first[k+1]]
}

// wholeWork reports whether sp is all of the title of a work: 《…》 around
// it.
func wholeWork(t *text, sp span) bool {
	return t.at(sp.start-1) == '《' && t.at(sp.end) == '》'
}
