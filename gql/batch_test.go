package gql_test

import (
	"context"
	"fmt"
	"testing"

	"kg/schema"
)

// bulk adds n companies, each in an article of its own that also names
// 华为 and the relation between them.
func (e *env) bulk(n int) {
	e.t.Helper()
	var docs []schema.Document
	huawei := schema.EntityID(schema.Company, "华为")
	for i := range n {
		name := fmt.Sprintf("星河%02d科技", i)
		text := name + "与华为达成合作。"
		id := schema.EntityID(schema.Company, name)
		docs = append(docs, schema.Document{
			Article:   schema.Article{ID: fmt.Sprintf("bulk-%02d", i), Title: name, Published: fmt.Sprintf("2025-11-%02d", 1+i%28), Text: text},
			Extractor: "bulk/1",
			Entities: []schema.Entity{
				{ID: id, Type: schema.Company, Name: name, Confidence: 0.9, Mentions: []schema.Span{{Start: 0, End: 6}}},
				{ID: huawei, Type: schema.Company, Name: "华为", Confidence: 0.9, Mentions: []schema.Span{{Start: 7, End: 9}}},
			},
			Relations: []schema.Relation{{Type: schema.PartnersWith, Source: id, Target: huawei, Confidence: 0.8,
				Evidence: []schema.Span{{Start: 0, End: 13}}}},
		})
	}
	if _, err := e.store.Write(context.Background(), docs); err != nil {
		e.t.Fatal(err)
	}
}

func TestNoNPlusOne(t *testing.T) {
	e := newEnv(t)
	e.bulk(60)
	const q = `{ entities(first: 50, filter: {types: [COMPANY]}) { edges { node {
  name
  articles(first: 5) { id title }
  relations(first: 5) { type title source { name } target { name } evidence { text article { title } } }
} } } }`
	before := e.queries.Load()
	d := e.ok(q, nil)
	used := e.queries.Load() - before
	edges := at(d, "entities", "edges").([]any)
	if len(edges) != 50 {
		t.Fatalf("want 50 entities, got %d", len(edges))
	}
	withArticles := 0
	for _, ed := range edges {
		if len(at(ed, "node", "articles").([]any)) > 0 && len(at(ed, "node", "relations").([]any)) > 0 {
			withArticles++
		}
	}
	if withArticles != 50 {
		t.Errorf("%d of 50 entities came with articles and relations", withArticles)
	}
	// One query for the page, one per nested list and one for the articles
	// of the evidence, whatever the page size (naively: 1 + 50 + 50 + …);
	// relation ends come along with the relations.
	if used > 4 {
		e.mu.Lock()
		t.Errorf("50 entities with articles and relations took %d Neo4j queries, want at most 4: %v", used, e.names[len(e.names)-int(used):])
		e.mu.Unlock()
	}

	// Every nested list of every type batches the same way (pages small
	// enough for the complexity limit: an article's statements count 50).
	const wide = `{ entities(first: 40) { nodes {
  neighbors(first: 3) { name } related(first: 3) { entity { name } sharedArticles } statements(first: 2) { text speaker { name } article { title } mentions { name } }
} }
  articles(first: 20) { nodes { text entities(first: 3) { name } relations(first: 3) { source { name } target { name } } statements { speaker { name } } } } }`
	before = e.queries.Load()
	e.ok(wide, nil)
	if used := e.queries.Load() - before; used > 10 {
		t.Errorf("the wide query took %d queries, want at most 10", used)
	}
}
