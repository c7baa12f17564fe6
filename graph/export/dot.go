package export

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// dotFont is the font list Graphviz hands to Pango (a comma-separated
// family list) and writes into its SVG as a CSS font stack.
const dotFont = "Noto Sans CJK SC,WenQuanYi Zen Hei,PingFang SC,Microsoft YaHei,sans-serif"

// writeDOT draws entities as rounded boxes coloured by type (centers with
// a thick border) and relations as labelled arrows. Provenance rides along
// as attributes: articles (ids) on nodes and edges, and on edges the url
// of the first supporting article and the evidence as the tooltip, which
// the SVG of dot turns into a link and a hover text.
func writeDOT(w io.Writer, g Graph) error {
	v := newView(g)
	var b bytes.Buffer
	fmt.Fprintf(&b, "digraph kg {\n")
	fmt.Fprintf(&b, "  graph [charset=\"UTF-8\", label=%s, labelloc=t, fontname=%s, fontsize=16, rankdir=LR, bgcolor=\"white\", pad=0.3, nodesep=0.3, ranksep=0.8];\n",
		dotString(g.Title), dotString(dotFont))
	fmt.Fprintf(&b, "  node [shape=box, style=\"rounded,filled\", fontname=%s, fontsize=12, penwidth=1.2, margin=\"0.15,0.06\"];\n", dotString(dotFont))
	fmt.Fprintf(&b, "  edge [fontname=%s, fontsize=10, color=\"#666666\", fontcolor=\"#333333\", arrowsize=0.7];\n", dotString(dotFont))
	for _, e := range g.Entities {
		fill, stroke := colours(e.Type)
		pen := ""
		if v.center[e.ID] {
			pen = ", penwidth=3"
		}
		tip := e.Name + "（" + typeLabel(e.Type) + "）"
		if len(e.Aliases) > 0 {
			tip += " 又名 " + strings.Join(e.Aliases, "、")
		}
		fmt.Fprintf(&b, "  %s [label=%s, fillcolor=%q, color=%q%s, tooltip=%s, articles=%s];\n", dotString(e.ID),
			dotString(e.Name+"\n"+typeLabel(e.Type)), fill, stroke, pen, dotString(tip), dotString(strings.Join(g.EntityArticles[e.ID], listSep)))
	}
	for _, r := range g.Relations {
		var tip []string
		for _, ev := range quotes(r) {
			tip = append(tip, ev.Text)
		}
		url := ""
		if urls := v.urls(r.Articles); len(urls) > 0 {
			url = fmt.Sprintf(", URL=%s, target=\"_blank\"", dotString(safeURL(urls[0])))
		}
		fmt.Fprintf(&b, "  %s -> %s [id=%s, label=%s, tooltip=%s%s, articles=%s];\n", dotString(r.Source), dotString(r.Target),
			dotString(r.ID), dotString(edgeLabel(r)), dotString(strings.Join(tip, "\n")), url, dotString(strings.Join(r.Articles, listSep)))
	}
	b.WriteString("}\n")
	_, err := w.Write(b.Bytes())
	return err
}

// dotString quotes s for DOT. Backslashes are doubled, since labels read
// \n, \l and \N as escapes; line breaks become \n; other control
// characters, which Graphviz would copy into SVG where XML forbids them,
// become U+FFFD.
func dotString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	s = strings.Map(func(c rune) rune {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f {
			return '\uFFFD'
		}
		return c
	}, s)
	return `"` + r.Replace(s) + `"`
}

// safeURL percent-encodes what may not stand in a url as it is: Graphviz
// writes some links into its SVG unescaped.
func safeURL(u string) string {
	var b strings.Builder
	for _, c := range []byte(u) {
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"<>\^`+"`{|}", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
