package graph

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"kg/schema"
)

// Path is a walk through entities: Entities[i] and Entities[i+1] are the
// ends of Relations[i], in either direction.
type Path struct {
	Entities  []Entity
	Relations []Relation
}

// Bounds of path and subgraph reads: each hop multiplies the work, and the
// analyst's questions need few.
const (
	MaxPathHops      = 6
	MaxPathsHops     = 4
	MaxSubgraphDepth = 3
	MaxSubgraphNodes = 1000
)

const pathReturn = `RETURN [n IN nodes(p) | n` + entityProps + `] AS nodes,
  [r IN relationships(p) | {id: r.id, type: type(r), source: startNode(r).id, target: endNode(r).id, title: r.title,
   confidence: r.confidence, articles: r.articles, evidence: r.evidence}] AS rels`

// ShortestPath returns a shortest path between two entity ids over
// relations of the given types (all when empty), or nil when there is none
// within maxHops.
func (s *Store) ShortestPath(ctx context.Context, from, to string, maxHops int, types []schema.RelationType) (*Path, error) {
	paths, err := s.paths(ctx, "shortest_path", from, to, maxHops, MaxPathHops, types, 1)
	if err != nil || len(paths) == 0 {
		return nil, err
	}
	return &paths[0], nil
}

// Paths returns up to first paths between two entity ids, shortest first,
// none visiting an entity twice.
func (s *Store) Paths(ctx context.Context, from, to string, maxHops int, types []schema.RelationType, first int) ([]Path, error) {
	if err := limit("first", first, 50); err != nil {
		return nil, err
	}
	return s.paths(ctx, "paths", from, to, maxHops, MaxPathsHops, types, first)
}

func (s *Store) paths(ctx context.Context, name, from, to string, maxHops, hopLimit int, types []schema.RelationType, first int) ([]Path, error) {
	if err := limit("maxHops", maxHops, hopLimit); err != nil {
		return nil, err
	}
	rt, err := relationTypeNames(types)
	if err != nil {
		return nil, err
	}
	if from == to {
		ents, err := s.EntitiesByID(ctx, []string{from})
		if e, ok := ents[from]; ok && err == nil {
			return []Path{{Entities: []Entity{e}}}, nil
		}
		return nil, err
	}
	// SHORTEST k searches from both ends at once. Its walks may pass an
	// entity twice (over two parallel relations), so ask for more and keep
	// the simple ones. k and the hop bound must be literals; both are
	// integers checked above.
	k := min(2*first+2, 100)
	q := fmt.Sprintf(`MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = SHORTEST %d (a)-[:%s]-{1,%d}(b)
`, k, relPattern(rt), maxHops) + pathReturn
	recs, err := s.query(ctx, name, q, map[string]any{"from": from, "to": to})
	if err != nil {
		return nil, err
	}
	var out []Path
	for _, r := range recs {
		p := toPath(r)
		if p.simple() {
			out = append(out, p)
		}
		if len(out) == first {
			break
		}
	}
	return out, nil
}

func toPath(r *neo4j.Record) Path {
	var p Path
	nodes, _ := val(r, "nodes").([]any)
	for _, n := range nodes {
		p.Entities = append(p.Entities, toEntity(n))
	}
	rels, _ := val(r, "rels").([]any)
	for _, x := range rels {
		p.Relations = append(p.Relations, toRelation(x))
	}
	return p
}

func (p Path) simple() bool {
	seen := map[string]bool{}
	for _, e := range p.Entities {
		if seen[e.ID] {
			return false
		}
		seen[e.ID] = true
	}
	return true
}

// SubgraphQuery asks for the neighbourhood of some entities.
type SubgraphQuery struct {
	Centers     []string // entity ids
	Depth       int      // hops from the centers, 1 to MaxSubgraphDepth
	Types       []schema.RelationType
	EntityTypes []schema.EntityType // entities of other types are neither shown nor crossed
	Limit       int                 // most entities returned, centers included
	// Brief leaves the relations' evidence and article lists out (Evidence
	// and Articles stay nil): they are most of what a large subgraph
	// costs to read and send, and a view of the graph shows neither.
	Brief bool
}

// Subgraph is a set of entities and the relations among them.
type Subgraph struct {
	Entities  []Entity
	Relations []Relation
	// Truncated is set when the limit cut entities or relations off.
	Truncated bool
}

// Subgraph returns the entities within q.Depth hops of the centers and
// every relation among them. It walks level by level, keeping the most
// mentioned entities of each level when the limit is near, so a hub cannot
// blow the result up and what is cut is the least important.
func (s *Store) Subgraph(ctx context.Context, q SubgraphQuery) (Subgraph, error) {
	var sg Subgraph
	if err := limit("depth", q.Depth, MaxSubgraphDepth); err != nil {
		return sg, err
	}
	if err := limit("limit", q.Limit, MaxSubgraphNodes); err != nil {
		return sg, err
	}
	if len(q.Centers) > q.Limit {
		return sg, invalidf("%d centers exceed the limit of %d entities", len(q.Centers), q.Limit)
	}
	rt, err := relationTypeNames(q.Types)
	if err != nil {
		return sg, err
	}
	et, err := entityTypeNames(q.EntityTypes)
	if err != nil {
		return sg, err
	}
	maxEdges := min(5*q.Limit, 5000)
	recs, err := s.query(ctx, "subgraph", subgraphCypher(q.Depth, relPattern(rt), len(q.Types) > 0, len(q.EntityTypes) > 0, q.Brief), map[string]any{
		"centers": q.Centers, "limit": int64(q.Limit), "etypes": et, "edges": int64(maxEdges)})
	if err != nil || len(recs) == 0 {
		return sg, err
	}
	ents := anys(recs[0], "entities")
	if len(ents) > 0 {
		sg.Entities = make([]Entity, 0, len(ents))
	}
	for _, e := range ents {
		sg.Entities = append(sg.Entities, toEntity(e))
	}
	// The best supported first, as the cut above the edge limit keeps them.
	type ranked struct {
		support int64
		id      string
		row     []any
	}
	rels := anys(recs[0], "relations")
	order := make([]ranked, len(rels))
	for i, r := range rels {
		row, _ := r.([]any)
		order[i] = ranked{asInt(column(row, 6)), asStr(column(row, 0)), row}
	}
	slices.SortFunc(order, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(b.support, a.support), strings.Compare(a.id, b.id))
	})
	if len(order) > 0 {
		sg.Relations = make([]Relation, 0, len(order))
	}
	for _, o := range order {
		r := o.row
		rel := Relation{ID: asStr(column(r, 0)), Type: schema.RelationType(asStr(column(r, 1))), Source: asStr(column(r, 2)),
			Target: asStr(column(r, 3)), Title: asStr(column(r, 4)), Confidence: asFloat(column(r, 5))}
		if !q.Brief {
			rel.Articles = asStrs(column(r, 7))
			rel.Evidence = parseEvidences(asStrs(column(r, 8)))
		}
		sg.Relations = append(sg.Relations, rel)
	}
	sg.Truncated, _ = val(recs[0], "truncated").(bool)
	return sg, nil
}

// column is the i-th value of a relation's list in a subgraph read (id,
// type, source, target, title, confidence, support, then unless brief
// articles and evidence), nil past its end.
func column(row []any, i int) any {
	if i < len(row) {
		return row[i]
	}
	return nil
}

func anys(r *neo4j.Record, key string) []any {
	l, _ := val(r, key).([]any)
	return l
}

// subgraphCypher is the whole subgraph read as one query returning one
// record: the driver pays for every record and every round trip, far more
// than Neo4j pays for the levels. Each level is a block of its own (depth
// is at most MaxSubgraphDepth). A level keeps the most mentioned of its new
// entities that fit in the room left; the top limit+1 neighbours hold them,
// since at most limit-room of them were seen before. The limit reached with
// a frontier left marks the result truncated, as a level cut short does.
// Every relation of the ontology's types joins two entities (write.go), so
// the far ends need no label test, and the entity-type test is left out
// when every type is allowed: each costs a read per expanded relation.
// An entity's outgoing relationships are all ontology relations (write.go),
// so the relations among the entities name no type unless some are asked
// for: a typed expansion of a dense node reads a group per type. They are
// ranked by support only when there are more than the edge limit (rarely):
// sorting them all, ties broken by id, was a sixth of Neo4j's work, and
// Subgraph sorts the few in Go.
func subgraphCypher(depth int, types string, someTypes, typeFilter, brief bool) string {
	// Relations come as lists (read by column), which cost
	// Neo4j and the driver less than maps with their keys.
	relation := "[r.id, type(r), s.id, t.id, r.title, r.confidence, " + relationSupport
	if !brief {
		relation += ", r.articles, r.evidence"
	}
	relation += "]"
	edges := ""
	if someTypes {
		edges = ":" + types
	}
	where := ""
	if typeFilter {
		where = "\n  WHERE n.type IN $etypes"
	}
	var b strings.Builder
	b.WriteString(`UNWIND $centers AS c
MATCH (e:Entity {id: c})
WITH collect(DISTINCT e) AS seen
WITH seen, seen AS frontier, false AS truncated
`)
	for range depth {
		b.WriteString(`CALL (seen, frontier) {
  UNWIND CASE WHEN size(seen) < $limit THEN frontier ELSE [] END AS x
  MATCH (x)-[:` + types + `]-(n)` + where + `
  WITH DISTINCT n ORDER BY n.mentionCount DESC, n.id LIMIT $limit + 1
  RETURN collect(n) AS found
}
WITH seen, frontier, truncated, [n IN found WHERE NOT n IN seen] AS found
WITH seen, found[..$limit - size(seen)] AS frontier,
  truncated OR size(found) > $limit - size(seen) OR (size(seen) >= $limit AND size(frontier) > 0) AS truncated
WITH seen + frontier AS seen, frontier, truncated
`)
	}
	b.WriteString(`CALL (seen) {
  UNWIND seen AS s
  MATCH (s)-[r` + edges + `]->(t)
  WHERE t IN seen
  RETURN collect(r) AS among
}
CALL (among) {
  UNWIND CASE WHEN size(among) > $edges THEN among ELSE [] END AS r
  WITH r ORDER BY ` + relationSupport + ` DESC, r.id LIMIT $edges
  RETURN collect(r) AS best
}
CALL (among, best) {
  UNWIND CASE WHEN size(among) > $edges THEN best ELSE among END AS r
  WITH r, startNode(r) AS s, endNode(r) AS t
  RETURN collect(` + relation + `) AS relations
}
RETURN [e IN seen | e` + entityProps + `] AS entities, relations, truncated OR size(among) > $edges AS truncated`)
	return b.String()
}
