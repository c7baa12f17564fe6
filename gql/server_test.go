package gql_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"kg/gql"
	"kg/graph"
	"kg/graph/graphtest"
)

func TestIntrospectionOfGraphQLJS(t *testing.T) {
	e := newEnv(t)
	q, err := os.ReadFile("testdata/introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	d := e.ok(string(q), nil)
	if at(d, "__schema", "queryType", "name") != "Query" || at(d, "__schema", "mutationType", "name") != "Mutation" {
		t.Fatalf("introspection: %v", at(d, "__schema", "queryType"))
	}
	types := map[any]any{}
	for _, ty := range at(d, "__schema", "types").([]any) {
		types[at(ty, "name")] = ty
	}
	for _, want := range []string{"Entity", "Relation", "Evidence", "Statement", "Article", "EntityConnection", "PageInfo",
		"EntityType", "RelationType", "Path", "Subgraph", "SearchHit", "Stats", "Ontology", "ArticleInput"} {
		if types[want] == nil {
			t.Errorf("introspection lacks type %s", want)
		}
	}
	var values []any
	for _, v := range at(types["EntityType"], "enumValues").([]any) {
		values = append(values, at(v, "name"))
	}
	if len(values) != 10 {
		t.Errorf("EntityType values: %v", values)
	}
}

func TestGraphiQLIsServedFromEmbeddedFiles(t *testing.T) {
	e := newEnv(t)
	page := e.do(http.MethodGet, "/graphiql/", "", nil, "")
	if page.Status != 200 || !strings.Contains(page.Raw, "graphiql.min.js") || !strings.Contains(page.Header.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Errorf("page: %d %.200s", page.Status, page.Raw)
	}
	for _, f := range []string{"index.html", "init.js"} {
		b, err := os.ReadFile("static/graphiql/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "http://") || strings.Contains(string(b), "https://") {
			t.Errorf("%s loads something from elsewhere: the explorer must work offline", f)
		}
	}
	for _, f := range []string{"graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js", "init.js",
		"licenses/graphiql-3.9.0.LICENSE"} {
		r := e.do(http.MethodGet, "/graphiql/"+f, "", nil, "")
		if r.Status != 200 || len(r.Raw) < 100 {
			t.Errorf("%s: %d, %d bytes", f, r.Status, len(r.Raw))
		}
	}
	// Each page serves its own files only.
	for _, path := range []string{"/graphiql/explorer/index.html", "/explorer/graphiql.min.js", "/explorer/graphiql/init.js"} {
		if r := e.do(http.MethodGet, path, "", nil, ""); r.Status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, r.Status)
		}
	}
}

func TestHealthReadinessAndMetrics(t *testing.T) {
	e := newEnv(t, func(s *setup) { s.metrics = gql.NewMetrics() })
	if r := e.do(http.MethodGet, "/healthz", "", nil, ""); r.Status != 200 || !strings.Contains(r.Raw, "ok") {
		t.Errorf("healthz: %d %s", r.Status, r.Raw)
	}
	if r := e.do(http.MethodGet, "/readyz", "", nil, ""); r.Status != 200 || !strings.Contains(r.Raw, "ready") {
		t.Errorf("readyz: %d %s", r.Status, r.Raw)
	}
	e.ok(`{ stats { articles } }`, nil)
	e.ok(`{ search(query: "华为") { match } }`, nil)
	e.post(`{ nothing }`, nil, "")
	m := e.do(http.MethodGet, "/metrics", "", nil, "")
	for _, want := range []string{
		`kg_graphql_requests_total{code="OK",operation="query:stats"} 1`,
		`kg_graphql_requests_total{code="BAD_USER_INPUT",operation="query:unknown"} 1`,
		`kg_graphql_request_duration_seconds_bucket{operation="query:search"`,
		`kg_graphql_errors_total{code="BAD_USER_INPUT"} 1`,
		`kg_graphql_requests_in_flight 0`,
		`go_goroutines`,
	} {
		if !strings.Contains(m.Raw, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// The Neo4j query metrics come from graph.Options.Observe.
func TestNeo4jQueryMetrics(t *testing.T) {
	s := graphtest.Open(t)
	graphtest.LoadFixture(t, s)
	m := gql.NewMetrics()
	o := graphtest.Options(t)
	o.Observe = m.ObserveQuery
	store, err := graph.Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(context.Background())
	if _, err := store.Search(context.Background(), "华为", nil, 5); err != nil {
		t.Fatal(err)
	}
	srv, err := gql.NewServer(gql.ServerOptions{Service: mustService(t, store, m), Metrics: m, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if !strings.Contains(rec.Body.String(), `kg_neo4j_query_duration_seconds_count{query="search"} 1`) {
		t.Errorf("neo4j metrics: %s", rec.Body.String())
	}
}

func TestGracefulShutdown(t *testing.T) {
	s := graphtest.Open(t)
	graphtest.LoadFixture(t, s)
	svc := mustService(t, slowStats{s}, nil)
	srv, err := gql.NewServer(gql.ServerOptions{Service: svc, Logger: quietLogger(), ShutdownGrace: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	addr := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, "127.0.0.1:0", func(a net.Addr) { addr <- a }) }()
	url := "http://" + (<-addr).String() + "/graphql"

	var wg sync.WaitGroup
	var status int
	var body map[string]any
	wg.Add(1)
	go func() {
		defer wg.Done()
		res, err := http.Post(url, "application/json", strings.NewReader(`{"query": "{ stats { articles } }"}`))
		if err != nil {
			t.Errorf("in-flight request: %v", err)
			return
		}
		defer res.Body.Close()
		status = res.StatusCode
		_ = json.NewDecoder(res.Body).Decode(&body)
	}()
	time.Sleep(150 * time.Millisecond) // the request is in flight, inside the slow Stats
	stop()                             // what SIGTERM does in kg serve
	wg.Wait()
	if status != 200 || at(body, "data", "stats", "articles") != float64(5) {
		t.Errorf("the in-flight request must finish: %d %v", status, body)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after shutdown")
	}
	if _, err := http.Post(url, "application/json", strings.NewReader(`{"query": "{ stats { articles } }"}`)); err == nil {
		t.Error("the server still accepts requests after shutdown")
	}
}

type slowStats struct{ gql.Graph }

func (s slowStats) Stats(ctx context.Context) (graph.Stats, error) {
	time.Sleep(500 * time.Millisecond)
	return s.Graph.Stats(ctx)
}

func mustService(t *testing.T, g gql.Graph, m *gql.Metrics) *gql.Service {
	t.Helper()
	svc, err := gql.New(gql.Options{Graph: g, Logger: quietLogger(), Metrics: m, Limits: defaultSetup().limits})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}
