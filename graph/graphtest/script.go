package graphtest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"kg/graph"
)

// RunScript runs a Cypher script of one statement a line, each ending in
// a semicolon (the layout of kg's Cypher export; // lines are comments),
// one statement per transaction, as cypher-shell would.
func RunScript(t testing.TB, opts graph.Options, script string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	drv, err := neo4j.NewDriverWithContext(opts.URI, neo4j.BasicAuth(opts.User, opts.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer drv.Close(ctx)
	for n, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		stmt, ok := strings.CutSuffix(line, ";")
		if !ok {
			t.Fatalf("script line %d does not end a statement: %s", n+1, line)
		}
		if _, err := neo4j.ExecuteQuery(ctx, drv, stmt, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(opts.Database)); err != nil {
			t.Fatalf("script line %d: %v\n%s", n+1, err, line)
		}
	}
}
