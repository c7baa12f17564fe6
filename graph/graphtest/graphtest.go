// Package graphtest connects tests to the real Neo4j that scripts/neo4j
// runs (or the one KG_NEO4J_* names) and gives each test an empty graph.
//
// There is no fake: a test that needs Neo4j fails, loudly, when it is not
// there. Community edition has one user database, so tests of all packages
// take turns on it through a file lock.
package graphtest

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"kg/config"
	"kg/graph"
)

// DefaultURI is where tests look for Neo4j when KG_NEO4J_URI is not set: the
// server `make test` starts (scripts/neo4j with NEO4J_DIR=.neo4j-test), never
// the one `make run` keeps a user's graph in, since the tests wipe it.
const DefaultURI = "bolt://127.0.0.1:7688"

// useTestServer points this test, and kg commands it runs in-process, at
// DefaultURI unless KG_NEO4J_URI says otherwise.
func useTestServer(t testing.TB) {
	if os.Getenv("KG_NEO4J_URI") == "" {
		t.Setenv("KG_NEO4J_URI", DefaultURI)
	}
}

// Options are the graph options kg itself would use (defaults, kg.yaml in
// the working directory and KG_* environment), on the test server.
func Options(t testing.TB) graph.Options {
	t.Helper()
	useTestServer(t)
	c, err := config.Load("", nil)
	if err != nil {
		t.Fatalf("test configuration: %v", err)
	}
	return graph.Options{
		URI: c.Neo4j.URI, User: c.Neo4j.User, Password: c.Neo4j.Password, Database: c.Neo4j.Database,
		MaxPoolSize: c.Neo4j.MaxPoolSize, ConnectTimeout: c.Neo4j.ConnectTimeout,
		AcquireTimeout: c.Neo4j.AcquireTimeout, MaxRetryTime: c.Neo4j.MaxRetryTime,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	}
}

// Open returns a store on an empty database with kg's schema applied. The
// database is the test's alone until the test ends.
func Open(t testing.TB) *graph.Store {
	t.Helper()
	Lock(t)
	ctx := context.Background()
	opts := Options(t)
	s, err := graph.Open(ctx, opts)
	if err != nil {
		t.Fatalf("this test needs the real Neo4j: run `make test`, or `make neo4j-test` then go test (KG_NEO4J_URI picks another server): %v", err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	Wipe(t, opts)
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return s
}

// Lock makes the shared database this test's alone until it ends.
func Lock(t testing.TB) {
	t.Helper()
	useTestServer(t)
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "kg-neo4j-test.lock"), os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		t.Fatalf("test lock: %v", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatalf("test lock: %v", err)
	}
	t.Cleanup(func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	})
}

// Wipe deletes every node and relationship.
func Wipe(t testing.TB, opts graph.Options) {
	t.Helper()
	if err := wipe(opts, false); err != nil {
		t.Fatalf("wipe test database: %v", err)
	}
}

// WipeAll also drops every constraint and index kg creates, so a test can
// apply them from nothing.
func WipeAll(t testing.TB, opts graph.Options) {
	t.Helper()
	if err := wipe(opts, true); err != nil {
		t.Fatalf("wipe test database and schema: %v", err)
	}
}

func wipe(o graph.Options, drop bool) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	drv, err := neo4j.NewDriverWithContext(o.URI, neo4j.BasicAuth(o.User, o.Password, ""))
	if err != nil {
		return err
	}
	defer drv.Close(ctx)
	sess := drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: o.Database})
	defer sess.Close(ctx)
	// CALL … IN TRANSACTIONS needs an auto-commit transaction: session.Run.
	res, err := sess.Run(ctx, "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS", nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		return fmt.Errorf("delete all: %w", err)
	}
	if !drop {
		return nil
	}
	for _, m := range graph.Migrations() {
		stmt := "DROP INDEX " + m.Name + " IF EXISTS"
		if m.Kind == "constraint" {
			stmt = "DROP CONSTRAINT " + m.Name + " IF EXISTS"
		}
		if res, err = sess.Run(ctx, stmt, nil); err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	return nil
}

// Query runs a read query for a test's assertions and returns its rows as
// maps.
func Query(t testing.TB, opts graph.Options, cypher string, params map[string]any) []map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	drv, err := neo4j.NewDriverWithContext(opts.URI, neo4j.BasicAuth(opts.User, opts.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer drv.Close(ctx)
	res, err := neo4j.ExecuteQuery(ctx, drv, cypher, params, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(opts.Database))
	if err != nil {
		t.Fatalf("%s: %v", cypher, err)
	}
	rows := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		rows[i] = r.AsMap()
	}
	return rows
}

// Counts returns the number of nodes per label combination and of
// relationships per type, plus "nodes" and "relationships" in total: a
// fingerprint of the whole graph for before/after comparisons.
func Counts(t testing.TB, opts graph.Options) map[string]int64 {
	t.Helper()
	out := map[string]int64{"nodes": 0, "relationships": 0}
	for _, r := range Query(t, opts, "MATCH (n) UNWIND labels(n) AS l RETURN l AS k, count(*) AS n", nil) {
		out[":"+r["k"].(string)] = r["n"].(int64)
	}
	for _, r := range Query(t, opts, "MATCH (n) RETURN count(n) AS n", nil) {
		out["nodes"] = r["n"].(int64)
	}
	for _, r := range Query(t, opts, "MATCH ()-[r]->() RETURN type(r) AS k, count(*) AS n", nil) {
		out["-"+r["k"].(string)] = r["n"].(int64)
		out["relationships"] += r["n"].(int64)
	}
	return out
}
