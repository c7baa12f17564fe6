package gql

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/graphql-go/graphql"

	"kg/graph"
	"kg/graph/export"
	"kg/schema"
)

// Exports: the GraphQL field export and the download GET /export. Both
// select with export.Select through the Graph interface and encode with
// the export package, so they give the same bytes as `kg export`.

// NotFound is the code of GET /export for a center, from or to that names
// no entity (HTTP 404). The GraphQL field says BAD_USER_INPUT, as the
// other fields that take names do.
const NotFound Code = "NOT_FOUND"

// exportParams are the query parameters of GET /export.
func exportParams() []string {
	return []string{"format", "center", "depth", "types", "entityTypes", "limit", "minConfidence", "article",
		"since", "until", "from", "to", "maxHops", "paths", "title"}
}

// handleExport serves GET /export?format=…&center=…: the export as a
// download named kg-<slug>.<ext>. Errors are GraphQL-style JSON.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rid := newRequestID()
	w.Header().Set("X-Request-Id", rid)
	op, code := "export:invalid", "OK"
	defer func() {
		if s.metrics != nil {
			s.metrics.requests.WithLabelValues(op, code).Inc()
			s.metrics.latency.WithLabelValues(op).Observe(time.Since(start).Seconds())
			if code != "OK" {
				s.metrics.errors.WithLabelValues(code).Inc()
			}
		}
	}()
	fail := func(status int, e *Error) {
		code = string(e.Code)
		writeJSON(w, status, refuse(op, status, e).Response)
	}
	f, sel, e := exportRequest(r.URL.Query())
	if e != nil {
		fail(http.StatusBadRequest, e)
		return
	}
	op = "export:" + strings.ToLower(string(f))
	ctx, cancel := context.WithTimeout(r.Context(), s.svc.limits.Timeout)
	defer cancel()
	var body bytes.Buffer
	g, err := export.Select(ctx, s.svc.graph, sel)
	if err == nil {
		err = export.Write(ctx, &body, g, f, export.Options{})
	}
	var nf *export.NotFoundError
	switch {
	case errors.As(err, &nf):
		fail(http.StatusNotFound, errorf(NotFound, "%s", nf.Error()))
		return
	case err != nil:
		e, internal := classify(ctx, err, s.svc.limits.Timeout.String())
		if internal {
			s.log.Error("export failed", "request", rid, "err", err)
			e = errorf(Internal, "internal error (request %s)", rid)
		}
		fail(httpStatus(e.Code), e)
		return
	}
	name := export.FileName(g, f)
	h := w.Header()
	h.Set("Content-Type", f.ContentType())
	h.Set("Content-Disposition", contentDisposition(name))
	h.Set("Content-Length", strconv.Itoa(body.Len()))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	// An SVG opened from here must not run anything.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	h.Set("X-Kg-Truncated", strconv.FormatBool(g.Truncated))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body.Bytes())
	s.log.Debug("export", "request", rid, "format", f, "entities", len(g.Entities), "relations", len(g.Relations))
}

// contentDisposition names a download: an ASCII filename for old clients
// and the real (often Chinese) name as RFC 5987 filename*.
func contentDisposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x80 && (r == '-' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return r
		}
		return -1
	}, name)
	if strings.HasPrefix(ascii, "kg-.") || strings.HasPrefix(ascii, "kg.") {
		ascii = "kg-export" + ascii[strings.Index(ascii, "."):]
	}
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, url.PathEscape(name))
}

// exportRequest reads the query parameters of GET /export. Enum values are
// case-insensitive; lists are comma-separated or repeated.
func exportRequest(q url.Values) (export.Format, export.Selection, *Error) {
	var sel export.Selection
	for k := range q {
		if !slices.Contains(exportParams(), k) {
			return "", sel, errorf(BadUserInput, "unknown parameter %q; /export takes %s", clipRunes(k, 40), strings.Join(exportParams(), ", "))
		}
	}
	f, err := export.ParseFormat(q.Get("format"))
	if err != nil {
		return "", sel, errorf(BadUserInput, "format must be one of json, graphml, gexf, csv, cypher, dot, svg, markdown; got %q", clipRunes(q.Get("format"), 40))
	}
	ints := map[string]*int{"depth": &sel.Depth, "limit": &sel.Limit, "maxHops": &sel.MaxHops, "paths": &sel.Paths}
	for _, k := range []string{"depth", "limit", "maxHops", "paths"} {
		if v := q.Get(k); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return "", sel, errorf(BadUserInput, "%s must be an integer, got %q", k, clipRunes(v, 40))
			}
			*ints[k] = n
		}
	}
	if v := q.Get("minConfidence"); v != "" {
		c, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return "", sel, errorf(BadUserInput, "minConfidence must be a number between 0 and 1, got %q", clipRunes(v, 40))
		}
		sel.MinConfidence = c
	}
	for _, v := range listParam(q, "types") {
		t, err := schema.ParseRelationType(strings.ToUpper(v))
		if err != nil {
			return "", sel, errorf(BadUserInput, "types: unknown relation type %q", clipRunes(v, 40))
		}
		sel.Types = append(sel.Types, t)
	}
	for _, v := range listParam(q, "entityTypes") {
		t, err := schema.ParseEntityType(strings.ToUpper(v))
		if info, ok := t.Info(); err != nil || !ok || !info.Node {
			return "", sel, errorf(BadUserInput, "entityTypes: unknown entity type %q", clipRunes(v, 40))
		}
		sel.EntityTypes = append(sel.EntityTypes, t)
	}
	sel.Centers = q["center"]
	sel.Article, sel.Since, sel.Until = q.Get("article"), q.Get("since"), q.Get("until")
	sel.From, sel.To, sel.Title = q.Get("from"), q.Get("to"), q.Get("title")
	return f, sel, nil
}

func listParam(q url.Values, k string) []string {
	var out []string
	for _, v := range q[k] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// exportResult is what the GraphQL field returns.
type exportResult struct {
	format  export.Format
	graph   export.Graph
	content []byte
	files   []export.File
}

func (b *builder) exportField() *graphql.Field {
	values := map[string]any{}
	descs := map[string]string{}
	for _, f := range export.Formats() {
		values[string(f)], descs[string(f)] = f, f.About()
	}
	formatEnum := simpleEnum("ExportFormat", "The formats of export.", values, descs)
	file := graphql.NewObject(graphql.ObjectConfig{Name: "ExportFile", Description: "One file of an export.",
		Fields: wrapAll(graphql.Fields{
			"name":    prop(nonNull(graphql.String), "", func(f export.File) any { return f.Name }),
			"content": prop(nonNull(graphql.String), "the file's text (UTF-8)", func(f export.File) any { return string(f.Content) }),
		})})
	result := graphql.NewObject(graphql.ObjectConfig{Name: "Export",
		Description: "A subgraph in a file format, with what `kg export` and GET /export would write.",
		Fields: wrapAll(graphql.Fields{
			"format":      prop(nonNull(formatEnum), "", func(r exportResult) any { return r.format }),
			"fileName":    prop(nonNull(graphql.String), "kg-<slug>.<ext>", func(r exportResult) any { return export.FileName(r.graph, r.format) }),
			"contentType": prop(nonNull(graphql.String), "", func(r exportResult) any { return r.format.ContentType() }),
			"encoding": prop(nonNull(graphql.String), "utf-8, or base64 for the zip of CSV", func(r exportResult) any {
				if r.format == export.CSV {
					return "base64"
				}
				return "utf-8"
			}),
			"content": prop(nonNull(graphql.String), "the file: text, or for CSV the zip of its files in base64", func(r exportResult) any {
				if r.format == export.CSV {
					return base64.StdEncoding.EncodeToString(r.content)
				}
				return string(r.content)
			}),
			"files": prop(listOf(file), "the files: the CSV files for CSV, else the one file", func(r exportResult) any { return r.files }),
			"truncated": prop(nonNull(graphql.Boolean), "a limit cut entities or relations off",
				func(r exportResult) any { return r.graph.Truncated }),
			"entityCount":   prop(nonNull(graphql.Int), "", func(r exportResult) any { return len(r.graph.Entities) }),
			"relationCount": prop(nonNull(graphql.Int), "", func(r exportResult) any { return len(r.graph.Relations) }),
		})})
	return &graphql.Field{Type: nonNull(result),
		Description: "A subgraph as a file: the neighbourhood of centers (ids or names), or the paths from one entity to another, " +
			"with the evidence and articles behind it. The filters drop relations, then the entities no relation left connects to a center.",
		Args: graphql.FieldConfigArgument{
			"centers":       {Type: graphql.NewList(nonNull(graphql.ID)), Description: "entities to export around"},
			"depth":         {Type: graphql.Int, DefaultValue: export.DefaultDepth, Description: "at most " + fmt.Sprint(graph.MaxSubgraphDepth)},
			"types":         typesArg(b.relationType, "follow only these relation types (default all)"),
			"entityTypes":   typesArg(b.entityType, "show and cross only entities of these types (default all)"),
			"limit":         {Type: graphql.Int, DefaultValue: export.DefaultLimit, Description: "at most this many entities (up to " + fmt.Sprint(graph.MaxSubgraphNodes) + ")"},
			"format":        {Type: nonNull(formatEnum)},
			"minConfidence": {Type: graphql.Float, Description: "drop relations and entities extracted with a lower confidence"},
			"article":       {Type: graphql.ID, Description: "keep only the relations this article supports"},
			"since":         {Type: graphql.String, Description: "keep only relations supported by an article published on or after this date (ISO)"},
			"until":         {Type: graphql.String, Description: "… on or before this date"},
			"from":          {Type: graphql.ID, Description: "export the paths from this entity … (instead of centers)"},
			"to":            {Type: graphql.ID, Description: "… to this one"},
			"maxHops":       {Type: graphql.Int, DefaultValue: export.DefaultMaxHops, Description: "longest path (up to " + fmt.Sprint(graph.MaxPathsHops) + ")"},
			"paths":         {Type: graphql.Int, DefaultValue: export.DefaultPaths, Description: "how many shortest paths (up to " + fmt.Sprint(export.MaxPaths) + ")"},
			"title":         {Type: graphql.String, Description: "the title (default: the centers' names)"},
		},
		Resolve: func(p graphql.ResolveParams) (any, error) {
			f, _ := p.Args["format"].(export.Format)
			sel := export.Selection{Centers: argStrs(p.Args, "centers"), Depth: argInt(p.Args, "depth", export.DefaultDepth),
				Types: argRelationTypes(p.Args, "types"), EntityTypes: argEntityTypes(p.Args, "entityTypes"),
				Limit: argInt(p.Args, "limit", export.DefaultLimit), Article: argStr(p.Args, "article"),
				Since: argStr(p.Args, "since"), Until: argStr(p.Args, "until"), From: argStr(p.Args, "from"), To: argStr(p.Args, "to"),
				MaxHops: argInt(p.Args, "maxHops", export.DefaultMaxHops), Paths: argInt(p.Args, "paths", export.DefaultPaths),
				Title: argStr(p.Args, "title")}
			if c, ok := p.Args["minConfidence"].(float64); ok {
				sel.MinConfidence = c
			}
			g, err := export.Select(p.Context, b.svc.graph, sel)
			var nf *export.NotFoundError
			if errors.As(err, &nf) {
				return nil, errorf(BadUserInput, "%s", nf.Error())
			}
			if err != nil {
				return nil, err
			}
			r := exportResult{format: f, graph: g}
			var buf bytes.Buffer
			if err := export.Write(p.Context, &buf, g, f, export.Options{}); err != nil {
				return nil, err
			}
			r.content = buf.Bytes()
			if f == export.CSV {
				if r.files, err = export.CSVFiles(g); err != nil {
					return nil, err
				}
			} else {
				r.files = []export.File{{Name: export.FileName(g, f), Content: r.content}}
			}
			return r, nil
		}}
}
