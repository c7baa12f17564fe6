package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"kg/graph"
	"kg/graph/export"
	"kg/schema"
)

func (a *app) exportCommand() *cobra.Command {
	var sel export.Selection
	var types, entityTypes []string
	var format, out string
	var builtin bool
	formats := make([]string, 0, len(export.Formats()))
	for _, f := range export.Formats() {
		formats = append(formats, fmt.Sprintf("  %-9s %s", strings.ToLower(string(f)), f.About()))
	}
	cmd := &cobra.Command{
		Use:   "export [--center ID|NAME]... [--from X --to Y] --format F [--out FILE|DIR]",
		Short: "Export a subgraph for reports, Gephi, yEd, Cytoscape, d3, Excel or another Neo4j",
		Long: "Export the neighbourhood of some entities (--center, repeatable, ids or names; --depth hops), or the\n" +
			"paths between two (--from, --to), with the evidence and the articles behind every fact. The filters drop\n" +
			"relations (--types, --min-confidence, --article, --since/--until) and then the entities no relation\n" +
			"left connects to a center. Formats:\n" + strings.Join(formats, "\n") + "\n" +
			"Output goes to standard output unless --out names a file. CSV needs --out: a .zip file, or a folder for\n" +
			"the separate files. A Markdown report written with --out REPORT.md gets its picture as REPORT.svg.\n" +
			"Example:\n  kg export --center 马修军 --format markdown --out docs/examples/马修军.md",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := export.ParseFormat(format)
			if err != nil {
				return err
			}
			if f == export.CSV && out == "" {
				return errors.New("CSV is several files: give --out FILE.zip or --out FOLDER")
			}
			for _, t := range types {
				rt, err := schema.ParseRelationType(strings.TrimSpace(t))
				if err != nil {
					return fmt.Errorf("--types: %w", err)
				}
				sel.Types = append(sel.Types, rt)
			}
			for _, t := range entityTypes {
				et, err := schema.ParseEntityType(strings.TrimSpace(t))
				if err != nil {
					return fmt.Errorf("--entity-types: %w", err)
				}
				sel.EntityTypes = append(sel.EntityTypes, et)
			}
			opts := export.Options{}
			if builtin {
				opts.Renderer = export.RenderBuiltin
			}
			ctx := cmd.Context()
			return a.withStore(ctx, func(s *graph.Store) error {
				g, err := export.Select(ctx, s, sel)
				var nf *export.NotFoundError
				if errors.As(err, &nf) {
					return fmt.Errorf("%w; find the name with: kg query '{ search(query: %q) { id name type } }'", nf, nf.Refs[0])
				}
				if err != nil {
					return err
				}
				if g.Truncated {
					a.log.Warn("the export is truncated: a limit cut entities or relations off", "limit", sel.Limit)
				}
				return a.writeExport(cmd, g, f, out, opts)
			})
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&sel.Centers, "center", nil, "an entity id or name to export around (repeatable)")
	fl.IntVar(&sel.Depth, "depth", export.DefaultDepth, fmt.Sprintf("hops from the centers (1 to %d)", graph.MaxSubgraphDepth))
	fl.StringSliceVar(&types, "types", nil, "follow only these relation types (WORKS_AT,PART_OF,…)")
	fl.StringSliceVar(&entityTypes, "entity-types", nil, "show and cross only these entity types (PERSON,COMPANY,…)")
	fl.Float64Var(&sel.MinConfidence, "min-confidence", 0, "drop relations and entities extracted with a lower confidence (0 to 1)")
	fl.StringVar(&sel.Article, "article", "", "keep only the relations this article id supports")
	fl.StringVar(&sel.Since, "since", "", "keep only relations supported by an article published on or after this date (ISO)")
	fl.StringVar(&sel.Until, "until", "", "… on or before this date")
	fl.IntVar(&sel.Limit, "limit", export.DefaultLimit, fmt.Sprintf("at most this many entities (up to %d)", graph.MaxSubgraphNodes))
	fl.StringVar(&sel.From, "from", "", "export the paths from this entity (id or name) …")
	fl.StringVar(&sel.To, "to", "", "… to this one")
	fl.IntVar(&sel.MaxHops, "max-hops", export.DefaultMaxHops, fmt.Sprintf("longest path, in relations (up to %d)", graph.MaxPathsHops))
	fl.IntVar(&sel.Paths, "paths", export.DefaultPaths, fmt.Sprintf("how many shortest paths (up to %d)", export.MaxPaths))
	fl.StringVar(&sel.Title, "title", "", "the title (default: the centers' names)")
	fl.StringVar(&format, "format", "", "json, graphml, gexf, csv, cypher, dot, svg or markdown")
	fl.StringVar(&out, "out", "", "write to this file (or, for CSV, a folder or .zip file) instead of standard output")
	fl.BoolVar(&builtin, "builtin-layout", false, "draw SVG with the built-in layout even when Graphviz dot is installed")
	_ = cmd.MarkFlagRequired("format")
	return cmd
}

// writeExport writes g to standard output or to out: a file, or for CSV a
// folder or a zip file; a Markdown report gets its SVG next to it.
func (a *app) writeExport(cmd *cobra.Command, g export.Graph, f export.Format, out string, opts export.Options) error {
	ctx := cmd.Context()
	if f == export.CSV && !strings.EqualFold(filepath.Ext(out), ".zip") {
		files, err := export.CSVFiles(g)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(out, 0o755); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		for _, file := range files {
			if err := os.WriteFile(filepath.Join(out, file.Name), file.Content, 0o644); err != nil {
				return fmt.Errorf("export: %w", err)
			}
		}
		a.log.Info("exported", "format", "csv", "folder", out, "entities", len(g.Entities), "relations", len(g.Relations))
		return nil
	}
	if f == export.Markdown && out != "" {
		svgPath := strings.TrimSuffix(out, filepath.Ext(out)) + ".svg"
		var svg bytes.Buffer
		if err := export.Write(ctx, &svg, g, export.SVG, opts); err != nil {
			return err
		}
		if err := os.WriteFile(svgPath, svg.Bytes(), 0o644); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		opts.ImagePath = filepath.Base(svgPath)
	}
	var b bytes.Buffer
	if err := export.Write(ctx, &b, g, f, opts); err != nil {
		return err
	}
	if out == "" {
		_, err := a.stdout.Write(b.Bytes())
		return err
	}
	if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	a.log.Info("exported", "format", strings.ToLower(string(f)), "file", out, "entities", len(g.Entities), "relations", len(g.Relations))
	return nil
}
