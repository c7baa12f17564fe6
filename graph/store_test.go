package graph_test

import (
	"context"
	"errors"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"

	"kg/graph"
	"kg/graph/graphtest"
	"kg/schema"
)

func TestMigrateAppliesSchemaOnceAndReadsItBack(t *testing.T) {
	graphtest.Lock(t)
	ctx := context.Background()
	opts := graphtest.Options(t)
	graphtest.WipeAll(t, opts)
	s, err := graph.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)

	first, err := s.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range first {
		if !r.Created {
			t.Errorf("first apply: %s %s not created", r.Kind, r.Name)
		}
	}
	again, err := s.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range again {
		if r.Created {
			t.Errorf("second apply created %s %s again", r.Kind, r.Name)
		}
	}

	objs, err := s.SchemaObjects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]graph.SchemaObject{}
	for _, o := range objs {
		byName[o.Name] = o
	}
	want := map[string]struct{ kind, typ, label, prop string }{
		"entity_id":         {"constraint", "UNIQUENESS", "Entity", "id"},
		"article_id":        {"constraint", "UNIQUENESS", "Article", "id"},
		"statement_id":      {"constraint", "UNIQUENESS", "Statement", "id"},
		"entity_name":       {"index", "RANGE", "Entity", "name"},
		"entity_key":        {"index", "RANGE", "Entity", "key"},
		graph.FulltextIndex: {"fulltext", "FULLTEXT", "Entity", "name"},
	}
	for name, w := range want {
		o, ok := byName[name]
		if !ok {
			t.Errorf("%s missing from SHOW CONSTRAINTS/INDEXES: %+v", name, objs)
			continue
		}
		if o.Kind != w.kind || o.Type != w.typ || o.Label != w.label || len(o.Props) == 0 || o.Props[0] != w.prop {
			t.Errorf("%s = %+v, want %+v", name, o, w)
		}
		if o.Kind != "constraint" && o.State != "ONLINE" {
			t.Errorf("%s is %s after Migrate, want ONLINE", name, o.State)
		}
	}
	if ft := byName[graph.FulltextIndex]; ft.Analyzer != "cjk" || len(ft.Props) != 2 {
		t.Errorf("full-text index must use the cjk analyzer over name and aliasText: %+v", ft)
	}
}

func TestMigrateCountsTheArticlesOfOlderRelations(t *testing.T) {
	s := graphtest.Open(t)
	opts := graphtest.Options(t)
	// Relations as kg stored them before articleCount, and one without
	// articles at all, which must stay without a count.
	graphtest.Query(t, opts, `UNWIND range(1, 3) AS i
CREATE (:Entity {id: 'a' + i})-[:PARTNERS_WITH {id: 'r' + i, articles: [x IN range(1, i) | 'art' + x]}]->(:Entity {id: 'b' + i})`, nil)
	graphtest.Query(t, opts, `CREATE (:Entity {id: 'c'})-[:PART_OF {id: 'bare'}]->(:Entity {id: 'd'})`, nil)
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	rows := graphtest.Query(t, opts, `MATCH ()-[r]->() RETURN r.id AS id, r.articleCount AS n ORDER BY id`, nil)
	want := []map[string]any{{"id": "bare", "n": nil}, {"id": "r1", "n": int64(1)}, {"id": "r2", "n": int64(2)}, {"id": "r3", "n": int64(3)}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("after Migrate: %v, want %v", rows, want)
	}
}

func TestMigrateDatesOlderEntities(t *testing.T) {
	s := graphtest.Open(t)
	opts := graphtest.Options(t)
	// Entities as kg stored them before lastSeen: one mentioned by two
	// dated articles, one tagged by an undated one, one with no article.
	graphtest.Query(t, opts, `CREATE (a1:Article {id: 'a1', published: '2025-01-02'}), (a2:Article {id: 'a2', published: '2025-03-04'}),
  (a3:Article {id: 'a3', published: ''}),
  (a1)-[:MENTIONS]->(x:Entity {id: 'x'})<-[:MENTIONS]-(a2), (a3)-[:TAGGED]->(:Entity {id: 'y'}), (:Entity {id: 'z'})`, nil)
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	rows := graphtest.Query(t, opts, `MATCH (e:Entity) RETURN e.id AS id, e.lastSeen AS last ORDER BY id`, nil)
	want := []map[string]any{{"id": "x", "last": "2025-03-04"}, {"id": "y", "last": ""}, {"id": "z", "last": ""}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("after Migrate: %v, want %v", rows, want)
	}
}

func TestStatsOnEmptyGraphHasEveryTypeAtZero(t *testing.T) {
	s := graphtest.Open(t)
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 0 || st.Entities != 0 || st.Relations != 0 || st.Statements != 0 {
		t.Errorf("empty graph: %+v", st)
	}
	if len(st.EntitiesByType) != len(schema.NodeTypes()) || len(st.RelationsByType) != len(schema.RelationTypes()) {
		t.Errorf("stats must list every type: %+v", st)
	}
}

func TestOpenExplainsFailures(t *testing.T) {
	graphtest.Lock(t)
	good := graphtest.Options(t)
	// A closed port on loopback: listen, note the port, close.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "bolt://" + l.Addr().String()
	l.Close()

	const secret = "not-the-password-4711"
	tests := []struct {
		name   string
		change func(*graph.Options)
		kind   graph.FailureKind
		want   []string
	}{
		{"unreachable", func(o *graph.Options) { o.URI = closed }, graph.Unreachable,
			[]string{closed, "scripts/neo4j start", "KG_NEO4J_URI"}},
		// Another user than neo4j, so that Neo4j's lock-out after failed
		// logins cannot hit the other tests.
		{"wrong password", func(o *graph.Options) { o.User, o.Password = "kg-nobody", secret }, graph.AuthFailed,
			[]string{"kg-nobody", "KG_NEO4J_PASSWORD", "scripts/neo4j reset"}},
		{"missing database", func(o *graph.Options) { o.Database = "nosuchdb" }, graph.NoDatabase,
			[]string{"nosuchdb", "neo4j.database"}},
		{"bad scheme", func(o *graph.Options) { o.URI = "http://127.0.0.1:7474" }, graph.BadURI,
			[]string{"http://127.0.0.1:7474", "bolt://"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := good
			o.ConnectTimeout = 2 * time.Second
			tc.change(&o)
			start := time.Now()
			s, err := graph.Open(context.Background(), o)
			if err == nil {
				s.Close(context.Background())
				t.Fatal("Open succeeded")
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v, want under 10 s", d)
			}
			var ce *graph.ConnectError
			if !errors.As(err, &ce) || ce.Kind != tc.kind {
				t.Fatalf("error %v (%T), want ConnectError of kind %d", err, err, tc.kind)
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message lacks %q:\n%s", w, msg)
				}
			}
			if strings.Contains(msg, secret) || strings.Contains(msg, good.Password) {
				t.Errorf("message leaks the password:\n%s", msg)
			}
		})
	}
}
