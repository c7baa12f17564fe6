package gql_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"kg/gql"
	"kg/graph"
	"kg/schema"
)

// slowGraph blocks search until the request's deadline, as a query stuck
// in Neo4j would.
type slowGraph struct{ gql.Graph }

func (slowGraph) Search(ctx context.Context, _ string, _ []schema.EntityType, _ int) ([]graph.SearchHit, error) {
	<-ctx.Done()
	return nil, fmt.Errorf("search: %w", ctx.Err())
}

// brokenGraph fails the way a lost or misbehaving Neo4j does.
type brokenGraph struct{ gql.Graph }

func (brokenGraph) Stats(context.Context) (graph.Stats, error) {
	return graph.Stats{}, &graph.ConnectError{URI: "bolt://db:7687", Kind: graph.Unreachable, Err: errors.New("dial tcp 10.0.0.7:7687: connection refused")}
}

func (brokenGraph) EntitiesByID(context.Context, []string) (map[string]graph.Entity, error) {
	return nil, errors.New("Neo.ClientError.Statement.SyntaxError: Invalid input 'X' (line 1): MATCH (e:Entity {secret: 'kg-local-dev'})")
}

func (brokenGraph) Ping(context.Context) error { return errors.New("connection refused") }

func TestDepthAndComplexityLimits(t *testing.T) {
	e := newEnv(t)
	deep := `{ entity(name: "马修军") { relations { source { relations { source { relations { source { relations { source { name } } } } } } } } } }`
	r := e.post(deep, nil, "")
	if r.Status != http.StatusBadRequest || r.code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "limit is 8") || r.Data != nil {
		t.Errorf("depth 10: %d %s", r.Status, r.Raw)
	}
	ok := `{ entity(name: "马修军") { relations { source { relations { source { name } } } } } }`
	if r := e.post(ok, nil, ""); r.Status != 200 || len(r.Errors) > 0 {
		t.Errorf("depth 6: %s", r.Raw)
	}
	big := `{ entities(first: 500) { nodes { articles(first: 500) { title } } } }`
	if r := e.post(big, nil, ""); r.Status != http.StatusBadRequest || r.code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "limit is 5000") {
		t.Errorf("complexity: %d %s", r.Status, r.Raw)
	}
	// Page sizes in variables count as well.
	r = e.post(`query($n: Int) { entities(first: $n) { nodes { articles(first: $n) { title } } } }`, map[string]any{"n": 400}, "")
	if r.Status != http.StatusBadRequest || r.code() != "BAD_USER_INPUT" {
		t.Errorf("complexity from variables: %d %s", r.Status, r.Raw)
	}
	// Fragments cannot hide depth.
	frag := `query { entity(name: "马修军") { ...A } }
fragment A on Entity { relations { source { ...B } } }
fragment B on Entity { relations { source { ...C } } }
fragment C on Entity { relations { source { relations { source { name } } } } }`
	if r := e.post(frag, nil, ""); r.code() != "BAD_USER_INPUT" {
		t.Errorf("depth through fragments: %s", r.Raw)
	}
}

func TestBodyLimit(t *testing.T) {
	e := newEnv(t, func(s *setup) { s.limits.BodyBytes = 2000 })
	q := `{ search(query: "` + strings.Repeat("长", 1000) + `") { match } }`
	r := e.post(q, nil, "")
	if r.Status != http.StatusRequestEntityTooLarge || r.code() != "BAD_USER_INPUT" {
		t.Errorf("large body: %d %s", r.Status, r.Raw)
	}
	// The same bound for GET, on the query string.
	r = e.do(http.MethodGet, "/graphql?"+url.Values{"query": {q}}.Encode(), "", nil, "")
	if r.Status != http.StatusRequestURITooLong || r.code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "limits.body_bytes") {
		t.Errorf("long URL: %d %s", r.Status, r.Raw)
	}
	if r := e.do(http.MethodGet, "/graphql?"+url.Values{"query": {`{ stats { articles } }`}}.Encode(), "", nil, ""); r.Status != 200 {
		t.Errorf("short URL: %d %s", r.Status, r.Raw)
	}
	// Malformed bodies are described in the client's terms, not Go's.
	for _, tc := range []struct{ body, want string }{
		{`{"query": `, "ends in the middle of its JSON"},
		{`[1, 2]`, "it is a JSON array, not an object"},
		{`{"query": "{ stats { articles } }"} {}`, "more than one JSON value"},
		{`{"query": 7}`, `"query" is a JSON number, not a string`},
		{`{"variables": "x"}`, `"variables" is a JSON string, not an object`},
		{`{"query": "{ stats { articles } }", "operationName": []}`, `"operationName" is a JSON array, not a string`},
		{`{query: 1}`, "it is not valid JSON: invalid character 'q'"},
		{``, "the body is empty"},
	} {
		r := e.do(http.MethodPost, "/graphql", "application/json", []byte(tc.body), "")
		if r.Status != http.StatusBadRequest || r.code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, tc.want) ||
			strings.Contains(r.Raw, "Go value") || strings.Contains(r.Raw, "gql.") {
			t.Errorf("body %s: %d %s", tc.body, r.Status, r.Raw)
		}
	}
	r = e.do(http.MethodGet, "/graphql?"+url.Values{"query": {`{ stats { articles } }`}, "variables": {`[1]`}}.Encode(), "", nil, "")
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Raw, "the variables parameter is a JSON array, not an object") || strings.Contains(r.Raw, "Go value") {
		t.Errorf("GET variables: %d %s", r.Status, r.Raw)
	}
}

// Requests refused before they are parsed say no "locations" (graphql-go
// would write null); errors of the document point into it.
func TestErrorLocations(t *testing.T) {
	e := newEnv(t)
	for _, q := range []string{``, `{ entities(first: 500) { nodes { articles(first: 500) { id } } } }`, `subscription { stats { articles } }`} {
		if r := e.post(q, nil, ""); r.Status != http.StatusBadRequest || strings.Contains(r.Raw, "locations") {
			t.Errorf("%q: %d %s", q, r.Status, r.Raw)
		}
	}
	if r := e.post("{ stats {\n articles ", nil, ""); r.Status != http.StatusBadRequest || len(r.Errors) != 1 ||
		len(r.Errors[0].Locations) != 1 || r.Errors[0].Locations[0] != (sourceLocation{2, 11}) {
		t.Errorf("syntax error: %d %s", r.Status, r.Raw)
	}
	r := e.post("query {\n  stats {\n    articles\n    nothing\n  }\n}", nil, "")
	if r.Status != http.StatusBadRequest || len(r.Errors) != 1 || len(r.Errors[0].Locations) != 1 || r.Errors[0].Locations[0] != (sourceLocation{4, 5}) {
		t.Errorf("validation error: %s", r.Raw)
	}
	// Errors of fields are located too.
	r = e.post("{\n  entity(name: \"马修军\") {\n    name\n    articles(first: 0) { id }\n  }\n}", nil, "")
	if len(r.Errors) != 1 || len(r.Errors[0].Locations) != 1 || r.Errors[0].Locations[0] != (sourceLocation{4, 5}) {
		t.Errorf("field error: %s", r.Raw)
	}
}

// The complexity limit counts what a query may really return: variables'
// defaults, numbers sent as strings (graphql-go takes them) and lists
// that take no first argument.
func TestComplexityCannotBeBypassed(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		query string
		vars  map[string]any
	}{
		// Charged as if first were the schema's default, this returned
		// 17,310 articles on a larger graph.
		{`query($n: Int = 200) { entities(first: $n) { nodes { name articles(first: $n) { id } } } }`, nil},
		{`query($n: Int = 200) { entities(first: $n) { nodes { name articles(first: $n) { id } } } }`, map[string]any{"n": nil}},
		{`query($n: Int) { entities(first: $n) { nodes { name articles(first: $n) { id } } } }`, map[string]any{"n": "200"}},
		// A subgraph holds up to 5 × limit relations (at most 5,000).
		{`{ subgraph(centers: ["北京大学"], limit: 1000) { relations { source { name } target { name } } } }`, nil},
		// An article's statements and the entities they name.
		{`{ articles(first: 100) { nodes { statements { speaker { name } mentions { name } } } } }`, nil},
		// A path holds maxHops relations and maxHops + 1 entities.
		{`{ paths(from: "华为", to: "小米", maxHops: 4, first: 50) { relations { source { relations(first: 100) { type } } } } }`, nil},
		{`{ entities(first: 500) { edges { node { relations(first: 20) { type } } } } }`, nil},
	} {
		r := e.post(tc.query, tc.vars, "")
		if r.Status != http.StatusBadRequest || r.code() != "BAD_USER_INPUT" || !strings.Contains(r.Raw, "the limit is 5000") {
			t.Errorf("%s %v: %d %.300s", tc.query, tc.vars, r.Status, r.Raw)
		}
	}
	// The same with small pages passes.
	e.ok(`query($n: Int = 5) { entities(first: $n) { nodes { name articles(first: $n) { id } } } }`, nil)
	e.ok(`{ subgraph(centers: ["北京大学"], limit: 200) { relations { source { name } target { name } } } }`, nil)
}

// docs/GRAPHQL.md's example of the complexity limit costs what it says.
func TestComplexityOfTheDocumentedExample(t *testing.T) {
	const q = `{ entities(first: 50) { nodes { articles(first: 10) { title } } } }`
	for limit, ok := range map[int]bool{551: true, 550: false} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			e := newEnv(t, func(s *setup) { s.limits.Complexity = limit })
			r := e.post(q, nil, "")
			if ok && (r.Status != http.StatusOK || len(r.Errors) > 0) || !ok && (r.Status != http.StatusBadRequest || !strings.Contains(r.Raw, "up to 551 objects")) {
				t.Errorf("at a limit of %d: %d %s", limit, r.Status, r.Raw)
			}
		})
	}
	doc, err := os.ReadFile("../docs/GRAPHQL.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "`entities(first: 50) { nodes { articles(first: 10) { title } } }`") || !strings.Contains(string(doc), "= 551") {
		t.Errorf("docs/GRAPHQL.md must give the cost of %s as 551", q)
	}
}

// Requests refused by the HTTP layer, before they reach the service, are
// counted like the others.
func TestHTTPRefusalsAreCounted(t *testing.T) {
	e := newEnv(t, func(s *setup) {
		s.metrics = gql.NewMetrics()
		s.limits.BodyBytes = 200
	})
	long := url.Values{"query": {`{ search(query: "` + strings.Repeat("x", 300) + `") { match } }`}}.Encode()
	for _, tc := range []struct {
		method, ctype, body, query string
		status                     int
	}{
		{http.MethodPost, "application/json", `{"query": `, "", http.StatusBadRequest},
		{http.MethodPost, "application/json", `{"query": "` + strings.Repeat("x", 300) + `"}`, "", http.StatusRequestEntityTooLarge},
		{http.MethodPost, "text/plain", `{ stats { articles } }`, "", http.StatusUnsupportedMediaType},
		{http.MethodPut, "application/json", `{"query": "{ stats { articles } }"}`, "", http.StatusMethodNotAllowed},
		{http.MethodGet, "", "", long, http.StatusRequestURITooLong},
	} {
		path := "/graphql"
		if tc.query != "" {
			path += "?" + tc.query
		}
		if r := e.do(tc.method, path, tc.ctype, []byte(tc.body), ""); r.Status != tc.status || r.code() != "BAD_USER_INPUT" {
			t.Errorf("%s %s: %d %s", tc.method, tc.body, r.Status, r.Raw)
		}
	}
	m := e.do(http.MethodGet, "/metrics", "", nil, "").Raw
	for _, want := range []string{`kg_graphql_requests_total{code="BAD_USER_INPUT",operation="invalid"} 5`, `kg_graphql_errors_total{code="BAD_USER_INPUT"} 5`} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %s:\n%s", want, grepLines(m, "kg_graphql_"))
		}
	}
}

func TestTimeoutIsHandedOnAndReported(t *testing.T) {
	e := newEnv(t, func(s *setup) {
		s.limits.Timeout = 200 * time.Millisecond
		s.wrap = func(g gql.Graph) gql.Graph { return slowGraph{g} }
	})
	start := time.Now()
	r := e.post(`{ search(query: "华为") { match } }`, nil, "")
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the request outlived its timeout: %v", d)
	}
	if r.Status != 200 || r.code() != "TIMEOUT" || strings.Contains(r.Raw, "deadline") {
		t.Errorf("timeout: %d %s", r.Status, r.Raw)
	}
}

func TestTimeoutAgainstNeo4j(t *testing.T) {
	// A deadline no query can meet: the driver gives up, and the error is
	// reported as TIMEOUT, not as Neo4j's message.
	e := newEnv(t, func(s *setup) { s.limits.Timeout = time.Microsecond })
	r := e.post(`{ subgraph(centers: ["北京大学"], depth: 3) { truncated } }`, nil, "")
	if r.code() != "TIMEOUT" {
		t.Errorf("real Neo4j timeout: %s", r.Raw)
	}
}

func TestErrorCodesNeverLeakInternals(t *testing.T) {
	e := newEnv(t, func(s *setup) { s.wrap = func(g gql.Graph) gql.Graph { return brokenGraph{g} } })
	r := e.post(`{ stats { articles } }`, nil, "")
	if r.code() != "UNAVAILABLE" || strings.Contains(r.Raw, "10.0.0.7") || strings.Contains(r.Raw, "dial") {
		t.Errorf("unavailable: %s", r.Raw)
	}
	r = e.post(`{ entity(id: "person:1") { name } }`, nil, "")
	if r.code() != "INTERNAL" || strings.Contains(r.Raw, "Neo.") || strings.Contains(r.Raw, "secret") || strings.Contains(r.Raw, "MATCH") ||
		!strings.Contains(r.Errors[0].Message, r.Header.Get("X-Request-Id")) {
		t.Errorf("internal: %s", r.Raw)
	}
	if res := e.do(http.MethodGet, "/readyz", "", nil, ""); res.Status != http.StatusServiceUnavailable || strings.Contains(res.Raw, "refused") {
		t.Errorf("readyz with Neo4j down: %d %s", res.Status, res.Raw)
	}
}

func TestRequestErrorsAreBadUserInput(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		query  string
		status int
	}{
		{`{ stats { articles `, http.StatusBadRequest},                                           // syntax
		{`{ stats { nothing } }`, http.StatusBadRequest},                                         // validation
		{`{ entity(name: 7) { name } }`, http.StatusBadRequest},                                  // argument type
		{`query($n: Int!) { entities(first: $n) { totalCount } }`, 200},                          // missing variable
		{`{ entities(first: 0) { totalCount } }`, 200},                                           // range
		{`subscription { stats { articles } }`, http.StatusBadRequest},                           // unsupported
		{``, http.StatusBadRequest},                                                              // empty
		{`query A { stats { articles } } query B { stats { articles } }`, http.StatusBadRequest}, // which operation?
	} {
		r := e.post(tc.query, nil, "")
		if r.Status != tc.status || r.code() != "BAD_USER_INPUT" {
			t.Errorf("%q: %d %s", tc.query, r.Status, r.Raw)
		}
	}
}

// heldGraph holds search until the test lets go, past any deadline.
type heldGraph struct {
	gql.Graph
	held    chan struct{}
	release chan struct{}
}

func (g heldGraph) Search(ctx context.Context, _ string, _ []schema.EntityType, _ int) ([]graph.SearchHit, error) {
	g.held <- struct{}{}
	<-g.release
	return nil, fmt.Errorf("search: %w", ctx.Err())
}

func TestConcurrencyLimit(t *testing.T) {
	for _, tc := range []struct {
		concurrency int
		wantStatus  int
		wantCode    string
	}{
		{1, http.StatusServiceUnavailable, "UNAVAILABLE"}, // the only slot is held: the second request waits, then gives up
		{2, http.StatusOK, ""},                            // a second slot: it runs at once
	} {
		t.Run(fmt.Sprint(tc.concurrency), func(t *testing.T) {
			held, release := make(chan struct{}), make(chan struct{})
			e := newEnv(t, func(s *setup) {
				s.limits.Concurrency = tc.concurrency
				s.limits.Timeout = 300 * time.Millisecond
				s.wrap = func(g gql.Graph) gql.Graph { return heldGraph{g, held, release} }
			})
			first := make(chan response)
			go func() { first <- e.post(`{ search(query: "华为") { match } }`, nil, "") }()
			<-held
			r := e.post(`{ ontology { entityTypes { name } } }`, nil, "")
			close(release)
			<-first
			if r.Status != tc.wantStatus || r.code() != tc.wantCode {
				t.Errorf("second request at concurrency %d: %d %s", tc.concurrency, r.Status, r.Raw)
			}
			if tc.wantCode != "" && !strings.Contains(r.Raw, "busy") {
				t.Errorf("the refusal must say the server is busy: %s", r.Raw)
			}
		})
	}
}

// lockedBuffer collects log output written from the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// A client that hangs up is not a failure of the server: no ERROR in the
// log, and the metrics count it as CANCELLED, not INTERNAL.
func TestCancelledRequestsAreNoInternalErrors(t *testing.T) {
	var logs lockedBuffer
	m := gql.NewMetrics()
	e := newEnv(t, func(s *setup) {
		s.wrap = func(g gql.Graph) gql.Graph { return slowGraph{g} }
		s.metrics = m
		s.log = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	body := strings.NewReader(`{"query": "{ search(query: \"华为\") { match } }"}`)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.srv.URL+"/graphql", body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
		t.Fatalf("the client gave up, yet got an answer: %d", res.StatusCode)
	}
	var metrics string
	for range 100 { // the server finishes the request after the client left
		metrics = e.do(http.MethodGet, "/metrics", "", nil, "").Raw
		if strings.Contains(metrics, `operation="query:search"`) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(metrics, `kg_graphql_requests_total{code="CANCELLED",operation="query:search"} 1`) {
		t.Errorf("the cancelled request must be counted as CANCELLED:\n%s", grepLines(metrics, "kg_graphql_requests_total"))
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("a cancelled request logged an error:\n%s", logs.String())
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
