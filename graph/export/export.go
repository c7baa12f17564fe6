// Package export turns a subgraph of kg's graph into files for reports and
// other tools: JSON for d3 and Cytoscape, GraphML for Gephi, yEd and
// NetworkX, GEXF 1.3 for Gephi, CSV for neo4j-admin database import, a
// Cypher script that rebuilds the subgraph in another Neo4j, DOT and SVG
// pictures, and a Markdown report.
//
// Select gathers a Graph through a small read interface (which *graph.Store
// satisfies); the encoders are pure functions of that Graph and write to an
// io.Writer. The same Graph always gives the same bytes: everything is
// sorted by id and no output holds a timestamp of its own.
package export

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"unicode"

	"kg/graph"
	"kg/schema"
)

// Graph is what an export shows: entities, the relations among them with
// their evidence, the articles they cite, and what the people said.
type Graph struct {
	Title   string
	Centers []string // ids of the entities the selection started from
	// Entities, Relations, Articles and Statements are sorted by id by every
	// encoder; Articles and Statements carry no text beyond their quotes.
	Entities   []graph.Entity
	Relations  []graph.Relation
	Articles   []graph.Article
	Statements []graph.Statement
	// EntityArticles lists, per entity id, the ids of the articles that
	// mention it (its provenance).
	EntityArticles map[string][]string
	// Truncated is set when a limit cut entities or relations off.
	Truncated bool
}

// Format is an export format. The names are those of the GraphQL enum
// ExportFormat.
type Format string

const (
	JSON     Format = "JSON"
	GraphML  Format = "GRAPHML"
	GEXF     Format = "GEXF"
	CSV      Format = "CSV"
	Cypher   Format = "CYPHER"
	DOT      Format = "DOT"
	SVG      Format = "SVG"
	Markdown Format = "MARKDOWN"
)

type formatInfo struct {
	format      Format
	ext         string
	contentType string
	about       string
}

func formatInfos() []formatInfo {
	return []formatInfo{
		{JSON, "json", "application/json", "nodes and links for d3 and NetworkX, elements for Cytoscape"},
		{GraphML, "graphml", "application/graphml+xml", "GraphML with typed keys, for Gephi, yEd and NetworkX"},
		{GEXF, "gexf", "application/gexf+xml", "GEXF 1.3, Gephi's own format"},
		{CSV, "zip", "application/zip", "nodes and relationships in the CSV format of neo4j-admin database import (zipped)"},
		{Cypher, "cypher", "text/plain; charset=utf-8", "a Cypher script that rebuilds the subgraph in an empty Neo4j"},
		{DOT, "dot", "text/vnd.graphviz; charset=utf-8", "Graphviz DOT"},
		{SVG, "svg", "image/svg+xml", "a picture: Graphviz dot when installed, else a built-in layout"},
		{Markdown, "md", "text/markdown; charset=utf-8", "a report: counts, entities by type, relations, evidence, the picture"},
	}
}

// Formats lists every format in a fixed order.
func Formats() []Format {
	out := make([]Format, len(formatInfos()))
	for i, f := range formatInfos() {
		out[i] = f.format
	}
	return out
}

func (f Format) info() (formatInfo, bool) {
	for _, i := range formatInfos() {
		if i.format == f {
			return i, true
		}
	}
	return formatInfo{}, false
}

// ParseFormat accepts a format name in any case (graphml, GraphML) or its
// file extension (md).
func ParseFormat(s string) (Format, error) {
	for _, i := range formatInfos() {
		if strings.EqualFold(s, string(i.format)) || strings.EqualFold(s, i.ext) && i.format != CSV {
			return i.format, nil
		}
	}
	names := make([]string, len(formatInfos()))
	for i, f := range formatInfos() {
		names[i] = strings.ToLower(string(f.format))
	}
	return "", fmt.Errorf("%w: unknown export format %q: use one of %s", graph.ErrInvalid, s, strings.Join(names, ", "))
}

// Ext is the file extension of the format's single-file output (zip for CSV).
func (f Format) Ext() string { i, _ := f.info(); return i.ext }

// ContentType is the media type of the format's single-file output.
func (f Format) ContentType() string { i, _ := f.info(); return i.contentType }

// About says in a few words what the format is for.
func (f Format) About() string { i, _ := f.info(); return i.about }

// Renderer picks how SVG pictures are drawn.
type Renderer int

const (
	// RenderAuto uses Graphviz dot when it is on PATH, else the built-in layout.
	RenderAuto Renderer = iota
	// RenderBuiltin always uses the built-in layout.
	RenderBuiltin
)

// Options adjust the encoders.
type Options struct {
	Renderer Renderer
	// ImagePath is where the Markdown report finds its picture (an SVG file
	// written next to it); empty embeds the SVG as a data URI.
	ImagePath string
}

// File is one file of a multi-file export (the CSV files).
type File struct {
	Name    string
	Content []byte
}

// Write encodes g in format f to w. ctx bounds the Graphviz run of SVG.
func Write(ctx context.Context, w io.Writer, g Graph, f Format, o Options) error {
	n, err := g.normalized()
	if err != nil {
		return fmt.Errorf("export %s: %w", strings.ToLower(string(f)), err)
	}
	switch f {
	case JSON:
		err = writeJSON(w, n)
	case GraphML:
		err = writeGraphML(w, n)
	case GEXF:
		err = writeGEXF(w, n)
	case CSV:
		err = writeCSVZip(w, n)
	case Cypher:
		err = writeCypher(w, n)
	case DOT:
		err = writeDOT(w, n)
	case SVG:
		err = writeSVG(ctx, w, n, o.Renderer)
	case Markdown:
		err = writeMarkdown(ctx, w, n, o)
	default:
		return fmt.Errorf("%w: unknown export format %q", graph.ErrInvalid, f)
	}
	if err != nil {
		return fmt.Errorf("export %s: %w", strings.ToLower(string(f)), err)
	}
	return nil
}

// CSVFiles returns the CSV export as separate files, for a folder.
func CSVFiles(g Graph) ([]File, error) {
	n, err := g.normalized()
	if err != nil {
		return nil, fmt.Errorf("export csv: %w", err)
	}
	return csvFiles(n), nil
}

// FileName is the download name of an export: kg-<slug>.<ext>, the slug
// made of the title's letters and digits (Chinese kept).
func FileName(g Graph, f Format) string {
	return "kg-" + Slug(g.Title) + "." + f.Ext()
}

// Slug keeps letters and digits of s and joins the runs with dashes, at
// most 60 characters; "export" when nothing is left.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	n := 0
	for _, r := range s {
		if n >= 60 {
			break
		}
		if isWordRune(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			n++
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "export"
	}
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// normalized is g sorted by id, with every list deduplicated and the
// entity types checked (labels in the Cypher script come from them).
// Relations whose ends are not shown are dropped: no format can draw them.
func (g Graph) normalized() (Graph, error) {
	n := Graph{Title: g.Title, Truncated: g.Truncated, EntityArticles: map[string][]string{}}
	if n.Title == "" {
		n.Title = "kg export"
	}
	n.Entities = uniqueSorted(g.Entities, func(e graph.Entity) string { return e.ID })
	shown := map[string]bool{}
	for i, e := range n.Entities {
		if info, ok := e.Type.Info(); !ok || !info.Node {
			return n, fmt.Errorf("entity %s has unknown type %q", e.ID, e.Type)
		}
		e.Aliases = sortedCopy(e.Aliases)
		e.ManualAliases = sortedCopy(e.ManualAliases)
		n.Entities[i] = e
		shown[e.ID] = true
		n.EntityArticles[e.ID] = sortedCopy(g.EntityArticles[e.ID])
	}
	for _, c := range sortedCopy(g.Centers) {
		if shown[c] {
			n.Centers = append(n.Centers, c)
		}
	}
	for _, r := range uniqueSorted(g.Relations, func(r graph.Relation) string { return r.ID }) {
		if !r.Type.Valid() {
			return n, fmt.Errorf("relation %s has unknown type %q", r.ID, r.Type)
		}
		if !shown[r.Source] || !shown[r.Target] {
			continue
		}
		r.SourceEntity, r.TargetEntity = nil, nil
		r.Articles = sortedCopy(r.Articles)
		r.Evidence = slices.Clone(r.Evidence)
		slices.SortFunc(r.Evidence, func(a, b graph.Evidence) int {
			return cmp.Or(cmp.Compare(a.Article, b.Article), cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), cmp.Compare(a.Text, b.Text))
		})
		n.Relations = append(n.Relations, r)
	}
	n.Articles = uniqueSorted(g.Articles, func(a graph.Article) string { return a.ID })
	for i := range n.Articles {
		// Exports cite articles; their texts and ingestion times are not
		// part of the subgraph (and a time would change the bytes).
		a := n.Articles[i]
		n.Articles[i] = graph.Article{ID: a.ID, Title: a.Title, URL: a.URL, Published: a.Published, Source: a.Source}
	}
	for _, s := range uniqueSorted(g.Statements, func(s graph.Statement) string { return s.ID }) {
		if !shown[s.Speaker] {
			continue
		}
		var about []string
		for _, id := range sortedCopy(s.About) {
			if shown[id] {
				about = append(about, id)
			}
		}
		s.About = about
		n.Statements = append(n.Statements, s)
	}
	return n, nil
}

func uniqueSorted[T any](in []T, id func(T) string) []T {
	out := slices.Clone(in)
	slices.SortStableFunc(out, func(a, b T) int { return cmp.Compare(id(a), id(b)) })
	return slices.CompactFunc(out, func(a, b T) bool { return id(a) == id(b) })
}

func sortedCopy(in []string) []string {
	out := slices.Clone(in)
	slices.Sort(out)
	return slices.Compact(out)
}

// view is the lookups the encoders share.
type view struct {
	Graph
	byID     map[string]graph.Entity
	articles map[string]graph.Article
	center   map[string]bool
}

func newView(g Graph) view {
	v := view{Graph: g, byID: map[string]graph.Entity{}, articles: map[string]graph.Article{}, center: map[string]bool{}}
	for _, e := range g.Entities {
		v.byID[e.ID] = e
	}
	for _, a := range g.Articles {
		v.articles[a.ID] = a
	}
	for _, c := range g.Centers {
		v.center[c] = true
	}
	return v
}

// urls are the urls of the given articles that have one, in the same order.
func (v view) urls(ids []string) []string {
	var out []string
	for _, id := range ids {
		if u := v.articles[id].URL; u != "" {
			out = append(out, u)
		}
	}
	return out
}

func typeLabel(t schema.EntityType) string {
	info, _ := t.Info()
	return info.Chinese
}

func relationLabel(t schema.RelationType) string {
	info, _ := t.Info()
	return info.Chinese
}

// edgeLabel is what a picture writes on a relation: its Chinese label and
// the job title of WORKS_AT.
func edgeLabel(r graph.Relation) string {
	if r.Title != "" {
		return relationLabel(r.Type) + "：" + r.Title
	}
	return relationLabel(r.Type)
}

// colours gives each entity type the colour of the ontology (the
// explorer's too) as the stroke, and a light tint of it as the fill, so
// that dark label text stays legible on it.
func colours(t schema.EntityType) (fill, stroke string) {
	stroke = colour(t)
	return tint(stroke, 0.6), stroke
}

// colour is the type's colour of the ontology, grey for an unknown type.
func colour(t schema.EntityType) string {
	if i, ok := t.Info(); ok && len(i.Color) == 7 {
		return i.Color
	}
	return "#555555"
}

// tint moves the colour #rrggbb the fraction f of the way to white.
func tint(hex string, f float64) string {
	var r, g, b int
	if _, err := fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b); err != nil {
		return "#eeeeee"
	}
	mix := func(c int) int { return c + int(math.Round(float64(255-c)*f)) }
	return fmt.Sprintf("#%02x%02x%02x", mix(r), mix(g), mix(b))
}

// FontFamily is the CSS font stack of the pictures: CJK fonts of Linux,
// macOS and Windows first, so that Chinese labels are legible everywhere.
const FontFamily = `"Noto Sans CJK SC","WenQuanYi Zen Hei","PingFang SC","Microsoft YaHei",sans-serif`

// quotes are the distinct sentences of a relation's evidence, with their
// articles: a sentence the text repeats is quoted once.
func quotes(r graph.Relation) []graph.Evidence {
	var out []graph.Evidence
	for _, e := range r.Evidence {
		if !slices.ContainsFunc(out, func(o graph.Evidence) bool { return o.Article == e.Article && o.Text == e.Text }) {
			out = append(out, e)
		}
	}
	return out
}

// entityTypesShown lists the types present in g, in the ontology's order.
func entityTypesShown(g Graph) []schema.EntityType {
	has := map[schema.EntityType]bool{}
	for _, e := range g.Entities {
		has[e.Type] = true
	}
	var out []schema.EntityType
	for _, t := range schema.NodeTypes() {
		if has[t] {
			out = append(out, t)
		}
	}
	return out
}
