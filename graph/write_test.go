package graph_test

import (
	"context"
	"maps"
	"strings"
	"testing"

	"kg/graph"
	"kg/graph/graphtest"
	"kg/schema"
)

// docBuilder makes small documents by hand: entities are found in the text
// by name, so spans are right by construction.
type docBuilder struct{ doc schema.Document }

func newDoc(id, text string) *docBuilder {
	return &docBuilder{doc: schema.Document{
		Article:   schema.Article{ID: id, Title: "标题 " + id, URL: "https://example.com/" + id, Source: id + ".txt", Text: text},
		Extractor: "test/1",
	}}
}

func (b *docBuilder) entity(t schema.EntityType, name string, aliases ...string) *docBuilder {
	spans := graphtest.Spans(b.doc.Text, name)
	for _, a := range aliases {
		spans = append(spans, graphtest.Spans(b.doc.Text, a)...)
	}
	b.doc.Entities = append(b.doc.Entities, schema.Entity{ID: schema.EntityID(t, name), Type: t, Name: name,
		Aliases: aliases, Confidence: 0.9, Mentions: spans})
	return b
}

func (b *docBuilder) relation(rt schema.RelationType, st schema.EntityType, src string, tt schema.EntityType, dst, title, sentence string) *docBuilder {
	r := schema.Relation{Type: rt, Source: schema.EntityID(st, src), Target: schema.EntityID(tt, dst), Confidence: 0.8,
		Evidence: graphtest.Spans(b.doc.Text, sentence)[:1]}
	if title != "" {
		r.Properties = map[string]string{"title": title}
	}
	b.doc.Relations = append(b.doc.Relations, r)
	return b
}

func (b *docBuilder) statement(speaker, quote string) *docBuilder {
	sp := graphtest.Spans(b.doc.Text, quote)[0]
	b.doc.Statements = append(b.doc.Statements, schema.Statement{Speaker: schema.EntityID(schema.Person, speaker),
		Start: sp.Start, End: sp.End, Text: quote})
	return b
}

const (
	textA = "北京大学教授马修军表示，大模型需要观察。华为发布了昇腾芯片。"
	textB = "北京大学教授马修军认为，人工智能是引擎。小米发布了小米SU7。"
)

func articleA() schema.Document {
	d := newDoc("a", textA).
		entity(schema.Person, "马修军").entity(schema.Institution, "北京大学", "北大").entity(schema.Company, "华为").
		entity(schema.Product, "昇腾").entity(schema.Technology, "大模型").
		relation(schema.WorksAt, schema.Person, "马修军", schema.Institution, "北京大学", "教授", "北京大学教授马修军表示").
		relation(schema.Releases, schema.Company, "华为", schema.Product, "昇腾", "", "华为发布了昇腾芯片").
		statement("马修军", "大模型需要观察").doc
	d.Published = "2025-10-01" // newer than B: deleting A moves 马修军's lastSeen back
	return d
}

func articleB() schema.Document {
	d := newDoc("b", textB).
		entity(schema.Person, "马修军").entity(schema.Institution, "北京大学").entity(schema.Company, "小米").
		entity(schema.Product, "小米SU7").entity(schema.Technology, "人工智能").
		relation(schema.WorksAt, schema.Person, "马修军", schema.Institution, "北京大学", "教授", "北京大学教授马修军认为").
		relation(schema.Releases, schema.Company, "小米", schema.Product, "小米SU7", "", "小米发布了小米SU7").
		statement("马修军", "人工智能是引擎").doc
	d.Technologies = []string{"人工智能", "机器人"}
	d.Industries = []string{"人工智能"} // resolves to the Technology of the text, makes no Industry
	d.Published = "2025-09-01"
	return d
}

func write(t *testing.T, s *graph.Store, docs ...schema.Document) map[string]graph.WriteStatus {
	t.Helper()
	res, err := s.Write(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]graph.WriteStatus{}
	for _, r := range res {
		out[r.ID] = r.Status
	}
	return out
}

// checkDerived asserts what writes, deletes and merges keep so that reads
// need not compute it: every relation's articleCount, by which subgraphs
// rank relations, is its articles list's size, and every entity's lastSeen,
// by which entities sort RECENT, is the newest published date of the
// articles that mention or tag it.
func checkDerived(t *testing.T, opts graph.Options, when string) {
	t.Helper()
	rows := graphtest.Query(t, opts, `MATCH ()-[r]->() WHERE r.articles IS NOT NULL
RETURN count(r) AS n, count(CASE WHEN r.articleCount = size(r.articles) THEN 1 END) AS right`, nil)
	if rows[0]["n"] != rows[0]["right"] {
		t.Errorf("%s: %v relations, %v with articleCount = size(articles)", when, rows[0]["n"], rows[0]["right"])
	}
	rows = graphtest.Query(t, opts, `MATCH (e:Entity)
CALL (e) { OPTIONAL MATCH (a:Article)-[:MENTIONS|TAGGED]->(e) RETURN coalesce(max(a.published), '') AS want }
WITH e, want WHERE e.lastSeen IS NULL OR e.lastSeen <> want
RETURN e.name AS name, e.lastSeen AS got, want LIMIT 5`, nil)
	if len(rows) > 0 {
		t.Errorf("%s: entities whose lastSeen is not their newest article's date: %v", when, rows)
	}
}

func TestWriteIsIdempotent(t *testing.T) {
	s := graphtest.Open(t)
	opts := graphtest.Options(t)
	if got := write(t, s, articleA()); got["a"] != graph.StatusNew {
		t.Fatalf("first write: %v", got)
	}
	before := graphtest.Counts(t, opts)
	if got := write(t, s, articleA()); got["a"] != graph.StatusUnchanged {
		t.Fatalf("second write: %v", got)
	}
	after := graphtest.Counts(t, opts)
	checkDerived(t, opts, "after writing")
	if !maps.Equal(before, after) {
		t.Errorf("re-writing the same article changed the graph:\nbefore %v\nafter  %v", before, after)
	}
	want := map[string]int64{":Article": 1, ":Entity": 5, ":Person": 1, ":Statement": 1, "-MENTIONS": 5,
		"-WORKS_AT": 1, "-RELEASES": 1, "-SAID_BY": 1, "-HAS_STATEMENT": 1, "-ABOUT": 1}
	for k, v := range want {
		if before[k] != v {
			t.Errorf("%s = %d, want %d (all: %v)", k, before[k], v, before)
		}
	}
	rows := graphtest.Query(t, opts, `MATCH (p:Person {name: '马修军'})-[r:WORKS_AT]->(o:Institution)
RETURN r.title AS title, r.articles AS articles, r.evidence AS evidence, o.aliases AS aliases, o.aliasText AS aliasText`, nil)
	if len(rows) != 1 || rows[0]["title"] != "教授" {
		t.Fatalf("WORKS_AT: %v", rows)
	}
	if ev := rows[0]["evidence"].([]any); len(ev) != 1 || !strings.HasSuffix(ev[0].(string), "北京大学教授马修军表示") {
		t.Errorf("evidence must carry the article's sentence: %v", ev)
	}
	if al := rows[0]["aliases"].([]any); len(al) != 1 || al[0] != "北大" || !strings.Contains(rows[0]["aliasText"].(string), "北大") {
		t.Errorf("aliases: %v", rows[0])
	}
}

func TestBatchWithNewUnchangedAndDuplicate(t *testing.T) {
	s := graphtest.Open(t)
	write(t, s, articleA())
	changed := articleB()
	changed.Text += "补充。"
	got := write(t, s, articleA(), articleB(), changed)
	if got["a"] != graph.StatusUnchanged || got["b"] != graph.StatusNew || len(got) != 2 {
		t.Errorf("statuses: %v", got)
	}
	rows := graphtest.Query(t, graphtest.Options(t), "MATCH (a:Article {id: 'b'}) RETURN a.text AS text", nil)
	if rows[0]["text"] != changed.Text {
		t.Errorf("the last document of an id in a batch must win: %v", rows)
	}
}

func TestUpdateReplacesExactlyTheArticlesFacts(t *testing.T) {
	s := graphtest.Open(t)
	opts := graphtest.Options(t)
	write(t, s, articleA(), articleB())

	// One sentence of A changes: 华为 no longer releases 昇腾, 寒武纪 appears.
	a2 := newDoc("a", "北京大学教授马修军表示，大模型需要观察。寒武纪发布了思元芯片。").
		entity(schema.Person, "马修军").entity(schema.Institution, "北京大学").entity(schema.Company, "寒武纪").
		entity(schema.Product, "思元").entity(schema.Technology, "大模型").
		relation(schema.WorksAt, schema.Person, "马修军", schema.Institution, "北京大学", "教授", "北京大学教授马修军表示").
		relation(schema.Releases, schema.Company, "寒武纪", schema.Product, "思元", "", "寒武纪发布了思元芯片").
		statement("马修军", "大模型需要观察").doc
	if got := write(t, s, a2); got["a"] != graph.StatusUpdated {
		t.Fatalf("status %v", got)
	}
	names := map[string]bool{}
	for _, r := range graphtest.Query(t, opts, "MATCH (e:Entity) RETURN e.name AS name", nil) {
		names[r["name"].(string)] = true
	}
	for _, gone := range []string{"华为", "昇腾"} {
		if names[gone] {
			t.Errorf("%s is only supported by A's old text and must be gone", gone)
		}
	}
	for _, kept := range []string{"寒武纪", "思元", "马修军", "北京大学", "小米", "人工智能"} {
		if !names[kept] {
			t.Errorf("%s missing after update", kept)
		}
	}
	// Fresh graph with A2 and B must look the same as the updated one.
	updated := graphtest.Counts(t, opts)
	graphtest.Wipe(t, opts)
	write(t, s, a2, articleB())
	if fresh := graphtest.Counts(t, opts); !maps.Equal(updated, fresh) {
		t.Errorf("update differs from a fresh write:\nupdated %v\nfresh   %v", updated, fresh)
	}
	rows := graphtest.Query(t, opts, "MATCH (e:Entity {name: '北京大学'}) RETURN e.aliases AS aliases, e.aliasKeys AS keys, e.aliasText AS text", nil)
	if al, keys := rows[0]["aliases"].([]any), rows[0]["keys"].([]any); len(al) != 0 || len(keys) != 0 || strings.TrimSpace(rows[0]["text"].(string)) != "" {
		t.Errorf("the alias 北大 came only from A's old text: %v", rows[0])
	}
}

func TestDeleteKeepsWhatOtherArticlesSupport(t *testing.T) {
	s := graphtest.Open(t)
	opts := graphtest.Options(t)
	write(t, s, articleA(), articleB())
	ctx := context.Background()

	found, err := s.DeleteArticles(ctx, []string{"a", "no-such-article"})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found[0] != "a" {
		t.Errorf("found %v", found)
	}
	onlyB := graphtest.Counts(t, opts)
	checkDerived(t, opts, "after deleting A")
	graphtest.Wipe(t, opts)
	write(t, s, articleB())
	if fresh := graphtest.Counts(t, opts); !maps.Equal(onlyB, fresh) {
		t.Errorf("after deleting A the graph must equal B alone:\nafter delete %v\nB alone      %v", onlyB, fresh)
	}
	rows := graphtest.Query(t, opts, `MATCH (p:Person {name: '马修军'})-[r:WORKS_AT]->() RETURN r.articles AS articles, r.evidence AS ev, p.mentionCount AS mc, p.articleCount AS ac`, nil)
	if len(rows) != 1 {
		t.Fatalf("WORKS_AT supported by B must survive: %v", rows)
	}
	if arts := rows[0]["articles"].([]any); len(arts) != 1 || arts[0] != "b" {
		t.Errorf("support after delete: %v", arts)
	}
	if rows[0]["mc"] != int64(1) || rows[0]["ac"] != int64(1) {
		t.Errorf("counts after delete: %v", rows[0])
	}

	if _, err := s.DeleteArticles(ctx, []string{"b"}); err != nil {
		t.Fatal(err)
	}
	if c := graphtest.Counts(t, opts); c["nodes"] != 0 || c["relationships"] != 0 {
		t.Errorf("deleting every article must leave an empty graph: %v", c)
	}
}

func TestTaggedEntitiesFromMetadata(t *testing.T) {
	s := graphtest.Open(t)
	opts := graphtest.Options(t)
	write(t, s, articleB())
	rows := graphtest.Query(t, opts, `MATCH (:Article {id: 'b'})-[t:TAGGED]->(e:Entity) RETURN e.name AS name, e.type AS type, t.fields AS fields, e.articleCount AS ac ORDER BY name`, nil)
	if len(rows) != 2 || rows[0]["name"] != "人工智能" || rows[1]["name"] != "机器人" {
		t.Fatalf("TAGGED: %v", rows)
	}
	if rows[0]["type"] != "Technology" || len(rows[0]["fields"].([]any)) != 2 {
		t.Errorf("行业 人工智能 must tag the article's Technology 人工智能: %v", rows[0])
	}
	if c := graphtest.Counts(t, opts); c[":Industry"] != 0 {
		t.Errorf("no Industry entity expected: %v", c)
	}
	for _, r := range rows {
		if r["ac"] != int64(1) {
			t.Errorf("%v counted %v supporting articles, want 1", r["name"], r["ac"])
		}
	}
}

func TestWriteRefusesBrokenDocumentsWhole(t *testing.T) {
	s := graphtest.Open(t)
	opts := graphtest.Options(t)
	bad := articleA()
	bad.Relations = append(bad.Relations, schema.Relation{Type: schema.WorksAt, Source: "person:nobody", Target: bad.Entities[1].ID})
	evil := articleB()
	evil.Entities[0].Type = "Person:Admin) DETACH DELETE n //"
	for _, d := range []schema.Document{bad, evil} {
		if _, err := s.Write(context.Background(), []schema.Document{articleB(), d}); err == nil {
			t.Errorf("accepted %s", d.ID)
		}
	}
	if c := graphtest.Counts(t, opts); c["nodes"] != 0 {
		t.Errorf("a refused batch must write nothing: %v", c)
	}
}
