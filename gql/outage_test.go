package gql_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"kg/gql"
	"kg/graph"
	"kg/graph/graphtest"
)

// When the real Neo4j goes away under a running server, queries answer
// UNAVAILABLE at once, without the driver's message, and /readyz says so.
func TestNeo4jGoneIsUnavailable(t *testing.T) {
	base := graphtest.Open(t)
	graphtest.LoadFixture(t, base)
	proxy := graphtest.NewProxy(t, graphtest.Options(t).URI)
	o := graphtest.Options(t)
	o.URI, o.ConnectTimeout, o.MaxRetryTime = proxy.URI(), time.Second, time.Second
	s, err := graph.Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	st := defaultSetup()
	svc, err := gql.New(gql.Options{Graph: s, Limits: st.limits, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := gql.NewServer(gql.ServerOptions{Service: svc, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	e := &env{t: t, srv: hs}

	const q = `{ stats { articles } entity(name: "马修军") { name } }`
	if r := e.post(q, nil, ""); r.Status != 200 || len(r.Errors) > 0 || at(r.Data, "entity", "name") != "马修军" {
		t.Fatalf("through the proxy: %s", r.Raw)
	}
	proxy.Cut()
	start := time.Now()
	r := e.post(q, nil, "")
	if len(r.Errors) == 0 {
		t.Fatalf("Neo4j gone, yet: %s", r.Raw)
	}
	for _, fe := range r.Errors {
		if c, _ := fe.Extensions["code"].(string); c != "UNAVAILABLE" {
			t.Errorf("error %q has code %q, want UNAVAILABLE", fe.Message, c)
		}
	}
	for _, leak := range []string{"Connectivity", "dial", "127.0.0.1", "bolt", "EOF"} {
		if strings.Contains(r.Raw, leak) {
			t.Errorf("the answer shows the driver's message (%q): %s", leak, r.Raw)
		}
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("UNAVAILABLE took %v", d)
	}
	if res := e.do(http.MethodGet, "/readyz", "", nil, ""); res.Status != http.StatusServiceUnavailable {
		t.Errorf("readyz with Neo4j gone: %d %s", res.Status, res.Raw)
	}
}
