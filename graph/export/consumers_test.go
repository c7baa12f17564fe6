package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"kg/graph/export"
)

// The tests in this file hand the exports to the programs that read them
// in real life: NetworkX, xmllint, librsvg and neo4j-admin. A missing
// program fails the test and says what to install.

func need(t *testing.T, prog, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(prog)
	if err != nil {
		t.Fatalf("this test needs %s: install %s (.ci/run does)", prog, pkg)
	}
	return p
}

// python finds an interpreter that can import networkx.
func python(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"python3", "/usr/bin/python3", "python"} {
		if path, err := exec.LookPath(p); err == nil && exec.Command(path, "-c", "import networkx").Run() == nil {
			return path
		}
	}
	t.Fatal("no python3 can import networkx: install python3-networkx (.ci/run does)")
	return ""
}

// readBack loads a GraphML, GEXF or JSON export with NetworkX and prints
// what a Gephi or notebook user would see: every node with its label and
// type, every edge with its ends, key, type and label.
const readBack = `
import json, sys
import networkx as nx
kind, path = sys.argv[1], sys.argv[2]
if kind == "graphml":
    g = nx.read_graphml(path, force_multigraph=True)
elif kind == "gexf":
    g = nx.read_gexf(path)
else:
    g = nx.node_link_graph(json.load(open(path, encoding="utf-8")), edges="links")
if not g.is_multigraph():  # read_gexf gives a DiGraph when no two edges share their ends
    g = nx.MultiDiGraph(g)
nodes = {n: [d.get("label"), d.get("type")] for n, d in g.nodes(data=True)}
edges = sorted([u, v, str(d.get("id", k)), d.get("type", d.get("kind")), d.get("label")] for u, v, k, d in g.edges(keys=True, data=True))
print(json.dumps({"directed": g.is_directed(), "nodes": nodes, "edges": edges}, ensure_ascii=False))
`

type networkxView struct {
	Directed bool                 `json:"directed"`
	Nodes    map[string][2]string `json:"nodes"`
	Edges    [][5]string          `json:"edges"`
}

// xmlText is what an XML parser reads back from text kg wrote: XML 1.0
// cannot hold most control characters, which the encoder replaces.
func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			return '\uFFFD'
		}
		return r
	}, s)
}

// expectedView is what NetworkX should read; XML cannot carry every
// character that JSON can.
func expectedView(g export.Graph, xml bool) networkxView {
	text := func(s string) string { return s }
	if xml {
		text = xmlText
	}
	v := networkxView{Directed: true, Nodes: map[string][2]string{}}
	for _, e := range g.Entities {
		v.Nodes[e.ID] = [2]string{text(e.Name), string(e.Type)}
	}
	for _, r := range g.Relations {
		info, _ := r.Type.Info()
		label := info.Chinese
		if r.Title != "" {
			label += "：" + r.Title
		}
		v.Edges = append(v.Edges, [5]string{r.Source, r.Target, r.ID, string(r.Type), text(label)})
	}
	slices.SortFunc(v.Edges, func(a, b [5]string) int {
		return strings.Compare(strings.Join(a[:], "\x00"), strings.Join(b[:], "\x00"))
	})
	return v
}

func writeTemp(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func consumerGraphs(t *testing.T) map[string]export.Graph {
	return map[string]export.Graph{"pku": loadGraph(t, "pku"), "mxj": loadGraph(t, "mxj"), "hostile": hostile()}
}

// TestNetworkXReadsBack loads the GraphML, the GEXF and the JSON with
// NetworkX and expects the same nodes, edges, labels and Chinese text.
func TestNetworkXReadsBack(t *testing.T) {
	py := python(t)
	dir := t.TempDir()
	for name, g := range consumerGraphs(t) {
		for _, f := range []export.Format{export.GraphML, export.GEXF, export.JSON} {
			t.Run(name+"/"+string(f), func(t *testing.T) {
				p := writeTemp(t, dir, name+"."+f.Ext(), encode(t, g, f, export.Options{}))
				out, err := exec.Command(py, "-c", readBack, f.Ext(), p).CombinedOutput()
				if err != nil {
					t.Fatalf("networkx cannot read it: %v\n%s", err, out)
				}
				var got networkxView
				if err := json.Unmarshal(out, &got); err != nil {
					t.Fatalf("%v: %s", err, out)
				}
				w := expectedView(g, f != export.JSON)
				if fmt.Sprint(got) != fmt.Sprint(w) {
					t.Errorf("networkx reads\n%v\nwant\n%v", got, w)
				}
			})
		}
	}
}

// TestXMLWellFormed runs xmllint over every XML the exporter writes, and
// validates the GraphML against the GraphML schema.
func TestXMLWellFormed(t *testing.T) {
	xmllint := need(t, "xmllint", "libxml2-utils")
	dir := t.TempDir()
	for name, g := range consumerGraphs(t) {
		for _, tc := range []struct {
			f export.Format
			r export.Renderer
		}{{export.GraphML, 0}, {export.GEXF, 0}, {export.SVG, export.RenderAuto}, {export.SVG, export.RenderBuiltin}} {
			p := writeTemp(t, dir, fmt.Sprintf("%s-%d.%s", name, tc.r, tc.f.Ext()), encode(t, g, tc.f, export.Options{Renderer: tc.r}))
			args := []string{"--noout", "--nonet", p}
			if tc.f == export.GraphML {
				args = append(args, "--schema", filepath.Join("testdata", "xsd", "graphml.xsd"))
			}
			if out, err := exec.Command(xmllint, args...).CombinedOutput(); err != nil {
				t.Errorf("%s %s (renderer %d) is not well-formed XML or not valid GraphML: %v\n%s", name, tc.f, tc.r, err, out)
			}
		}
	}
}

// TestSVGPictures renders both SVGs (Graphviz's and the built-in one) to
// PNG with librsvg and checks that they show something: many pixels that
// are not the white background. dot's output must be stable too.
func TestSVGPictures(t *testing.T) {
	need(t, "dot", "graphviz")
	rsvg := need(t, "rsvg-convert", "librsvg2-bin")
	dir := t.TempDir()
	g := loadGraph(t, "pku")
	for _, r := range []export.Renderer{export.RenderAuto, export.RenderBuiltin} {
		svg := encode(t, g, export.SVG, export.Options{Renderer: r})
		if again := encode(t, g, export.SVG, export.Options{Renderer: r}); !bytes.Equal(svg, again) {
			t.Errorf("renderer %d: the same graph drew different SVGs", r)
		}
		if r == export.RenderAuto && !bytes.Contains(svg, []byte("<!-- Title: kg")) {
			t.Error("with dot on PATH the SVG is not Graphviz's")
		}
		if !bytes.Contains(svg, []byte("北京大学武汉人工智能研究院")) || !bytes.Contains(svg, []byte("WenQuanYi Zen Hei")) {
			t.Errorf("renderer %d: the SVG lacks a Chinese label or the CJK font stack", r)
		}
		p := writeTemp(t, dir, fmt.Sprintf("pku-%d.svg", r), svg)
		pngPath := strings.TrimSuffix(p, ".svg") + ".png"
		if out, err := exec.Command(rsvg, "-o", pngPath, p).CombinedOutput(); err != nil {
			t.Fatalf("rsvg-convert: %v\n%s", err, out)
		}
		f, err := os.Open(pngPath)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		b := img.Bounds()
		inked := 0
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if r, g, b, a := img.At(x, y).RGBA(); a > 0 && (r < 0xf000 || g < 0xf000 || b < 0xf000) {
					inked++
				}
			}
		}
		share := float64(inked) / float64(b.Dx()*b.Dy())
		t.Logf("renderer %d: %dx%d px, %.1f%% inked", r, b.Dx(), b.Dy(), 100*share)
		if b.Dx() < 200 || b.Dy() < 100 || share < 0.03 {
			t.Errorf("renderer %d: the picture is blank or tiny: %dx%d, %.1f%% inked", r, b.Dx(), b.Dy(), 100*share)
		}
	}
}

// TestCSVImport checks the CSV headers with a CSV reader, then imports the
// files with neo4j-admin database import from the jars of the local test
// Neo4j (scripts/neo4j fetches them) into a scratch folder.
func TestCSVImport(t *testing.T) {
	g := loadGraph(t, "pku")
	h := hostile()
	g.Entities = append(g.Entities, h.Entities...)
	g.Relations = append(g.Relations, h.Relations...)
	g.Articles = append(g.Articles, h.Articles...)
	files, err := export.CSVFiles(g)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	rows := map[string]int{}
	for _, f := range files {
		writeTemp(t, dir, f.Name, f.Content)
		recs, err := csv.NewReader(bytes.NewReader(f.Content)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if !slices.Equal(recs[0], export.CSVHeaders()[f.Name]) {
			t.Errorf("%s header = %v", f.Name, recs[0])
		}
		rows[f.Name] = len(recs) - 1
	}
	if rows["nodes.csv"] != len(g.Entities) || rows["relationships.csv"] != len(g.Relations) || rows["articles.csv"] != len(g.Articles) {
		t.Fatalf("rows %v for %d entities, %d relations, %d articles", rows, len(g.Entities), len(g.Relations), len(g.Articles))
	}

	java := need(t, "java", "openjdk-17-jre-headless")
	lib, _ := filepath.Abs("../../.neo4j-test/lib")
	if jars, _ := filepath.Glob(filepath.Join(lib, "neo4j-import-tool-*.jar")); len(jars) == 0 {
		t.Fatalf("no Neo4j jars in %s: run `make neo4j-test` once to fetch them", lib)
	}
	home := t.TempDir()
	conf := filepath.Join(home, "conf")
	if err := os.MkdirAll(conf, 0o755); err != nil {
		t.Fatal(err)
	}
	writeTemp(t, conf, "neo4j.conf", []byte(fmt.Sprintf("server.directories.data=%s/data\nserver.directories.logs=%s/logs\n", home, home)))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, java, "-Xmx256m", "-cp", lib+"/*", "org.neo4j.cli.AdminTool", "database", "import", "full", "neo4j",
		"--nodes="+filepath.Join(dir, "nodes.csv"), "--nodes="+filepath.Join(dir, "articles.csv"),
		"--relationships="+filepath.Join(dir, "relationships.csv"), "--threads=1")
	cmd.Dir = home
	cmd.Env = append(slices.DeleteFunc(os.Environ(), func(e string) bool { return strings.HasPrefix(e, "JAVA_OPTS=") }),
		"NEO4J_HOME="+home, "NEO4J_CONF="+conf)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("neo4j-admin database import: %v\n%s", err, clip(out))
	}
	m := regexp.MustCompile(`Imported:\s+(\d+) nodes\s+(\d+) relationships`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no import summary:\n%s", clip(out))
	}
	if want := fmt.Sprintf("%d nodes, %d relationships", len(g.Entities)+len(g.Articles), len(g.Relations)); fmt.Sprintf("%s nodes, %s relationships", m[1], m[2]) != want {
		t.Errorf("imported %s nodes, %s relationships; want %s", m[1], m[2], want)
	}
}
