package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"kg/schema"
)

// Stats counts what the graph holds. Every type of the ontology is present,
// with zero when there is none, so scripts can rely on the keys.
type Stats struct {
	Articles        int64                         `json:"articles"`
	Statements      int64                         `json:"statements"`
	Entities        int64                         `json:"entities"`
	EntitiesByType  map[schema.EntityType]int64   `json:"entitiesByType"`
	Relations       int64                         `json:"relations"`
	RelationsByType map[schema.RelationType]int64 `json:"relationsByType"`
}

// statsQuery reads every count from Neo4j's count store in one round trip.
// Labels and types come from the schema enums only.
func statsQuery() string {
	parts := []string{
		"MATCH (n:Article) RETURN 'node' AS kind, 'Article' AS name, count(n) AS n",
		"MATCH (n:Statement) RETURN 'node' AS kind, 'Statement' AS name, count(n) AS n",
	}
	for _, t := range schema.NodeTypes() {
		parts = append(parts, fmt.Sprintf("MATCH (n:%s) RETURN 'entity' AS kind, '%s' AS name, count(n) AS n", t, t))
	}
	for _, r := range schema.RelationTypes() {
		parts = append(parts, fmt.Sprintf("MATCH ()-[r:%s]->() RETURN 'relation' AS kind, '%s' AS name, count(r) AS n", r.Type, r.Type))
	}
	return "CALL {\n" + strings.Join(parts, "\nUNION ALL\n") + "\n} RETURN kind, name, n"
}

// Stats counts articles, statements, entities by type and relations by type.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	st := Stats{EntitiesByType: map[schema.EntityType]int64{}, RelationsByType: map[schema.RelationType]int64{}}
	for _, t := range schema.NodeTypes() {
		st.EntitiesByType[t] = 0
	}
	for _, r := range schema.RelationTypes() {
		st.RelationsByType[r.Type] = 0
	}
	res, err := s.read(ctx, statsQuery(), nil)
	if err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	for _, r := range res.Records {
		n, _, _ := neo4j.GetRecordValue[int64](r, "n")
		name := str(r, "name")
		switch str(r, "kind") {
		case "node":
			if name == "Article" {
				st.Articles = n
			} else {
				st.Statements = n
			}
		case "entity":
			st.EntitiesByType[schema.EntityType(name)] = n
			st.Entities += n
		case "relation":
			st.RelationsByType[schema.RelationType(name)] = n
			st.Relations += n
		}
	}
	return st, nil
}
