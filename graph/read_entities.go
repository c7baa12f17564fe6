package graph

import (
	"context"
	"strings"
	"unicode"

	"kg/schema"
)

// MaxNameLen bounds names and aliases in lookups: longer input cannot be a
// name, and a phrase query of thousands of terms only costs the server.
const MaxNameLen = 500

// EntitiesByID returns the entities that exist among ids, keyed by id. The
// id of an entity merged away gives the entity it went into (redirect.go),
// so links made before a merge keep working.
func (s *Store) EntitiesByID(ctx context.Context, ids []string) (map[string]Entity, error) {
	out := make(map[string]Entity, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := s.query(ctx, "entities_by_id",
		"UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN e"+entityProps+" AS e", map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		e := toEntity(val(r, "e"))
		out[e.ID] = e
	}
	var missing []string
	for _, id := range ids {
		if _, ok := out[id]; !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	recs, err = s.query(ctx, "entities_by_merged_id", `UNWIND $ids AS id
MATCH (m:Merged {id: id})
MATCH (e:Entity {id: m.into})
RETURN id, e`+entityProps+` AS e`, map[string]any{"ids": missing})
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		out[str(r, "id")] = toEntity(val(r, "e"))
	}
	return out, nil
}

// Resolve finds the entity each reference names. A reference is an entity
// id, a canonical name or an alias; names ignore width, case and spacing
// (schema.FoldKey). When a name fits several entities, an id beats a
// canonical name, which beats the id of an entity merged away (it names
// the entity it was merged into), which beats an alias, then the most
// mentioned wins. typ, when not empty, restricts names to that type. References that name
// nothing are missing from the result.
func (s *Store) Resolve(ctx context.Context, refs []string, typ schema.EntityType) (map[string]Entity, error) {
	out := map[string]Entity{}
	if typ != "" {
		if _, err := entityTypeNames([]schema.EntityType{typ}); err != nil {
			return nil, err
		}
	}
	var rows []map[string]any
	seen := map[string]bool{}
	for _, ref := range refs {
		if seen[ref] {
			continue
		}
		seen[ref] = true
		if len([]rune(ref)) > MaxNameLen {
			return nil, invalidf("a name or id is longer than %d characters", MaxNameLen)
		}
		rows = append(rows, map[string]any{"raw": ref, "key": schema.FoldKey(ref), "phrase": phrase(ref)})
	}
	if len(rows) == 0 {
		return out, nil
	}
	params := map[string]any{"refs": rows, "type": string(typ), "index": FulltextIndex}
	// Ids and canonical names first: two index seeks, which is what almost
	// every lookup needs.
	recs, err := s.query(ctx, "resolve", `UNWIND $refs AS ref
CALL (ref) {
  MATCH (e:Entity) WHERE e.id = ref.raw OR e.key = ref.key
  WITH e, CASE WHEN e.id = ref.raw THEN 0 ELSE 1 END AS rank
  WHERE rank = 0 OR $type = '' OR e.type = $type
  RETURN e ORDER BY rank, e.mentionCount DESC, e.id LIMIT 1
}
RETURN ref.raw AS ref, e`+entityProps+` AS e`, params)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		ref, _ := val(r, "ref").(string)
		out[ref] = toEntity(val(r, "e"))
	}
	var rest []map[string]any
	for _, row := range rows {
		if _, ok := out[row["raw"].(string)]; !ok && row["phrase"] != "" {
			rest = append(rest, row)
		}
	}
	if len(rest) == 0 {
		return out, nil
	}
	// Then ids of entities merged away (redirect.go), which stand for the
	// entity they went into, and aliases: the full-text index gives
	// candidates and the exact alias keys decide, since a list property has
	// no index that answers "key IN aliasKeys" and scanning every entity
	// would not be fast.
	params["refs"] = rest
	recs, err = s.query(ctx, "resolve_alias", `UNWIND $refs AS ref
CALL (ref) {
  CALL (ref) {
    MATCH (m:Merged {id: ref.raw})
    MATCH (e:Entity {id: m.into})
    RETURN e, 0 AS rank
  UNION
    CALL db.index.fulltext.queryNodes($index, ref.phrase, {limit: 100}) YIELD node AS e
    WITH e WHERE `+aliasHit("ref.key", "ref.raw", "e")+` AND ($type = '' OR e.type = $type)
    RETURN e, 1 AS rank
  }
  RETURN e ORDER BY rank, e.mentionCount DESC, e.id LIMIT 1
}
RETURN ref.raw AS ref, e`+entityProps+` AS e`, params)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		ref, _ := val(r, "ref").(string)
		out[ref] = toEntity(val(r, "e"))
	}
	return out, nil
}

// phrase is a Lucene phrase query for name, or "" when name has nothing the
// analyzer would index (no letter or digit), where Lucene could fail.
func phrase(name string) string {
	if !strings.ContainsFunc(name, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return ""
	}
	return `"` + escapeLucene(name) + `"`
}

// EntitySort orders entity lists.
type EntitySort string

const (
	ByMentions EntitySort = "MENTIONS" // most mentioned first
	ByName     EntitySort = "NAME"     // by name, in code-point order
	ByRecent   EntitySort = "RECENT"   // most recently published mention first
)

// EntityFilter selects entities; zero fields select everything.
type EntityFilter struct {
	Types        []schema.EntityType
	NameContains string // folded, matched in names and aliases
	MinMentions  int64
	Article      string // mentioned or tagged by this article
	// PublishedFrom and PublishedTo bound the publication date of some
	// article mentioning the entity. Dates are compared as text, so use
	// ISO dates (2025-10-01); To includes everything that starts with it.
	PublishedFrom string
	PublishedTo   string
}

// MaxPage is the largest page any list read returns.
const MaxPage = 500

// entityMatch is the MATCH and WHERE of a filter, with its parameters.
func entityMatch(f EntityFilter) (string, map[string]any, error) {
	p := map[string]any{}
	var where []string
	q := "MATCH (e:Entity)"
	if f.Article != "" {
		q = "MATCH (:Article {id: $article})-[:MENTIONS|TAGGED]->(e:Entity)"
		p["article"] = f.Article
	}
	if len(f.Types) > 0 {
		types, err := entityTypeNames(f.Types)
		if err != nil {
			return "", nil, err
		}
		where = append(where, "e.type IN $types")
		p["types"] = types
	}
	if f.NameContains != "" {
		if len([]rune(f.NameContains)) > MaxNameLen {
			return "", nil, invalidf("nameContains is longer than %d characters", MaxNameLen)
		}
		where = append(where, "(e.key CONTAINS $q OR any(k IN coalesce(e.aliasKeys, []) WHERE k CONTAINS $q))")
		p["q"] = schema.FoldKey(f.NameContains)
	}
	if f.MinMentions > 0 {
		where = append(where, "e.mentionCount >= $min")
		p["min"] = f.MinMentions
	}
	if f.PublishedFrom != "" || f.PublishedTo != "" {
		where = append(where, "EXISTS { MATCH (pa:Article)-[:MENTIONS|TAGGED]->(e) WHERE pa.published >= $from AND pa.published < $to }")
		p["from"], p["to"] = dateRange(f.PublishedFrom, f.PublishedTo)
	}
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Article != "" {
		q += " WITH DISTINCT e"
	}
	return q, p, nil
}

// dateRange turns an inclusive text range into [from, to): to is extended
// past every string that starts with it, so "2025-10-31" includes
// "2025-10-31 18:00".
func dateRange(from, to string) (string, string) {
	if to == "" {
		return from, "\uffff"
	}
	return from, to + "\uffff"
}

// Entities returns one page of the entities f selects, in the given order,
// after the cursor (empty for the first page).
func (s *Store) Entities(ctx context.Context, f EntityFilter, sort EntitySort, first int, after string) (Page[Entity], error) {
	var page Page[Entity]
	if err := limit("first", first, MaxPage); err != nil {
		return page, err
	}
	if sort == "" {
		sort = ByMentions
	}
	c, err := decodeCursor(after, string(sort))
	if err != nil {
		return page, err
	}
	q, p, err := entityMatch(f)
	if err != nil {
		return page, err
	}
	p["n"] = int64(first + 1)
	var key, order, seek string
	switch sort {
	case ByMentions:
		key, order, seek = "e.mentionCount", "DESC", "(k < $ck OR (k = $ck AND e.id > $cid))"
	case ByName:
		key, order, seek = "e.name", "ASC", "(k > $ck OR (k = $ck AND e.id > $cid))"
	case ByRecent:
		// lastSeen is kept by every write, delete and merge (write.go);
		// coalesce covers entities of a graph not yet migrated.
		key, order, seek = "coalesce(e.lastSeen, '')", "DESC", "(k < $ck OR (k = $ck AND e.id > $cid))"
	default:
		return page, invalidf("unknown sort %q", sort)
	}
	q += "\nWITH e, " + key + " AS k"
	if c != nil {
		q += " WHERE " + seek
		p["cid"] = c.ID
		if sort == ByMentions {
			p["ck"] = c.Int
		} else {
			p["ck"] = c.Str
		}
	}
	q += "\nRETURN e" + entityProps + " AS e, k ORDER BY k " + order + ", e.id LIMIT $n"
	recs, err := s.query(ctx, "entities", q, p)
	if err != nil {
		return page, err
	}
	for i, r := range recs {
		if i == first {
			page.HasNext = true
			break
		}
		e := toEntity(val(r, "e"))
		cur := cursor{Sort: string(sort), ID: e.ID}
		switch k := val(r, "k").(type) {
		case int64:
			cur.Int = k
		case string:
			cur.Str = k
		}
		page.Items = append(page.Items, e)
		page.Cursors = append(page.Cursors, cur.encode())
	}
	return page, nil
}

// CountEntities counts what f selects.
func (s *Store) CountEntities(ctx context.Context, f EntityFilter) (int64, error) {
	q, p, err := entityMatch(f)
	if err != nil {
		return 0, err
	}
	recs, err := s.query(ctx, "count_entities", q+"\nRETURN count(e) AS n", p)
	if err != nil || len(recs) == 0 {
		return 0, err
	}
	return int64Of(recs[0], "n"), nil
}

// aliasHit is the Cypher condition "entity e has the alias key (or the
// exact alias raw)". Manual keys and raw aliases are checked as well as
// aliasKeys, so that graphs written before MENTIONS carried alias keys
// (where a delete could leave aliasKeys empty) still resolve their aliases.
func aliasHit(key, raw, e string) string {
	return "(" + key + " IN coalesce(" + e + ".aliasKeys, []) OR " + key + " IN coalesce(" + e + ".manualAliasKeys, []) OR " +
		raw + " IN coalesce(" + e + ".aliases, []))"
}
