package gql

import (
	"context"
	"fmt"

	"kg/graph"
	"kg/schema"
)

// loaders are the batchers of one request. Every read of a nested field
// goes through them, so a list of 50 entities with their articles and
// relations costs one query per level, not one per entity.
type loaders struct {
	g Graph

	entity      *batcher[graph.Entity]
	article     *batcher[graph.Article] // without text
	articleText *batcher[graph.Article]

	entityArticles    batchers[[]graph.Article]
	entityRelations   batchers[[]graph.Relation]
	entityNeighbors   batchers[[]graph.Entity]
	entityRelated     batchers[[]graph.Related]
	entityStatements  batchers[[]graph.Statement]
	articleEntities   batchers[[]graph.ArticleEntity]
	articleRelations  batchers[[]graph.Relation]
	articleStatements *batcher[[]graph.Statement]
}

type loadersKey struct{}

func newLoaders(g Graph) *loaders {
	l := &loaders{g: g}
	l.entity = newBatcher(g.EntitiesByID)
	l.article = newBatcher(func(ctx context.Context, ids []string) (map[string]graph.Article, error) {
		return g.ArticlesByID(ctx, ids, false)
	})
	l.articleText = newBatcher(func(ctx context.Context, ids []string) (map[string]graph.Article, error) {
		return g.ArticlesByID(ctx, ids, true)
	})
	l.articleStatements = newBatcher(g.ArticleStatements)
	return l
}

func withLoaders(ctx context.Context, l *loaders) context.Context {
	return context.WithValue(ctx, loadersKey{}, l)
}

func loadersOf(ctx context.Context) (*loaders, error) {
	l, ok := ctx.Value(loadersKey{}).(*loaders)
	if !ok {
		return nil, fmt.Errorf("gql: request context has no loaders")
	}
	return l, nil
}

// The prime helpers keep what a list query brought along, so that asking
// for it again (a relation's source, an article's title) is free.

func (l *loaders) primeEntities(es ...graph.Entity) {
	for _, e := range es {
		l.entity.prime(e.ID, e)
	}
}

func (l *loaders) primeRelations(rs []graph.Relation) {
	for _, r := range rs {
		if r.SourceEntity != nil {
			l.entity.prime(r.Source, *r.SourceEntity)
		}
		if r.TargetEntity != nil {
			l.entity.prime(r.Target, *r.TargetEntity)
		}
	}
}

func (l *loaders) primeArticles(as []graph.Article) {
	for _, a := range as {
		l.article.prime(a.ID, a)
		if a.HasText {
			l.articleText.prime(a.ID, a)
		}
	}
}

func (l *loaders) relationsOfEntities(q graph.RelationQuery) *batcher[[]graph.Relation] {
	return l.entityRelations.get(fmt.Sprint(q.Types, q.Direction, q.First), func(ctx context.Context, ids []string) (map[string][]graph.Relation, error) {
		m, err := l.g.EntityRelations(ctx, ids, q)
		for _, rs := range m {
			l.primeRelations(rs)
		}
		return m, err
	})
}

func (l *loaders) articlesOfEntities(first int) *batcher[[]graph.Article] {
	return l.entityArticles.get(fmt.Sprint(first), func(ctx context.Context, ids []string) (map[string][]graph.Article, error) {
		m, err := l.g.EntityArticles(ctx, ids, first)
		for _, as := range m {
			l.primeArticles(as)
		}
		return m, err
	})
}

func (l *loaders) neighborsOfEntities(q graph.NeighborQuery) *batcher[[]graph.Entity] {
	return l.entityNeighbors.get(fmt.Sprint(q.Types, q.EntityTypes, q.First), func(ctx context.Context, ids []string) (map[string][]graph.Entity, error) {
		m, err := l.g.EntityNeighbors(ctx, ids, q)
		for _, es := range m {
			l.primeEntities(es...)
		}
		return m, err
	})
}

func (l *loaders) relatedOfEntities(types []schema.EntityType, first int) *batcher[[]graph.Related] {
	return l.entityRelated.get(fmt.Sprint(types, first), func(ctx context.Context, ids []string) (map[string][]graph.Related, error) {
		m, err := l.g.EntityRelated(ctx, ids, types, first)
		for _, rs := range m {
			for _, r := range rs {
				l.primeEntities(r.Entity)
			}
		}
		return m, err
	})
}

func (l *loaders) statementsOfEntities(about bool, first int) *batcher[[]graph.Statement] {
	return l.entityStatements.get(fmt.Sprint(about, first), func(ctx context.Context, ids []string) (map[string][]graph.Statement, error) {
		return l.g.EntityStatements(ctx, ids, about, first)
	})
}

func (l *loaders) entitiesOfArticles(types []schema.EntityType, first int) *batcher[[]graph.ArticleEntity] {
	return l.articleEntities.get(fmt.Sprint(types, first), func(ctx context.Context, ids []string) (map[string][]graph.ArticleEntity, error) {
		m, err := l.g.ArticleEntities(ctx, ids, types, first)
		for _, es := range m {
			for _, e := range es {
				l.primeEntities(e.Entity)
			}
		}
		return m, err
	})
}

func (l *loaders) relationsOfArticles(first int) *batcher[[]graph.Relation] {
	return l.articleRelations.get(fmt.Sprint(first), func(ctx context.Context, ids []string) (map[string][]graph.Relation, error) {
		m, err := l.g.ArticleRelations(ctx, ids, first)
		for _, rs := range m {
			l.primeRelations(rs)
		}
		return m, err
	})
}
