package graph

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"kg/schema"
)

// relPattern is the relationship-type alternation of a pattern, such as
// WORKS_AT|PART_OF. Types come from validated schema enums only.
func relPattern(types []string) string { return strings.Join(types, "|") }

func relationWithEnds(r *neo4j.Record) Relation {
	rel := toRelation(val(r, "r"))
	if v, ok := val(r, "s").(map[string]any); ok {
		e := toEntity(v)
		rel.SourceEntity = &e
	}
	if v, ok := val(r, "t").(map[string]any); ok {
		e := toEntity(v)
		rel.TargetEntity = &e
	}
	return rel
}

// RelationFilter selects relations; zero fields select everything. Entity
// fields hold entity ids.
type RelationFilter struct {
	Types         []schema.RelationType
	Source        string
	Target        string
	Entity        string // either end
	TitleContains string // job title of WORKS_AT
	Article       string // supported by this article
}

func relationMatch(f RelationFilter) (string, map[string]any, error) {
	types, err := relationTypeNames(f.Types)
	if err != nil {
		return "", nil, err
	}
	pat := relPattern(types)
	p := map[string]any{}
	var where []string
	// Start from the most selective anchor so Neo4j expands from one node
	// instead of scanning every relationship.
	var q string
	switch {
	case f.Source != "":
		q = "MATCH (s:Entity {id: $source})-[r:" + pat + "]->(t:Entity)"
	case f.Target != "":
		q = "MATCH (s:Entity)-[r:" + pat + "]->(t:Entity {id: $target})"
	case f.Entity != "":
		q = "MATCH (x:Entity {id: $entity})-[r:" + pat + "]-(:Entity) WITH DISTINCT r MATCH (s:Entity)-[r]->(t:Entity)"
	case f.Article != "":
		// The article lists the relations it supports (see write.go).
		q = "MATCH (a:Article {id: $article}) UNWIND coalesce(a.relations, []) AS support WITH split(support, $sep) AS p\n" +
			"MATCH (s:Entity {id: p[1]})-[r:" + pat + "]->(t:Entity {id: p[2]}) WHERE r.id = p[0]"
		p["sep"] = evidenceSep
	default:
		q = "MATCH (s:Entity)-[r:" + pat + "]->(t:Entity)"
	}
	if f.Source != "" {
		where = append(where, "s.id = $source")
		p["source"] = f.Source
	}
	if f.Target != "" {
		where = append(where, "t.id = $target")
		p["target"] = f.Target
	}
	if f.Entity != "" {
		where = append(where, "(s.id = $entity OR t.id = $entity)")
		p["entity"] = f.Entity
	}
	if f.Article != "" {
		where = append(where, "$article IN r.articles")
		p["article"] = f.Article
	}
	if f.TitleContains != "" {
		where = append(where, "toLower(coalesce(r.title, '')) CONTAINS toLower($title)")
		p["title"] = f.TitleContains
	}
	if len(where) > 0 {
		if f.Article != "" && f.Source == "" && f.Target == "" && f.Entity == "" {
			q += " AND " + strings.Join(where, " AND ")
		} else {
			q += " WHERE " + strings.Join(where, " AND ")
		}
	}
	return q, p, nil
}

// Relations returns one page of the relations f selects, by id, after the
// cursor, with their ends.
func (s *Store) Relations(ctx context.Context, f RelationFilter, first int, after string) (Page[Relation], error) {
	var page Page[Relation]
	if err := limit("first", first, MaxPage); err != nil {
		return page, err
	}
	c, err := decodeCursor(after, "ID")
	if err != nil {
		return page, err
	}
	q, p, err := relationMatch(f)
	if err != nil {
		return page, err
	}
	q += "\nWITH DISTINCT r, s, t"
	if c != nil {
		q += " WHERE r.id > $cid"
		p["cid"] = c.ID
	}
	q += "\nRETURN r" + relationProps + " AS r, s" + entityProps + " AS s, t" + entityProps + " AS t ORDER BY r.id LIMIT $n"
	p["n"] = int64(first + 1)
	recs, err := s.query(ctx, "relations", q, p)
	if err != nil {
		return page, err
	}
	for i, r := range recs {
		if i == first {
			page.HasNext = true
			break
		}
		rel := relationWithEnds(r)
		page.Items = append(page.Items, rel)
		page.Cursors = append(page.Cursors, cursor{Sort: "ID", ID: rel.ID}.encode())
	}
	return page, nil
}

// CountRelations counts what f selects.
func (s *Store) CountRelations(ctx context.Context, f RelationFilter) (int64, error) {
	q, p, err := relationMatch(f)
	if err != nil {
		return 0, err
	}
	recs, err := s.query(ctx, "count_relations", q+"\nRETURN count(DISTINCT r) AS n", p)
	if err != nil || len(recs) == 0 {
		return 0, err
	}
	return int64Of(recs[0], "n"), nil
}

// Direction says which relations of an entity to follow.
type Direction string

const (
	Outgoing Direction = "OUT"
	Incoming Direction = "IN"
	Both     Direction = "BOTH"
)

// RelationQuery selects the relations of an entity.
type RelationQuery struct {
	Types     []schema.RelationType
	Direction Direction
	First     int
}

// EntityRelations returns, per entity id, its relations with their ends,
// best supported first (most articles, then confidence), at most q.First each.
func (s *Store) EntityRelations(ctx context.Context, ids []string, q RelationQuery) (map[string][]Relation, error) {
	if err := limit("first", q.First, MaxPage); err != nil {
		return nil, err
	}
	types, err := relationTypeNames(q.Types)
	if err != nil {
		return nil, err
	}
	pat := "(x)-[r:" + relPattern(types) + "]-(o:Entity)"
	switch q.Direction {
	case Outgoing:
		pat = "(x)-[r:" + relPattern(types) + "]->(o:Entity)"
	case Incoming:
		pat = "(x)<-[r:" + relPattern(types) + "]-(o:Entity)"
	case Both, "":
	default:
		return nil, invalidf("unknown direction %q", q.Direction)
	}
	recs, err := s.query(ctx, "entity_relations", `UNWIND $ids AS id
MATCH (x:Entity {id: id})
CALL (x) {
  MATCH `+pat+`
  WITH DISTINCT r ORDER BY `+relationSupport+` DESC, r.confidence DESC, r.id LIMIT $first
  MATCH (s:Entity)-[r]->(t:Entity)
  RETURN r`+relationProps+` AS r, s`+entityProps+` AS s, t`+entityProps+` AS t
}
RETURN id, r, s, t`, map[string]any{"ids": ids, "first": int64(q.First)})
	if err != nil {
		return nil, err
	}
	out := map[string][]Relation{}
	for _, r := range recs {
		id, _ := val(r, "id").(string)
		out[id] = append(out[id], relationWithEnds(r))
	}
	for _, l := range out {
		slices.SortStableFunc(l, bestSupported)
	}
	return out, nil
}

func bestSupported(a, b Relation) int {
	return cmp.Or(-cmp.Compare(len(a.Articles), len(b.Articles)), -cmp.Compare(a.Confidence, b.Confidence), cmp.Compare(a.ID, b.ID))
}
