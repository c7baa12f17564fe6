package export

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"kg/graph"
)

// GraphML and GEXF are written by hand rather than through encoding/xml's
// marshaller: both formats put typed values into generic elements, and a
// template of a few lines says more than a tree of tagged structs.

// listSep joins list values (aliases, article ids, urls) in formats that
// have no list type; neither ids nor urls contain it.
const listSep = " | "

// attr is one typed value of a node or an edge.
type attr struct {
	name, typ string // typ: string, long, double, boolean
	value     string
}

func str(name, v string) attr { return attr{name, "string", v} }
func long(name string, v int64) attr {
	return attr{name, "long", strconv.FormatInt(v, 10)}
}
func double(name string, v float64) attr {
	return attr{name, "double", strconv.FormatFloat(v, 'g', -1, 64)}
}
func boolean(name string, v bool) attr { return attr{name, "boolean", strconv.FormatBool(v)} }

func nodeAttrs(v view, id string) []attr {
	e := v.byID[id]
	arts := v.EntityArticles[e.ID]
	return []attr{
		str("label", e.Name), str("type", string(e.Type)), str("typeLabel", typeLabel(e.Type)),
		str("aliases", strings.Join(e.Aliases, listSep)), long("mentionCount", e.MentionCount),
		long("articleCount", e.ArticleCount), double("confidence", e.Confidence), boolean("center", v.center[e.ID]),
		str("color", colour(e.Type)), str("articles", strings.Join(arts, listSep)), str("urls", strings.Join(v.urls(arts), listSep)),
	}
}

// edgeAttrs are a relation's values; evidence holds its sentences, one a
// line, each after the id of its article.
func edgeAttrs(v view, i int) []attr {
	r := v.Relations[i]
	ev := make([]string, len(r.Evidence))
	for j, e := range r.Evidence {
		ev[j] = e.Article + ": " + e.Text
	}
	return []attr{
		str("label", edgeLabel(r)), str("type", string(r.Type)), str("title", r.Title), double("confidence", r.Confidence),
		str("articles", strings.Join(r.Articles, listSep)), str("urls", strings.Join(v.urls(r.Articles), listSep)),
		str("evidence", strings.Join(ev, "\n")),
	}
}

// attrKeys lists the names and types of attrs, which every node (or every
// edge) has alike; a dummy view gives them.
func attrKeys(edge bool) []attr {
	var v view
	if edge {
		v.Relations = make([]graph.Relation, 1)
		return edgeAttrs(v, 0)
	}
	return nodeAttrs(v, "")
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func writeGraphML(w io.Writer, g Graph) error {
	v := newView(g)
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
`)
	fmt.Fprintf(&b, "  <key id=\"g_title\" for=\"graph\" attr.name=\"title\" attr.type=\"string\"/>\n")
	fmt.Fprintf(&b, "  <key id=\"g_centers\" for=\"graph\" attr.name=\"centers\" attr.type=\"string\"/>\n")
	fmt.Fprintf(&b, "  <key id=\"g_truncated\" for=\"graph\" attr.name=\"truncated\" attr.type=\"boolean\"/>\n")
	for _, k := range attrKeys(false) {
		fmt.Fprintf(&b, "  <key id=\"n_%s\" for=\"node\" attr.name=\"%s\" attr.type=\"%s\"/>\n", k.name, k.name, k.typ)
	}
	for _, k := range attrKeys(true) {
		fmt.Fprintf(&b, "  <key id=\"e_%s\" for=\"edge\" attr.name=\"%s\" attr.type=\"%s\"/>\n", k.name, k.name, k.typ)
	}
	b.WriteString("  <graph id=\"G\" edgedefault=\"directed\">\n")
	fmt.Fprintf(&b, "    <data key=\"g_title\">%s</data>\n", esc(g.Title))
	fmt.Fprintf(&b, "    <data key=\"g_centers\">%s</data>\n", esc(strings.Join(g.Centers, listSep)))
	fmt.Fprintf(&b, "    <data key=\"g_truncated\">%t</data>\n", g.Truncated)
	for _, e := range g.Entities {
		fmt.Fprintf(&b, "    <node id=\"%s\">\n", esc(e.ID))
		for _, a := range nodeAttrs(v, e.ID) {
			fmt.Fprintf(&b, "      <data key=\"n_%s\">%s</data>\n", a.name, esc(a.value))
		}
		b.WriteString("    </node>\n")
	}
	for i, r := range g.Relations {
		fmt.Fprintf(&b, "    <edge id=\"%s\" source=\"%s\" target=\"%s\">\n", esc(r.ID), esc(r.Source), esc(r.Target))
		for _, a := range edgeAttrs(v, i) {
			fmt.Fprintf(&b, "      <data key=\"e_%s\">%s</data>\n", a.name, esc(a.value))
		}
		b.WriteString("    </edge>\n")
	}
	b.WriteString("  </graph>\n</graphml>\n")
	_, err := w.Write(b.Bytes())
	return err
}

func writeGEXF(w io.Writer, g Graph) error {
	v := newView(g)
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">
  <meta>
    <creator>kg</creator>
`)
	fmt.Fprintf(&b, "    <description>%s</description>\n  </meta>\n", esc(g.Title))
	fmt.Fprintf(&b, "  <graph defaultedgetype=\"directed\" mode=\"static\" name=\"%s\">\n", esc(g.Title))
	for _, class := range []string{"node", "edge"} {
		fmt.Fprintf(&b, "    <attributes class=\"%s\" mode=\"static\">\n", class)
		for _, k := range attrKeys(class == "edge") {
			if k.name == "label" {
				continue // GEXF has a label attribute of its own
			}
			fmt.Fprintf(&b, "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n", k.name, k.name, k.typ)
		}
		b.WriteString("    </attributes>\n")
	}
	b.WriteString("    <nodes>\n")
	for _, e := range g.Entities {
		fmt.Fprintf(&b, "      <node id=\"%s\" label=\"%s\">\n        <attvalues>\n", esc(e.ID), esc(e.Name))
		writeAttValues(&b, nodeAttrs(v, e.ID))
		var r, gr, bl int
		_, _ = fmt.Sscanf(colour(e.Type), "#%02x%02x%02x", &r, &gr, &bl)
		fmt.Fprintf(&b, "        </attvalues>\n        <viz:color r=\"%d\" g=\"%d\" b=\"%d\"/>\n      </node>\n", r, gr, bl)
	}
	b.WriteString("    </nodes>\n    <edges>\n")
	for i, r := range g.Relations {
		// kind keeps relations of different types between the same two
		// entities apart in Gephi; weight is the confidence.
		fmt.Fprintf(&b, "      <edge id=\"%s\" source=\"%s\" target=\"%s\" label=\"%s\" kind=\"%s\" weight=\"%s\">\n        <attvalues>\n",
			esc(r.ID), esc(r.Source), esc(r.Target), esc(edgeLabel(r)), esc(string(r.Type)), strconv.FormatFloat(r.Confidence, 'g', -1, 64))
		writeAttValues(&b, edgeAttrs(v, i))
		b.WriteString("        </attvalues>\n      </edge>\n")
	}
	b.WriteString("    </edges>\n  </graph>\n</gexf>\n")
	_, err := w.Write(b.Bytes())
	return err
}

func writeAttValues(b *bytes.Buffer, attrs []attr) {
	for _, a := range attrs {
		if a.name != "label" {
			fmt.Fprintf(b, "          <attvalue for=\"%s\" value=\"%s\"/>\n", a.name, esc(a.value))
		}
	}
}
