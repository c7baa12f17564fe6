package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"kg/extract"
	"kg/extract/reader"
	"kg/schema"
)

func (a *app) extractor() (*extract.Extractor, error) {
	x, err := extract.New(extract.Options{LexiconFiles: a.cfg.Extract.Lexicon})
	if err != nil {
		return nil, fmt.Errorf("load lexicon: %w", err)
	}
	return x, nil
}

func (a *app) readOptions() reader.Options {
	return reader.Options{Stdin: a.stdin}
}

func (a *app) extractCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "extract [--format json|text] PATH...|-",
		Short: "Extract entities, relations and statements from articles, without Neo4j",
		Long: "Read articles from files, directories (recursively) or standard input (-) and print what kg finds\n" +
			"in each: one JSON object per article, in input order (JSON Lines), or a text summary.\n" +
			"Inputs: the crawler format (标题:/链接:/总结:…), plain text, Markdown, HTML, JSON and JSON Lines;\n" +
			"UTF-8 or GB18030. A bad file or line is reported on stderr and the rest goes on; the exit\n" +
			"code is 1 when anything failed.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, paths []string) error {
			if format != "json" && format != "text" {
				return fmt.Errorf("--format %q: want json or text", format)
			}
			x, err := a.extractor()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			failed := 0
			enc := json.NewEncoder(a.stdout)
			enc.SetEscapeHTML(false)
			for it := range reader.Walk(ctx, paths, a.readOptions()) {
				if it.Err != nil {
					if errors.Is(it.Err, reader.ErrEmpty) {
						fmt.Fprintf(a.stderr, "kg: note: %v\n", it.Err)
						continue
					}
					failed++
					fmt.Fprintf(a.stderr, "kg: %v\n", it.Err)
					continue
				}
				doc, err := x.Extract(ctx, it.Article)
				if err != nil {
					failed++
					fmt.Fprintf(a.stderr, "kg: extract %s (%s): %v\n", it.Article.Source, it.Article.ID, err)
					continue
				}
				if format == "text" {
					err = writeDocText(a.stdout, &doc)
				} else {
					err = enc.Encode(doc)
				}
				if err != nil {
					return err
				}
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if failed > 0 {
				fmt.Fprintf(a.stderr, "kg: %d input(s) failed\n", failed)
				return exitError{1}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "json", "output format: json (JSON Lines) or text")
	return cmd
}

// writeDocText prints a document for a person: entities by type, relations
// with titles, statements.
func writeDocText(w io.Writer, d *schema.Document) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n", firstNonEmpty(d.Title, d.ID))
	if d.URL != "" {
		fmt.Fprintf(&b, "%s\n", d.URL)
	}
	names := map[string]string{}
	for _, e := range d.Entities {
		names[e.ID] = e.Name
	}
	for _, info := range schema.EntityTypes() {
		var list []string
		for _, e := range d.Entities {
			if e.Type == info.Type {
				list = append(list, fmt.Sprintf("%s×%d", e.Name, len(e.Mentions)))
			}
		}
		if len(list) > 0 {
			fmt.Fprintf(&b, "%s %s: %s\n", info.Type, info.Chinese, strings.Join(list, "、"))
		}
	}
	for _, r := range d.Relations {
		title := ""
		if t := r.Title(); t != "" {
			title = " [" + t + "]"
		}
		fmt.Fprintf(&b, "%s -%s%s-> %s (%.2f)\n", names[r.Source], r.Type, title, names[r.Target], r.Confidence)
	}
	for _, s := range d.Statements {
		fmt.Fprintf(&b, "%s：%s\n", names[s.Speaker], s.Text)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
