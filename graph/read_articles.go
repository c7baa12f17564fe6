package graph

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"kg/schema"
)

// ArticlesByID returns the articles that exist among ids, keyed by id,
// with their text when withText is set.
func (s *Store) ArticlesByID(ctx context.Context, ids []string, withText bool) (map[string]Article, error) {
	out := make(map[string]Article, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	props := articleListProps
	if withText {
		props = articleProps
	}
	recs, err := s.query(ctx, "articles_by_id", "UNWIND $ids AS id MATCH (a:Article {id: id}) RETURN a"+props+" AS a",
		map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		a := toArticle(val(r, "a"))
		out[a.ID] = a
	}
	return out, nil
}

// ArticleFilter selects articles; zero fields select everything.
type ArticleFilter struct {
	Entity        string // mentions or is tagged with this entity id
	PublishedFrom string // inclusive, compared as text (see EntityFilter)
	PublishedTo   string
	Source        string // exact source (file name)
	TitleContains string
}

func articleMatch(f ArticleFilter) (string, map[string]any) {
	p := map[string]any{}
	var where []string
	q := "MATCH (a:Article)"
	if f.Entity != "" {
		q = "MATCH (a:Article)-[:MENTIONS|TAGGED]->(:Entity {id: $entity})"
		p["entity"] = f.Entity
	}
	if f.PublishedFrom != "" || f.PublishedTo != "" {
		where = append(where, "a.published >= $from AND a.published < $to")
		p["from"], p["to"] = dateRange(f.PublishedFrom, f.PublishedTo)
	}
	if f.Source != "" {
		where = append(where, "a.source = $source")
		p["source"] = f.Source
	}
	if f.TitleContains != "" {
		where = append(where, "toLower(a.title) CONTAINS toLower($title)")
		p["title"] = f.TitleContains
	}
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Entity != "" {
		q += " WITH DISTINCT a"
	}
	return q, p
}

// Articles returns one page of the articles f selects, newest first (by
// published, as text; undated articles last), after the cursor.
func (s *Store) Articles(ctx context.Context, f ArticleFilter, first int, after string) (Page[Article], error) {
	var page Page[Article]
	if err := limit("first", first, MaxPage); err != nil {
		return page, err
	}
	c, err := decodeCursor(after, "NEWEST")
	if err != nil {
		return page, err
	}
	q, p := articleMatch(f)
	q += "\nWITH a, coalesce(a.published, '') AS k"
	if c != nil {
		q += " WHERE k < $ck OR (k = $ck AND a.id < $cid)"
		p["ck"], p["cid"] = c.Str, c.ID
	}
	q += "\nRETURN a" + articleListProps + " AS a, k ORDER BY k DESC, a.id DESC LIMIT $n"
	p["n"] = int64(first + 1)
	recs, err := s.query(ctx, "articles", q, p)
	if err != nil {
		return page, err
	}
	for i, r := range recs {
		if i == first {
			page.HasNext = true
			break
		}
		a := toArticle(val(r, "a"))
		page.Items = append(page.Items, a)
		page.Cursors = append(page.Cursors, cursor{Sort: "NEWEST", Str: a.Published, ID: a.ID}.encode())
	}
	return page, nil
}

// CountArticles counts what f selects.
func (s *Store) CountArticles(ctx context.Context, f ArticleFilter) (int64, error) {
	q, p := articleMatch(f)
	recs, err := s.query(ctx, "count_articles", q+"\nRETURN count(a) AS n", p)
	if err != nil || len(recs) == 0 {
		return 0, err
	}
	return int64Of(recs[0], "n"), nil
}

// ArticleEntity is an entity as one article mentions it.
type ArticleEntity struct {
	Entity
	Mentions int64 // times this article mentions it (0 if only tagged)
}

// ArticleEntities returns, per article id, the entities the article
// mentions or is tagged with, most mentioned in it first, at most first each.
func (s *Store) ArticleEntities(ctx context.Context, ids []string, types []schema.EntityType, first int) (map[string][]ArticleEntity, error) {
	if err := limit("first", first, MaxPage); err != nil {
		return nil, err
	}
	tn, err := entityTypeNames(types)
	if err != nil {
		return nil, err
	}
	recs, err := s.query(ctx, "article_entities", `UNWIND $ids AS id
MATCH (a:Article {id: id})
CALL (a) {
  MATCH (a)-[m:MENTIONS|TAGGED]->(e:Entity) WHERE e.type IN $types
  WITH e, sum(coalesce(m.count, 0)) AS n
  RETURN e, n ORDER BY n DESC, e.mentionCount DESC, e.id LIMIT $first
}
RETURN id, e`+entityProps+` AS e, n`, map[string]any{"ids": ids, "types": tn, "first": int64(first)})
	if err != nil {
		return nil, err
	}
	out := map[string][]ArticleEntity{}
	for _, r := range recs {
		id, _ := val(r, "id").(string)
		out[id] = append(out[id], ArticleEntity{Entity: toEntity(val(r, "e")), Mentions: int64Of(r, "n")})
	}
	for _, l := range out {
		slices.SortStableFunc(l, func(a, b ArticleEntity) int {
			return cmp.Or(-cmp.Compare(a.Mentions, b.Mentions), mostMentioned(a.Entity, b.Entity))
		})
	}
	return out, nil
}

// ArticleRelations returns, per article id, the relations the article
// supports, with their ends. The article's own list of them (see write.go)
// leads straight to each, where walking its entities' relations would
// cross every relation of a hub such as 华为.
func (s *Store) ArticleRelations(ctx context.Context, ids []string, first int) (map[string][]Relation, error) {
	if err := limit("first", first, MaxPage); err != nil {
		return nil, err
	}
	recs, err := s.query(ctx, "article_relations", `UNWIND $ids AS id
MATCH (a:Article {id: id})
CALL (a) {
  UNWIND coalesce(a.relations, []) AS support
  WITH split(support, $sep) AS p
  MATCH (s:Entity {id: p[1]})-[r]->(t:Entity {id: p[2]}) WHERE r.id = p[0]
  WITH DISTINCT r, s, t ORDER BY type(r), r.id LIMIT $first
  RETURN r`+relationProps+` AS r, s`+entityProps+` AS s, t`+entityProps+` AS t
}
RETURN id, r, s, t`, map[string]any{"ids": ids, "first": int64(first), "sep": evidenceSep})
	if err != nil {
		return nil, err
	}
	out := map[string][]Relation{}
	for _, r := range recs {
		id, _ := val(r, "id").(string)
		out[id] = append(out[id], relationWithEnds(r))
	}
	for _, l := range out {
		slices.SortStableFunc(l, func(a, b Relation) int { return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.ID, b.ID)) })
	}
	return out, nil
}

// ArticleStatements returns, per article id, its statements in text order.
func (s *Store) ArticleStatements(ctx context.Context, ids []string) (map[string][]Statement, error) {
	recs, err := s.query(ctx, "article_statements", `UNWIND $ids AS id
MATCH (:Article {id: id})-[:HAS_STATEMENT]->(st:Statement)-[:SAID_BY]->(p:Entity)
OPTIONAL MATCH (st)-[:ABOUT]->(ab:Entity)
WITH id, st, p, collect(ab.id) AS about ORDER BY st.start
RETURN id, st{.id, .article, .start, .end, .text, .confidence, speaker: p.id, about: about} AS st`, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := map[string][]Statement{}
	for _, r := range recs {
		id, _ := val(r, "id").(string)
		out[id] = append(out[id], toStatement(val(r, "st")))
	}
	return out, nil
}
