package graph_test

import (
	"context"
	"testing"
	"time"

	"kg/graph"
	"kg/graph/graphtest"
)

// A read past its deadline must stop in Neo4j too, not only in the driver:
// the deadline goes to Neo4j as the transaction's timeout, so the server
// drops the work that nobody waits for any more.
func TestReadDeadlineStopsTheQueryInNeo4j(t *testing.T) {
	s := graphtest.Open(t)
	opts := graphtest.Options(t)
	const marker = "kg-deadline-test"
	// Seconds of work in Neo4j and nothing to read: the driver waits idle.
	slow := "UNWIND range(1, 400000000) AS x WITH x WHERE x % 1000000007 = 17 RETURN count(x) AS n, '" + marker + "' AS marker"
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := graph.QueryForTest(s, ctx, "slow", slow, nil); done <- err }()
	select {
	case err := <-done:
		if !graph.IsTimeout(err) {
			t.Fatalf("a read past its deadline: %v, want a timeout", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the read outlived its deadline by seconds")
	}
	// Neo4j ends the transaction at its timeout; give it a moment to clean up.
	var running []map[string]any
	for range 20 {
		running = graphtest.Query(t, opts, "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $m AND NOT currentQuery CONTAINS 'SHOW' RETURN currentQuery",
			map[string]any{"m": marker})
		if len(running) == 0 {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("Neo4j still runs the query 2 s after its deadline: %v", running)
}
