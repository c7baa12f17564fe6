package gql_test

import (
	"bytes"
	"cmp"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"kg/schema"
)

func TestEntityLookup(t *testing.T) {
	e := newEnv(t)
	ma := schema.EntityID(schema.Person, "马修军")
	for _, tc := range []struct{ args, want string }{
		{`name: "马修军"`, "马修军"},
		{`id: "` + ma + `"`, "马修军"},
		{`name: "中国信通院"`, "中国信息通信研究院"}, // an alias
		{`name: "ＫＩＭＩ"`, "Kimi"},       // width and case folded
		{`name: "华为", type: COMPANY`, "华为"},
	} {
		d := e.ok(`{ entity(`+tc.args+`) { name } }`, nil)
		if got := at(d, "entity", "name"); got != tc.want {
			t.Errorf("entity(%s) = %v, want %s", tc.args, got, tc.want)
		}
	}
	for _, args := range []string{`name: "华为", type: PERSON`, `name: "没有这个"`, `id: "person:0000"`} {
		if d := e.ok(`{ entity(`+args+`) { name } }`, nil); at(d, "entity") != nil {
			t.Errorf("entity(%s) = %v, want null", args, d)
		}
	}
	if r := e.post(`{ entity { name } }`, nil, ""); r.code() != "BAD_USER_INPUT" {
		t.Errorf("entity without id or name: %s", r.Raw)
	}
}

func TestEntityNeighbourhoodFields(t *testing.T) {
	e := newEnv(t)
	d := e.ok(`query($n: String!) { entity(name: $n) {
  id type typeLabel name aliases mentionCount articleCount confidence
  articles(first: 2) { id title published }
  relations(types: [WORKS_AT], direction: OUT) { type typeLabel title confidence articleCount
    source { name } target { name type }
    evidence { articleId text start end confidence article { title } } articles { id } }
  neighbors(entityTypes: [INSTITUTION]) { name }
  related(entityTypes: [COMPANY], first: 2) { entity { name } sharedArticles }
  statements(first: 5) { id text start end speaker { name } article { id } mentions { name } }
} }`, map[string]any{"n": "马修军"})
	ent := at(d, "entity")
	if at(ent, "type") != "PERSON" || at(ent, "typeLabel") != "人物" || at(ent, "mentionCount") != float64(4) || at(ent, "articleCount") != float64(3) {
		t.Errorf("scalars: %v", ent)
	}
	if ids := pluck(at(ent, "articles"), "id"); !slices.Equal(ids, []any{"news-20251020-chips", "news-20250918-kimi"}) {
		t.Errorf("articles newest first, first 2: %v", ids)
	}
	titles := map[any]any{}
	for _, r := range at(ent, "relations").([]any) {
		titles[at(r, "target", "name")] = at(r, "title")
		ev := at(r, "evidence", 0)
		if at(ev, "text") == "" || at(ev, "article", "title") == nil || at(ev, "end").(float64) <= at(ev, "start").(float64) {
			t.Errorf("evidence: %v", ev)
		}
	}
	if titles["北京大学武汉人工智能研究院"] != "副院长" || titles["北京大学智能学院"] != "教授" || titles["北京大学"] != "教授" {
		t.Errorf("where 马修军 works: %v", titles)
	}
	nb := pluck(at(ent, "neighbors"), "name")
	slices.SortFunc(nb, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
	if !slices.Equal(nb, []any{"北京大学", "北京大学智能学院", "北京大学武汉人工智能研究院"}) {
		t.Errorf("neighbors: %v", nb)
	}
	if rel := at(ent, "related").([]any); len(rel) != 2 || at(rel[0], "sharedArticles") != float64(2) || at(rel[0], "entity", "name") != "华为" {
		t.Errorf("related companies: %v", rel)
	}
	sts := at(ent, "statements").([]any)
	if len(sts) != 4 || at(sts[0], "article", "id") != "news-20251020-chips" || at(sts[0], "speaker", "name") != "马修军" {
		t.Errorf("statements: %v", sts)
	}
	if m := pluck(at(sts[0], "mentions"), "name"); !slices.Equal(m, []any{"“人工智能+”行动"}) {
		t.Errorf("statement mentions: %v", m)
	}
	d = e.ok(`{ entity(name: "“人工智能+”行动") { statements(about: true) { speaker { name } } } }`, nil)
	sp := pluck(at(d, "entity", "statements"), "speaker", "name")
	if len(sp) != 2 || !slices.Contains(sp, "李伟") || !slices.Contains(sp, "马修军") {
		t.Errorf("who comments on the policy: %v", sp)
	}
}

func TestEntitiesConnection(t *testing.T) {
	e := newEnv(t)
	q := `query($after: String, $f: EntityFilter) { entities(first: 4, sort: NAME, after: $after, filter: $f) {
  totalCount edges { cursor node { name } } nodes { name } pageInfo { hasNextPage endCursor startCursor } } }`
	var names []any
	var after any
	for pages := 0; ; pages++ {
		d := e.ok(q, map[string]any{"after": after})
		c := at(d, "entities")
		if at(c, "totalCount") != float64(18) {
			t.Fatalf("totalCount %v", at(c, "totalCount"))
		}
		names = append(names, pluck(at(c, "edges"), "node", "name")...)
		if at(c, "pageInfo", "hasNextPage") != true {
			break
		}
		after = at(c, "pageInfo", "endCursor")
		if pages > 10 {
			t.Fatal("paging does not end")
		}
	}
	if len(names) != 18 || !slices.IsSortedFunc(names, func(a, b any) int { return strings.Compare(a.(string), b.(string)) }) {
		t.Errorf("all entities by name, in pages: %v", names)
	}
	d := e.ok(q, map[string]any{"f": map[string]any{"types": []string{"INSTITUTION"}, "nameContains": "北京大学"}})
	if at(d, "entities", "totalCount") != float64(3) {
		t.Errorf("filtered: %v", d)
	}
	d = e.ok(`{ entities(filter: {article: "news-20251010-cambricon", types: [COMPANY]}, sort: MENTIONS) { nodes { name } } }`, nil)
	if got := pluck(at(d, "entities", "nodes"), "name"); len(got) != 3 || got[0] != "华为" {
		t.Errorf("companies of the article, most mentioned overall first: %v", got)
	}
	d = e.ok(`{ entities(filter: {types: [PERSON], publishedFrom: "2025-09-01", publishedTo: "2025-09-30", minMentions: 1}, sort: RECENT) { nodes { name } } }`, nil)
	if got := pluck(at(d, "entities", "nodes"), "name"); !slices.Equal(got, []any{"马修军", "李伟"}) {
		t.Errorf("people mentioned in September, most recent first: %v", got)
	}

	// totalCount costs a query only when asked for.
	before := e.queries.Load()
	e.ok(`{ entities(first: 2) { nodes { name } } }`, nil)
	if n := e.queries.Load() - before; n != 1 {
		t.Errorf("a page without totalCount took %d queries, want 1", n)
	}
	if r := e.post(`{ entities(after: "bm9wZQ") { nodes { name } } }`, nil, ""); r.code() != "BAD_USER_INPUT" || r.Status != 200 {
		t.Errorf("bad cursor: %s", r.Raw)
	}
}

func TestSearch(t *testing.T) {
	e := newEnv(t)
	d := e.ok(`{ search(query: "北京大学") { entity { name } match score } }`, nil)
	hits := at(d, "search").([]any)
	if len(hits) < 3 || at(hits[0], "match") != "EXACT" || at(hits[0], "entity", "name") != "北京大学" || at(hits[1], "match") != "PREFIX" {
		t.Errorf("search 北京大学: %v", hits)
	}
	d = e.ok(`{ search(query: "中国信通院", first: 1) { entity { name } match } }`, nil)
	if at(d, "search", 0, "match") != "ALIAS" || at(d, "search", 0, "entity", "name") != "中国信息通信研究院" {
		t.Errorf("alias: %v", d)
	}
	d = e.ok(`{ search(query: "芯片", types: [TECHNOLOGY]) { entity { name } match } }`, nil)
	if at(d, "search", 0, "entity", "name") != "智能芯片" || at(d, "search", 0, "match") != "TEXT" {
		t.Errorf("Chinese full text: %v", d)
	}
	if r := e.post(`{ search(query: "  ") { match } }`, nil, ""); r.code() != "BAD_USER_INPUT" {
		t.Errorf("empty search: %s", r.Raw)
	}
}

func TestArticlesAndRelations(t *testing.T) {
	e := newEnv(t)
	d := e.ok(`{ article(id: "news-20250905-miit") { id title url published source keywords technologies industries extractor ingestedAt text
  entities(types: [INSTITUTION]) { name aliases } relations { type source { name } target { name } title } statements { text speaker { name } } } }`, nil)
	a := at(d, "article")
	if at(a, "title") != "工业和信息化部部署深入实施“人工智能+”行动" || !strings.Contains(at(a, "text").(string), "中国信通院") ||
		at(a, "industries", 0) != "制造业" || at(a, "ingestedAt") == nil {
		t.Errorf("article: %v", a)
	}
	if at(a, "entities", 0, "name") != "中国信息通信研究院" || at(a, "entities", 0, "aliases", 0) != "中国信通院" {
		t.Errorf("article entities: %v", at(a, "entities"))
	}
	if len(at(a, "relations").([]any)) != 2 || at(a, "statements", 0, "speaker", "name") != "李伟" {
		t.Errorf("article relations and statements: %v", a)
	}
	if d := e.ok(`{ article(id: "nope") { id } }`, nil); at(d, "article") != nil {
		t.Errorf("missing article: %v", d)
	}
	d = e.ok(`{ articles(filter: {entity: "工业和信息化部", publishedFrom: "2025-10-01", publishedTo: "2025-12-31"}) { totalCount nodes { id } } }`, nil)
	if at(d, "articles", "totalCount") != float64(1) || at(d, "articles", "nodes", 0, "id") != "news-20251020-chips" {
		t.Errorf("articles this quarter about 工业和信息化部: %v", d)
	}
	d = e.ok(`{ articles(filter: {entity: "谁也不是"}) { totalCount nodes { id } } }`, nil)
	if at(d, "articles", "totalCount") != float64(0) {
		t.Errorf("articles of an unknown entity: %v", d)
	}
	d = e.ok(`{ articles(first: 2, filter: {titleContains: "kimi"}) { nodes { id } } a2: articles(filter: {source: "policy-20250905.txt"}) { nodes { id } } }`, nil)
	if at(d, "articles", "nodes", 0, "id") != "news-20250918-kimi" || at(d, "a2", "nodes", 0, "id") != "news-20250905-miit" {
		t.Errorf("title and source filters: %v", d)
	}

	for _, tc := range []struct {
		filter string
		want   int
	}{
		{`{types: [DEVELOPS], target: "智能芯片"}`, 2},
		{`{source: "马修军"}`, 3},
		{`{entity: "寒武纪"}`, 4},
		{`{types: [WORKS_AT], titleContains: "副院长"}`, 2},
		{`{article: "news-20251010-cambricon"}`, 4},
		{`{source: "没有这个"}`, 0},
	} {
		d := e.ok(`{ relations(filter: `+tc.filter+`, first: 50) { totalCount edges { cursor node { id type source { name } target { name } } } } }`, nil)
		if at(d, "relations", "totalCount") != float64(tc.want) || len(at(d, "relations", "edges").([]any)) != tc.want {
			t.Errorf("relations(%s): %v", tc.filter, d)
		}
	}
	d = e.ok(`{ relations(filter: {types: [DEVELOPS], target: "智能芯片"}) { nodes { source { name type } } } }`, nil)
	if got := pluck(at(d, "relations", "nodes"), "source", "type"); !slices.Equal(got, []any{"COMPANY", "COMPANY"}) {
		t.Errorf("which companies develop 智能芯片: %v", d)
	}
}

func TestPathsAndSubgraph(t *testing.T) {
	e := newEnv(t)
	d := e.ok(`{ shortestPath(from: "华为", to: "小米") { length entities { name } relations { type source { name } target { name } evidence { text } } } }`, nil)
	if got := pluck(at(d, "shortestPath", "entities"), "name"); !slices.Equal(got, []any{"华为", "寒武纪", "小米"}) {
		t.Errorf("华为 → 小米: %v", d)
	}
	if at(d, "shortestPath", "relations", 0, "evidence", 0, "text") == nil {
		t.Errorf("path relations carry evidence: %v", d)
	}
	d = e.ok(`{ shortestPath(from: "华为", to: "小米", types: [WORKS_AT]) { length } }`, nil)
	if at(d, "shortestPath") != nil {
		t.Errorf("no path over WORKS_AT: %v", d)
	}
	d = e.ok(`{ paths(from: "华为", to: "小米", maxHops: 4, first: 3) { length entities { name } } }`, nil)
	if ps := at(d, "paths").([]any); len(ps) < 2 || at(ps[0], "length") != float64(2) {
		t.Errorf("paths: %v", d)
	}
	if r := e.post(`{ shortestPath(from: "华为", to: "不存在的公司") { length } }`, nil, ""); r.code() != "BAD_USER_INPUT" {
		t.Errorf("unknown end: %s", r.Raw)
	}
	if r := e.post(`{ shortestPath(from: "华为", to: "小米", maxHops: 50) { length } }`, nil, ""); r.code() != "BAD_USER_INPUT" {
		t.Errorf("maxHops bound: %s", r.Raw)
	}
	d = e.ok(`{ subgraph(centers: ["北京大学"], depth: 2, limit: 200) { truncated entities { name type } relations { type source { name } target { name } } } }`, nil)
	names := pluck(at(d, "subgraph", "entities"), "name")
	for _, want := range []string{"北京大学", "马修军", "月之暗面", "Kimi", "武汉"} {
		if !slices.Contains(names, any(want)) {
			t.Errorf("subgraph lacks %s: %v", want, names)
		}
	}
	if at(d, "subgraph", "truncated") != false {
		t.Errorf("small subgraph truncated: %v", d)
	}
	d = e.ok(`{ subgraph(centers: ["北京大学"], depth: 3, limit: 3) { truncated entities { name } } }`, nil)
	if at(d, "subgraph", "truncated") != true || len(at(d, "subgraph", "entities").([]any)) != 3 {
		t.Errorf("limit: %v", d)
	}
	for _, q := range []string{
		`{ subgraph(centers: ["北京大学"], depth: 4) { truncated } }`,
		`{ subgraph(centers: [], depth: 1) { truncated } }`,
		`{ subgraph(centers: ["北京大学"], limit: 5000) { truncated } }`,
	} {
		if r := e.post(q, nil, ""); r.code() != "BAD_USER_INPUT" {
			t.Errorf("%s: %s", q, r.Raw)
		}
	}
}

func TestStatsAndOntology(t *testing.T) {
	e := newEnv(t)
	d := e.ok(`{ stats { articles statements entities relations entitiesByType { type count } relationsByType { type count } }
  ontology { entityTypes { type name chinese english } relationTypes { type chinese english sources targets } } }`, nil)
	if at(d, "stats", "articles") != float64(5) || at(d, "stats", "entities") != float64(18) || at(d, "stats", "statements") != float64(5) {
		t.Errorf("stats: %v", at(d, "stats"))
	}
	if len(at(d, "stats", "entitiesByType").([]any)) != 10 || len(at(d, "ontology", "relationTypes").([]any)) != 10 {
		t.Errorf("every type listed: %v", d)
	}
	if at(d, "ontology", "entityTypes", 3, "type") != "GOVERNMENT_BODY" || at(d, "ontology", "entityTypes", 3, "chinese") != "政府机构" {
		t.Errorf("ontology: %v", at(d, "ontology", "entityTypes"))
	}
}

func TestGetRunsQueriesOnly(t *testing.T) {
	e := newEnv(t)
	v := url.Values{"query": {`query Q($n: String!) { entity(name: $n) { name } }`}, "variables": {`{"n": "小米"}`}, "operationName": {"Q"}}
	r := e.do(http.MethodGet, "/graphql?"+v.Encode(), "", nil, "")
	if r.Status != 200 || at(r.Data, "entity", "name") != "小米" {
		t.Errorf("GET query: %d %s", r.Status, r.Raw)
	}
	v = url.Values{"query": {`mutation { addAlias(id: "小米", alias: "小米集团") { name } }`}}
	r = e.do(http.MethodGet, "/graphql?"+v.Encode(), "", nil, token)
	if r.Status != http.StatusMethodNotAllowed || r.code() != "BAD_USER_INPUT" || r.Header.Get("Allow") != "POST" {
		t.Errorf("GET mutation must be refused: %d %s", r.Status, r.Raw)
	}
	if d := e.ok(`{ entity(name: "小米集团") { name } }`, nil); at(d, "entity") != nil {
		t.Error("the GET mutation ran")
	}
	r = e.do(http.MethodPost, "/graphql", "application/graphql", []byte(`{ entity(name: "小米") { name } }`), "")
	if at(r.Data, "entity", "name") != "小米" {
		t.Errorf("application/graphql body: %s", r.Raw)
	}
	r = e.do(http.MethodPut, "/graphql", "application/json", []byte(`{}`), "")
	if r.Status != http.StatusMethodNotAllowed {
		t.Errorf("PUT: %d", r.Status)
	}
	r = e.do(http.MethodPost, "/graphql", "text/plain", []byte(`{}`), "")
	if r.Status != http.StatusUnsupportedMediaType || r.code() != "BAD_USER_INPUT" {
		t.Errorf("text/plain: %d %s", r.Status, r.Raw)
	}
	r = e.do(http.MethodPost, "/graphql", "application/json", []byte(`{"query": "query A { stats { articles } } query B { stats { entities } }", "operationName": "B"}`), "")
	if at(r.Data, "stats", "entities") != float64(18) {
		t.Errorf("operationName: %s", r.Raw)
	}
}

// Concurrent requests share the schema and cached documents, never batchers.
func TestConcurrentRequests(t *testing.T) {
	e := newEnv(t)
	const q = `query($n: String!) { entity(name: $n) { name relations { type source { name } target { name } } } }`
	names := []string{"马修军", "华为", "寒武纪", "北京大学", "中国信通院"}
	want := map[string]string{"中国信通院": "中国信息通信研究院"}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 5 {
				n := names[(i+j)%len(names)]
				body, _ := json.Marshal(map[string]any{"query": q, "variables": map[string]any{"n": n}})
				res, err := http.Post(e.srv.URL+"/graphql", "application/json", bytes.NewReader(body))
				if err != nil {
					t.Error(err)
					return
				}
				var r response
				err = json.NewDecoder(res.Body).Decode(&r)
				res.Body.Close()
				w := cmp.Or(want[n], n)
				if err != nil || len(r.Errors) > 0 || at(r.Data, "entity", "name") != w {
					t.Errorf("%s: %v %v", n, err, r)
				}
			}
		}()
	}
	wg.Wait()
}

// A root field that fails leaves the others' answers: a dashboard asking
// for stats and a bad page still gets the stats.
func TestRootFieldErrorsLeaveTheRestOfData(t *testing.T) {
	e := newEnv(t)
	for _, q := range []string{
		`{ stats { articles } entities(first: -1) { totalCount } }`,
		`{ stats { articles } relations(first: 501) { totalCount } }`,
		`{ stats { articles } articles(after: "not-a-cursor") { totalCount } }`,
		`{ stats { articles } subgraph(centers: ["北京大学"], depth: 9) { truncated } }`,
	} {
		r := e.post(q, nil, "")
		if r.Status != 200 || r.code() != "BAD_USER_INPUT" || at(r.Data, "stats", "articles") == nil || len(r.Errors[0].Path) != 1 {
			t.Errorf("%s: %d %s", q, r.Status, r.Raw)
		}
	}
}
