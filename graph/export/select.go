package export

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"kg/graph"
	"kg/schema"
)

// Source is what Select reads. *graph.Store implements it, and so does any
// interface that lists these methods of the store (gql.Graph).
type Source interface {
	Resolve(ctx context.Context, refs []string, typ schema.EntityType) (map[string]graph.Entity, error)
	Subgraph(ctx context.Context, q graph.SubgraphQuery) (graph.Subgraph, error)
	Paths(ctx context.Context, from, to string, maxHops int, types []schema.RelationType, first int) ([]graph.Path, error)
	ArticlesByID(ctx context.Context, ids []string, withText bool) (map[string]graph.Article, error)
	EntityArticles(ctx context.Context, ids []string, first int) (map[string][]graph.Article, error)
	EntityStatements(ctx context.Context, ids []string, about bool, first int) (map[string][]graph.Statement, error)
}

var _ Source = (*graph.Store)(nil)

// Defaults of a Selection's zero fields.
const (
	DefaultDepth   = 2
	DefaultLimit   = 200
	DefaultMaxHops = 3
	DefaultPaths   = 5
	MaxPaths       = 50
	// perEntity bounds the articles listed as one entity's provenance and
	// the statements quoted per person (the newest are kept).
	perEntity = 20
)

// Selection says which part of the graph to export: the neighbourhood of
// some centers, or the paths between two entities; then filters that drop
// relations (and the entities they alone connected to a center).
type Selection struct {
	Centers     []string // entity ids or names
	Depth       int      // hops from the centers, 1 to graph.MaxSubgraphDepth
	Types       []schema.RelationType
	EntityTypes []schema.EntityType // entities of other types are neither shown nor crossed
	Limit       int                 // most entities, 1 to graph.MaxSubgraphNodes

	// From and To (ids or names) select the union of up to Paths shortest
	// paths of at most MaxHops relations between them, instead of Centers.
	From, To string
	MaxHops  int
	Paths    int

	// MinConfidence drops relations, and entities other than the centers,
	// extracted with a lower confidence.
	MinConfidence float64
	// Article keeps only relations (and provenance) this article supports.
	Article string
	// Since and Until keep only relations supported by an article published
	// in that range: ISO dates compared as text, Until including its day.
	Since, Until string

	Title string // default: the centers' names
}

// NotFoundError says which references name no entity.
type NotFoundError struct{ Refs []string }

func (e *NotFoundError) Error() string {
	q := make([]string, len(e.Refs))
	for i, r := range e.Refs {
		q[i] = fmt.Sprintf("%q", r)
	}
	return "no entity has the id or name " + strings.Join(q, ", ")
}

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", graph.ErrInvalid, fmt.Sprintf(format, args...))
}

// withDefaults fills zero fields and checks the rest.
func (s Selection) withDefaults() (Selection, error) {
	s.Depth = cmp.Or(s.Depth, DefaultDepth)
	s.Limit = cmp.Or(s.Limit, DefaultLimit)
	s.MaxHops = cmp.Or(s.MaxHops, DefaultMaxHops)
	s.Paths = cmp.Or(s.Paths, DefaultPaths)
	paths := s.From != "" || s.To != ""
	switch {
	case paths && (s.From == "" || s.To == ""):
		return s, invalidf("paths need both from and to")
	case paths && len(s.Centers) > 0:
		return s, invalidf("give centers or from and to, not both")
	case !paths && len(s.Centers) == 0:
		return s, invalidf("give at least one center (an entity id or name), or from and to")
	case s.Paths < 1 || s.Paths > MaxPaths:
		return s, invalidf("paths must be between 1 and %d, got %d", MaxPaths, s.Paths)
	case s.MinConfidence < 0 || s.MinConfidence > 1:
		return s, invalidf("minConfidence must be between 0 and 1, got %g", s.MinConfidence)
	case s.Limit < 1 || s.Limit > graph.MaxSubgraphNodes:
		return s, invalidf("limit must be between 1 and %d, got %d", graph.MaxSubgraphNodes, s.Limit)
	case len([]rune(s.Title)) > 200:
		return s, invalidf("the title is longer than 200 characters")
	}
	for _, d := range []string{s.Since, s.Until} {
		if len(d) > 40 {
			return s, invalidf("since and until are ISO dates such as 2025-10-01, not %q", d[:40]+"…")
		}
	}
	return s, nil
}

// Select reads the part of the graph sel names from src. The neighbourhood
// comes from src.Subgraph as it is; the filters apply afterwards: relations
// that fail them go, then the entities no remaining relation connects to a
// center. Truncated reports the limit of the read.
func Select(ctx context.Context, src Source, sel Selection) (Graph, error) {
	sel, err := sel.withDefaults()
	if err != nil {
		return Graph{}, err
	}
	refs := sel.Centers
	if sel.From != "" {
		refs = []string{sel.From, sel.To}
	}
	found, err := src.Resolve(ctx, refs, "")
	if err != nil {
		return Graph{}, fmt.Errorf("export: resolve %s: %w", strings.Join(refs, ", "), err)
	}
	var missing, centers, names []string
	for _, r := range refs {
		e, ok := found[r]
		switch {
		case !ok:
			missing = append(missing, r)
		case !slices.Contains(centers, e.ID):
			centers = append(centers, e.ID)
			names = append(names, e.Name)
		}
	}
	if len(missing) > 0 {
		return Graph{}, &NotFoundError{Refs: missing}
	}

	g := Graph{Title: sel.Title, Centers: centers}
	if sel.From != "" {
		err = g.addPaths(ctx, src, sel, found[sel.From], found[sel.To])
		if g.Title == "" {
			g.Title = found[sel.From].Name + " → " + found[sel.To].Name
		}
	} else {
		var sg graph.Subgraph
		sg, err = src.Subgraph(ctx, graph.SubgraphQuery{Centers: centers, Depth: sel.Depth, Types: sel.Types,
			EntityTypes: sel.EntityTypes, Limit: sel.Limit})
		g.Entities, g.Relations, g.Truncated = sg.Entities, sg.Relations, sg.Truncated
		if g.Title == "" {
			g.Title = strings.Join(names, "、")
		}
	}
	if err != nil {
		return Graph{}, fmt.Errorf("export: read %s: %w", g.Title, err)
	}
	if err := g.addProvenance(ctx, src, sel); err != nil {
		return Graph{}, fmt.Errorf("export: provenance of %s: %w", g.Title, err)
	}
	n, err := g.normalized()
	if err != nil {
		return Graph{}, fmt.Errorf("export %s: %w", g.Title, err)
	}
	return n, nil
}

// addPaths gathers the union of the paths between from and to that cross
// only entities of the wanted types, until the limit is reached.
func (g *Graph) addPaths(ctx context.Context, src Source, sel Selection, from, to graph.Entity) error {
	paths, err := src.Paths(ctx, from.ID, to.ID, sel.MaxHops, sel.Types, sel.Paths)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	seenRel := map[string]bool{}
	add := func(e graph.Entity) {
		if !seen[e.ID] {
			seen[e.ID] = true
			g.Entities = append(g.Entities, e)
		}
	}
	add(from)
	add(to)
	for _, p := range paths {
		ok, fresh := true, 0
		for i, e := range p.Entities {
			interior := i > 0 && i < len(p.Entities)-1
			if interior && len(sel.EntityTypes) > 0 && !slices.Contains(sel.EntityTypes, e.Type) {
				ok = false
			}
			if !seen[e.ID] {
				fresh++
			}
		}
		if !ok {
			continue
		}
		if len(g.Entities)+fresh > sel.Limit {
			g.Truncated = true
			break
		}
		for _, e := range p.Entities {
			add(e)
		}
		for _, r := range p.Relations {
			if !seenRel[r.ID] {
				seenRel[r.ID] = true
				g.Relations = append(g.Relations, r)
			}
		}
	}
	return nil
}

// addProvenance applies the filters and reads what the exported facts
// cite: the articles that mention each entity, the statements of the
// people shown, and the articles themselves.
func (g *Graph) addProvenance(ctx context.Context, src Source, sel Selection) error {
	ids := make([]string, len(g.Entities))
	var people []string
	for i, e := range g.Entities {
		ids[i] = e.ID
		if e.Type == schema.Person {
			people = append(people, e.ID)
		}
	}
	mentions, err := src.EntityArticles(ctx, ids, perEntity)
	if err != nil {
		return err
	}
	said := map[string][]graph.Statement{}
	if len(people) > 0 {
		if said, err = src.EntityStatements(ctx, people, false, perEntity); err != nil {
			return err
		}
	}
	articles := map[string]graph.Article{}
	var ask []string
	for _, l := range mentions {
		for _, a := range l {
			articles[a.ID] = a
		}
	}
	for _, r := range g.Relations {
		ask = append(ask, r.Articles...)
	}
	for _, l := range said {
		for _, s := range l {
			ask = append(ask, s.Article)
		}
	}
	slices.Sort(ask)
	ask = slices.DeleteFunc(slices.Compact(ask), func(id string) bool { _, ok := articles[id]; return ok })
	more, err := src.ArticlesByID(ctx, ask, false)
	if err != nil {
		return err
	}
	for id, a := range more {
		articles[id] = a
	}

	pass := func(id string) bool {
		a, ok := articles[id]
		switch {
		case !ok:
			return false
		case sel.Article != "" && id != sel.Article:
			return false
		case sel.Since != "" && a.Published < sel.Since:
			return false
		case sel.Until != "" && a.Published >= sel.Until+"\uffff":
			return false
		case (sel.Since != "" || sel.Until != "") && a.Published == "":
			return false
		}
		return true
	}
	filtered := sel.Article != "" || sel.Since != "" || sel.Until != ""

	// Relations: confidence, then the articles that may support them.
	var rels []graph.Relation
	for _, r := range g.Relations {
		if r.Confidence < sel.MinConfidence {
			continue
		}
		if filtered {
			r.Articles = slices.DeleteFunc(slices.Clone(r.Articles), func(id string) bool { return !pass(id) })
			r.Evidence = slices.DeleteFunc(slices.Clone(r.Evidence), func(e graph.Evidence) bool { return !pass(e.Article) })
			if len(r.Articles) == 0 {
				continue
			}
		}
		rels = append(rels, r)
	}
	// Entities: confidence (centers stay), then connection to a center.
	keep := map[string]bool{}
	for _, e := range g.Entities {
		keep[e.ID] = e.Confidence >= sel.MinConfidence || slices.Contains(g.Centers, e.ID)
	}
	adj := map[string][]string{}
	for _, r := range rels {
		if keep[r.Source] && keep[r.Target] {
			adj[r.Source] = append(adj[r.Source], r.Target)
			adj[r.Target] = append(adj[r.Target], r.Source)
		}
	}
	reached := map[string]bool{}
	queue := slices.Clone(g.Centers)
	for _, c := range queue {
		reached[c] = true
	}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		for _, n := range adj[id] {
			if !reached[n] {
				reached[n] = true
				queue = append(queue, n)
			}
		}
	}
	g.Entities = slices.DeleteFunc(g.Entities, func(e graph.Entity) bool { return !reached[e.ID] })
	g.Relations = slices.DeleteFunc(rels, func(r graph.Relation) bool { return !reached[r.Source] || !reached[r.Target] })

	// Provenance of what is left, and the articles it cites.
	cited := map[string]bool{}
	g.EntityArticles = map[string][]string{}
	for _, e := range g.Entities {
		for _, a := range mentions[e.ID] {
			if pass(a.ID) {
				g.EntityArticles[e.ID] = append(g.EntityArticles[e.ID], a.ID)
				cited[a.ID] = true
			}
		}
		for _, s := range said[e.ID] {
			if pass(s.Article) {
				g.Statements = append(g.Statements, s)
				cited[s.Article] = true
			}
		}
	}
	for _, r := range g.Relations {
		for _, id := range r.Articles {
			cited[id] = true
		}
		for _, ev := range r.Evidence {
			cited[ev.Article] = true
		}
	}
	for id := range cited {
		if a, ok := articles[id]; ok {
			g.Articles = append(g.Articles, a)
		}
	}
	return nil
}
