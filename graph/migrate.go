package graph

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Migration is one schema object kg needs. Every statement is idempotent
// (IF NOT EXISTS), so applying the list again changes nothing.
type Migration struct {
	Name   string // the constraint or index name in Neo4j
	Kind   string // constraint, index or fulltext
	Cypher string
}

// FulltextIndex is the name of the Chinese-aware index over entity names and
// aliases. The cjk analyzer indexes CJK text as bigrams, so a two-character
// query matches inside longer names.
const FulltextIndex = "entity_names"

// Migrations lists the schema in the order it is applied.
func Migrations() []Migration {
	return []Migration{
		{"entity_id", "constraint", "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE"},
		{"article_id", "constraint", "CREATE CONSTRAINT article_id IF NOT EXISTS FOR (a:Article) REQUIRE a.id IS UNIQUE"},
		{"statement_id", "constraint", "CREATE CONSTRAINT statement_id IF NOT EXISTS FOR (s:Statement) REQUIRE s.id IS UNIQUE"},
		// Redirects of merged entities (redirect.go), by id for writes and by target for merges and deletes.
		{"merged_id", "constraint", "CREATE CONSTRAINT merged_id IF NOT EXISTS FOR (m:Merged) REQUIRE m.id IS UNIQUE"},
		{"merged_into", "index", "CREATE INDEX merged_into IF NOT EXISTS FOR (m:Merged) ON (m.into)"},
		{"entity_name", "index", "CREATE INDEX entity_name IF NOT EXISTS FOR (e:Entity) ON (e.name)"},
		// key is the folded name (schema.FoldKey): exact lookups ignore width and case.
		{"entity_key", "index", "CREATE INDEX entity_key IF NOT EXISTS FOR (e:Entity) ON (e.key)"},
		{"entity_type", "index", "CREATE INDEX entity_type IF NOT EXISTS FOR (e:Entity) ON (e.type)"},
		{"entity_alias_keys", "index", "CREATE INDEX entity_alias_keys IF NOT EXISTS FOR (e:Entity) ON (e.aliasKeys)"},
		{"entity_last_seen", "index", "CREATE INDEX entity_last_seen IF NOT EXISTS FOR (e:Entity) ON (e.lastSeen)"},
		{"article_published", "index", "CREATE INDEX article_published IF NOT EXISTS FOR (a:Article) ON (a.published)"},
		{FulltextIndex, "fulltext", "CREATE FULLTEXT INDEX " + FulltextIndex + " IF NOT EXISTS FOR (e:Entity) ON EACH [e.name, e.aliasText] " +
			"OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"},
	}
}

// MigrationResult says what applying one migration did.
type MigrationResult struct {
	Migration
	Created bool
}

// Migrate applies every migration and waits until the indexes are online, so
// that the writes and searches that follow can use them.
func (s *Store) Migrate(ctx context.Context) ([]MigrationResult, error) {
	var out []MigrationResult
	for _, m := range Migrations() {
		res, err := s.write(ctx, m.Cypher, nil)
		if err != nil {
			return out, fmt.Errorf("apply %s %s: %w", m.Kind, m.Name, err)
		}
		c := res.Summary.Counters()
		out = append(out, MigrationResult{Migration: m, Created: c.ConstraintsAdded()+c.IndexesAdded() > 0})
	}
	if _, err := s.write(ctx, "CALL db.awaitIndexes(300)", nil); err != nil {
		return out, fmt.Errorf("wait for indexes to come online: %w", err)
	}
	if err := s.countRelationArticles(ctx); err != nil {
		return out, err
	}
	if err := s.dateEntities(ctx); err != nil {
		return out, err
	}
	return out, nil
}

// countRelationArticles gives relations written before articleCount
// existed their count, a batch per transaction so that a large graph does
// not need one huge one. Reads fall back to the list's size meanwhile.
func (s *Store) countRelationArticles(ctx context.Context) error {
	for {
		res, err := s.write(ctx, `MATCH ()-[r]->() WHERE r.articles IS NOT NULL AND r.articleCount IS NULL
WITH r LIMIT 20000
SET r.articleCount = size(r.articles)
RETURN count(r) AS n`, nil)
		if err != nil {
			return fmt.Errorf("count the articles of older relations: %w", err)
		}
		if n, _ := res.Records[0].Get("n"); n == int64(0) {
			return nil
		}
	}
}

// SchemaObject is a constraint or index as Neo4j reports it.
type SchemaObject struct {
	Name  string
	Kind  string // constraint, index, fulltext
	Type  string // e.g. UNIQUENESS, RANGE, FULLTEXT
	State string // ONLINE, POPULATING … (indexes only)
	Label string
	Props []string
	// Analyzer is the full-text analyzer (cjk for kg's index).
	Analyzer string
}

// SchemaObjects reads back the constraints and indexes that exist, including
// ones kg did not create.
func (s *Store) SchemaObjects(ctx context.Context) ([]SchemaObject, error) {
	var out []SchemaObject
	res, err := s.read(ctx, "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN name, type, labelsOrTypes, properties ORDER BY name", nil)
	if err != nil {
		return nil, fmt.Errorf("show constraints: %w", err)
	}
	for _, r := range res.Records {
		o := SchemaObject{Kind: "constraint", Name: str(r, "name"), Type: str(r, "type")}
		o.Label, o.Props = first(strs(r, "labelsOrTypes")), strs(r, "properties")
		out = append(out, o)
	}
	res, err = s.read(ctx, "SHOW INDEXES YIELD name, type, state, labelsOrTypes, properties, owningConstraint, options "+
		"WHERE owningConstraint IS NULL AND type <> 'LOOKUP' "+
		"RETURN name, type, state, labelsOrTypes, properties, options.indexConfig['fulltext.analyzer'] AS analyzer ORDER BY name", nil)
	if err != nil {
		return nil, fmt.Errorf("show indexes: %w", err)
	}
	for _, r := range res.Records {
		o := SchemaObject{Kind: "index", Name: str(r, "name"), Type: str(r, "type"), State: str(r, "state")}
		if o.Type == "FULLTEXT" {
			o.Kind, o.Analyzer = "fulltext", str(r, "analyzer")
		}
		o.Label, o.Props = first(strs(r, "labelsOrTypes")), strs(r, "properties")
		out = append(out, o)
	}
	return out, nil
}

func str(r *neo4j.Record, key string) string {
	v, _, _ := neo4j.GetRecordValue[string](r, key)
	return v
}

func strs(r *neo4j.Record, key string) []string {
	v, _, _ := neo4j.GetRecordValue[[]any](r, key)
	out := make([]string, 0, len(v))
	for _, x := range v {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// dateEntities gives entities written before lastSeen existed their date,
// a batch per transaction, as countRelationArticles does for relations.
func (s *Store) dateEntities(ctx context.Context) error {
	for {
		res, err := s.write(ctx, `MATCH (e:Entity) WHERE e.lastSeen IS NULL
WITH e LIMIT 20000
CALL (e) { OPTIONAL MATCH (a:Article)-[:MENTIONS|TAGGED]->(e) RETURN coalesce(max(a.published), '') AS last }
SET e.lastSeen = last
RETURN count(e) AS n`, nil)
		if err != nil {
			return fmt.Errorf("date older entities: %w", err)
		}
		if n, _ := res.Records[0].Get("n"); n == int64(0) {
			return nil
		}
	}
}
