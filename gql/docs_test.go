package gql_test

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

type docExample struct {
	line   int
	query  string
	vars   map[string]any
	expect []string
}

// docExamples reads the ```graphql blocks of a Markdown file, each with
// the strings of the <!-- expect: … --> line above it and the variables of
// a ```json block right after it.
func docExamples(t *testing.T, path string) []docExample {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []docExample
	var expect []string
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
				out = append(out, docExample{line: n, query: block.String(), expect: expect})
				cur = &out[len(out)-1]
				expect = nil
			} else if err := json.Unmarshal([]byte(block.String()), &cur.vars); err != nil {
				t.Fatalf("%s:%d: variables: %v", path, n, err)
			}
			block.Reset()
			inBlock, inVars = false, false
		case strings.HasPrefix(line, "<!-- expect:"):
			for _, s := range strings.Split(strings.TrimSuffix(strings.TrimPrefix(line, "<!-- expect:"), "-->"), ", ") {
				if s = strings.TrimSpace(s); s != "" {
					expect = append(expect, s)
				}
			}
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

// TestDocsExamples runs every example of docs/GRAPHQL.md, in order, on the
// fixture graph over HTTP, and checks what each says it returns.
func TestDocsExamples(t *testing.T) {
	examples := docExamples(t, "../docs/GRAPHQL.md")
	if len(examples) < 15 {
		t.Fatalf("found only %d examples in docs/GRAPHQL.md", len(examples))
	}
	e := newEnv(t)
	for _, ex := range examples {
		tok := ""
		if strings.HasPrefix(strings.TrimSpace(ex.query), "mutation") {
			tok = token
		}
		r := e.post(ex.query, ex.vars, tok)
		if r.Status != 200 || len(r.Errors) > 0 {
			t.Errorf("docs/GRAPHQL.md:%d: %d %s", ex.line, r.Status, r.Raw)
			continue
		}
		if len(ex.expect) == 0 {
			t.Errorf("docs/GRAPHQL.md:%d: the example says nothing about its result (add <!-- expect: … -->)", ex.line)
		}
		for _, want := range ex.expect {
			if !strings.Contains(r.Raw, want) {
				t.Errorf("docs/GRAPHQL.md:%d: the response lacks %q:\n%s", ex.line, want, r.Raw)
			}
		}
	}
}
