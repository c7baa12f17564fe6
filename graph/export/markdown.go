package export

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"slices"
	"strings"

	"kg/graph"
)

// writeMarkdown writes a report: title, counts, the picture, entities by
// type, relations with their titles, evidence quotes and statements linked
// to their articles, and the articles cited.
func writeMarkdown(ctx context.Context, w io.Writer, g Graph, o Options) error {
	v := newView(g)
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n", mdText(g.Title))
	fmt.Fprintf(&b, "%s, %s, %s, %s.", plural(len(g.Entities), "entity", "entities"), plural(len(g.Relations), "relation", "relations"),
		plural(len(g.Articles), "article", "articles"), plural(len(g.Statements), "statement", "statements"))
	if len(g.Centers) > 0 {
		names := make([]string, len(g.Centers))
		for i, c := range g.Centers {
			names[i] = "**" + mdText(v.byID[c].Name) + "**"
		}
		fmt.Fprintf(&b, " Around %s.", strings.Join(names, "、"))
	}
	b.WriteString("\n")
	if g.Truncated {
		b.WriteString("\n> Truncated: a limit cut some entities or relations off; ask for a smaller depth or a higher limit to see them.\n")
	}

	img := o.ImagePath
	if img == "" {
		var svg bytes.Buffer
		if err := writeSVG(ctx, &svg, g, o.Renderer); err != nil {
			return err
		}
		img = "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(svg.Bytes())
	}
	fmt.Fprintf(&b, "\n![%s](%s)\n", mdText(g.Title), mdURL(img))

	b.WriteString("\n## Entities by type\n")
	for _, t := range entityTypesShown(g) {
		var es []graph.Entity
		for _, e := range g.Entities {
			if e.Type == t {
				es = append(es, e)
			}
		}
		fmt.Fprintf(&b, "\n### %s %s (%d)\n\n| name | aliases | mentions | articles |\n|---|---|---:|---:|\n", typeLabel(t), t, len(es))
		for _, e := range es {
			name := mdCell(e.Name)
			if v.center[e.ID] {
				name = "**" + name + "**"
			}
			fmt.Fprintf(&b, "| %s | %s | %d | %d |\n", name, mdCell(strings.Join(e.Aliases, "、")), e.MentionCount, e.ArticleCount)
		}
	}

	// Relations read best grouped by their source, then type.
	rels := slices.Clone(g.Relations)
	slices.SortStableFunc(rels, func(a, b graph.Relation) int {
		return cmp.Or(cmp.Compare(v.byID[a.Source].Name, v.byID[b.Source].Name), cmp.Compare(a.Type, b.Type),
			cmp.Compare(v.byID[a.Target].Name, v.byID[b.Target].Name), cmp.Compare(a.ID, b.ID))
	})
	if len(rels) > 0 {
		b.WriteString("\n## Relations\n\n| source | relation | target | title | confidence | articles |\n|---|---|---|---|---:|---|\n")
		for _, r := range rels {
			fmt.Fprintf(&b, "| %s | %s %s | %s | %s | %.2f | %s |\n", mdCell(v.byID[r.Source].Name), relationLabel(r.Type), r.Type,
				mdCell(v.byID[r.Target].Name), mdCell(r.Title), r.Confidence, v.articleLinks(r.Articles))
		}
		b.WriteString("\n## Evidence\n")
		for _, r := range rels {
			if len(r.Evidence) == 0 {
				continue
			}
			fmt.Fprintf(&b, "\n**%s %s %s**", mdText(v.byID[r.Source].Name), relationLabel(r.Type), mdText(v.byID[r.Target].Name))
			if r.Title != "" {
				fmt.Fprintf(&b, "（%s）", mdText(r.Title))
			}
			b.WriteString("\n")
			for _, ev := range quotes(r) {
				fmt.Fprintf(&b, "\n> %s\n> — %s\n", mdText(oneLine(ev.Text)), v.articleLink(ev.Article))
			}
		}
	}

	if len(g.Statements) > 0 {
		b.WriteString("\n## Statements\n")
		last := ""
		for _, s := range statementsBySpeaker(g) {
			if s.Speaker != last {
				fmt.Fprintf(&b, "\n### %s\n", mdText(v.byID[s.Speaker].Name))
				last = s.Speaker
			}
			fmt.Fprintf(&b, "\n> %s\n> — %s\n", mdText(oneLine(s.Text)), v.articleLink(s.Article))
		}
	}

	if len(g.Articles) > 0 {
		b.WriteString("\n## Articles\n\n| | title | published | source | id |\n|---:|---|---|---|---|\n")
		for i, a := range g.Articles {
			fmt.Fprintf(&b, "| %d | %s | %s | %s | `%s` |\n", i+1, v.articleLink(a.ID), mdCell(a.Published), mdCell(a.Source), a.ID)
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// statementsBySpeaker orders statements by speaker name, then article and
// position, so that each person's quotes read in order.
func statementsBySpeaker(g Graph) []graph.Statement {
	v := newView(g)
	out := slices.Clone(g.Statements)
	key := func(s graph.Statement) string {
		return v.byID[s.Speaker].Name + "\x00" + s.Speaker + "\x00" + s.Article + "\x00" + fmt.Sprintf("%09d", s.Start)
	}
	slices.SortStableFunc(out, func(a, b graph.Statement) int { return cmp.Compare(key(a), key(b)) })
	return out
}

// articleLink is an article's title linked to its url (or its id alone).
func (v view) articleLink(id string) string {
	a, ok := v.articles[id]
	switch {
	case !ok:
		return "`" + id + "`"
	case a.URL == "":
		return mdCell(cmp.Or(a.Title, id))
	}
	return "[" + mdCell(cmp.Or(a.Title, id)) + "](" + mdURL(a.URL) + ")"
}

func (v view) articleLinks(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		n := v.indexOfArticle(id)
		a := v.articles[id]
		switch {
		case n == 0:
			out[i] = "`" + id + "`"
		case a.URL == "":
			out[i] = fmt.Sprint(n)
		default:
			out[i] = fmt.Sprintf("[%d](%s)", n, mdURL(a.URL))
		}
	}
	return strings.Join(out, " ")
}

// indexOfArticle is the 1-based number of the article in the list of
// articles at the end of the report, 0 when it is not there.
func (v view) indexOfArticle(id string) int {
	for i, a := range v.Articles {
		if a.ID == id {
			return i + 1
		}
	}
	return 0
}

// mdText escapes what Markdown would read as markup.
func mdText(s string) string {
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", `&lt;`, ">", `&gt;`, "#", `\#`).Replace(s)
}

// mdCell is mdText for a table cell: one line, no column separator.
func mdCell(s string) string {
	return strings.ReplaceAll(mdText(oneLine(s)), "|", `\|`)
}

// mdURL keeps a url inside the parentheses of a Markdown link.
func mdURL(u string) string {
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E").Replace(u)
}
