package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"kg/extract"
	"kg/extract/reader"
	"kg/graph"
	"kg/graph/export"
	"kg/graph/graphtest"
	"kg/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// seedPath is the real seed article: a 长江日报 interview with 马修军 and
// 谭敏 about the “人工智能+” action.
const seedPath = "../../examples/000_bed786543f93036c.txt"

// seedCases are the selections the tests export: the two.
var seedCases = []struct {
	name string
	sel  export.Selection
}{
	{"pku", export.Selection{Centers: []string{"北京大学"}, Depth: 2}},
	{"mxj", export.Selection{Centers: []string{"马修军"}}},
}

// seedStore is the real test Neo4j holding the seed article as kg ingest
// would write it: read, extracted, stored. The crawler file gives no date;
// published, when not empty, gives the article one.
func seedStore(t *testing.T, published string) *graph.Store {
	t.Helper()
	s := graphtest.Open(t)
	writeSeed(t, s, published)
	return s
}

func writeSeed(t *testing.T, s *graph.Store, published string) {
	t.Helper()
	ctx := context.Background()
	x, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs []schema.Document
	for it := range reader.Read(ctx, filepath.Base(seedPath), f, reader.Options{}) {
		if it.Err != nil {
			t.Fatal(it.Err)
		}
		if published != "" {
			it.Article.Published = published
		}
		d, err := x.Extract(ctx, it.Article)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	if _, err := s.Write(ctx, docs); err != nil {
		t.Fatal(err)
	}
}

// graphFile is where a case's selected graph is kept: the input of the
// encoders' golden tests, which need no Neo4j.
func graphFile(name string) string { return filepath.Join("testdata", name+".graph.json") }

func loadGraph(t *testing.T, name string) export.Graph {
	t.Helper()
	b, err := os.ReadFile(graphFile(name))
	if err != nil {
		t.Fatalf("%v (run go test ./graph/export -run TestSelectSeed -update against the test Neo4j)", err)
	}
	var g export.Graph
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("%s: %v", graphFile(name), err)
	}
	return g
}

func marshalGraph(t *testing.T, g export.Graph) []byte {
	t.Helper()
	b, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func entityNamed(g export.Graph, name string) (graph.Entity, bool) {
	for _, e := range g.Entities {
		if e.Name == name {
			return e, true
		}
	}
	return graph.Entity{}, false
}

func hasRelation(g export.Graph, typ schema.RelationType, src, dst, title string) bool {
	s, ok1 := entityNamed(g, src)
	d, ok2 := entityNamed(g, dst)
	return ok1 && ok2 && slices.ContainsFunc(g.Relations, func(r graph.Relation) bool {
		return r.Type == typ && r.Source == s.ID && r.Target == d.ID && r.Title == title
	})
}

// TestSelectSeed selects the two subgraphs from the real seed
// extraction and keeps them in testdata (with -update), so that the
// encoders' tests run on what the real graph gives.
func TestSelectSeed(t *testing.T) {
	s := seedStore(t, "")
	for _, tc := range seedCases {
		t.Run(tc.name, func(t *testing.T) {
			g, err := export.Select(context.Background(), s, tc.sel)
			if err != nil {
				t.Fatal(err)
			}
			// What the analyst must see in both.
			for _, rel := range []struct {
				typ             schema.RelationType
				src, dst, title string
			}{
				{schema.WorksAt, "马修军", "北京大学武汉人工智能研究院", "副院长"},
				{schema.WorksAt, "马修军", "北京大学智能学院", "教授"},
			} {
				if !hasRelation(g, rel.typ, rel.src, rel.dst, rel.title) {
					t.Errorf("no %s %s → %s (%s) in %s", rel.typ, rel.src, rel.dst, rel.title, marshalGraph(t, g))
				}
			}
			if len(g.Articles) != 1 || !strings.Contains(g.Articles[0].URL, "baijiahao.baidu.com") {
				t.Errorf("articles = %+v, want the seed article with its url", g.Articles)
			}
			mxj, _ := entityNamed(g, "马修军")
			if !slices.ContainsFunc(g.Statements, func(st graph.Statement) bool { return st.Speaker == mxj.ID }) {
				t.Error("no statement of 马修军")
			}
			if len(g.Centers) != 1 || g.Truncated {
				t.Errorf("centers %v, truncated %v", g.Centers, g.Truncated)
			}
			checkGolden(t, graphFile(tc.name), marshalGraph(t, g))
		})
	}
	pku, _ := export.Select(context.Background(), s, seedCases[0].sel)
	if !hasRelation(pku, schema.PartOf, "北京大学武汉人工智能研究院", "北京大学", "") {
		t.Error("the 北京大学 subgraph lacks PART_OF from its Wuhan institute")
	}
}

// TestSelectFilters checks every filter on the real seed graph against
// the unfiltered selection.
func TestSelectFilters(t *testing.T) {
	s := seedStore(t, "2024-03-18")
	ctx := context.Background()
	base, err := export.Select(ctx, s, export.Selection{Centers: []string{"北京大学"}, Depth: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(base.Entities) < 5 || len(base.Relations) < 4 {
		t.Fatalf("the base subgraph is too small to test filters: %d entities, %d relations", len(base.Entities), len(base.Relations))
	}
	article := base.Articles[0]
	onlyCenter := func(t *testing.T, g export.Graph) {
		t.Helper()
		if len(g.Entities) != 1 || g.Entities[0].Name != "北京大学" || len(g.Relations) != 0 {
			t.Errorf("want only the center, got %d entities, %d relations", len(g.Entities), len(g.Relations))
		}
	}
	sameAsBase := func(t *testing.T, g export.Graph) {
		t.Helper()
		if !bytes.Equal(marshalGraph(t, g), marshalGraph(t, base)) {
			t.Error("a filter that everything passes changed the graph")
		}
	}
	tests := []struct {
		name  string
		sel   export.Selection
		check func(*testing.T, export.Graph)
	}{
		{"min confidence above all", export.Selection{MinConfidence: 1}, onlyCenter},
		{"min confidence below all", export.Selection{MinConfidence: 0.01}, sameAsBase},
		{"another article", export.Selection{Article: "no-such-article"}, onlyCenter},
		{"the seed article", export.Selection{Article: article.ID}, sameAsBase},
		{"since after it", export.Selection{Since: "2999-01-01"}, onlyCenter},
		{"until before it", export.Selection{Until: "1999-12-31"}, onlyCenter},
		{"since and until around it", export.Selection{Since: "2024-03-18", Until: "2024-03-18"}, sameAsBase},
		{"confidence between", export.Selection{MinConfidence: 0.82}, func(t *testing.T, g export.Graph) {
			for _, r := range g.Relations {
				if r.Confidence < 0.82 {
					t.Errorf("%s %s kept with confidence %g", r.Type, r.ID, r.Confidence)
				}
			}
			if len(g.Relations) == len(base.Relations) {
				t.Error("no relation dropped")
			}
		}},
		{"institutions only", export.Selection{EntityTypes: []schema.EntityType{schema.Institution}}, func(t *testing.T, g export.Graph) {
			for _, e := range g.Entities {
				if e.Type != schema.Institution {
					t.Errorf("%s %s is not an institution", e.Type, e.Name)
				}
			}
			if len(g.Entities) < 2 {
				t.Error("no institution around 北京大学")
			}
		}},
		{"part of only", export.Selection{Types: []schema.RelationType{schema.PartOf}}, func(t *testing.T, g export.Graph) {
			for _, r := range g.Relations {
				if r.Type != schema.PartOf {
					t.Errorf("relation of type %s", r.Type)
				}
			}
			if _, ok := entityNamed(g, "马修军"); ok {
				t.Error("马修军 is reached only over WORKS_AT")
			}
		}},
		{"limit", export.Selection{Limit: 3}, func(t *testing.T, g export.Graph) {
			if len(g.Entities) > 3 || !g.Truncated {
				t.Errorf("%d entities, truncated %v; want at most 3 and truncated", len(g.Entities), g.Truncated)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sel := tc.sel
			sel.Centers, sel.Depth = []string{"北京大学"}, 2
			g, err := export.Select(ctx, s, sel)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, g)
		})
	}

	t.Run("paths", func(t *testing.T) {
		g, err := export.Select(ctx, s, export.Selection{From: "马修军", To: "北京大学"})
		if err != nil {
			t.Fatal(err)
		}
		if g.Title != "马修军 → 北京大学" || len(g.Centers) != 2 {
			t.Errorf("title %q, centers %v", g.Title, g.Centers)
		}
		if !hasRelation(g, schema.PartOf, "北京大学武汉人工智能研究院", "北京大学", "") ||
			!hasRelation(g, schema.WorksAt, "马修军", "北京大学武汉人工智能研究院", "副院长") {
			t.Errorf("the paths miss 马修军 → 北京大学武汉人工智能研究院 → 北京大学: %s", marshalGraph(t, g))
		}
		if _, ok := entityNamed(g, "谭敏"); ok {
			t.Error("谭敏 is on no path from 马修军 to 北京大学")
		}
	})

	for _, tc := range []struct {
		name string
		sel  export.Selection
	}{
		{"nothing", export.Selection{}},
		{"from without to", export.Selection{From: "马修军"}},
		{"centers and paths", export.Selection{Centers: []string{"马修军"}, From: "马修军", To: "北京大学"}},
		{"depth", export.Selection{Centers: []string{"马修军"}, Depth: 9}},
		{"limit", export.Selection{Centers: []string{"马修军"}, Limit: 5000}},
		{"confidence", export.Selection{Centers: []string{"马修军"}, MinConfidence: 2}},
	} {
		t.Run("invalid "+tc.name, func(t *testing.T) {
			if _, err := export.Select(ctx, s, tc.sel); !errors.Is(err, graph.ErrInvalid) {
				t.Errorf("err = %v, want graph.ErrInvalid", err)
			}
		})
	}
	t.Run("unknown name", func(t *testing.T) {
		_, err := export.Select(ctx, s, export.Selection{Centers: []string{"马修军", "无此人"}})
		var nf *export.NotFoundError
		if !errors.As(err, &nf) || !slices.Equal(nf.Refs, []string{"无此人"}) {
			t.Errorf("err = %v, want NotFoundError for 无此人", err)
		}
	})
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run with -update if the change is intended); got:\n%s", path, clip(got))
	}
}

func clip(b []byte) string {
	if len(b) > 3000 {
		return string(b[:3000]) + "…"
	}
	return string(b)
}

// TestCypherRoundTrip runs the Cypher export into an empty Neo4j and
// exports the same selection again: every format must come out byte for
// byte the same. The hostile graph checks the script's escaping.
func TestCypherRoundTrip(t *testing.T) {
	s := seedStore(t, "")
	opts := graphtest.Options(t)
	ctx := context.Background()
	for i, tc := range seedCases {
		if i > 0 {
			graphtest.Wipe(t, opts)
			writeSeed(t, s, "")
		}
		before, err := export.Select(ctx, s, tc.sel)
		if err != nil {
			t.Fatal(err)
		}
		script := encode(t, before, export.Cypher, export.Options{})
		graphtest.Wipe(t, opts)
		graphtest.RunScript(t, opts, string(script))
		after, err := export.Select(ctx, s, tc.sel)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range export.Formats() {
			if f == export.SVG || f == export.Markdown {
				continue // pictures depend on the same data as DOT
			}
			if a, b := encode(t, before, f, export.Options{}), encode(t, after, f, export.Options{}); !bytes.Equal(a, b) {
				t.Errorf("%s: %s differs after the round trip:\n%s\n----\n%s", tc.name, f, clip(a), clip(b))
			}
		}
		// Relations rebuilt by the script are ranked by support as stored ones are.
		rows := graphtest.Query(t, opts, `MATCH ()-[r]->() WHERE r.articles IS NOT NULL
RETURN count(r) AS n, count(CASE WHEN r.articleCount = size(r.articles) THEN 1 END) AS counted`, nil)
		if rows[0]["n"] != rows[0]["counted"] {
			t.Errorf("%s: %v relations, %v with articleCount = size(articles)", tc.name, rows[0]["n"], rows[0]["counted"])
		}
		// The script MERGEs: running it again changes nothing.
		counts := graphtest.Counts(t, opts)
		graphtest.RunScript(t, opts, string(script))
		if again := graphtest.Counts(t, opts); fmt.Sprint(again) != fmt.Sprint(counts) {
			t.Errorf("%s: a second run changed the graph: %v → %v", tc.name, counts, again)
		}
	}

	h := hostile()
	graphtest.Wipe(t, opts)
	graphtest.RunScript(t, opts, string(encode(t, h, export.Cypher, export.Options{})))
	got, err := export.Select(ctx, s, export.Selection{Centers: h.Centers, Depth: 1, Title: h.Title})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := encode(t, h, export.JSON, export.Options{}), encode(t, got, export.JSON, export.Options{}); !bytes.Equal(a, b) {
		t.Errorf("hostile text did not survive the script:\n%s\n----\n%s", a, b)
	}
}
