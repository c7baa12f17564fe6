package graph

import (
	"cmp"
	"context"
	"slices"

	"kg/schema"
)

// EntityArticles returns, per entity id, the articles that mention or tag
// it, newest first, at most first each (without their text).
func (s *Store) EntityArticles(ctx context.Context, ids []string, first int) (map[string][]Article, error) {
	if err := limit("first", first, MaxPage); err != nil {
		return nil, err
	}
	recs, err := s.query(ctx, "entity_articles", `UNWIND $ids AS id
MATCH (e:Entity {id: id})
CALL (e) {
  MATCH (a:Article)-[:MENTIONS|TAGGED]->(e)
  WITH DISTINCT a ORDER BY coalesce(a.published, '') DESC, a.id DESC LIMIT $first
  RETURN a
}
RETURN id, a`+articleListProps+` AS a`, map[string]any{"ids": ids, "first": int64(first)})
	if err != nil {
		return nil, err
	}
	out := map[string][]Article{}
	for _, r := range recs {
		id, _ := val(r, "id").(string)
		out[id] = append(out[id], toArticle(val(r, "a")))
	}
	for _, l := range out {
		slices.SortStableFunc(l, newestFirst)
	}
	return out, nil
}

// NeighborQuery selects the entities related to an entity.
type NeighborQuery struct {
	Types       []schema.RelationType
	EntityTypes []schema.EntityType
	First       int
}

// EntityNeighbors returns, per entity id, the distinct entities one
// relation away, most mentioned first, at most q.First each.
func (s *Store) EntityNeighbors(ctx context.Context, ids []string, q NeighborQuery) (map[string][]Entity, error) {
	if err := limit("first", q.First, MaxPage); err != nil {
		return nil, err
	}
	rt, err := relationTypeNames(q.Types)
	if err != nil {
		return nil, err
	}
	et, err := entityTypeNames(q.EntityTypes)
	if err != nil {
		return nil, err
	}
	recs, err := s.query(ctx, "entity_neighbors", `UNWIND $ids AS id
MATCH (x:Entity {id: id})
CALL (x) {
  MATCH (x)-[:`+relPattern(rt)+`]-(n:Entity) WHERE n <> x AND n.type IN $etypes
  WITH DISTINCT n ORDER BY n.mentionCount DESC, n.id LIMIT $first
  RETURN n
}
RETURN id, n`+entityProps+` AS n`, map[string]any{"ids": ids, "etypes": et, "first": int64(q.First)})
	if err != nil {
		return nil, err
	}
	out := map[string][]Entity{}
	for _, r := range recs {
		id, _ := val(r, "id").(string)
		out[id] = append(out[id], toEntity(val(r, "n")))
	}
	for _, l := range out {
		slices.SortStableFunc(l, mostMentioned)
	}
	return out, nil
}

// Related is an entity that shares articles with another.
type Related struct {
	Entity Entity
	Shared int64 // articles mentioning both
}

// EntityRelated returns, per entity id, the entities mentioned in the same
// articles, those sharing most articles first, at most first each. It
// finds connections that extraction did not name as relations.
func (s *Store) EntityRelated(ctx context.Context, ids []string, types []schema.EntityType, first int) (map[string][]Related, error) {
	if err := limit("first", first, MaxPage); err != nil {
		return nil, err
	}
	et, err := entityTypeNames(types)
	if err != nil {
		return nil, err
	}
	recs, err := s.query(ctx, "entity_related", `UNWIND $ids AS id
MATCH (x:Entity {id: id})
CALL (x) {
  MATCH (x)<-[:MENTIONS]-(a:Article)-[:MENTIONS]->(o:Entity) WHERE o <> x AND o.type IN $etypes
  WITH o, count(DISTINCT a) AS shared ORDER BY shared DESC, o.mentionCount DESC, o.id LIMIT $first
  RETURN o, shared
}
RETURN id, o`+entityProps+` AS o, shared`, map[string]any{"ids": ids, "etypes": et, "first": int64(first)})
	if err != nil {
		return nil, err
	}
	out := map[string][]Related{}
	for _, r := range recs {
		id, _ := val(r, "id").(string)
		out[id] = append(out[id], Related{Entity: toEntity(val(r, "o")), Shared: int64Of(r, "shared")})
	}
	for _, l := range out {
		slices.SortStableFunc(l, func(a, b Related) int {
			return cmp.Or(-cmp.Compare(a.Shared, b.Shared), mostMentioned(a.Entity, b.Entity))
		})
	}
	return out, nil
}

// EntityStatements returns, per entity id, the statements the entity made
// (about false) or that name it (about true), newest article first, at
// most first each.
func (s *Store) EntityStatements(ctx context.Context, ids []string, about bool, first int) (map[string][]Statement, error) {
	if err := limit("first", first, MaxPage); err != nil {
		return nil, err
	}
	pat := "(st:Statement)-[:SAID_BY]->(x)"
	if about {
		pat = "(st:Statement)-[:ABOUT]->(x)"
	}
	recs, err := s.query(ctx, "entity_statements", `UNWIND $ids AS id
MATCH (x:Entity {id: id})
CALL (x) {
  MATCH `+pat+`
  MATCH (a:Article)-[:HAS_STATEMENT]->(st)
  WITH st, coalesce(a.published, '') AS published ORDER BY published DESC, st.article, st.start LIMIT $first
  MATCH (st)-[:SAID_BY]->(p:Entity)
  CALL (st) { OPTIONAL MATCH (st)-[:ABOUT]->(ab:Entity) RETURN collect(ab.id) AS about }
  RETURN st, p, about, published
}
RETURN id, published, st{.id, .article, .start, .end, .text, .confidence, speaker: p.id, about: about} AS st`,
		map[string]any{"ids": ids, "first": int64(first)})
	if err != nil {
		return nil, err
	}
	type row struct {
		published string
		st        Statement
	}
	rows := map[string][]row{}
	for _, r := range recs {
		id, _ := val(r, "id").(string)
		pub, _ := val(r, "published").(string)
		rows[id] = append(rows[id], row{pub, toStatement(val(r, "st"))})
	}
	out := make(map[string][]Statement, len(rows))
	for id, rs := range rows {
		slices.SortStableFunc(rs, func(a, b row) int {
			return cmp.Or(-cmp.Compare(a.published, b.published), cmp.Compare(a.st.Article, b.st.Article), cmp.Compare(a.st.Start, b.st.Start))
		})
		for _, r := range rs {
			out[id] = append(out[id], r.st)
		}
	}
	return out, nil
}

// Batched reads order within each entity's list in Cypher (for LIMIT) and
// again here, since Neo4j does not promise to keep an order through the
// clauses that follow a subquery.

func newestFirst(a, b Article) int {
	return cmp.Or(-cmp.Compare(a.Published, b.Published), -cmp.Compare(a.ID, b.ID))
}

func mostMentioned(a, b Entity) int {
	return cmp.Or(-cmp.Compare(a.MentionCount, b.MentionCount), cmp.Compare(a.ID, b.ID))
}
