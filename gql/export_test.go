package gql_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kg/gql"
	"kg/graph"
	"kg/schema"
)

// slowSubgraph blocks the subgraph read until the request's deadline.
type slowSubgraph struct{ gql.Graph }

func (slowSubgraph) Subgraph(ctx context.Context, _ graph.SubgraphQuery) (graph.Subgraph, error) {
	<-ctx.Done()
	return graph.Subgraph{}, fmt.Errorf("subgraph: %w", ctx.Err())
}

// downGraph cannot reach Neo4j.
type downGraph struct{ gql.Graph }

func (downGraph) Resolve(context.Context, []string, schema.EntityType) (map[string]graph.Entity, error) {
	return nil, &graph.ConnectError{URI: "bolt://db:7687", Kind: graph.Unreachable, Err: fmt.Errorf("dial tcp 10.0.0.7:7687: connection refused")}
}

func (e *env) get(path string) response {
	e.t.Helper()
	return e.do(http.MethodGet, path, "", nil, "")
}

func TestExportDownload(t *testing.T) {
	e := newEnv(t, func(s *setup) { s.metrics = gql.NewMetrics() })
	r := e.get("/export?format=graphml&center=" + url.QueryEscape("马修军") + "&depth=2")
	if r.Status != http.StatusOK {
		t.Fatalf("%d %s", r.Status, r.Raw)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/graphml+xml" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := r.Header.Get("Content-Disposition"); cd != `attachment; filename="kg-export.graphml"; filename*=UTF-8''kg-%E9%A9%AC%E4%BF%AE%E5%86%9B.graphml` {
		t.Errorf("Content-Disposition %q", cd)
	}
	if !strings.Contains(r.Raw, ">马修军<") || !strings.Contains(r.Raw, ">任职于：副院长<") || r.Header.Get("X-Kg-Truncated") != "false" {
		t.Errorf("body:\n%s", r.Raw)
	}

	// Case-insensitive enums, lists, filters and paths.
	r = e.get("/export?format=Csv&center=" + url.QueryEscape("北京大学") + "&types=works_at,PART_OF&entityTypes=person&entityTypes=INSTITUTION&limit=50")
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("csv: %d %s", r.Status, r.Header)
	}
	z, err := zip.NewReader(strings.NewReader(r.Raw), int64(len(r.Raw)))
	if err != nil || len(z.File) != 3 {
		t.Fatalf("csv is not a zip of three files: %v", err)
	}
	r = e.get("/export?format=dot&from=" + url.QueryEscape("华为") + "&to=" + url.QueryEscape("小米") + "&maxHops=4")
	if r.Status != http.StatusOK || !strings.Contains(r.Raw, "华为") || !strings.Contains(r.Raw, "小米") ||
		!strings.Contains(r.Header.Get("Content-Disposition"), "kg-%E5%8D%8E%E4%B8%BA-%E5%B0%8F%E7%B1%B3.dot") {
		t.Errorf("paths: %d %s\n%s", r.Status, r.Header, r.Raw)
	}
	r = e.get("/export?format=markdown&center=" + url.QueryEscape("马修军") + "&minConfidence=0.5&since=2000-01-01&until=2999-12-31")
	if r.Status != http.StatusOK || !strings.Contains(r.Raw, "# 马修军") || !strings.Contains(r.Raw, "data:image/svg+xml;base64,") {
		t.Errorf("markdown: %d\n%s", r.Status, r.Raw)
	}

	for _, tc := range []struct {
		query  string
		status int
		code   string
		msg    string
	}{
		{"format=pdf&center=x", 400, "BAD_USER_INPUT", "format must be one of"},
		{"center=x", 400, "BAD_USER_INPUT", "format must be one of"},
		{"format=json&center=" + url.QueryEscape("无此人"), 404, "NOT_FOUND", `no entity has the id or name \"无此人\"`},
		{"format=json&center=x&depth=9", 400, "BAD_USER_INPUT", "depth must be between 1 and 3"},
		{"format=json&center=x&depth=two", 400, "BAD_USER_INPUT", "depth must be an integer"},
		{"format=json&center=x&types=LIKES", 400, "BAD_USER_INPUT", `unknown relation type \"LIKES\"`},
		{"format=json&center=x&entityTypes=title", 400, "BAD_USER_INPUT", `unknown entity type \"title\"`},
		{"format=json&center=x&minConfidence=high", 400, "BAD_USER_INPUT", "minConfidence must be a number"},
		{"format=json&centre=x", 400, "BAD_USER_INPUT", `unknown parameter \"centre\"`},
		{"format=json", 400, "BAD_USER_INPUT", "give at least one center"},
	} {
		r := e.get("/export?" + strings.ReplaceAll(tc.query, "center=x", "center="+url.QueryEscape("马修军")))
		if r.Status != tc.status || r.code() != tc.code || !strings.Contains(r.Raw, tc.msg) {
			t.Errorf("%s: %d %s", tc.query, r.Status, r.Raw)
		}
	}

	m := e.get("/metrics")
	for _, want := range []string{`kg_graphql_requests_total{code="OK",operation="export:graphml"} 1`,
		`kg_graphql_requests_total{code="NOT_FOUND",operation="export:json"} 1`,
		`kg_graphql_requests_total{code="BAD_USER_INPUT",operation="export:json"} 2`,
		`kg_graphql_requests_total{code="BAD_USER_INPUT",operation="export:invalid"} `} {
		if !strings.Contains(m.Raw, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func TestExportDownloadFailures(t *testing.T) {
	e := newEnv(t, func(s *setup) {
		s.limits.Timeout = 200 * time.Millisecond
		s.wrap = func(g gql.Graph) gql.Graph { return slowSubgraph{g} }
	})
	start := time.Now()
	r := e.get("/export?format=svg&center=" + url.QueryEscape("马修军"))
	if r.Status != http.StatusGatewayTimeout || r.code() != "TIMEOUT" || time.Since(start) > 5*time.Second {
		t.Errorf("timeout: %d %s after %v", r.Status, r.Raw, time.Since(start))
	}
}

func TestExportDownloadUnavailable(t *testing.T) {
	e := newEnv(t, func(s *setup) { s.wrap = func(g gql.Graph) gql.Graph { return downGraph{g} } })
	r := e.get("/export?format=svg&center=" + url.QueryEscape("马修军"))
	if r.Status != http.StatusServiceUnavailable || r.code() != "UNAVAILABLE" || strings.Contains(r.Raw, "10.0.0.7") {
		t.Errorf("unavailable: %d %s", r.Status, r.Raw)
	}
}

func TestExportField(t *testing.T) {
	e := newEnv(t)
	d := e.ok(`query($c: [ID!]) { export(centers: $c, format: GEXF, depth: 1) {
  format fileName contentType encoding content truncated entityCount relationCount files { name content } } }`,
		map[string]any{"c": []any{"马修军"}})
	if at(d, "export", "fileName") != "kg-马修军.gexf" || at(d, "export", "contentType") != "application/gexf+xml" ||
		at(d, "export", "encoding") != "utf-8" || !strings.Contains(at(d, "export", "content").(string), `label="马修军"`) ||
		at(d, "export", "files", 0, "content") != at(d, "export", "content") || at(d, "export", "truncated") != false {
		t.Errorf("gexf: %v", d)
	}
	if n, _ := at(d, "export", "entityCount").(float64); n < 3 {
		t.Errorf("entityCount %v", n)
	}

	d = e.ok(`{ export(centers: ["北京大学"], format: CSV) { fileName encoding content files { name content } } }`, nil)
	if at(d, "export", "encoding") != "base64" || at(d, "export", "fileName") != "kg-北京大学.zip" {
		t.Errorf("csv: %v", d)
	}
	zipped, err := base64.StdEncoding.DecodeString(at(d, "export", "content").(string))
	if err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil || len(z.File) != 3 {
		t.Fatalf("content is not the zip: %v", err)
	}
	if names := pluck(at(d, "export", "files"), "name"); fmt.Sprint(names) != "[articles.csv nodes.csv relationships.csv]" {
		t.Errorf("files %v", names)
	}
	if nodes := at(d, "export", "files", 1, "content").(string); !strings.HasPrefix(nodes, "id:ID,name,type") || !strings.Contains(nodes, "北京大学") {
		t.Errorf("nodes.csv:\n%s", nodes)
	}

	r := e.post(`{ export(centers: ["无此人"], format: JSON) { content } }`, nil, "")
	if r.code() != "BAD_USER_INPUT" || !strings.Contains(r.Raw, "无此人") {
		t.Errorf("unknown center: %s", r.Raw)
	}
	r = e.post(`{ export(format: JSON, from: "华为") { content } }`, nil, "")
	if r.code() != "BAD_USER_INPUT" || !strings.Contains(r.Raw, "both from and to") {
		t.Errorf("from without to: %s", r.Raw)
	}
}
