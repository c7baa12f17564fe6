// Package gql serves kg's graph over GraphQL: the schema of DESIGN.md and
// its resolvers, an HTTP handler with limits, auth, health, readiness and
// metrics, and GraphiQL from embedded files.
//
// gql talks to the graph only through the Graph interface below, so it
// never imports the Neo4j driver; *graph.Store implements it.
package gql

import (
	"context"

	"kg/graph"
	"kg/schema"
)

// Graph is what the service reads and changes. Batched methods take many
// ids at once: resolvers collect the ids of one request level and ask once.
type Graph interface {
	Ping(ctx context.Context) error
	Stats(ctx context.Context) (graph.Stats, error)

	Resolve(ctx context.Context, refs []string, typ schema.EntityType) (map[string]graph.Entity, error)
	EntitiesByID(ctx context.Context, ids []string) (map[string]graph.Entity, error)
	Entities(ctx context.Context, f graph.EntityFilter, sort graph.EntitySort, first int, after string) (graph.Page[graph.Entity], error)
	CountEntities(ctx context.Context, f graph.EntityFilter) (int64, error)
	Search(ctx context.Context, text string, types []schema.EntityType, first int) ([]graph.SearchHit, error)

	EntityArticles(ctx context.Context, ids []string, first int) (map[string][]graph.Article, error)
	EntityRelations(ctx context.Context, ids []string, q graph.RelationQuery) (map[string][]graph.Relation, error)
	EntityNeighbors(ctx context.Context, ids []string, q graph.NeighborQuery) (map[string][]graph.Entity, error)
	EntityRelated(ctx context.Context, ids []string, types []schema.EntityType, first int) (map[string][]graph.Related, error)
	EntityStatements(ctx context.Context, ids []string, about bool, first int) (map[string][]graph.Statement, error)

	ArticlesByID(ctx context.Context, ids []string, withText bool) (map[string]graph.Article, error)
	Articles(ctx context.Context, f graph.ArticleFilter, first int, after string) (graph.Page[graph.Article], error)
	CountArticles(ctx context.Context, f graph.ArticleFilter) (int64, error)
	ArticleEntities(ctx context.Context, ids []string, types []schema.EntityType, first int) (map[string][]graph.ArticleEntity, error)
	ArticleRelations(ctx context.Context, ids []string, first int) (map[string][]graph.Relation, error)
	ArticleStatements(ctx context.Context, ids []string) (map[string][]graph.Statement, error)

	Relations(ctx context.Context, f graph.RelationFilter, first int, after string) (graph.Page[graph.Relation], error)
	CountRelations(ctx context.Context, f graph.RelationFilter) (int64, error)

	ShortestPath(ctx context.Context, from, to string, maxHops int, types []schema.RelationType) (*graph.Path, error)
	Paths(ctx context.Context, from, to string, maxHops int, types []schema.RelationType, first int) ([]graph.Path, error)
	Subgraph(ctx context.Context, q graph.SubgraphQuery) (graph.Subgraph, error)

	DeleteArticles(ctx context.Context, ids []string) ([]string, error)
	MergeEntities(ctx context.Context, into string, from []string) (graph.Entity, error)
	AddAlias(ctx context.Context, id, alias string) (graph.Entity, error)
}

var _ Graph = (*graph.Store)(nil)

// Ingester runs one article through the same pipeline as `kg ingest`:
// extraction, then one write transaction.
type Ingester interface {
	IngestArticle(ctx context.Context, a schema.Article) (IngestResult, error)
}

// IngestResult says what ingesting one article did.
type IngestResult struct {
	ID         string
	Status     graph.WriteStatus
	Entities   int
	Relations  int
	Statements int
}
