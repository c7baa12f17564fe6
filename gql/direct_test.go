package gql_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"kg/gql"
	"kg/graph/graphtest"
)

// TestDirectExecutorMatchesGraphQLGo runs queries through both executors
// on the fixture graph and wants the same bytes and status from each, and
// the direct executor to answer the queries it is meant for: every example
// of docs/GRAPHQL.md and queries that use what a document may hold.
func TestDirectExecutorMatchesGraphQLGo(t *testing.T) {
	s := graphtest.Open(t)
	graphtest.LoadFixture(t, s)
	newService := func() *gql.Service {
		svc, err := gql.New(gql.Options{Graph: s, Limits: defaultSetup().limits, Logger: quietLogger()})
		if err != nil {
			t.Fatal(err)
		}
		return svc
	}
	direct, reference := newService(), newService()
	reference.UseGraphQLGoOnly()

	type query struct {
		name, query string
		vars        map[string]any
		direct      bool // the direct executor must answer it
	}
	queries := []query{
		{"aliases, fragments, typename", `query Q($n: String!) {
  a: entity(name: $n) { ...E kind: __typename }
  b: entity(name: "北京大学") { ... on Entity { id name } aliases }
  a: entity(name: $n) { mentionCount }
}
fragment E on Entity { id name type typeLabel relations(first: 5) { type title source { name } target { ...T } } }
fragment T on Entity { name type }`, map[string]any{"n": "马修军"}, true},
		{"skip and include by variable", `query($yes: Boolean!, $no: Boolean = false) {
  entity(name: "马修军") { id name @skip(if: $yes) type @include(if: $yes) aliases @include(if: $no) }
}`, map[string]any{"yes": true}, true},
		{"batched fields two levels down", `{ entities(first: 10, sort: NAME) { totalCount edges { cursor node { name articles(first: 2) { title } neighbors(first: 3) { name } } } pageInfo { hasNextPage endCursor } } }`, nil, true},
		{"enum list variable given as one value", `query($t: [EntityType!]) { entities(filter: {types: $t}, first: 5) { nodes { name type } } }`,
			map[string]any{"t": "PERSON"}, true},
		{"input object variable with defaults", `query($f: EntityFilter) { entities(filter: $f) { nodes { name } } }`,
			map[string]any{"f": map[string]any{"nameContains": "北京"}}, true},
		{"subgraph with evidence", `{ subgraph(centers: ["北京大学"], depth: 2, limit: 20) { truncated entities { id name } relations { type title confidence articleCount evidence { text start end article { title } } } } }`, nil, true},
		{"paths", `{ shortestPath(from: "马修军", to: "武汉") { length entities { name } relations { type } } }`, nil, true},
		{"floats and empty lists", `{ search(query: "北京", first: 5) { match score entity { name manualAliases } } }`, nil, true},
		{"null for an entity that is not there", `{ entity(name: "没有这个人") { id } }`, nil, true},
		// Errors, introspection and bad variables are graphql-go's to answer.
		{"unknown center", `{ subgraph(centers: ["没有这个人"]) { truncated } }`, nil, false},
		{"bad variable", `query($n: Int) { entities(first: $n) { nodes { name } } }`, map[string]any{"n": "many"}, false},
		{"missing required variable", `query($n: String!) { entity(name: $n) { id } }`, nil, false},
		{"introspection", `{ __schema { queryType { name } } __type(name: "Entity") { fields { name } } }`, nil, false},
		{"limit out of range", `{ entities(first: 100000) { nodes { name } } }`, nil, false},
	}
	for _, ex := range docExamples(t, "../docs/GRAPHQL.md") {
		if !strings.HasPrefix(strings.TrimSpace(ex.query), "mutation") {
			queries = append(queries, query{"docs/GRAPHQL.md example above line " + strconv.Itoa(ex.line), ex.query, ex.vars, true})
		}
	}

	ctx := context.Background()
	for _, q := range queries {
		req := gql.Request{Query: q.query, Variables: q.vars}
		got := direct.Execute(ctx, req, gql.Caller{})
		want := reference.Execute(ctx, req, gql.Caller{})
		gotJSON, err1 := json.Marshal(got.Response)
		wantJSON, err2 := json.Marshal(want.Response)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v %v", q.name, err1, err2)
		}
		if got.Direct() != q.direct {
			t.Errorf("%s: answered by the direct executor %v, want %v: %s", q.name, got.Direct(), q.direct, gotJSON)
		}
		if want.Direct() {
			t.Errorf("%s: the reference must be graphql-go's", q.name)
		}
		if !bytes.Equal(gotJSON, wantJSON) || got.Status != want.Status {
			t.Errorf("%s:\ndirect    %d %s\ngraphql-go %d %s", q.name, got.Status, gotJSON, want.Status, wantJSON)
		}
	}
}
