package gql

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/parser"
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
		{`{ entities(first: 50) { nodes { name articles(first: 10) { title } } } }`, nil, 4, 50 * (1 + 1*(1+10))},
		{`query($n: Int) { entities(first: $n) { nodes { name } } }`, map[string]any{"n": float64(7)}, 3, 7 * 2},
		{`{ entities { nodes { name } } }`, nil, 3, 20 * 2}, // the schema's default first
		{`{ subgraph(centers: ["x"], limit: 300) { entities { name } } }`, nil, 3, 300 * 2},
		{`{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }`, nil, 0, 0},
		{`{ ...F } fragment F on Query { entity(name: "x") { ...G } } fragment G on Entity { neighbors(first: 2) { name } }`, nil, 3, 1 * (1 + 2)},
		{`{ entity(name: "x") { ... on Entity { related(first: 3) { entity { name } } } } }`, nil, 4, 1 + 3*(1+1)},
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

func TestLineIndex(t *testing.T) {
	q := "ab\ncd\r\nef\rgh"
	l := newLineIndex(q)
	for _, tc := range []struct{ offset, line, column int }{{0, 1, 1}, {1, 1, 2}, {3, 2, 1}, {4, 2, 2}, {7, 3, 1}, {10, 4, 1}, {11, 4, 2}} {
		if line, col := l.at(tc.offset); line != tc.line || col != tc.column {
			t.Errorf("offset %d (%q): %d:%d, want %d:%d", tc.offset, q[tc.offset], line, col, tc.line, tc.column)
		}
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
