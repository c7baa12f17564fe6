package graph

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// DeleteArticles removes the articles and exactly their support: their
// statements, mentions and tags, their evidence on relations, and every
// entity and relation left with no supporting article. It returns the ids
// that existed; the others are not an error.
func (s *Store) DeleteArticles(ctx context.Context, ids []string) ([]string, error) {
	sess := s.drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db})
	defer sess.Close(ctx)
	found, err := neo4j.ExecuteWrite(ctx, sess, func(tx neo4j.ManagedTransaction) ([]string, error) {
		recs, err := run(ctx, tx, "MATCH (a:Article) WHERE a.id IN $ids RETURN a.id AS id ORDER BY id", map[string]any{"ids": ids})
		if err != nil {
			return nil, err
		}
		found := make([]string, 0, len(recs))
		for _, r := range recs {
			found = append(found, str(r, "id"))
		}
		if len(found) == 0 {
			return found, nil
		}
		return found, deleteArticlesTx(ctx, tx, found)
	})
	if err != nil {
		return nil, fmt.Errorf("delete articles %v: %w", ids, err)
	}
	return found, nil
}

// deleteSteps run in this order: relations are found through the article's
// list of them, statements and mentions follow, and the article goes last.
var deleteSteps = []struct{ what, cypher string }{
	{"relation evidence", `MATCH (a:Article) WHERE a.id IN $ids
UNWIND a.relations AS support
WITH split(support, $sep) AS p
MATCH (:Entity {id: p[1]})-[r]->(:Entity {id: p[2]})
WHERE r.id = p[0]
WITH DISTINCT r
SET r.articles = [x IN r.articles WHERE NOT x IN $ids],
    r.evidence = [x IN r.evidence WHERE NOT split(x, $sep)[0] IN $ids]
SET r.confidence = reduce(c = 0.0, x IN r.evidence | CASE WHEN toFloat(split(x, $sep)[3]) > c THEN toFloat(split(x, $sep)[3]) ELSE c END),
    r.articleCount = size(r.articles)
WITH r WHERE size(r.articles) = 0
DELETE r`},
	{"statements", `MATCH (a:Article)-[:HAS_STATEMENT]->(s:Statement) WHERE a.id IN $ids DETACH DELETE s`},
	{"mentions and entities", `MATCH (a:Article)-[m:MENTIONS|TAGGED]->(e:Entity) WHERE a.id IN $ids
WITH collect(m) AS ms, collect(DISTINCT e) AS es
FOREACH (m IN ms | DELETE m)
WITH es
UNWIND es AS e
OPTIONAL MATCH (src:Article)-[m:MENTIONS]->(e)
WITH e, collect(m) AS ms, collect(DISTINCT src) AS srcs
OPTIONAL MATCH (tg:Article)-[:TAGGED]->(e)
WITH e, ms, srcs, collect(DISTINCT tg) AS tgs
WITH e, ms, srcs, tgs, size(srcs) + size([t IN tgs WHERE NOT t IN srcs]) AS support
SET e.mentionCount = reduce(n = 0, m IN ms | n + m.count),
    e.articleCount = support,
    e.lastSeen = reduce(l = '', a IN srcs + tgs | CASE WHEN coalesce(a.published, '') > l THEN a.published ELSE l END),
    e.confidence = reduce(c = 0.0, m IN ms | CASE WHEN m.confidence > c THEN m.confidence ELSE c END),
    e.aliases = reduce(acc = e.manualAliases, m IN ms | reduce(a = acc, x IN m.aliases | CASE WHEN x IN a THEN a ELSE a + x END)),
    e.aliasKeys = reduce(acc = e.manualAliasKeys, m IN ms | reduce(a = acc, x IN m.aliasKeys | CASE WHEN x IN a THEN a ELSE a + x END))
SET e.aliasText = reduce(t = '', x IN e.aliases | t + ' ' + x)
WITH e, support WHERE support = 0
DETACH DELETE e`},
	{"articles", `MATCH (a:Article) WHERE a.id IN $ids DETACH DELETE a`},
}

func deleteArticlesTx(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) error {
	params := map[string]any{"ids": ids, "sep": evidenceSep}
	for _, st := range deleteSteps {
		if _, err := run(ctx, tx, st.cypher, params); err != nil {
			return fmt.Errorf("delete %s: %w", st.what, err)
		}
	}
	return nil
}
