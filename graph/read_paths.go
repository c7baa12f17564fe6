package graph

import (
	"context"
	"fmt"

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
	err = s.readTx(ctx, func(run func(string, string, map[string]any) ([]*neo4j.Record, error)) error {
		sg = Subgraph{}
		recs, err := run("subgraph_centers", "UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN e"+entityProps+" AS e",
			map[string]any{"ids": q.Centers})
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		var ids, frontier []string
		for _, r := range recs {
			e := toEntity(val(r, "e"))
			if !seen[e.ID] {
				seen[e.ID] = true
				sg.Entities = append(sg.Entities, e)
				ids = append(ids, e.ID)
				frontier = append(frontier, e.ID)
			}
		}
		for level := 0; level < q.Depth && len(frontier) > 0; level++ {
			room := q.Limit - len(ids)
			if room <= 0 {
				sg.Truncated = true
				break
			}
			recs, err := run("subgraph_level", `UNWIND $frontier AS id
MATCH (x:Entity {id: id})-[:`+relPattern(rt)+`]-(n:Entity)
WHERE n.type IN $etypes AND NOT n.id IN $seen
WITH DISTINCT n ORDER BY n.mentionCount DESC, n.id LIMIT $n
RETURN n`+entityProps+` AS n`, map[string]any{"frontier": frontier, "etypes": et, "seen": ids, "n": int64(room + 1)})
			if err != nil {
				return err
			}
			frontier = nil
			for i, r := range recs {
				if i == room {
					sg.Truncated = true
					break
				}
				e := toEntity(val(r, "n"))
				seen[e.ID] = true
				sg.Entities = append(sg.Entities, e)
				ids = append(ids, e.ID)
				frontier = append(frontier, e.ID)
			}
		}
		if len(ids) == 0 {
			return nil
		}
		recs, err = run("subgraph_edges", `UNWIND $ids AS id
MATCH (s:Entity {id: id})-[r:`+relPattern(rt)+`]->(t:Entity)
WHERE t.id IN $ids
WITH r, s, t ORDER BY size(r.articles) DESC, r.id LIMIT $n
RETURN r`+relationProps+` AS r`, map[string]any{"ids": ids, "n": int64(maxEdges + 1)})
		if err != nil {
			return err
		}
		for i, r := range recs {
			if i == maxEdges {
				sg.Truncated = true
				break
			}
			sg.Relations = append(sg.Relations, toRelation(val(r, "r")))
		}
		return nil
	})
	if err != nil {
		return Subgraph{}, fmt.Errorf("subgraph: %w", err)
	}
	return sg, nil
}
