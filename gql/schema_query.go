package gql

import (
	"context"
	"fmt"

	"github.com/graphql-go/graphql"

	"kg/graph"
	"kg/schema"
)

func (b *builder) filterInputs() (entityFilter, articleFilter, relationFilter *graphql.InputObject) {
	str := func(desc string) *graphql.InputObjectFieldConfig {
		return &graphql.InputObjectFieldConfig{Type: graphql.String, Description: desc}
	}
	entityFilter = graphql.NewInputObject(graphql.InputObjectConfig{Name: "EntityFilter", Fields: graphql.InputObjectConfigFieldMap{
		"types":         {Type: graphql.NewList(graphql.NewNonNull(b.entityType)), Description: "any of these types"},
		"nameContains":  str("part of the name or of an alias; width, case and spacing ignored"),
		"minMentions":   {Type: graphql.Int, Description: "mentioned at least this often"},
		"article":       {Type: graphql.ID, Description: "mentioned or tagged by this article"},
		"publishedFrom": str("mentioned in an article published on or after this date (ISO, compared as text)"),
		"publishedTo":   str("… on or before this date"),
	}})
	articleFilter = graphql.NewInputObject(graphql.InputObjectConfig{Name: "ArticleFilter", Fields: graphql.InputObjectConfigFieldMap{
		"entity":        {Type: graphql.ID, Description: "mentions or is tagged with this entity (id or name)"},
		"publishedFrom": str("published on or after this date (ISO, compared as text)"),
		"publishedTo":   str("published on or before this date"),
		"source":        str("exact source file name"),
		"titleContains": str("part of the title"),
	}})
	relationFilter = graphql.NewInputObject(graphql.InputObjectConfig{Name: "RelationFilter", Fields: graphql.InputObjectConfigFieldMap{
		"types":         {Type: graphql.NewList(graphql.NewNonNull(b.relationType)), Description: "any of these types"},
		"source":        {Type: graphql.ID, Description: "from this entity (id or name)"},
		"target":        {Type: graphql.ID, Description: "to this entity (id or name)"},
		"entity":        {Type: graphql.ID, Description: "either end is this entity (id or name)"},
		"titleContains": str("part of the job title (WORKS_AT)"),
		"article":       {Type: graphql.ID, Description: "supported by this article"},
	}})
	return
}

// refs resolves entity references (ids or names) given in arguments; the
// result maps each reference that names an entity to its id.
func (b *builder) refs(ctx context.Context, refs ...string) (map[string]string, error) {
	var ask []string
	for _, r := range refs {
		if r != "" {
			ask = append(ask, r)
		}
	}
	out := map[string]string{}
	if len(ask) == 0 {
		return out, nil
	}
	got, err := b.svc.graph.Resolve(ctx, ask, "")
	if err != nil {
		return nil, err
	}
	for r, e := range got {
		out[r] = e.ID
	}
	return out, nil
}

// mustRefs is refs for arguments where an unknown entity is the caller's
// mistake.
func (b *builder) mustRefs(ctx context.Context, refs ...string) (map[string]string, error) {
	got, err := b.refs(ctx, refs...)
	if err != nil {
		return nil, err
	}
	for _, r := range refs {
		if _, ok := got[r]; !ok {
			return nil, errorf(BadUserInput, "no entity has the id or name %q", clipRunes(r, 80))
		}
	}
	return got, nil
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func typesArg(t graphql.Input, desc string) *graphql.ArgumentConfig {
	return &graphql.ArgumentConfig{Type: graphql.NewList(graphql.NewNonNull(t)), Description: desc}
}

func (b *builder) queryFields() graphql.Fields {
	g := b.svc.graph
	entityFilter, articleFilter, relationFilter := b.filterInputs()
	return graphql.Fields{
		"entity": {Type: b.entity, Description: "One entity by id, or by name: its canonical name or an alias (width, case and spacing ignored). " +
			"A name several entities share gives the canonical name before an alias, then the most mentioned; type narrows it.",
			Args: graphql.FieldConfigArgument{
				"id":   {Type: graphql.ID},
				"name": {Type: graphql.String},
				"type": {Type: b.entityType},
			},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				id, name := argStr(p.Args, "id"), argStr(p.Args, "name")
				typ, _ := p.Args["type"].(schema.EntityType)
				switch {
				case id != "":
					l, err := loadersOf(p.Context)
					if err != nil {
						return nil, err
					}
					return thunk(l.entity.load(p.Context, id), maybe), nil
				case name != "":
					got, err := g.Resolve(p.Context, []string{name}, typ)
					if e, ok := got[name]; ok && err == nil {
						return e, nil
					}
					return nil, err
				}
				return nil, errorf(BadUserInput, "entity needs an id or a name")
			}},
		"entities": {Type: b.entityConn, Description: "Entities that match a filter, one page at a time.",
			Args: graphql.FieldConfigArgument{
				"filter": {Type: entityFilter},
				"sort":   {Type: b.entitySort, DefaultValue: graph.ByMentions},
				"first":  firstArg(20, "entities"),
				"after":  {Type: graphql.String, Description: "a cursor from the previous page"},
			},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				n, err := pageArg(p, "first", 20, graph.MaxPage)
				if err != nil {
					return nil, err
				}
				fm := argMap(p.Args, "filter")
				f := graph.EntityFilter{Types: argEntityTypes(fm, "types"), NameContains: argStr(fm, "nameContains"),
					MinMentions: int64(argInt(fm, "minMentions", 0)), Article: argStr(fm, "article"),
					PublishedFrom: argStr(fm, "publishedFrom"), PublishedTo: argStr(fm, "publishedTo")}
				sort, _ := p.Args["sort"].(graph.EntitySort)
				page, err := g.Entities(p.Context, f, sort, n, argStr(p.Args, "after"))
				if err != nil {
					return nil, err
				}
				prime(p, page.Items...)
				return newConnection(page, func() (int64, error) { return g.CountEntities(p.Context, f) }), nil
			}},
		"search": {Type: listOf(b.searchHit), Description: "Chinese-aware search over names and aliases: exact names first, then aliases, " +
			"names starting with the query, then full-text matches (any two consecutive characters), most mentioned first among equals. " +
			"The query is plain text; Lucene syntax in it is matched literally.",
			Args: graphql.FieldConfigArgument{
				"query": {Type: nonNull(graphql.String)},
				"types": typesArg(b.entityType, "only these types (default all)"),
				"first": firstArg(10, "hits"),
			},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				n, err := pageArg(p, "first", 10, 100)
				if err != nil {
					return nil, err
				}
				hits, err := g.Search(p.Context, argStr(p.Args, "query"), argEntityTypes(p.Args, "types"), n)
				for _, h := range hits {
					prime(p, h.Entity)
				}
				return orEmpty(hits), err
			}},
		"article": {Type: b.article, Args: graphql.FieldConfigArgument{"id": {Type: nonNull(graphql.ID)}},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				l, err := loadersOf(p.Context)
				if err != nil {
					return nil, err
				}
				return thunk(l.article.load(p.Context, argStr(p.Args, "id")), maybe), nil
			}},
		"articles": {Type: b.articleConn, Description: "Articles, newest first.",
			Args: graphql.FieldConfigArgument{
				"filter": {Type: articleFilter},
				"first":  firstArg(20, "articles"),
				"after":  {Type: graphql.String},
			},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				n, err := pageArg(p, "first", 20, graph.MaxPage)
				if err != nil {
					return nil, err
				}
				fm := argMap(p.Args, "filter")
				f := graph.ArticleFilter{PublishedFrom: argStr(fm, "publishedFrom"), PublishedTo: argStr(fm, "publishedTo"),
					Source: argStr(fm, "source"), TitleContains: argStr(fm, "titleContains")}
				if ref := argStr(fm, "entity"); ref != "" {
					ids, err := b.refs(p.Context, ref)
					if err != nil {
						return nil, err
					}
					if f.Entity = ids[ref]; f.Entity == "" {
						return connection{}, nil
					}
				}
				page, err := g.Articles(p.Context, f, n, argStr(p.Args, "after"))
				if err != nil {
					return nil, err
				}
				if l, err := loadersOf(p.Context); err == nil {
					l.primeArticles(page.Items)
				}
				return newConnection(page, func() (int64, error) { return g.CountArticles(p.Context, f) }), nil
			}},
		"relations": {Type: b.relationConn, Description: "Relations that match a filter, one page at a time.",
			Args: graphql.FieldConfigArgument{
				"filter": {Type: relationFilter},
				"first":  firstArg(20, "relations"),
				"after":  {Type: graphql.String},
			},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				n, err := pageArg(p, "first", 20, graph.MaxPage)
				if err != nil {
					return nil, err
				}
				fm := argMap(p.Args, "filter")
				f := graph.RelationFilter{Types: argRelationTypes(fm, "types"), TitleContains: argStr(fm, "titleContains"), Article: argStr(fm, "article")}
				src, dst, either := argStr(fm, "source"), argStr(fm, "target"), argStr(fm, "entity")
				ids, err := b.refs(p.Context, src, dst, either)
				if err != nil {
					return nil, err
				}
				for _, r := range []struct {
					ref string
					to  *string
				}{{src, &f.Source}, {dst, &f.Target}, {either, &f.Entity}} {
					if r.ref == "" {
						continue
					}
					if *r.to = ids[r.ref]; *r.to == "" {
						return connection{}, nil // an unknown entity has no relations
					}
				}
				page, err := g.Relations(p.Context, f, n, argStr(p.Args, "after"))
				if err != nil {
					return nil, err
				}
				if l, err := loadersOf(p.Context); err == nil {
					l.primeRelations(page.Items)
				}
				return newConnection(page, func() (int64, error) { return g.CountRelations(p.Context, f) }), nil
			}},
		"shortestPath": {Type: b.path, Description: "A shortest path between two entities (ids or names) over relations of the given types, " +
			"in either direction; null when there is none within maxHops.",
			Args: graphql.FieldConfigArgument{
				"from":    {Type: nonNull(graphql.ID)},
				"to":      {Type: nonNull(graphql.ID)},
				"maxHops": {Type: graphql.Int, DefaultValue: 4, Description: "at most " + fmt.Sprint(graph.MaxPathHops)},
				"types":   typesArg(b.relationType, "only these relation types (default all)"),
			},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				from, to := argStr(p.Args, "from"), argStr(p.Args, "to")
				ids, err := b.mustRefs(p.Context, from, to)
				if err != nil {
					return nil, err
				}
				path, err := g.ShortestPath(p.Context, ids[from], ids[to], argInt(p.Args, "maxHops", 4), argRelationTypes(p.Args, "types"))
				if err != nil || path == nil {
					return nil, err
				}
				prime(p, path.Entities...)
				return *path, nil
			}},
		"paths": {Type: listOf(b.path), Description: "Paths between two entities that visit no entity twice, shortest first.",
			Args: graphql.FieldConfigArgument{
				"from":    {Type: nonNull(graphql.ID)},
				"to":      {Type: nonNull(graphql.ID)},
				"maxHops": {Type: graphql.Int, DefaultValue: 3, Description: "at most " + fmt.Sprint(graph.MaxPathsHops)},
				"types":   typesArg(b.relationType, "only these relation types (default all)"),
				"first":   firstArg(5, "paths"),
			},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				n, err := pageArg(p, "first", 5, 50)
				if err != nil {
					return nil, err
				}
				from, to := argStr(p.Args, "from"), argStr(p.Args, "to")
				ids, err := b.mustRefs(p.Context, from, to)
				if err != nil {
					return nil, err
				}
				paths, err := g.Paths(p.Context, ids[from], ids[to], argInt(p.Args, "maxHops", 3), argRelationTypes(p.Args, "types"), n)
				for _, path := range paths {
					prime(p, path.Entities...)
				}
				return orEmpty(paths), err
			}},
		"subgraph": {Type: b.subgraph, Description: "The neighbourhood of some entities (ids or names): everything within depth hops " +
			"and the relations among it. Near the limit the most mentioned entities of each level are kept and truncated is set.",
			Args: graphql.FieldConfigArgument{
				"centers":     {Type: nonNull(graphql.NewList(nonNull(graphql.ID)))},
				"depth":       {Type: graphql.Int, DefaultValue: 1, Description: "at most " + fmt.Sprint(graph.MaxSubgraphDepth)},
				"types":       typesArg(b.relationType, "follow only these relation types (default all)"),
				"entityTypes": typesArg(b.entityType, "show and cross only entities of these types (default all)"),
				"limit":       {Type: graphql.Int, DefaultValue: 100, Description: "at most this many entities (up to " + fmt.Sprint(graph.MaxSubgraphNodes) + ")"},
			},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				limit, err := pageArg(p, "limit", 100, graph.MaxSubgraphNodes)
				if err != nil {
					return nil, err
				}
				centers := argStrs(p.Args, "centers")
				if len(centers) == 0 || len(centers) > limit {
					return nil, errorf(BadUserInput, "give between 1 and limit (%d) centers", limit)
				}
				// Evidence and article lists are most of what a big subgraph
				// weighs, and graph views rarely ask for them. (A field of
				// these names anywhere below counts, entities' included.)
				brief := true
				for _, name := range []string{"evidence", "articles", "articleCount"} {
					brief = brief && !selects(p.Info.FieldASTs, p.Info.Fragments, name)
				}
				q := graph.SubgraphQuery{Centers: centers, Depth: argInt(p.Args, "depth", 1), Types: argRelationTypes(p.Args, "types"),
					EntityTypes: argEntityTypes(p.Args, "entityTypes"), Limit: limit, Brief: brief}
				// Centers are mostly ids (a view expanding what it shows), and an
				// id is what Resolve would pick first: reading them as ids saves
				// a round trip, and names cost one wasted empty read.
				sg, err := g.Subgraph(p.Context, q)
				if err != nil {
					return nil, err
				}
				if !hasAll(sg.Entities, centers) {
					ids, err := b.mustRefs(p.Context, centers...)
					if err != nil {
						return nil, err
					}
					q.Centers = q.Centers[:0:0]
					for _, c := range centers {
						q.Centers = append(q.Centers, ids[c])
					}
					if sg, err = g.Subgraph(p.Context, q); err != nil {
						return nil, err
					}
				}
				prime(p, sg.Entities...)
				return sg, nil
			}},
		"export": b.exportField(),
		"stats": {Type: b.stats, Description: "Counts of articles, statements, entities and relations by type.",
			Resolve: func(p graphql.ResolveParams) (any, error) { return g.Stats(p.Context) }},
		"ontology": {Type: nonNull(b.ontology), Description: "The entity and relation types.",
			Resolve: func(graphql.ResolveParams) (any, error) { return struct{}{}, nil }},
	}
}

// hasAll reports whether every id is among the entities.
func hasAll(es []graph.Entity, ids []string) bool {
	in := make(map[string]bool, len(es))
	for _, e := range es {
		in[e.ID] = true
	}
	for _, id := range ids {
		if !in[id] {
			return false
		}
	}
	return true
}

// prime hands entities a top-level field read to the request's entity
// batcher, so nested fields that name them (a relation's ends) cost nothing.
func prime(p graphql.ResolveParams, es ...graph.Entity) {
	if l, err := loadersOf(p.Context); err == nil {
		l.primeEntities(es...)
	}
}
