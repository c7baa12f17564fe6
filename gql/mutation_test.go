package gql_test

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"kg/extract/reader"
	"kg/graph/graphtest"
)

func TestMutationsNeedAToken(t *testing.T) {
	e := newEnv(t)
	before := graphtest.Counts(t, e.opts)
	const m = `mutation { deleteArticle(id: "news-20250820-ma") { deleted } }`
	for _, auth := range []string{"", "Bearer not-the-token", "Basic dXNlcjpwYXNz", "Bearer", "bearer  ", token} {
		r := e.postAuth(m, auth)
		if r.Status != http.StatusUnauthorized || r.code() != "UNAUTHENTICATED" || r.Header.Get("WWW-Authenticate") == "" || r.Data != nil {
			t.Errorf("Authorization %q: %d %s", auth, r.Status, r.Raw)
		}
	}
	if after := graphtest.Counts(t, e.opts); !maps.Equal(before, after) {
		t.Error("a refused mutation changed the graph")
	}
	// Queries need no token.
	if r := e.post(`{ stats { articles } }`, nil, ""); r.Status != 200 || len(r.Errors) > 0 {
		t.Errorf("query without token: %s", r.Raw)
	}
}

func TestMutationsOffWithoutTokens(t *testing.T) {
	e := newEnv(t, func(s *setup) { s.tokens = nil })
	r := e.post(`mutation { addAlias(id: "华为", alias: "华为公司") { name } }`, nil, "anything")
	if r.Status != http.StatusForbidden || r.code() != "FORBIDDEN" {
		t.Errorf("mutations with no tokens configured: %d %s", r.Status, r.Raw)
	}
}

func TestIngestAndDeleteArticle(t *testing.T) {
	e := newEnv(t)
	const ingest = `mutation($in: ArticleInput!) { ingestArticle(input: $in) { id status entities relations statements
  article { id title published text entities { name } } } }`
	in := map[string]any{"title": "小米与北京大学合作", "published": "2025-11-01", "text": "小米与北京大学宣布合作研究智能芯片。",
		"keywords": []string{"小米"}}
	r := e.post(ingest, map[string]any{"in": in}, token)
	if r.Status != 200 || len(r.Errors) > 0 {
		t.Fatalf("ingest: %s", r.Raw)
	}
	res := at(r.Data, "ingestArticle")
	id := at(res, "id").(string)
	if at(res, "status") != "NEW" || at(res, "entities") != float64(4) || at(res, "article", "title") != "小米与北京大学合作" ||
		len(at(res, "article", "entities").([]any)) != 4 {
		t.Errorf("ingest result: %v", res)
	}
	if r := e.post(ingest, map[string]any{"in": in}, token); at(r.Data, "ingestArticle", "status") != "UNCHANGED" || at(r.Data, "ingestArticle", "id") != id {
		t.Errorf("same article again: %s", r.Raw)
	}
	in["text"] = "小米与北京大学宣布合作研究大模型。"
	in["id"] = id
	if r := e.post(ingest, map[string]any{"in": in}, token); at(r.Data, "ingestArticle", "status") != "UPDATED" {
		t.Errorf("new text under the same id: %s", r.Raw)
	}
	if r := e.post(ingest, map[string]any{"in": map[string]any{"text": "  "}}, token); r.code() != "BAD_USER_INPUT" {
		t.Errorf("empty text: %s", r.Raw)
	}

	const del = `mutation($id: ID!) { deleteArticle(id: $id) { id deleted } }`
	if r := e.post(del, map[string]any{"id": id}, token); at(r.Data, "deleteArticle", "deleted") != true {
		t.Errorf("delete: %s", r.Raw)
	}
	if r := e.post(del, map[string]any{"id": id}, token); at(r.Data, "deleteArticle", "deleted") != false || len(r.Errors) > 0 {
		t.Errorf("delete again: %s", r.Raw)
	}
	if d := e.ok(`{ stats { articles } }`, nil); at(d, "stats", "articles") != float64(5) {
		t.Errorf("after delete: %v", d)
	}
	// Deleting a fixture article keeps what other articles support.
	e.post(del, map[string]any{"id": "news-20251010-cambricon"}, token)
	d := e.ok(`{ entity(name: "寒武纪") { mentionCount } shortestPath(from: "华为", to: "小米") { length } }`, nil)
	if at(d, "entity", "mentionCount") != float64(1) || at(d, "shortestPath") != nil {
		t.Errorf("after deleting the 寒武纪 article: %v", d)
	}
}

func TestMergeEntitiesAndAddAlias(t *testing.T) {
	e := newEnv(t)
	// A duplicate written by a later article.
	r := e.post(`mutation { ingestArticle(input: {id: "dup", text: "北京大学武汉人工智能研究院与华为合作。"}) { status } }`, nil, token)
	if len(r.Errors) > 0 {
		t.Fatal(r.Raw)
	}
	r = e.post(`mutation { addAlias(id: "北京大学", alias: "北大") { name aliases manualAliases } }`, nil, token)
	if got := at(r.Data, "addAlias", "manualAliases"); !slices.Equal(got.([]any), []any{"北大"}) {
		t.Errorf("addAlias: %s", r.Raw)
	}
	if d := e.ok(`{ entity(name: "北大") { name } search(query: "北大", first: 1) { match entity { name } } }`, nil); at(d, "entity", "name") != "北京大学" ||
		at(d, "search", 0, "match") != "ALIAS" {
		t.Errorf("lookup by the new alias: %v", d)
	}
	const merge = `mutation { mergeEntities(into: "北京大学", from: ["北京大学武汉人工智能研究院"]) { name aliases manualAliases mentionCount
  relations { type source { name } target { name } } } }`
	r = e.post(merge, nil, token)
	if len(r.Errors) > 0 {
		t.Fatalf("merge: %s", r.Raw)
	}
	m := at(r.Data, "mergeEntities")
	if !slices.Contains(at(m, "manualAliases").([]any), "北京大学武汉人工智能研究院") || !slices.Contains(at(m, "manualAliases").([]any), "北大") {
		t.Errorf("merged aliases: %v", m)
	}
	if d := e.ok(`{ entity(name: "北京大学武汉人工智能研究院") { name } }`, nil); at(d, "entity", "name") != "北京大学" {
		t.Errorf("the merged name now finds 北京大学: %v", d)
	}
	before := graphtest.Counts(t, e.opts)
	// Again, by the old id (which no longer exists): nothing changes.
	r = e.post(`mutation { mergeEntities(into: "北京大学", from: ["institution:0000000000000000"]) { name } }`, nil, token)
	if len(r.Errors) > 0 || !maps.Equal(before, graphtest.Counts(t, e.opts)) {
		t.Errorf("merging again: %s", r.Raw)
	}
	for _, bad := range []string{
		`mutation { mergeEntities(into: "谁也不是", from: ["北京大学"]) { name } }`,
		`mutation { mergeEntities(into: "北京大学", from: []) { name } }`,
		`mutation { addAlias(id: "北京大学", alias: "") { name } }`,
		`mutation { addAlias(id: "谁也不是", alias: "x") { name } }`,
	} {
		if r := e.post(bad, nil, token); r.code() != "BAD_USER_INPUT" || r.Status != 200 {
			t.Errorf("%s: %s", bad, r.Raw)
		}
	}
}

// An article sent without an id gets the id kg ingest would give it, so
// the same story sent both ways is stored once.
func TestIngestArticleNamesArticlesAsTheCLIDoes(t *testing.T) {
	e := newEnv(t)
	for _, in := range []map[string]any{
		{"title": "小米发布新车", "url": "https://example.com/xiaomi-su7", "text": "小米发布了小米SU7。"},
		{"title": "寒武纪发布芯片", "text": "寒武纪发布了新的智能芯片。"},
	} {
		line, _ := json.Marshal(in)
		var cli string
		for it := range reader.Read(context.Background(), "in.jsonl", strings.NewReader(string(line)+"\n"), reader.Options{}) {
			if it.Err != nil {
				t.Fatal(it.Err)
			}
			cli = it.Article.ID
		}
		r := e.post(`mutation($in: ArticleInput!) { ingestArticle(input: $in) { id } }`, map[string]any{"in": in}, token)
		if got := at(r.Data, "ingestArticle", "id"); cli == "" || got != cli {
			t.Errorf("%v: GraphQL named it %v, kg ingest %q", in, got, cli)
		}
	}
}
