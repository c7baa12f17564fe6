package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"kg/graph/graphtest"
	"kg/schema"
)

const seedPath = "../../examples/000_bed786543f93036c.txt"

// The kg extract contract: one JSON object per article, every offset a
// code-point span of text.
func TestExtractJSONContract(t *testing.T) {
	out, errOut, code := kg(t, "extract", seedPath)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc schema.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not one JSON object: %v", err)
	}
	text := []rune(doc.Text)
	if doc.ID == "" || doc.Title == "" || doc.URL == "" || len(doc.Entities) == 0 || len(doc.Relations) == 0 || len(doc.Statements) == 0 {
		t.Fatalf("incomplete document: id=%q title=%q entities=%d relations=%d statements=%d",
			doc.ID, doc.Title, len(doc.Entities), len(doc.Relations), len(doc.Statements))
	}
	for _, e := range doc.Entities {
		if e.ID != schema.EntityID(e.Type, e.Name) {
			t.Errorf("entity %s %s has id %s, want the stable id", e.Type, e.Name, e.ID)
		}
		for _, m := range e.Mentions {
			if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
				t.Errorf("entity %s: span %v out of text", e.Name, m)
			}
		}
	}
	for _, s := range doc.Statements {
		if s.Start < 0 || s.End > len(text) || string(text[s.Start:s.End]) != s.Text {
			t.Errorf("statement text does not match its span %d-%d", s.Start, s.End)
		}
	}
	for _, key := range []string{`"entities":[`, `"relations":[`, `"statements":[`} {
		if !strings.Contains(out, key) {
			t.Errorf("output lacks %s (lists are never null)", key)
		}
	}
}

func TestExtractReportsBadInputAndGoesOn(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.jsonl": `{"id": "x1", "text": "华为发布了昇腾芯片。"}` + "\n" + `{"id": ` + "\n" + `{"id": "x3", "text": "小米发布了小米SU7。"}` + "\n",
		"b.txt":   "",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, errOut, code := kg(t, "extract", dir)
	if code != 1 {
		t.Errorf("exit %d, want 1 when a line failed", code)
	}
	if n := strings.Count(out, "\n"); n != 2 {
		t.Errorf("want the two good lines as JSON Lines, got %d lines:\n%s", n, out)
	}
	if !strings.Contains(errOut, "a.jsonl:2") || !strings.Contains(errOut, "note") {
		t.Errorf("stderr must name the broken line and note the empty file:\n%s", errOut)
	}
}

func TestGenerateIsReadableAndStable(t *testing.T) {
	out1, _, code := kg(t, "generate", "--n", "20", "--seed", "3")
	out2, _, _ := kg(t, "generate", "--n", "20", "--seed", "3")
	if code != 0 || out1 != out2 {
		t.Fatal("generate must be deterministic")
	}
	sc := bufio.NewScanner(strings.NewReader(out1))
	n := 0
	for sc.Scan() {
		var a schema.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil || a.ID == "" || !utf8.ValidString(a.Text) {
			t.Fatalf("line %d: %v %+v", n+1, err, a)
		}
		n++
	}
	if n != 20 {
		t.Errorf("%d articles, want 20", n)
	}
}

func TestIngestStatsDelete(t *testing.T) {
	graphtest.Open(t)
	out, errOut, code := kg(t, "ingest", "../../examples/")
	if code != 0 || !strings.Contains(out, "1 new") {
		t.Fatalf("ingest: exit %d\n%s%s", code, out, errOut)
	}
	out, _, code = kg(t, "ingest", "../../examples/")
	if code != 0 || !strings.Contains(out, "1 unchanged") {
		t.Fatalf("second ingest: exit %d\n%s", code, out)
	}

	extracted, _, _ := kg(t, "extract", seedPath)
	var doc schema.Document
	if err := json.Unmarshal([]byte(extracted), &doc); err != nil {
		t.Fatal(err)
	}
	out, _, _ = kg(t, "stats", "--json")
	var st struct {
		Articles       int64            `json:"articles"`
		EntitiesByType map[string]int64 `json:"entitiesByType"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{}
	for _, e := range doc.Entities {
		if e.Type != schema.Title {
			want[string(e.Type)]++
		}
	}
	for _, typ := range schema.NodeTypes() {
		if st.EntitiesByType[string(typ)] != want[string(typ)] {
			t.Errorf("%s: kg stats %d, kg extract %d", typ, st.EntitiesByType[string(typ)], want[string(typ)])
		}
	}

	out, errOut, code = kg(t, "delete", doc.ID, "no-such-id")
	if code != 0 || !strings.Contains(out, "deleted 1") || !strings.Contains(errOut, "no-such-id") {
		t.Fatalf("delete: exit %d\n%s%s", code, out, errOut)
	}
	if c := graphtest.Counts(t, graphtest.Options(t)); c["nodes"] != 0 {
		t.Errorf("deleting the only article must empty the graph: %v", c)
	}
}

func TestIngestFailuresExitOneAndListThem(t *testing.T) {
	graphtest.Open(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(`{"id": "ok", "text": "华为发布了昇腾芯片。"}`+"\n{broken\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	list := filepath.Join(dir, "failed.txt")
	out, errOut, code := kg(t, "ingest", "--failed-list", list, "--workers", "1", "--batch", "1", bad)
	if code != 1 || !strings.Contains(out, "1 new") || !strings.Contains(errOut, "bad.jsonl:2") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	b, err := os.ReadFile(list)
	if err != nil || strings.TrimSpace(string(b)) != bad {
		t.Errorf("failed list = %q, %v; want %s", b, err, bad)
	}
}

func TestIngestDryRunNeedsNoNeo4j(t *testing.T) {
	out, errOut, code := kg(t, "ingest", "--dry-run", "--neo4j-uri", "bolt://127.0.0.1:1", seedPath)
	if code != 0 || !strings.Contains(out, "1 new") || !strings.Contains(out, "dry run") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}

func TestBadShard(t *testing.T) {
	for _, s := range []string{"3/3", "-1/2", "a/b", "1", "0/0"} {
		if _, errOut, code := kg(t, "ingest", "--dry-run", "--shard", s, seedPath); code != 1 || !strings.Contains(errOut, "--shard") {
			t.Errorf("--shard %s: exit %d, %s", s, code, errOut)
		}
	}
}

func TestEvalNERPrintsReportAndNamesBrokenLines(t *testing.T) {
	out, errOut, code := kg(t, "eval", "ner", "../../extract/eval/testdata/fixture.jsonl")
	if code != 1 || !strings.Contains(errOut, "line 4") {
		t.Errorf("exit %d, stderr %q: want 1 and the broken line named", code, errOut)
	}
	for _, w := range []string{"name", "position", "micro"} {
		if !strings.Contains(out, w) {
			t.Errorf("report lacks %q:\n%s", w, out)
		}
	}
	out, _, code = kg(t, "eval", "ner", "--scheme", "resume", "--json", "../../extract/eval/testdata/resume.jsonl")
	var rep struct {
		Lines int `json:"lines"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Lines == 0 {
		t.Errorf("resume --json: exit %d\n%s", code, out)
	}
	if _, errOut, code := kg(t, "eval", "ner", "--scheme", "nope", "-"); code != 1 || !strings.Contains(errOut, "cluener") {
		t.Errorf("unknown scheme: exit %d %s", code, errOut)
	}
	misses := filepath.Join(t.TempDir(), "misses.jsonl")
	if _, errOut, code := kg(t, "eval", "ner", "--misses", misses, "../../extract/eval/testdata/misses.jsonl"); code != 0 {
		t.Fatalf("--misses: exit %d %s", code, errOut)
	}
	b, err := os.ReadFile(misses)
	if err != nil || strings.Count(string(b), "\n") != 2 || !strings.Contains(string(b), `"line":2`) {
		t.Errorf("--misses wrote %q (%v), want the two wrong lines", b, err)
	}
}
