package gql

import (
	"time"

	"github.com/graphql-go/graphql"

	"kg/graph"
)

// pageArg reads a first or limit argument and checks its range here, so
// that one bad value fails its field alone rather than a whole batch.
func pageArg(p graphql.ResolveParams, name string, def, most int) (int, error) {
	n := argInt(p.Args, name, def)
	if n < 1 || n > most {
		return 0, errorf(BadUserInput, "%s must be between 1 and %d, got %d", name, most, n)
	}
	return n, nil
}

func firstArg(def int, what string) *graphql.ArgumentConfig {
	return &graphql.ArgumentConfig{Type: graphql.Int, DefaultValue: def, Description: "at most this many " + what}
}

// thunk turns a batched load into the function graphql-go calls once the
// whole level is queued.
func thunk[V any](load func() (V, bool, error), conv func(V, bool) any) func() (any, error) {
	return func() (any, error) {
		v, ok, err := load()
		if err != nil {
			return nil, err
		}
		return conv(v, ok), nil
	}
}

func list[T any](v []T, _ bool) any { return orEmpty(v) }

func maybe[T any](v T, ok bool) any {
	if !ok {
		return nil
	}
	return v
}

func (b *builder) entityObject() *graphql.Object {
	return graphql.NewObject(graphql.ObjectConfig{Name: "Entity",
		Description: "A person, organisation, technology, product, policy, industry or place that articles mention.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return wrapAll(graphql.Fields{
				"id":   prop(nonNull(graphql.ID), "stable id: the same type and name give the same id everywhere", func(e graph.Entity) any { return e.ID }),
				"type": prop(nonNull(b.entityType), "", func(e graph.Entity) any { return e.Type }),
				"typeLabel": prop(nonNull(graphql.String), "the type in Chinese", func(e graph.Entity) any {
					info, _ := e.Type.Info()
					return info.Chinese
				}),
				"name":          prop(nonNull(graphql.String), "canonical name", func(e graph.Entity) any { return e.Name }),
				"aliases":       prop(listOf(graphql.String), "other names seen in articles or added by hand", func(e graph.Entity) any { return orEmpty(e.Aliases) }),
				"manualAliases": prop(listOf(graphql.String), "aliases added with addAlias or mergeEntities", func(e graph.Entity) any { return orEmpty(e.ManualAliases) }),
				"mentionCount":  prop(nonNull(graphql.Int), "mentions in all articles", func(e graph.Entity) any { return e.MentionCount }),
				"articleCount":  prop(nonNull(graphql.Int), "articles that mention or are tagged with it", func(e graph.Entity) any { return e.ArticleCount }),
				"confidence":    prop(nonNull(graphql.Float), "the best extraction confidence", func(e graph.Entity) any { return e.Confidence }),
				"lastSeen": prop(nonNull(graphql.String), "the newest published date of its articles, what sort RECENT orders by (empty when none has one)",
					func(e graph.Entity) any { return e.LastSeen }),
				"articles": {Type: listOf(b.article), Description: "articles that mention it, newest first",
					Args: graphql.FieldConfigArgument{"first": firstArg(10, "articles")},
					Resolve: batched(func(p graphql.ResolveParams, e graph.Entity, l *loaders) (any, error) {
						n, err := pageArg(p, "first", 10, graph.MaxPage)
						if err != nil {
							return nil, err
						}
						return thunk(l.articlesOfEntities(n).load(p.Context, e.ID), list), nil
					})},
				"relations": {Type: listOf(b.relation), Description: "its relations, best supported first",
					Args: graphql.FieldConfigArgument{
						"types":     {Type: graphql.NewList(graphql.NewNonNull(b.relationType)), Description: "only these types (default all)"},
						"direction": {Type: b.direction, DefaultValue: graph.Both},
						"first":     firstArg(20, "relations"),
					},
					Resolve: batched(func(p graphql.ResolveParams, e graph.Entity, l *loaders) (any, error) {
						n, err := pageArg(p, "first", 20, graph.MaxPage)
						if err != nil {
							return nil, err
						}
						dir, _ := p.Args["direction"].(graph.Direction)
						q := graph.RelationQuery{Types: argRelationTypes(p.Args, "types"), Direction: dir, First: n}
						return thunk(l.relationsOfEntities(q).load(p.Context, e.ID), list), nil
					})},
				"neighbors": {Type: listOf(b.entity), Description: "distinct entities one relation away, most mentioned first",
					Args: graphql.FieldConfigArgument{
						"types":       {Type: graphql.NewList(graphql.NewNonNull(b.relationType)), Description: "over these relation types (default all)"},
						"entityTypes": {Type: graphql.NewList(graphql.NewNonNull(b.entityType)), Description: "only entities of these types (default all)"},
						"first":       firstArg(20, "entities"),
					},
					Resolve: batched(func(p graphql.ResolveParams, e graph.Entity, l *loaders) (any, error) {
						n, err := pageArg(p, "first", 20, graph.MaxPage)
						if err != nil {
							return nil, err
						}
						q := graph.NeighborQuery{Types: argRelationTypes(p.Args, "types"), EntityTypes: argEntityTypes(p.Args, "entityTypes"), First: n}
						return thunk(l.neighborsOfEntities(q).load(p.Context, e.ID), list), nil
					})},
				"related": {Type: listOf(b.related), Description: "entities mentioned in the same articles, those sharing most articles first",
					Args: graphql.FieldConfigArgument{
						"entityTypes": {Type: graphql.NewList(graphql.NewNonNull(b.entityType)), Description: "only entities of these types (default all)"},
						"first":       firstArg(10, "entities"),
					},
					Resolve: batched(func(p graphql.ResolveParams, e graph.Entity, l *loaders) (any, error) {
						n, err := pageArg(p, "first", 10, graph.MaxPage)
						if err != nil {
							return nil, err
						}
						return thunk(l.relatedOfEntities(argEntityTypes(p.Args, "entityTypes"), n).load(p.Context, e.ID), list), nil
					})},
				"statements": {Type: listOf(b.statement), Description: "what it said (or, with about: true, statements that name it), newest first",
					Args: graphql.FieldConfigArgument{
						"about": {Type: graphql.Boolean, DefaultValue: false, Description: "statements by others that name this entity"},
						"first": firstArg(10, "statements"),
					},
					Resolve: batched(func(p graphql.ResolveParams, e graph.Entity, l *loaders) (any, error) {
						n, err := pageArg(p, "first", 10, graph.MaxPage)
						if err != nil {
							return nil, err
						}
						return thunk(l.statementsOfEntities(argBool(p.Args, "about"), n).load(p.Context, e.ID), list), nil
					})},
			})
		}),
	})
}

func (b *builder) articleObject() *graphql.Object {
	return graphql.NewObject(graphql.ObjectConfig{Name: "Article", Description: "A news article as ingested.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return wrapAll(graphql.Fields{
				"id":           prop(nonNull(graphql.ID), "", func(a graph.Article) any { return a.ID }),
				"title":        prop(nonNull(graphql.String), "", func(a graph.Article) any { return a.Title }),
				"url":          prop(nonNull(graphql.String), "", func(a graph.Article) any { return a.URL }),
				"published":    prop(nonNull(graphql.String), "as the source wrote it, usually an ISO date", func(a graph.Article) any { return a.Published }),
				"source":       prop(nonNull(graphql.String), "file name or - for standard input", func(a graph.Article) any { return a.Source }),
				"keywords":     prop(listOf(graphql.String), "关键词", func(a graph.Article) any { return orEmpty(a.Keywords) }),
				"technologies": prop(listOf(graphql.String), "AI技术", func(a graph.Article) any { return orEmpty(a.Technologies) }),
				"industries":   prop(listOf(graphql.String), "行业", func(a graph.Article) any { return orEmpty(a.Industries) }),
				"extractor":    prop(nonNull(graphql.String), "the extractor version that read it", func(a graph.Article) any { return a.Extractor }),
				"ingestedAt": prop(graphql.String, "RFC 3339", func(a graph.Article) any {
					if a.IngestedAt.IsZero() {
						return nil
					}
					return a.IngestedAt.Format(time.RFC3339)
				}),
				"text": {Type: nonNull(graphql.String), Description: "the text every offset refers to (code points)",
					Resolve: func(p graphql.ResolveParams) (any, error) {
						a, err := parentOf[graph.Article](p)
						if err != nil || a.HasText {
							return a.Text, err
						}
						l, err := loadersOf(p.Context)
						if err != nil {
							return nil, err
						}
						return thunk(l.articleText.load(p.Context, a.ID), func(full graph.Article, _ bool) any { return full.Text }), nil
					}},
				"entities": {Type: listOf(b.entity), Description: "what it mentions or is tagged with, most mentioned in it first",
					Args: graphql.FieldConfigArgument{
						"types": {Type: graphql.NewList(graphql.NewNonNull(b.entityType)), Description: "only these types (default all)"},
						"first": firstArg(100, "entities"),
					},
					Resolve: batched(func(p graphql.ResolveParams, a graph.Article, l *loaders) (any, error) {
						n, err := pageArg(p, "first", 100, graph.MaxPage)
						if err != nil {
							return nil, err
						}
						return thunk(l.entitiesOfArticles(argEntityTypes(p.Args, "types"), n).load(p.Context, a.ID),
							func(es []graph.ArticleEntity, _ bool) any {
								out := make([]graph.Entity, len(es))
								for i, e := range es {
									out[i] = e.Entity
								}
								return out
							}), nil
					})},
				"relations": {Type: listOf(b.relation), Description: "the relations it supports",
					Args: graphql.FieldConfigArgument{"first": firstArg(100, "relations")},
					Resolve: batched(func(p graphql.ResolveParams, a graph.Article, l *loaders) (any, error) {
						n, err := pageArg(p, "first", 100, graph.MaxPage)
						if err != nil {
							return nil, err
						}
						return thunk(l.relationsOfArticles(n).load(p.Context, a.ID), list), nil
					})},
				"statements": {Type: listOf(b.statement), Description: "what people said in it, in text order",
					Resolve: batched(func(p graphql.ResolveParams, a graph.Article, l *loaders) (any, error) {
						return thunk(l.articleStatements.load(p.Context, a.ID), list), nil
					})},
			})
		}),
	})
}

// entityField resolves an entity id of the parent through the batcher.
func entityField(desc string, t graphql.Output, id func(p graphql.ResolveParams) (string, error)) *graphql.Field {
	return &graphql.Field{Type: t, Description: desc, Resolve: func(p graphql.ResolveParams) (any, error) {
		key, err := id(p)
		if err != nil {
			return nil, err
		}
		l, err := loadersOf(p.Context)
		if err != nil {
			return nil, err
		}
		if e, ok, known := l.entity.peek(key); known {
			return maybe(e, ok), nil // *graph.Entity: parentOf takes either
		}
		return thunk(l.entity.load(p.Context, key), maybe), nil
	}}
}

func articleField(desc string, t graphql.Output, id func(p graphql.ResolveParams) (string, error)) *graphql.Field {
	return &graphql.Field{Type: t, Description: desc, Resolve: func(p graphql.ResolveParams) (any, error) {
		key, err := id(p)
		if err != nil {
			return nil, err
		}
		l, err := loadersOf(p.Context)
		if err != nil {
			return nil, err
		}
		if a, ok, known := l.article.peek(key); known {
			return maybe(a, ok), nil
		}
		return thunk(l.article.load(p.Context, key), maybe), nil
	}}
}

// manyOf loads several ids of one batcher and keeps those that exist, in
// order.
func manyOf[V any](p graphql.ResolveParams, bt *batcher[V], ids []string) any {
	loads := make([]func() (V, bool, error), len(ids))
	for i, id := range ids {
		loads[i] = bt.load(p.Context, id)
	}
	return func() (any, error) {
		out := []V{}
		for _, load := range loads {
			v, ok, err := load()
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, v)
			}
		}
		return out, nil
	}
}

func (b *builder) relationObject() *graphql.Object {
	return graphql.NewObject(graphql.ObjectConfig{Name: "Relation",
		Description: "A typed, directed fact between two entities, with the sentences of the articles that support it.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return wrapAll(graphql.Fields{
				"id":   prop(nonNull(graphql.ID), "stable id: type, ends and title", func(r graph.Relation) any { return r.ID }),
				"type": prop(nonNull(b.relationType), "", func(r graph.Relation) any { return r.Type }),
				"typeLabel": prop(nonNull(graphql.String), "the type in Chinese", func(r graph.Relation) any {
					info, _ := r.Type.Info()
					return info.Chinese
				}),
				"source": entityField("", nonNull(b.entity), func(p graphql.ResolveParams) (string, error) {
					r, err := parentOf[graph.Relation](p)
					return r.Source, err
				}),
				"target": entityField("", nonNull(b.entity), func(p graphql.ResolveParams) (string, error) {
					r, err := parentOf[graph.Relation](p)
					return r.Target, err
				}),
				"title": prop(graphql.String, "job title of WORKS_AT", func(r graph.Relation) any {
					if r.Title == "" {
						return nil
					}
					return r.Title
				}),
				"confidence":   prop(nonNull(graphql.Float), "the best confidence of its evidence", func(r graph.Relation) any { return r.Confidence }),
				"articleCount": prop(nonNull(graphql.Int), "articles that support it", func(r graph.Relation) any { return len(r.Articles) }),
				"articles": {Type: listOf(b.article), Description: "articles that support it",
					Args: graphql.FieldConfigArgument{"first": firstArg(10, "articles")},
					Resolve: batched(func(p graphql.ResolveParams, r graph.Relation, l *loaders) (any, error) {
						n, err := pageArg(p, "first", 10, graph.MaxPage)
						if err != nil {
							return nil, err
						}
						return manyOf(p, l.article, r.Articles[:min(n, len(r.Articles))]), nil
					})},
				"evidence": {Type: listOf(b.evidence), Description: "the supporting sentences, one per article and sentence",
					Args: graphql.FieldConfigArgument{"first": firstArg(5, "sentences")},
					Resolve: func(p graphql.ResolveParams) (any, error) {
						r, err := parentOf[graph.Relation](p)
						if err != nil {
							return nil, err
						}
						n, err := pageArg(p, "first", 5, graph.MaxPage)
						if err != nil {
							return nil, err
						}
						return orEmpty(r.Evidence[:min(n, len(r.Evidence))]), nil
					}},
			})
		}),
	})
}

func (b *builder) smallObjects() {
	b.evidence = graphql.NewObject(graphql.ObjectConfig{Name: "Evidence", Description: "A sentence of an article that supports a relation.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return wrapAll(graphql.Fields{
				"article": articleField("", b.article, func(p graphql.ResolveParams) (string, error) {
					e, err := parentOf[graph.Evidence](p)
					return e.Article, err
				}),
				"articleId":  prop(nonNull(graphql.ID), "", func(e graph.Evidence) any { return e.Article }),
				"text":       prop(nonNull(graphql.String), "the sentence", func(e graph.Evidence) any { return e.Text }),
				"start":      prop(nonNull(graphql.Int), "code point offset in the article's text", func(e graph.Evidence) any { return e.Start }),
				"end":        prop(nonNull(graphql.Int), "exclusive", func(e graph.Evidence) any { return e.End }),
				"confidence": prop(nonNull(graphql.Float), "", func(e graph.Evidence) any { return e.Confidence }),
			})
		})})
	b.statement = graphql.NewObject(graphql.ObjectConfig{Name: "Statement", Description: "What a person said in an article.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return wrapAll(graphql.Fields{
				"id": prop(nonNull(graphql.ID), "", func(s graph.Statement) any { return s.ID }),
				"speaker": entityField("", nonNull(b.entity), func(p graphql.ResolveParams) (string, error) {
					s, err := parentOf[graph.Statement](p)
					return s.Speaker, err
				}),
				"text":  prop(nonNull(graphql.String), "", func(s graph.Statement) any { return s.Text }),
				"start": prop(nonNull(graphql.Int), "code point offset in the article's text", func(s graph.Statement) any { return s.Start }),
				"end":   prop(nonNull(graphql.Int), "exclusive", func(s graph.Statement) any { return s.End }),
				"confidence": prop(nonNull(graphql.Float), "how sure extraction is of the words and the speaker: 0.9 an interview turn, 0.85 a quotation, 0.7 reported speech without quotation marks",
					func(s graph.Statement) any { return s.Confidence }),
				"article": articleField("", nonNull(b.article), func(p graphql.ResolveParams) (string, error) {
					s, err := parentOf[graph.Statement](p)
					return s.Article, err
				}),
				"mentions": {Type: listOf(b.entity), Description: "entities the statement names",
					Resolve: batched(func(p graphql.ResolveParams, s graph.Statement, l *loaders) (any, error) {
						return manyOf(p, l.entity, s.About), nil
					})},
			})
		})})
	b.searchHit = graphql.NewObject(graphql.ObjectConfig{Name: "SearchHit", Fields: graphql.FieldsThunk(func() graphql.Fields {
		return wrapAll(graphql.Fields{
			"entity": prop(nonNull(b.entity), "", func(h graph.SearchHit) any { return h.Entity }),
			"match":  prop(nonNull(b.matchKind), "", func(h graph.SearchHit) any { return h.Match }),
			"score":  prop(nonNull(graphql.Float), "full-text score (0 for matches by key alone)", func(h graph.SearchHit) any { return h.Score }),
		})
	})})
	b.related = graphql.NewObject(graphql.ObjectConfig{Name: "RelatedEntity", Fields: graphql.FieldsThunk(func() graphql.Fields {
		return wrapAll(graphql.Fields{
			"entity":         prop(nonNull(b.entity), "", func(r graph.Related) any { return r.Entity }),
			"sharedArticles": prop(nonNull(graphql.Int), "articles mentioning both", func(r graph.Related) any { return r.Shared }),
		})
	})})
	b.path = graphql.NewObject(graphql.ObjectConfig{Name: "Path",
		Description: "A walk through entities: entities[i] and entities[i+1] are the ends of relations[i], in either direction.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return wrapAll(graphql.Fields{
				"length":    prop(nonNull(graphql.Int), "number of relations", func(p graph.Path) any { return len(p.Relations) }),
				"entities":  prop(listOf(b.entity), "", func(p graph.Path) any { return orEmpty(p.Entities) }),
				"relations": prop(listOf(b.relation), "", func(p graph.Path) any { return orEmpty(p.Relations) }),
			})
		})})
	b.subgraph = graphql.NewObject(graphql.ObjectConfig{Name: "Subgraph", Description: "Entities and every relation among them.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return wrapAll(graphql.Fields{
				"entities":  prop(listOf(b.entity), "", func(s graph.Subgraph) any { return orEmpty(s.Entities) }),
				"relations": prop(listOf(b.relation), "", func(s graph.Subgraph) any { return orEmpty(s.Relations) }),
				"truncated": prop(nonNull(graphql.Boolean), "the limit cut entities or relations off", func(s graph.Subgraph) any { return s.Truncated }),
			})
		})})
}

// connection is one page of a list, with totalCount computed only when a
// query selects it.
type connection struct {
	nodes   []any
	cursors []string
	hasNext bool
	count   func() (int64, error)
}

type edge struct {
	cursor string
	node   any
}

func newConnection[T any](p graph.Page[T], count func() (int64, error)) connection {
	c := connection{cursors: p.Cursors, hasNext: p.HasNext, count: count}
	for _, n := range p.Items {
		c.nodes = append(c.nodes, n)
	}
	return c
}

func (b *builder) pageInfoObject() *graphql.Object {
	return graphql.NewObject(graphql.ObjectConfig{Name: "PageInfo", Fields: wrapAll(graphql.Fields{
		"hasNextPage": prop(nonNull(graphql.Boolean), "", func(c connection) any { return c.hasNext }),
		"endCursor": prop(graphql.String, "pass as after for the next page", func(c connection) any {
			if len(c.cursors) == 0 {
				return nil
			}
			return c.cursors[len(c.cursors)-1]
		}),
		"startCursor": prop(graphql.String, "", func(c connection) any {
			if len(c.cursors) == 0 {
				return nil
			}
			return c.cursors[0]
		}),
	})})
}

func (b *builder) connectionObject(name string, node graphql.Output) *graphql.Object {
	edgeType := graphql.NewObject(graphql.ObjectConfig{Name: name + "Edge", Fields: wrapAll(graphql.Fields{
		"cursor": prop(nonNull(graphql.String), "", func(e edge) any { return e.cursor }),
		"node":   prop(nonNull(node), "", func(e edge) any { return e.node }),
	})})
	return graphql.NewObject(graphql.ObjectConfig{Name: name + "Connection",
		Description: "One page, in a stable order; pages continue after a cursor, so inserts never repeat or skip items.",
		Fields: wrapAll(graphql.Fields{
			"edges": prop(listOf(edgeType), "", func(c connection) any {
				out := make([]edge, len(c.nodes))
				for i, n := range c.nodes {
					out[i] = edge{cursor: c.cursors[i], node: n}
				}
				return out
			}),
			"nodes":    prop(listOf(node), "the edges' nodes, for clients that need no cursors", func(c connection) any { return orEmpty(c.nodes) }),
			"pageInfo": prop(nonNull(b.pageInfo), "", func(c connection) any { return c }),
			"totalCount": {Type: nonNull(graphql.Int), Description: "all items the filter selects; costs a count query, so ask only when needed",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					c, err := parentOf[connection](p)
					if err != nil {
						return nil, err
					}
					if c.count == nil {
						return 0, nil
					}
					return c.count()
				}},
		}),
	})
}
