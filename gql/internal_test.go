package gql

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/parser"

	"kg/schema"
)

func TestMeasure(t *testing.T) {
	s, err := newSchema(&Service{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query             string
		vars              map[string]any
		depth, complexity int
	}{
		{`{ stats { articles } }`, nil, 2, 1},
		// The connection, then 50 entities with 10 articles each.
		{`{ entities(first: 50) { nodes { name articles(first: 10) { title } } } }`, nil, 4, 1 + 50*(1+10)},
		{`query($n: Int) { entities(first: $n) { nodes { name } } }`, map[string]any{"n": float64(7)}, 3, 1 + 7},
		{`query($n: Int) { entities(first: $n) { nodes { name } } }`, map[string]any{"n": "7"}, 3, 1 + 7}, // graphql-go takes numeric strings
		{`query($n: Int = 30) { entities(first: $n) { nodes { name } } }`, nil, 3, 1 + 30},                // the operation's default
		{`query($n: Int = 30) { entities(first: $n) { nodes { name } } }`, map[string]any{"n": nil}, 3, 1 + 30},
		{`{ entities { nodes { name } } }`, nil, 3, 1 + 20}, // the schema's default first
		{`{ entities(first: 3) { edges { cursor node { name } } pageInfo { hasNextPage } } }`, nil, 4, 1 + 3*(1+1) + 1},
		{`{ subgraph(centers: ["x"], limit: 300) { entities { name } } }`, nil, 3, 1 + 300},
		{`{ subgraph(centers: ["x"], limit: 300) { relations { source { id } } } }`, nil, 4, 1 + 1500*(1+1)},
		{`{ subgraph(centers: ["x"], limit: 1000) { relations { type } } }`, nil, 3, 1 + 5000},
		{`{ subgraph(centers: ["x"]) { entities { id } relations { type } } }`, nil, 3, 1 + 100 + 500}, // limit's default
		{`{ shortestPath(from: "a", to: "b", maxHops: 6) { entities { id } relations { type } } }`, nil, 3, 1 + 7 + 6},
		{`{ paths(from: "a", to: "b", first: 2) { entities { id } } }`, nil, 3, 2 * (1 + 4)}, // maxHops 3 by default
		{`{ article(id: "a") { statements { text mentions { name } } } }`, nil, 4, 1 + 50*(1+20)},
		{`{ stats { entitiesByType { count } } ontology { relationTypes { type } } }`, nil, 3,
			1 + len(schema.NodeTypes()) + 1 + len(schema.RelationTypes())},
		{`{ export(centers: ["x"], format: CSV, limit: 50) { files { name } } }`, nil, 3, 1 + 50 + 3},
		{`{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }`, nil, 0, 0},
		{`{ ...F } fragment F on Query { entity(name: "x") { ...G } } fragment G on Entity { neighbors(first: 2) { name } }`, nil, 3, 1 * (1 + 2)},
		{`{ entity(name: "x") { ... on Entity { related(first: 3) { entity { name } } } } }`, nil, 4, 1 + 3*(1+1)},
		// Before validation: unknown fields and fragments, and cycles, cost nothing.
		{`{ nothing { here } entity(name: "x") { ...Missing ...A } } fragment A on Entity { ...A name }`, nil, 2, 1},
	}
	for _, tc := range tests {
		doc, err := parser.Parse(parser.ParseParams{Source: tc.query})
		if err != nil {
			t.Fatal(err)
		}
		var op *ast.OperationDefinition
		for _, d := range doc.Definitions {
			if o, ok := d.(*ast.OperationDefinition); ok {
				op = o
			}
		}
		c := measure(&s, doc, op, tc.vars)
		if c.depth != tc.depth || c.complexity != tc.complexity {
			t.Errorf("%s: depth %d complexity %d, want %d %d", tc.query, c.depth, c.complexity, tc.depth, tc.complexity)
		}
	}
}

// Every list of objects without a first argument needs a bound in
// listBound, or the complexity limit would count it as one object.
func TestEveryListFieldHasABound(t *testing.T) {
	s, err := newSchema(&Service{})
	if err != nil {
		t.Fatal(err)
	}
	lists := 0
	for name, typ := range s.TypeMap() {
		obj, ok := typ.(*graphql.Object)
		if !ok || strings.HasPrefix(name, "__") {
			continue
		}
		for fname, f := range obj.Fields() {
			if _, ofObjects := graphql.GetNamed(f.Type).(*graphql.Object); !ofObjects || !isList(f.Type) || hasArg(f, "first") {
				continue
			}
			lists++
			if n, ok := listBound(name, fname, scope{first: 7, limit: 7, maxHops: 2}); !ok || n < 1 {
				t.Errorf("%s.%s: no bound for a list without first (%d)", name, fname, n)
			}
		}
	}
	if lists < 10 {
		t.Errorf("only %d lists without first found: is the walk over the schema broken?", lists)
	}
}

func TestScanQuery(t *testing.T) {
	intro, err := os.ReadFile("testdata/introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	nest := func(n int) string { return strings.Repeat("{ a ", n-1) + "{ b" + strings.Repeat(" }", n) }
	tokens := func(n int) string { return "{" + strings.Repeat(" a", n-2) + " }" }
	for _, tc := range []struct {
		query string
		depth int
		want  string // a part of the refusal, "" to pass
	}{
		{string(intro), 1, ""},
		{string(intro), 8, ""},
		{nest(24), 8, ""},
		{nest(25), 8, "more than 24 levels deep (at line 1, column 97)"},
		{nest(16), 1, ""},
		{nest(17), 1, "more than 16 levels"},
		// Brackets in strings, block strings and comments do not nest.
		{`{ search(query: "` + strings.Repeat("{[(", 100) + `\" {") { match } }`, 8, ""},
		{"{ search(query: \"\"\"" + strings.Repeat("{", 100) + "\\\"\"\" {\"\"\") { match } }", 8, ""},
		{"{ stats { articles } } # " + strings.Repeat("{", 100) + "\n", 8, ""},
		{"{ stats { articles } } # x\r" + strings.Repeat("{", 25), 8, "more than 24"},
		{tokens(10_000), 8, ""},
		{tokens(10_001), 8, "more than 10000 tokens"},
		// Spreads, numbers and names count one each, written together or not.
		{"{a" + strings.Repeat("...F", 5000) + "}", 8, "more than 10000 tokens"},
		{"{ f(a: [" + strings.Repeat("-1.5e3,", 9995) + "]) }", 8, "more than 10000 tokens"},
		{"{ f(a: [" + strings.Repeat("-1.5e3,", 9990) + "]) }", 8, ""},
	} {
		e := scanQuery(tc.query, tc.depth)
		switch {
		case tc.want == "" && e != nil:
			t.Errorf("%.60s… (depth %d): %s", tc.query, tc.depth, e.Message)
		case tc.want != "" && (e == nil || !strings.Contains(e.Message, tc.want)):
			t.Errorf("%.60s… (depth %d): %v, want %q", tc.query, tc.depth, e, tc.want)
		}
	}
}

func TestLineIndex(t *testing.T) {
	q := "ab\ncd\r\nef\rgh"
	l := newLineIndex(q)
	for _, tc := range []struct{ offset, line, column int }{{0, 1, 1}, {1, 1, 2}, {3, 2, 1}, {4, 2, 2}, {7, 3, 1}, {10, 4, 1}, {11, 4, 2}} {
		if line, col := l.at(tc.offset); line != tc.line || col != tc.column {
			t.Errorf("offset %d (%q): %d:%d, want %d:%d", tc.offset, q[tc.offset], line, col, tc.line, tc.column)
		}
	}
}

func TestBatcherFetchesOncePerLevel(t *testing.T) {
	var calls [][]string
	b := newBatcher(func(_ context.Context, keys []string) (map[string]int, error) {
		calls = append(calls, slices.Clone(keys))
		out := map[string]int{}
		for _, k := range keys {
			if k != "missing" {
				out[k] = len(k)
			}
		}
		return out, nil
	})
	ctx := context.Background()
	b.prime("primed", 42)
	loads := []func() (int, bool, error){b.load(ctx, "a"), b.load(ctx, "bb"), b.load(ctx, "a"), b.load(ctx, "missing"), b.load(ctx, "primed")}
	for i, want := range []int{1, 2, 1, 0, 42} {
		v, ok, err := loads[i]()
		if err != nil || v != want || ok != (want != 0) {
			t.Errorf("load %d = %d %v %v", i, v, ok, err)
		}
	}
	if len(calls) != 1 || !slices.Equal(calls[0], []string{"a", "bb", "missing"}) {
		t.Errorf("fetches: %v", calls)
	}
	if v, _, _ := b.load(ctx, "bb")(); v != 2 || len(calls) != 1 {
		t.Errorf("cached value refetched: %v", calls)
	}

	failing := newBatcher(func(context.Context, []string) (map[string]int, error) { return nil, errors.New("down") })
	l1, l2 := failing.load(ctx, "x"), failing.load(ctx, "y")
	if _, _, err := l1(); err == nil {
		t.Error("a failed batch must fail its loads")
	}
	if _, _, err := l2(); err == nil {
		t.Error("a failed batch must fail every load in it")
	}
}

func TestBatcherSplitsHugeBatches(t *testing.T) {
	var sizes []int
	b := newBatcher(func(_ context.Context, keys []string) (map[string]bool, error) {
		sizes = append(sizes, len(keys))
		return map[string]bool{}, nil
	})
	var last func() (bool, bool, error)
	for i := range 1200 {
		last = b.load(context.Background(), string(rune(0x4e00+i)))
	}
	_, _, _ = last()
	if !slices.Equal(sizes, []int{maxBatch, maxBatch, 200}) {
		t.Errorf("batch sizes %v", sizes)
	}
}
