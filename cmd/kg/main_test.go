package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"strings"
	"testing"
	"time"

	"kg/graph/graphtest"
	"kg/schema"
)

// kg runs the CLI in-process, as a user would from a shell.
func kg(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

func TestOfflineCommands(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv("KG_NEO4J_URI", "") // make test points kg at its server; here the default is under test
	t.Setenv("KG_NEO4J_PASSWORD", "s3cret-pass")
	t.Setenv("KG_AUTH_TOKENS", "tok-one,tok-two")
	tests := []struct {
		args    []string
		want    []string
		notWant []string
	}{
		{[]string{"version"}, []string{"kg " + Version}, nil},
		{[]string{"schema", "show"}, []string{"WORKS_AT", "任职于", "GovernmentBody", "政府机构", "GOVERNMENT_BODY"}, nil},
		{[]string{"config"}, []string{"uri: bolt://127.0.0.1:7687", "********"}, []string{"s3cret-pass", "tok-one"}},
		{[]string{"config", "--neo4j-uri", "neo4j://db.example:7687"}, []string{"uri: neo4j://db.example:7687"}, nil},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, errOut, code := kg(t, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(out+errOut, w) {
					t.Errorf("output leaks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestSchemaShowJSON(t *testing.T) {
	out, _, code := kg(t, "schema", "show", "--json")
	if code != 0 {
		t.Fatal(code)
	}
	var v struct {
		EntityTypes   []schema.EntityTypeInfo   `json:"entityTypes"`
		RelationTypes []schema.RelationTypeInfo `json:"relationTypes"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.EntityTypes) != len(schema.EntityTypes()) || len(v.RelationTypes) != len(schema.RelationTypes()) {
		t.Errorf("ontology JSON incomplete: %s", out)
	}
}

func TestBadConfigIsOneClearLine(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv("KG_INGEST_BATCH", "0")
	_, errOut, code := kg(t, "config")
	if code != 1 || !strings.Contains(errOut, "ingest.batch") || strings.Contains(errOut, "goroutine") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestSchemaApplyTwiceThenStatsOnEmptyGraph(t *testing.T) {
	graphtest.Lock(t)
	graphtest.WipeAll(t, graphtest.Options(t))

	out, errOut, code := kg(t, "schema", "apply")
	if code != 0 || !strings.Contains(out, "12 created, 0 already there") {
		t.Fatalf("first apply: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = kg(t, "schema", "apply")
	if code != 0 || !strings.Contains(out, "0 created, 12 already there") {
		t.Fatalf("second apply must change nothing: exit %d\n%s%s", code, out, errOut)
	}

	out, errOut, code = kg(t, "stats", "--json")
	if code != 0 {
		t.Fatalf("stats: exit %d: %s", code, errOut)
	}
	var st struct {
		Articles        int64            `json:"articles"`
		Entities        int64            `json:"entities"`
		EntitiesByType  map[string]int64 `json:"entitiesByType"`
		RelationsByType map[string]int64 `json:"relationsByType"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("stats --json: %v\n%s", err, out)
	}
	if st.Articles != 0 || st.Entities != 0 || st.EntitiesByType["Person"] != 0 || len(st.EntitiesByType) != 10 || len(st.RelationsByType) != 10 {
		t.Errorf("empty graph stats: %s", out)
	}
	out, _, code = kg(t, "stats")
	if code != 0 || !strings.Contains(out, "articles") || !strings.Contains(out, "Person 人物") {
		t.Errorf("stats text: %s", out)
	}
}

func TestStatsWithoutNeo4jFailsFastWithAParagraph(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	start := time.Now()
	out, errOut, code := kg(t, "stats", "--neo4j-uri", "bolt://"+addr)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
	if code == 0 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	for _, w := range []string{"cannot reach Neo4j at bolt://" + addr, "scripts/neo4j start", "KG_NEO4J_URI"} {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errOut)
		}
	}
	if strings.Contains(errOut, "goroutine") || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
		t.Errorf("want one paragraph, got:\n%s", errOut)
	}
}

func TestWrongPasswordIsNamedAndNeverPrinted(t *testing.T) {
	graphtest.Lock(t)
	const wrong = "wrong-password-93817"
	t.Setenv("KG_NEO4J_PASSWORD", wrong)
	out, errOut, code := kg(t, "stats", "--log-level", "debug")
	if code == 0 {
		t.Fatalf("stats with a wrong password succeeded: %s", out)
	}
	if !strings.Contains(errOut, "refused the credentials") || !strings.Contains(errOut, "KG_NEO4J_PASSWORD") {
		t.Errorf("stderr does not explain the authentication failure:\n%s", errOut)
	}
	if strings.Contains(out+errOut, wrong) {
		t.Errorf("the password reached the output or the log:\n%s", errOut)
	}
}
