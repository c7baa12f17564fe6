package gql

import (
	"fmt"
	"slices"
	"strings"

	"github.com/graphql-go/graphql"

	"kg/graph"
	"kg/schema"
)

type deleteResult struct {
	id      string
	deleted bool
}

func (b *builder) mutationFields() graphql.Fields {
	g := b.svc.graph
	strList := graphql.NewList(graphql.NewNonNull(graphql.String))
	input := graphql.NewInputObject(graphql.InputObjectConfig{Name: "ArticleInput",
		Description: "An article as `kg ingest` reads it from JSON.",
		Fields: graphql.InputObjectConfigFieldMap{
			"id":           {Type: graphql.ID, Description: "default: a hash of the url, or without one of title and text, as kg ingest names it"},
			"title":        {Type: graphql.String},
			"url":          {Type: graphql.String},
			"published":    {Type: graphql.String, Description: "ISO date, e.g. 2025-10-20"},
			"source":       {Type: graphql.String, Description: "default: graphql"},
			"keywords":     {Type: strList, Description: "关键词"},
			"technologies": {Type: strList, Description: "AI技术"},
			"industries":   {Type: strList, Description: "行业"},
			"text":         {Type: nonNull(graphql.String), Description: "the article's text"},
		}})
	ingestResult := graphql.NewObject(graphql.ObjectConfig{Name: "IngestResult", Fields: wrapAll(graphql.Fields{
		"id":         prop(nonNull(graphql.ID), "the article's id", func(r IngestResult) any { return r.ID }),
		"status":     prop(nonNull(b.ingestStatus), "", func(r IngestResult) any { return r.Status }),
		"entities":   prop(nonNull(graphql.Int), "entities extracted", func(r IngestResult) any { return r.Entities }),
		"relations":  prop(nonNull(graphql.Int), "relations extracted", func(r IngestResult) any { return r.Relations }),
		"statements": prop(nonNull(graphql.Int), "statements extracted", func(r IngestResult) any { return r.Statements }),
		"article": articleField("the stored article", b.article, func(p graphql.ResolveParams) (string, error) {
			r, err := parentOf[IngestResult](p)
			return r.ID, err
		}),
	})})
	deleted := graphql.NewObject(graphql.ObjectConfig{Name: "DeleteResult", Fields: wrapAll(graphql.Fields{
		"id":      prop(nonNull(graphql.ID), "", func(r deleteResult) any { return r.id }),
		"deleted": prop(nonNull(graphql.Boolean), "false when no article had the id", func(r deleteResult) any { return r.deleted }),
	})})
	return graphql.Fields{
		"ingestArticle": {Type: nonNull(ingestResult),
			Description: "Extract an article and store its facts, as `kg ingest` does. The same content again changes nothing; " +
				"new content under the same id replaces the article's old facts.",
			Args: graphql.FieldConfigArgument{"input": {Type: nonNull(input)}},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				if b.svc.ingest == nil {
					return nil, errorf(Unavailable, "this server cannot ingest: it runs without an extractor")
				}
				in := argMap(p.Args, "input")
				a := schema.Article{ID: strings.TrimSpace(argStr(in, "id")), Title: argStr(in, "title"), URL: argStr(in, "url"),
					Published: argStr(in, "published"), Source: argStr(in, "source"), Text: argStr(in, "text"),
					Keywords: argStrs(in, "keywords"), Technologies: argStrs(in, "technologies"), Industries: argStrs(in, "industries")}
				if strings.TrimSpace(a.Text) == "" {
					return nil, errorf(BadUserInput, "input.text is empty")
				}
				if a.ID == "" {
					a.ID = a.DefaultID() // as kg ingest names it
				}
				if a.Source == "" {
					a.Source = "graphql"
				}
				return b.svc.ingest.IngestArticle(p.Context, a)
			}},
		"deleteArticle": {Type: nonNull(deleted),
			Description: "Remove an article and exactly its support: facts other articles support stay.",
			Args:        graphql.FieldConfigArgument{"id": {Type: nonNull(graphql.ID)}},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				id := argStr(p.Args, "id")
				found, err := g.DeleteArticles(p.Context, []string{id})
				if err != nil {
					return nil, err
				}
				return deleteResult{id: id, deleted: slices.Contains(found, id)}, nil
			}},
		"mergeEntities": {Type: nonNull(b.entity),
			Description: "Fold duplicates (ids or names) into one entity: their relations, mentions, statements and names move to it, " +
				"their names become its aliases, and they are deleted. Later articles that name a duplicate write to the entity, " +
				"and a duplicate's id names it from then on. Idempotent.",
			Args: graphql.FieldConfigArgument{
				"into": {Type: nonNull(graphql.ID), Description: "the entity that stays (id or name)"},
				"from": {Type: nonNull(graphql.NewList(nonNull(graphql.ID))), Description: "the duplicates (ids; names must name an entity)"},
			},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				into, from := argStr(p.Args, "into"), argStrs(p.Args, "from")
				if len(from) == 0 || len(from) > 100 {
					return nil, errorf(BadUserInput, "from must list 1 to 100 entities")
				}
				ids, err := b.mustRefs(p.Context, into)
				if err != nil {
					return nil, err
				}
				// The id of an entity merged before names the entity it went
				// into, so merging again is a no-op; ids that name nothing
				// stay as they are and are ignored, not an error.
				known, err := b.refs(p.Context, from...)
				if err != nil {
					return nil, err
				}
				var fromIDs []string
				for _, f := range from {
					if id, ok := known[f]; ok {
						fromIDs = append(fromIDs, id)
					} else {
						fromIDs = append(fromIDs, f)
					}
				}
				return g.MergeEntities(p.Context, ids[into], fromIDs)
			}},
		"addAlias": {Type: nonNull(b.entity),
			Description: "Give an entity (id or name) another name by hand. Lookups and search find it by the alias at once, and deleting articles keeps it.",
			Args: graphql.FieldConfigArgument{
				"id":    {Type: nonNull(graphql.ID), Description: "the entity (id or name)"},
				"alias": {Type: nonNull(graphql.String), Description: fmt.Sprintf("at most %d characters", graph.MaxAliasLen)},
			},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				ref := argStr(p.Args, "id")
				ids, err := b.mustRefs(p.Context, ref)
				if err != nil {
					return nil, err
				}
				return g.AddAlias(p.Context, ids[ref], argStr(p.Args, "alias"))
			}},
	}
}
