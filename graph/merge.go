package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"kg/schema"
)

// MergeEntities folds the entities from into the entity into, for
// duplicates extraction could not tell apart (中国信通院 and
// 中国信息通信研究院 written as two entities): into gets their relations
// (joined with its own where they become the same relation, dropped where
// they would loop to into itself), their mentions, tags and statements, and
// their names and aliases as aliases. Their names become manual aliases, so
// later deletes keep them. Then they are deleted. into keeps its id, type
// and name.
//
// Merging is idempotent: ids in from that no longer exist (merged before)
// are ignored, and merging nothing returns into unchanged. An unknown into
// is an ErrInvalid error.
func (s *Store) MergeEntities(ctx context.Context, into string, from []string) (Entity, error) {
	var fromIDs []string
	for _, f := range from {
		if f != into && !slices.Contains(fromIDs, f) {
			fromIDs = append(fromIDs, f)
		}
	}
	var out Entity
	err := s.writeTx(ctx, "merge_entities", func(q func(string, map[string]any) ([]*neo4j.Record, error)) error {
		var err error
		out, err = mergeTx(q, into, fromIDs)
		return err
	})
	if err != nil {
		if errors.Is(err, ErrInvalid) {
			return Entity{}, err
		}
		return Entity{}, fmt.Errorf("merge %v into %s: %w", fromIDs, into, err)
	}
	return out, nil
}

type queryFn = func(string, map[string]any) ([]*neo4j.Record, error)

func mergeTx(q queryFn, into string, fromIDs []string) (Entity, error) {
	recs, err := q("MATCH (i:Entity {id: $id}) RETURN i"+entityProps+" AS e", map[string]any{"id": into})
	if err != nil {
		return Entity{}, fmt.Errorf("read target: %w", err)
	}
	if len(recs) == 0 {
		// An entity merged away before stands for the one it went into.
		recs, err = q("MATCH (m:Merged {id: $id}) MATCH (i:Entity {id: m.into}) RETURN i"+entityProps+" AS e", map[string]any{"id": into})
		if err != nil {
			return Entity{}, fmt.Errorf("read target: %w", err)
		}
		if len(recs) == 0 {
			return Entity{}, errNoEntity(into)
		}
	}
	target := toEntity(val(recs[0], "e"))
	into = target.ID
	fromIDs = slices.DeleteFunc(fromIDs, func(id string) bool { return id == into })
	recs, err = q("MATCH (f:Entity) WHERE f.id IN $ids RETURN f"+entityProps+" AS e ORDER BY f.id", map[string]any{"ids": fromIDs})
	if err != nil {
		return Entity{}, fmt.Errorf("read merged entities: %w", err)
	}
	if len(recs) == 0 {
		return target, nil
	}
	var froms []Entity
	var ids []string
	fromRows := make([]map[string]any, 0, len(recs))
	for _, r := range recs {
		f := toEntity(val(r, "e"))
		froms = append(froms, f)
		ids = append(ids, f.ID)
		fromRows = append(fromRows, map[string]any{"id": f.ID, "name": f.Name, "key": schema.FoldKey(f.Name)})
	}
	if err := moveRelations(q, into, ids); err != nil {
		return Entity{}, err
	}
	params := map[string]any{"into": into, "froms": fromRows, "ids": ids}
	for _, st := range mergeSteps() {
		if _, err := q(st.cypher, params); err != nil {
			return Entity{}, fmt.Errorf("move %s: %w", st.what, err)
		}
	}
	return recountMerged(q, target, froms)
}

// moveRelations re-creates the relations of the merged entities on into.
// A relation's id hashes its ends (RelationID), so a moved relation gets a
// new id, and joins the relation into already has with that id.
func moveRelations(q queryFn, into string, ids []string) error {
	recs, err := q(`MATCH (f:Entity)-[r]-(:Entity) WHERE f.id IN $ids
WITH DISTINCT r
MATCH (s:Entity)-[r]->(t:Entity)
RETURN r`+relationProps+` AS r`, map[string]any{"ids": ids})
	if err != nil {
		return fmt.Errorf("read relations: %w", err)
	}
	rows := map[schema.RelationType][]map[string]any{}
	// Articles list the relations they support with their ends (see
	// write.go); those entries move with the relations, or go with the
	// loops that are dropped, so that deleting an article still finds them.
	olds, news := map[string][]string{}, map[string][]string{} // by article
	for _, rec := range recs {
		m, _ := val(rec, "r").(map[string]any)
		r := toRelation(m)
		if !r.Type.Valid() {
			continue
		}
		src, dst := r.Source, r.Target
		if slices.Contains(ids, src) {
			src = into
		}
		if slices.Contains(ids, dst) {
			dst = into
		}
		newEntry := "" // none: the relation is dropped
		if src != dst {
			id := RelationID(r.Type, src, dst, r.Title)
			newEntry = SupportEntry(id, src, dst)
			rows[r.Type] = append(rows[r.Type], map[string]any{
				"id": id, "source": src, "target": dst, "title": r.Title,
				"articles": mstrs(m, "articles"), "evidence": mstrs(m, "evidence"), "confidence": r.Confidence,
			})
		} // else: a relation between into and what merges into it says nothing any more
		for _, a := range r.Articles {
			olds[a] = append(olds[a], strings.Join([]string{r.ID, r.Source, r.Target}, evidenceSep))
			if newEntry != "" {
				news[a] = append(news[a], newEntry)
			}
		}
	}
	// One row per article: rows of one UNWIND that SET the same property
	// would each start from the value before the statement.
	var moves []map[string]any
	for a, o := range olds {
		moves = append(moves, map[string]any{"article": a, "old": o, "new": nonNil(news[a])})
	}
	if len(moves) > 0 {
		if _, err := q(`UNWIND $moves AS mv
MATCH (a:Article {id: mv.article})
WITH a, mv, [x IN coalesce(a.relations, []) WHERE NOT x IN mv.old] AS kept
SET a.relations = kept + reduce(acc = [], x IN mv.new | CASE WHEN x IN kept OR x IN acc THEN acc ELSE acc + x END)`,
			map[string]any{"moves": moves}); err != nil {
			return fmt.Errorf("move the articles' relation lists: %w", err)
		}
	}
	for _, rt := range schema.RelationTypes() {
		if len(rows[rt.Type]) == 0 {
			continue
		}
		// The type comes from the schema enum, never from input.
		cypher := `UNWIND $rows AS row
MATCH (s:Entity {id: row.source})
MATCH (t:Entity {id: row.target})
MERGE (s)-[r:` + string(rt.Type) + ` {id: row.id}]->(t)
ON CREATE SET r.title = row.title, r.articles = [], r.evidence = [], r.confidence = 0.0
SET r.articles = r.articles + [x IN row.articles WHERE NOT x IN r.articles],
    r.evidence = r.evidence + [x IN row.evidence WHERE NOT x IN r.evidence],
    r.confidence = CASE WHEN row.confidence > r.confidence THEN row.confidence ELSE r.confidence END
SET r.articleCount = size(r.articles)`
		if _, err := q(cypher, map[string]any{"rows": rows[rt.Type]}); err != nil {
			return fmt.Errorf("move %s relations: %w", rt.Type, err)
		}
	}
	return nil
}

// mergeSteps move what hangs off the merged entities, then delete them.
// A moved mention keeps its spans and counts and gains the merged name as
// an alias: that is what the article wrote there.
func mergeSteps() []struct{ what, cypher string } {
	return []struct{ what, cypher string }{
		{"mentions", `MATCH (i:Entity {id: $into})
UNWIND $froms AS f
MATCH (a:Article)-[m:MENTIONS]->(:Entity {id: f.id})
MERGE (a)-[n:MENTIONS]->(i)
ON CREATE SET n.count = 0, n.spans = [], n.aliases = [], n.aliasKeys = [], n.confidence = 0.0
WITH i, m, n, [x IN coalesce(m.aliases, []) + [f.name] WHERE x <> i.name] AS add,
     [k IN coalesce(m.aliasKeys, []) + [f.key] WHERE k <> i.key] AS addKeys
SET n.count = n.count + m.count, n.spans = n.spans + m.spans,
    n.aliases = reduce(acc = coalesce(n.aliases, []), x IN add | CASE WHEN x IN acc THEN acc ELSE acc + x END),
    n.aliasKeys = reduce(acc = coalesce(n.aliasKeys, []), k IN addKeys | CASE WHEN k IN acc THEN acc ELSE acc + k END),
    n.confidence = CASE WHEN m.confidence > n.confidence THEN m.confidence ELSE n.confidence END
DELETE m`},
		{"tags", `MATCH (i:Entity {id: $into})
UNWIND $ids AS fid
MATCH (a:Article)-[t:TAGGED]->(:Entity {id: fid})
MERGE (a)-[n:TAGGED]->(i)
ON CREATE SET n.fields = []
SET n.fields = reduce(acc = n.fields, x IN coalesce(t.fields, []) | CASE WHEN x IN acc THEN acc ELSE acc + x END)
DELETE t`},
		{"statements", `MATCH (i:Entity {id: $into})
UNWIND $ids AS fid
MATCH (st:Statement)-[x:SAID_BY]->(:Entity {id: fid})
MERGE (st)-[:SAID_BY]->(i)
DELETE x`},
		{"statement topics", `MATCH (i:Entity {id: $into})
UNWIND $ids AS fid
MATCH (st:Statement)-[x:ABOUT]->(:Entity {id: fid})
MERGE (st)-[:ABOUT]->(i)
DELETE x`},
		{"self topics", `MATCH (i:Entity {id: $into})<-[:SAID_BY]-(:Statement)-[x:ABOUT]->(i) DELETE x`},
		{"merged entities", `MATCH (f:Entity) WHERE f.id IN $ids DETACH DELETE f`},
		// Later articles that name a merged entity write to into (redirect.go),
		// and so do those naming entities merged into a merged one before.
		{"redirects", `UNWIND $froms AS f
MERGE (m:Merged {id: f.id})
SET m.into = $into, m.name = f.name`},
		{"earlier redirects", `MATCH (m:Merged) WHERE m.into IN $ids SET m.into = $into`},
	}
}

// recountMerged recomputes into's counts and aliases from its mentions,
// as delete.go does, with the merged names kept as manual aliases.
func recountMerged(q queryFn, target Entity, froms []Entity) (Entity, error) {
	var manual []string
	for _, f := range froms {
		manual = append(manual, f.Name)
		manual = append(manual, f.ManualAliases...)
	}
	manual = uniqueAliases(target.Name, target.ManualAliases, manual)
	recs, err := q(`MATCH (i:Entity {id: $into})
OPTIONAL MATCH (src:Article)-[m:MENTIONS]->(i)
WITH i, collect(m) AS ms, collect(DISTINCT src) AS srcs
OPTIONAL MATCH (tg:Article)-[:TAGGED]->(i)
WITH i, ms, srcs, collect(DISTINCT tg) AS tgs
SET i.mentionCount = reduce(n = 0, m IN ms | n + m.count),
    i.articleCount = size(srcs) + size([t IN tgs WHERE NOT t IN srcs]),
    i.lastSeen = reduce(l = '', a IN srcs + tgs | CASE WHEN coalesce(a.published, '') > l THEN a.published ELSE l END),
    i.confidence = reduce(c = 0.0, m IN ms | CASE WHEN m.confidence > c THEN m.confidence ELSE c END)
RETURN reduce(acc = [], m IN ms | acc + coalesce(m.aliases, [])) AS seen`, map[string]any{"into": target.ID})
	if err != nil {
		return Entity{}, fmt.Errorf("recount: %w", err)
	}
	var seen []string
	if len(recs) > 0 {
		l, _ := val(recs[0], "seen").([]any)
		for _, x := range l {
			if s, ok := x.(string); ok {
				seen = append(seen, s)
			}
		}
	}
	aliases := uniqueAliases(target.Name, manual, seen)
	recs, err = q(`MATCH (i:Entity {id: $into})
SET i.manualAliases = $manual, i.manualAliasKeys = $manualKeys, i.aliases = $aliases, i.aliasKeys = $aliasKeys,
    i.aliasText = reduce(t = '', x IN $aliases | t + ' ' + x)
RETURN i`+entityProps+` AS e`, map[string]any{
		"into": target.ID, "manual": manual, "manualKeys": foldAll(manual), "aliases": aliases, "aliasKeys": foldAll(aliases),
	})
	if err != nil {
		return Entity{}, fmt.Errorf("store aliases: %w", err)
	}
	if len(recs) == 0 {
		return Entity{}, fmt.Errorf("entity %s vanished during the merge", target.ID)
	}
	return toEntity(val(recs[0], "e")), nil
}

// uniqueAliases joins alias lists in order, once per folded form, without
// the entity's own name.
func uniqueAliases(name string, lists ...[]string) []string {
	seen := map[string]bool{schema.FoldKey(name): true}
	out := []string{}
	for _, l := range lists {
		for _, a := range l {
			k := schema.FoldKey(a)
			if strings.TrimSpace(a) == "" || seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, a)
		}
	}
	return out
}

func foldAll(l []string) []string {
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = schema.FoldKey(s)
	}
	return out
}
