package gql_test

import (
	"reflect"
	"slices"
	"testing"

	"kg/schema"
)

// A subgraph leaves the evidence out of its read unless the request asks
// for it: asked, it must still come, through aliases and fragments too.
func TestSubgraphEvidenceWhenAsked(t *testing.T) {
	e := newEnv(t)
	for _, q := range []string{
		`{ subgraph(centers: ["马修军"], depth: 1) { relations { type evidence { text articleId } } } }`,
		`{ subgraph(centers: ["马修军"], depth: 1) { relations { type ...E } } } fragment E on Relation { evidence { text articleId } }`,
		`{ subgraph(centers: ["马修军"], depth: 1) { relations { type sentences: evidence(first: 3) { text articleId } } } }`,
	} {
		d := e.ok(q, nil)
		rels, _ := at(d, "subgraph", "relations").([]any)
		if len(rels) == 0 {
			t.Fatalf("%s: no relations: %v", q, d)
		}
		for i := range rels {
			ev, _ := at(rels[i], "evidence").([]any)
			if ev == nil {
				ev, _ = at(rels[i], "sentences").([]any)
			}
			if len(ev) == 0 || at(ev[0], "text") == "" || at(ev[0], "text") == nil {
				t.Errorf("%s: relation %d has no evidence: %v", q, i, rels[i])
			}
		}
	}
	d := e.ok(`{ subgraph(centers: ["马修军"], depth: 1, limit: 50) { relations { type articleCount articles { id } } } }`, nil)
	if at(d, "subgraph", "relations", 0, "articleCount") != float64(len(at(d, "subgraph", "relations", 0, "articles").([]any))) ||
		at(d, "subgraph", "relations", 0, "articleCount") == float64(0) {
		t.Errorf("a brief subgraph keeps the relations' articles: %v", d)
	}
}

// Centers given by id cost the subgraph read alone; names, or a mix, are
// resolved and read again, with the same result as their ids.
func TestSubgraphCentersByIDOrName(t *testing.T) {
	e := newEnv(t)
	ma, pku := schema.EntityID(schema.Person, "马修军"), schema.EntityID(schema.Institution, "北京大学")
	const q = `query($c: [ID!]!) { subgraph(centers: $c, depth: 2, limit: 50) { truncated entities { id } relations { id source { id } target { id } } } }`
	var want any
	for _, tc := range []struct {
		centers []any
		queries []string
	}{
		{[]any{ma, pku}, []string{"subgraph"}},
		{[]any{"马修军", "北京大学"}, []string{"subgraph", "resolve", "subgraph"}},
		{[]any{ma, "北京大学"}, []string{"subgraph", "resolve", "subgraph"}},
	} {
		before := len(queriesSoFar(e))
		d := e.ok(q, map[string]any{"c": tc.centers})
		if got := queriesSoFar(e)[before:]; !slices.Equal(got, tc.queries) {
			t.Errorf("centers %v: Neo4j queries %v, want %v", tc.centers, got, tc.queries)
		}
		if ids := pluck(at(d, "subgraph", "entities"), "id"); len(ids) < 3 || ids[0] != ma || ids[1] != pku {
			t.Errorf("centers %v: entities %v, want 马修军 and 北京大学 first", tc.centers, ids)
		}
		if want == nil {
			want = d
		} else if !reflect.DeepEqual(d, want) {
			t.Errorf("centers %v: %v, want the subgraph of their ids %v", tc.centers, d, want)
		}
	}
	if r := e.post(q, map[string]any{"c": []any{ma, "没有这个"}}, ""); r.code() != "BAD_USER_INPUT" {
		t.Errorf("an unknown center: %s", r.Raw)
	}
}

func queriesSoFar(e *env) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.names)
}
