package graph_test

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"kg/graph"
	"kg/graph/graphtest"
	"kg/schema"
)

// subgraphWorld is a random graph written through Store.Write, with what
// the store must make of it computed here from the documents alone: the
// reference that Subgraph is checked against.
type subgraphWorld struct {
	docs     []schema.Document
	ids      []string // entities, hubs first
	types    map[string]schema.EntityType
	mentions map[string]int64
	rels     map[string]*worldRelation
}

type worldRelation struct {
	id, source, target string
	typ                schema.RelationType
	articles           []string
}

var worldRelationTypes = []schema.RelationType{schema.WorksAt, schema.PartnersWith, schema.LocatedIn, schema.Develops, schema.InvestsIn}

// newSubgraphWorld makes 40 entities in 36 articles. The first four are
// hubs that most articles mention and that are tied to each other by many
// parallel relations, so small limits cut both entities and relations;
// mention counts repeat, so ties are broken by id.
func newSubgraphWorld(seed uint64) subgraphWorld {
	r := rand.New(rand.NewPCG(seed, 7))
	w := subgraphWorld{types: map[string]schema.EntityType{}, mentions: map[string]int64{}, rels: map[string]*worldRelation{}}
	etypes := []schema.EntityType{schema.Company, schema.Person, schema.Institution, schema.Technology, schema.Location}
	names := map[string]string{}
	for i := range 40 {
		t := etypes[i%len(etypes)]
		name := fmt.Sprintf("实体%02d", i)
		id := schema.EntityID(t, name)
		w.ids = append(w.ids, id)
		w.types[id], names[id] = t, name
	}
	text := strings.Repeat("人工智能产业新闻。", 40)
	titles := []string{"", "", "董事长", "研究员"}
	for a := range 36 {
		d := schema.Document{Article: schema.Article{ID: fmt.Sprintf("sg-%02d", a), Title: fmt.Sprintf("新闻%02d", a), Text: text},
			Extractor: "test/1"}
		picked := map[string]bool{}
		var ents []string
		pick := func(id string) {
			if !picked[id] {
				picked[id] = true
				ents = append(ents, id)
			}
		}
		for h := range 4 {
			if r.IntN(3) > 0 {
				pick(w.ids[h])
			}
		}
		hubs := len(ents)
		for range 2 + r.IntN(5) {
			pick(w.ids[4+r.IntN(len(w.ids)-4)])
		}
		for i, id := range ents {
			var spans []schema.Span
			for m := range 1 + r.IntN(3) {
				spans = append(spans, schema.Span{Start: 9*(i*3+m) + 0, End: 9*(i*3+m) + 4})
			}
			w.mentions[id] += int64(len(spans))
			d.Entities = append(d.Entities, schema.Entity{ID: id, Type: w.types[id], Name: names[id], Confidence: 0.9, Mentions: spans})
		}
		inArticle := map[string]bool{}
		for i := range 6 + r.IntN(6) {
			// the first three tie hubs together when the article has two
			span := len(ents)
			if i < 3 && hubs > 1 {
				span = hubs
			}
			s, t := ents[r.IntN(span)], ents[r.IntN(span)]
			if s == t {
				continue
			}
			rt := worldRelationTypes[r.IntN(len(worldRelationTypes))]
			title := ""
			if rt == schema.WorksAt {
				title = titles[r.IntN(len(titles))]
			}
			id := graph.RelationID(rt, s, t, title)
			if inArticle[id] {
				continue
			}
			inArticle[id] = true
			rel := schema.Relation{Type: rt, Source: s, Target: t, Confidence: 0.8, Evidence: []schema.Span{{Start: 0, End: 8}}}
			if title != "" {
				rel.Properties = map[string]string{"title": title}
			}
			d.Relations = append(d.Relations, rel)
			wr, ok := w.rels[id]
			if !ok {
				wr = &worldRelation{id: id, source: s, target: t, typ: rt}
				w.rels[id] = wr
			}
			wr.articles = append(wr.articles, d.ID)
		}
		w.docs = append(w.docs, d)
	}
	return w
}

func (w subgraphWorld) exists(id string) bool { _, ok := w.mentions[id]; return ok }

// subgraph is what Store.Subgraph must return, in order: the centers, each
// level's new entities by mentions then id, cut to the room left; the
// relations among them by supporting articles then id, cut to 5 × limit.
func (w subgraphWorld) subgraph(q graph.SubgraphQuery) (ents, rels []string, cutEntities, cutRelations bool) {
	typeOK := func(t schema.RelationType) bool { return len(q.Types) == 0 || slices.Contains(q.Types, t) }
	in := map[string]bool{}
	var frontier []string
	for _, c := range q.Centers {
		if w.exists(c) && !in[c] {
			in[c] = true
			ents = append(ents, c)
			frontier = append(frontier, c)
		}
	}
	for level := 0; level < q.Depth && len(frontier) > 0; level++ {
		room := q.Limit - len(ents)
		if room <= 0 {
			cutEntities = true
			break
		}
		onFrontier := map[string]bool{}
		for _, f := range frontier {
			onFrontier[f] = true
		}
		found := map[string]bool{}
		var next []string
		for _, r := range w.rels {
			if !typeOK(r.typ) {
				continue
			}
			for _, end := range [][2]string{{r.source, r.target}, {r.target, r.source}} {
				n := end[1]
				if onFrontier[end[0]] && !in[n] && !found[n] && (len(q.EntityTypes) == 0 || slices.Contains(q.EntityTypes, w.types[n])) {
					found[n] = true
					next = append(next, n)
				}
			}
		}
		slices.SortFunc(next, func(a, b string) int { return cmp.Or(cmp.Compare(w.mentions[b], w.mentions[a]), cmp.Compare(a, b)) })
		if len(next) > room {
			cutEntities, next = true, next[:room]
		}
		for _, n := range next {
			in[n] = true
		}
		ents = append(ents, next...)
		frontier = next
	}
	var all []*worldRelation
	for _, r := range w.rels {
		if typeOK(r.typ) && in[r.source] && in[r.target] {
			all = append(all, r)
		}
	}
	slices.SortFunc(all, func(a, b *worldRelation) int {
		return cmp.Or(cmp.Compare(len(b.articles), len(a.articles)), cmp.Compare(a.id, b.id))
	})
	if maxEdges := min(5*q.Limit, 5000); len(all) > maxEdges {
		cutRelations, all = true, all[:maxEdges]
	}
	for _, r := range all {
		rels = append(rels, r.id)
	}
	return ents, rels, cutEntities, cutRelations
}

func TestSubgraphMatchesReference(t *testing.T) {
	s := graphtest.Open(t)
	ctx := context.Background()
	w := newSubgraphWorld(5)
	if _, err := s.Write(ctx, w.docs); err != nil {
		t.Fatal(err)
	}
	hub, leaf := w.ids[0], w.ids[len(w.ids)-1]
	centerSets := [][]string{{hub}, {leaf}, {w.ids[7], w.ids[2], w.ids[7]}, {"company:0000000000000000", w.ids[11]}}
	var cutEntities, cutRelations, whole int
	for _, centers := range centerSets {
		for depth := 1; depth <= graph.MaxSubgraphDepth; depth++ {
			for _, lim := range []int{3, 4, 12, 100} {
				for _, types := range [][]schema.RelationType{nil, {schema.WorksAt, schema.PartnersWith}} {
					for _, etypes := range [][]schema.EntityType{nil, {schema.Company, schema.Person}} {
						q := graph.SubgraphQuery{Centers: centers, Depth: depth, Limit: lim, Types: types, EntityTypes: etypes, Brief: lim == 12}
						name := fmt.Sprintf("centers %v depth %d limit %d types %v entity types %v", centers, depth, lim, types, etypes)
						wantEnts, wantRels, cutEnts, cutRels := w.subgraph(q)
						wantCut := cutEnts || cutRels
						got, err := s.Subgraph(ctx, q)
						if err != nil {
							t.Fatalf("%s: %v", name, err)
						}
						gotEnts := make([]string, len(got.Entities))
						for i, e := range got.Entities {
							gotEnts[i] = e.ID
							if e.MentionCount != w.mentions[e.ID] {
								t.Errorf("%s: %s has %d mentions, want %d", name, e.ID, e.MentionCount, w.mentions[e.ID])
							}
						}
						gotRels := make([]string, len(got.Relations))
						for i, r := range got.Relations {
							gotRels[i] = r.ID
							wr := w.rels[r.ID]
							if wr == nil || r.Source != wr.source || r.Target != wr.target || r.Type != wr.typ {
								t.Errorf("%s: relation %+v, want %+v", name, r, wr)
								continue
							}
							want := len(wr.articles)
							if q.Brief {
								want = 0
							}
							if len(r.Articles) != want || len(r.Evidence) != want || (q.Brief && r.Evidence != nil) {
								t.Errorf("%s: brief %v, relation %s has %d articles and %d evidence entries, want %d", name, q.Brief, r.ID, len(r.Articles), len(r.Evidence), want)
							}
						}
						if !slices.Equal(gotEnts, wantEnts) || !slices.Equal(gotRels, wantRels) || got.Truncated != wantCut {
							t.Errorf("%s:\n got entities %v relations %v truncated %v\nwant entities %v relations %v truncated %v",
								name, gotEnts, gotRels, got.Truncated, wantEnts, wantRels, wantCut)
						}
						switch {
						case cutRels:
							cutRelations++
						case cutEnts:
							cutEntities++
						default:
							whole++
						}
					}
				}
			}
		}
	}
	// The world must exercise every way a subgraph ends, or the comparison
	// above proves less than it seems.
	if cutEntities == 0 || cutRelations == 0 || whole == 0 {
		t.Errorf("cases: %d cut entities, %d cut relations, %d whole; want some of each", cutEntities, cutRelations, whole)
	}
}
