package gql_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"kg/extract"
	"kg/extract/reader"
	"kg/graph"
	"kg/schema"
)

type docExample struct {
	line   int
	query  string
	vars   map[string]any
	expect []string // in the answer on the fixture
	seed   []string // in the answer on the sample article; nil: not run on it
}

// docExamples reads the ```graphql blocks of a Markdown file, each with
// the strings of the <!-- expect: … --> and <!-- seed: … --> lines above it
// and the variables of a ```json block right after it.
func docExamples(t *testing.T, path string) []docExample {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []docExample
	var expect, seed []string
	var cur *docExample
	var block strings.Builder
	inBlock, inVars := false, false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case inBlock || inVars:
			if strings.TrimSpace(line) != "```" {
				block.WriteString(line + "\n")
				continue
			}
			if inBlock {
				out = append(out, docExample{line: n, query: block.String(), expect: expect, seed: seed})
				cur = &out[len(out)-1]
				expect, seed = nil, nil
			} else if err := json.Unmarshal([]byte(block.String()), &cur.vars); err != nil {
				t.Fatalf("%s:%d: variables: %v", path, n, err)
			}
			block.Reset()
			inBlock, inVars = false, false
		case strings.HasPrefix(line, "<!-- expect:"):
			expect = commentList(line, "<!-- expect:")
		case strings.HasPrefix(line, "<!-- seed:"):
			seed = commentList(line, "<!-- seed:")
		case line == "```graphql":
			inBlock = true
		case line == "```json" && cur != nil && cur.vars == nil:
			inVars = true
		case strings.TrimSpace(line) != "":
			cur = nil // variables must follow their query directly
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// commentList is the comma-separated strings of a <!-- prefix … --> line.
func commentList(line, prefix string) []string {
	out := []string{}
	for _, s := range strings.Split(strings.TrimSuffix(strings.TrimPrefix(line, prefix), "-->"), ", ") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// TestDocsExamples runs every example of docs/GRAPHQL.md, in order, on the
// fixture graph over HTTP, and checks what each says it returns.
func TestDocsExamples(t *testing.T) {
	examples := docExamples(t, "../docs/GRAPHQL.md")
	if len(examples) < 15 {
		t.Fatalf("found only %d examples in docs/GRAPHQL.md", len(examples))
	}
	e := newEnv(t)
	for _, ex := range examples {
		if len(ex.expect) == 0 {
			t.Errorf("docs/GRAPHQL.md:%d: the example says nothing about its result (add <!-- expect: … -->)", ex.line)
		}
		e.checkExample(ex, ex.expect)
	}
}

// TestDocsExamplesOnTheSeedArticle runs the examples marked <!-- seed: … -->
// on what kg ingest makes of the sample article in examples/, through the
// real extractor, and checks what each says the article gives.
func TestDocsExamplesOnTheSeedArticle(t *testing.T) {
	var seeded []docExample
	for _, ex := range docExamples(t, "../docs/GRAPHQL.md") {
		if ex.seed != nil {
			seeded = append(seeded, ex)
		}
	}
	if len(seeded) < 8 {
		t.Fatalf("only %d examples of docs/GRAPHQL.md say what the sample article gives", len(seeded))
	}
	e := newEnv(t, func(s *setup) { s.load = loadSampleArticle })
	for _, ex := range seeded {
		e.checkExample(ex, ex.seed)
	}
}

func (e *env) checkExample(ex docExample, want []string) {
	e.t.Helper()
	tok := ""
	if strings.HasPrefix(strings.TrimSpace(ex.query), "mutation") {
		tok = token
	}
	r := e.post(ex.query, ex.vars, tok)
	if r.Status != 200 || len(r.Errors) > 0 {
		e.t.Errorf("docs/GRAPHQL.md:%d: %d %s", ex.line, r.Status, r.Raw)
		return
	}
	for _, w := range want {
		if !strings.Contains(r.Raw, w) {
			e.t.Errorf("docs/GRAPHQL.md:%d: the response lacks %q:\n%s", ex.line, w, r.Raw)
		}
	}
}

// loadSampleArticle ingests examples/ as make run does: the readers, the
// real extractor, one write.
func loadSampleArticle(t testing.TB, s *graph.Store) {
	ctx := context.Background()
	x, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var docs []schema.Document
	for it := range reader.Walk(ctx, []string{"../examples"}, reader.Options{}) {
		if it.Err != nil {
			t.Fatal(it.Err)
		}
		d, err := x.Extract(ctx, it.Article)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	if len(docs) == 0 {
		t.Fatal("examples/ holds no article")
	}
	if _, err := s.Write(ctx, docs); err != nil {
		t.Fatal(err)
	}
}
