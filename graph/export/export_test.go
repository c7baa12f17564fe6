package export_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"kg/graph"
	"kg/graph/export"
	"kg/schema"
)

// encode writes g in format f with the built-in layout, which is the same
// on every machine (dot's is not).
func encode(t *testing.T, g export.Graph, f export.Format, o export.Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := export.Write(context.Background(), &b, g, f, o); err != nil {
		t.Fatalf("%s: %v", f, err)
	}
	return b.Bytes()
}

func builtin(g export.Graph) export.Options {
	return export.Options{Renderer: export.RenderBuiltin, ImagePath: strings.TrimSuffix(export.FileName(g, export.Markdown), ".md") + ".svg"}
}

// TestGolden writes every format for both seed subgraphs and compares
// them with testdata/golden (go test -update rewrites them). The zip is
// compared by its files.
func TestGolden(t *testing.T) {
	for _, tc := range seedCases {
		g := loadGraph(t, tc.name)
		for _, f := range export.Formats() {
			t.Run(tc.name+"/"+string(f), func(t *testing.T) {
				got := encode(t, g, f, builtin(g))
				if again := encode(t, g, f, builtin(g)); !bytes.Equal(got, again) {
					t.Fatal("the same graph gave different bytes")
				}
				if f == export.CSV {
					files, err := export.CSVFiles(g)
					if err != nil {
						t.Fatal(err)
					}
					zipped := unzip(t, got)
					for _, file := range files {
						if !bytes.Equal(zipped[file.Name], file.Content) {
							t.Errorf("the zip's %s differs from CSVFiles", file.Name)
						}
						checkGolden(t, filepath.Join("testdata", "golden", tc.name+"."+file.Name), file.Content)
					}
					return
				}
				checkGolden(t, filepath.Join("testdata", "golden", tc.name+"."+f.Ext()), got)
			})
		}
	}
}

func unzip(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], err = io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestContent checks, per format, what a reader of the file relies on, on
// the 马修军 graph: names, titles, Chinese labels, provenance.
func TestContent(t *testing.T) {
	g := loadGraph(t, "mxj")
	url := g.Articles[0].URL
	xmlURL := strings.ReplaceAll(url, "&", "&amp;")
	want := map[export.Format][]string{
		export.JSON:    {`"label": "马修军"`, `"title": "副院长"`, `"typeLabel": "人物"`, `"elements": {`, `"links": [`, url},
		export.GraphML: {`attr.name="label" attr.type="string"`, `attr.name="confidence" attr.type="double"`, ">马修军<", ">任职于：副院长<", xmlURL},
		export.GEXF:    {`version="1.3"`, `label="马修军"`, `kind="WORKS_AT"`, `<viz:color`, xmlURL},
		export.Cypher:  {"SET e:Person", "e.name = '马修军'", "[r:WORKS_AT {id: ", "r.title = '副院长'", url},
		export.DOT:     {`label="马修军\n人物"`, `label="任职于：副院长"`, "WenQuanYi Zen Hei", `URL="` + url},
		export.SVG:     {">马修军<", ">任职于：副院长<", "WenQuanYi Zen Hei", xmlURL},
		export.Markdown: {"# 马修军", "5 entities, 5 relations, 1 article, 8 statements", "![马修军](kg-马修军.svg)", "### 人物 Person (1)",
			"| 马修军 | 任职于 WORKS_AT | 北京大学武汉人工智能研究院 | 副院长 |", "## Evidence", "## Statements", "](" + url + ")"},
	}
	for f, ws := range want {
		out := string(encode(t, g, f, builtin(g)))
		for _, w := range ws {
			if !strings.Contains(out, w) {
				t.Errorf("%s lacks %q", f, w)
			}
		}
	}
	files, err := export.CSVFiles(g)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !strings.HasPrefix(string(f.Content), strings.Join(export.CSVHeaders()[f.Name], ",")+"\n") {
			t.Errorf("%s does not start with its header", f.Name)
		}
	}
	if s := string(files[1].Content); files[1].Name != "nodes.csv" || !strings.Contains(s, "马修军") || !strings.Contains(s, "Entity;Person") {
		t.Errorf("nodes.csv:\n%s", s)
	}
	// Without an image path the report carries its picture inline.
	md := string(encode(t, g, export.Markdown, export.Options{Renderer: export.RenderBuiltin}))
	if !strings.Contains(md, "](data:image/svg+xml;base64,") {
		t.Error("the report has no inline picture")
	}
}

// hostile is a graph whose text tries every escape of every format.
func hostile() export.Graph {
	nasty := "名\"字'<&>\\n;|,*_[x](y)#\n第二行\t`}{" + "\u0001"
	p := graph.Entity{ID: "person:0000000000000001", Type: schema.Person, Name: nasty, Aliases: []string{"别名;一", "别名|二"},
		MentionCount: 2, ArticleCount: 1, Confidence: 1}
	o := graph.Entity{ID: "company:0000000000000002", Type: schema.Company, Name: "公司 \"A\" & B", MentionCount: 1, ArticleCount: 1, Confidence: 0.5}
	return export.Graph{
		Title: nasty, Centers: []string{p.ID}, Entities: []graph.Entity{o, p},
		Relations: []graph.Relation{{ID: "rel:0000000000000003", Type: schema.WorksAt, Source: p.ID, Target: o.ID, Title: nasty,
			Confidence: 1, Articles: []string{"a1"},
			Evidence: []graph.Evidence{{Article: "a1", Start: 0, End: 3, Confidence: 1, Text: nasty}}}},
		Articles:       []graph.Article{{ID: "a1", Title: nasty, URL: "https://example.com/a?b=1&c=2;d=(3) <4>", Published: "2025-01-02"}},
		Statements:     []graph.Statement{{ID: "stmt:0000000000000004", Article: "a1", Speaker: p.ID, Start: 0, End: 3, Text: nasty}},
		EntityArticles: map[string][]string{p.ID: {"a1"}, o.ID: {"a1"}},
	}
}

func TestHostileText(t *testing.T) {
	g := hostile()
	for _, f := range export.Formats() {
		out := string(encode(t, g, f, export.Options{Renderer: export.RenderBuiltin}))
		switch f {
		case export.Cypher:
			for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
				if !strings.HasPrefix(line, "//") && !strings.HasSuffix(line, ";") {
					t.Errorf("a value broke a Cypher statement over lines: %q", line)
				}
			}
		case export.DOT:
			if !strings.Contains(out, `名\"字'<&>\\n;`) || strings.Contains(out, "\n第二行") {
				t.Error("DOT: unescaped quote, backslash or line break")
			}
		case export.Markdown:
			if strings.Contains(out, "[x](y)") || strings.Contains(out, "<&>") {
				t.Error("Markdown: markup from the data is live")
			}
		}
	}
	// The XML formats are checked by xmllint and NetworkX in consumers_test.go.
}

func TestBadGraph(t *testing.T) {
	g := hostile()
	g.Entities[0].Type = "Robot"
	for _, f := range export.Formats() {
		if err := export.Write(context.Background(), io.Discard, g, f, export.Options{}); err == nil || !strings.Contains(err.Error(), "Robot") {
			t.Errorf("%s: err = %v, want the unknown type named", f, err)
		}
	}
}

func TestFormats(t *testing.T) {
	for _, tc := range []struct {
		in, ext, ctype string
		want           export.Format
	}{
		{"graphml", "graphml", "application/graphml+xml", export.GraphML},
		{"GEXF", "gexf", "application/gexf+xml", export.GEXF},
		{"Csv", "zip", "application/zip", export.CSV},
		{"md", "md", "text/markdown; charset=utf-8", export.Markdown},
		{"svg", "svg", "image/svg+xml", export.SVG},
	} {
		f, err := export.ParseFormat(tc.in)
		if err != nil || f != tc.want || f.Ext() != tc.ext || f.ContentType() != tc.ctype {
			t.Errorf("%s: %s %s %s %v", tc.in, f, f.Ext(), f.ContentType(), err)
		}
	}
	if _, err := export.ParseFormat("pdf"); !errors.Is(err, graph.ErrInvalid) || !strings.Contains(err.Error(), "graphml") {
		t.Errorf("pdf: %v", err)
	}
	for _, tc := range []struct{ title, want string }{
		{"马修军", "kg-马修军.svg"}, {"华为 → 小米", "kg-华为-小米.svg"}, {"", "kg-export.svg"}, {"../../etc/passwd", "kg-etc-passwd.svg"},
	} {
		if got := export.FileName(export.Graph{Title: tc.title}, export.SVG); got != tc.want {
			t.Errorf("FileName(%q) = %q, want %q", tc.title, got, tc.want)
		}
	}
}

// star is a company and n people who work at it.
func star(n int) export.Graph {
	c := graph.Entity{ID: "company:0000000000000000", Type: schema.Company, Name: "公司", MentionCount: 1, ArticleCount: 1, Confidence: 1}
	g := export.Graph{Title: "公司", Centers: []string{c.ID}, Entities: []graph.Entity{c}}
	for i := range n {
		p := graph.Entity{ID: fmt.Sprintf("person:%016x", i+1), Type: schema.Person, Name: fmt.Sprintf("人%d", i), MentionCount: 1, ArticleCount: 1, Confidence: 1}
		g.Entities = append(g.Entities, p)
		g.Relations = append(g.Relations, graph.Relation{ID: fmt.Sprintf("rel:%016x", i+1), Type: schema.WorksAt, Source: p.ID, Target: c.ID, Confidence: 1})
	}
	return g
}

// TestLargeGraphsSkipDot: dot takes minutes over a few hundred labelled
// relations, so past the bound an automatic SVG is the built-in layout's,
// while a small graph is still drawn by dot when it is installed.
func TestLargeGraphsSkipDot(t *testing.T) {
	need(t, "dot", "graphviz")
	auto := export.Options{Renderer: export.RenderAuto}
	forced := export.Options{Renderer: export.RenderBuiltin}
	big := star(81)
	if !bytes.Equal(encode(t, big, export.SVG, auto), encode(t, big, export.SVG, forced)) {
		t.Error("an 82-entity graph was not drawn by the built-in layout")
	}
	small := star(5)
	if bytes.Equal(encode(t, small, export.SVG, auto), encode(t, small, export.SVG, forced)) {
		t.Error("a 6-entity graph was not drawn by dot")
	}
}
