package gql_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"kg/gql"
	"kg/graph"
	"kg/graph/graphtest"
	"kg/schema"
)

const token = "test-token-5f1d"

// env is a kg server over real HTTP on the fixture graph in the real Neo4j.
type env struct {
	t       *testing.T
	store   *graph.Store
	opts    graph.Options
	srv     *httptest.Server
	queries atomic.Int64 // Neo4j round trips of the read API and mutations
	mu      sync.Mutex
	names   []string // query names, in order
}

type setup struct {
	tokens  []string
	limits  gql.Limits
	wrap    func(gql.Graph) gql.Graph
	metrics *gql.Metrics
	log     *slog.Logger // quietLogger when nil
	// load fills the emptied test database; the fixture when nil.
	load func(testing.TB, *graph.Store)
}

func defaultSetup() setup {
	return setup{tokens: []string{token}, limits: gql.Limits{Depth: 8, Complexity: 5000, BodyBytes: 1 << 20, Timeout: 15 * time.Second}}
}

func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError + 4}))
}

// newEnv loads the fixture and serves it; change adjusts the setup.
func newEnv(t *testing.T, change ...func(*setup)) *env {
	t.Helper()
	st := defaultSetup()
	for _, c := range change {
		c(&st)
	}
	base := graphtest.Open(t)
	if st.load == nil {
		st.load = func(t testing.TB, s *graph.Store) { graphtest.LoadFixture(t, s) }
	}
	st.load(t, base)
	e := &env{t: t, opts: graphtest.Options(t)}
	o := e.opts
	o.Observe = func(name string, _ time.Duration, _ error) {
		e.queries.Add(1)
		e.mu.Lock()
		e.names = append(e.names, name)
		e.mu.Unlock()
	}
	s, err := graph.Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	e.store = s
	var g gql.Graph = s
	if st.wrap != nil {
		g = st.wrap(s)
	}
	if st.log == nil {
		st.log = quietLogger()
	}
	svc, err := gql.New(gql.Options{Graph: g, Ingester: fixtureIngester{s}, Limits: st.limits, Logger: st.log, Metrics: st.metrics})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := gql.NewServer(gql.ServerOptions{Service: svc, Tokens: st.tokens, Metrics: st.metrics, Logger: st.log})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

// gqlError is one error of a response.
type gqlError struct {
	Message    string           `json:"message"`
	Locations  []sourceLocation `json:"locations"`
	Path       []any            `json:"path"`
	Extensions map[string]any   `json:"extensions"`
}

type sourceLocation struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

type response struct {
	Status int            `json:"-"`
	Data   map[string]any `json:"data"`
	Errors []gqlError     `json:"errors"`
	Raw    string         `json:"-"`
	Header http.Header    `json:"-"`
}

func (r response) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// post sends a request with an optional bearer token.
func (e *env) post(query string, vars map[string]any, tok string) response {
	e.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return e.do(http.MethodPost, "/graphql", "application/json", body, tok)
}

// postAuth sends a request with the Authorization header as given.
func (e *env) postAuth(query, authorization string) response {
	e.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	return e.do(http.MethodPost, "/graphql", "application/json", body, "", "Authorization", authorization)
}

func (e *env) do(method, path, ctype string, body []byte, tok string, header ...string) response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := response{Status: res.StatusCode, Raw: string(b), Header: res.Header}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, &r); err != nil {
			e.t.Fatalf("%s %s: response is not JSON: %v\n%s", method, path, err, b)
		}
	}
	return r
}

// ok sends a query that must succeed and returns its data.
func (e *env) ok(query string, vars map[string]any) map[string]any {
	e.t.Helper()
	r := e.post(query, vars, "")
	if r.Status != http.StatusOK || len(r.Errors) > 0 {
		e.t.Fatalf("query failed (%d): %s\n%s", r.Status, r.Raw, query)
	}
	return r.Data
}

// at walks decoded JSON: at(d, "entity", "relations", 0, "target", "name").
func at(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// pluck collects one key of every object in a list.
func pluck(v any, path ...any) []any {
	l, _ := v.([]any)
	out := []any{}
	for _, x := range l {
		out = append(out, at(x, path...))
	}
	return out
}

// fixtureIngester stands in for the extractor in these tests (cmd/kg's
// tests run the real one): it finds the fixture's entity names in the
// text and writes the document through the real store.
type fixtureIngester struct{ s *graph.Store }

func (f fixtureIngester) IngestArticle(ctx context.Context, a schema.Article) (gql.IngestResult, error) {
	docs, err := graphtest.Fixture()
	if err != nil {
		return gql.IngestResult{}, err
	}
	doc := schema.Document{Article: a, Extractor: "fixture-ingester/1"}
	seen := map[string]bool{}
	for _, d := range docs {
		for _, e := range d.Entities {
			if seen[e.ID] || !strings.Contains(a.Text, e.Name) {
				continue
			}
			seen[e.ID] = true
			i := strings.Index(a.Text, e.Name)
			start := utf8.RuneCountInString(a.Text[:i])
			doc.Entities = append(doc.Entities, schema.Entity{ID: e.ID, Type: e.Type, Name: e.Name, Confidence: 0.5,
				Mentions: []schema.Span{{Start: start, End: start + utf8.RuneCountInString(e.Name)}}})
		}
	}
	res, err := f.s.Write(ctx, []schema.Document{doc})
	if err != nil {
		return gql.IngestResult{}, err
	}
	return gql.IngestResult{ID: a.ID, Status: res[0].Status, Entities: len(doc.Entities)}, nil
}
