package extract

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"kg/schema"
)

// ruleCase is one fixture of testdata/cases.json: a short text written for
// one rule and what the extraction of it must (and must not) contain.
type ruleCase struct {
	Name       string     `json:"name"`
	Text       string     `json:"text"`
	Entities   [][]string `json:"entities"`   // [type, canonical name]
	Surfaces   [][]string `json:"surfaces"`   // [canonical name, alias the entity must list]
	Relations  [][]string `json:"relations"`  // [type, source, target, title?]
	Statements [][]string `json:"statements"` // [speaker, text]
	NotTypes   []string   `json:"not_types"`  // entity types that must not appear
	NotNames   [][]string `json:"not_names"`  // [type, name] that must not be an entity
	NoSpeaker  []string   `json:"no_statements_by"`
}

// The fixtures are testdata/cases*.json, one file a group of rules.
func TestRuleCases(t *testing.T) {
	files, err := filepath.Glob("testdata/cases*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/cases*.json: %v", err)
	}
	var cases []ruleCase
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var some []ruleCase
		if err := json.Unmarshal(b, &some); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		cases = append(cases, some...)
	}
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			doc := extractText(t, tc.Text)
			checkSpans(t, doc)
			byName := func(name string) (schema.Entity, bool) {
				for _, e := range doc.Entities {
					if schema.FoldKey(e.Name) == schema.FoldKey(name) {
						return e, true
					}
				}
				return schema.Entity{}, false
			}
			for _, w := range tc.Entities {
				e, ok := byName(w[1])
				if !ok || string(e.Type) != w[0] {
					t.Errorf("want %s %q; got %s", w[0], w[1], summary(doc))
				}
			}
			for _, w := range tc.Surfaces {
				e, ok := byName(w[0])
				if !ok || !slices.Contains(e.Aliases, w[1]) {
					t.Errorf("want %q with alias %q; got %+v", w[0], w[1], e)
				}
			}
			for _, w := range tc.Relations {
				found := false
				for _, r := range doc.Relations {
					s, _ := doc.EntityByID(r.Source)
					d, _ := doc.EntityByID(r.Target)
					if string(r.Type) == w[0] && s.Name == w[1] && d.Name == w[2] && (len(w) < 4 || r.Title() == w[3]) {
						found = true
					}
				}
				if !found {
					t.Errorf("want relation %v; got %s", w, summary(doc))
				}
			}
			for _, w := range tc.Statements {
				found := false
				for _, s := range doc.Statements {
					e, _ := doc.EntityByID(s.Speaker)
					if e.Name == w[0] && s.Text == w[1] {
						found = true
					}
				}
				if !found {
					t.Errorf("want statement %v; got %+v", w, doc.Statements)
				}
			}
			for _, e := range doc.Entities {
				if slices.Contains(tc.NotTypes, string(e.Type)) {
					t.Errorf("unexpected %s %q", e.Type, e.Name)
				}
				for _, w := range tc.NotNames {
					if string(e.Type) == w[0] && schema.FoldKey(e.Name) == schema.FoldKey(w[1]) {
						t.Errorf("unexpected %s %q; got %s", e.Type, e.Name, summary(doc))
					}
				}
			}
			for _, s := range doc.Statements {
				e, _ := doc.EntityByID(s.Speaker)
				if slices.Contains(tc.NoSpeaker, e.Name) {
					t.Errorf("statement by %q: %q", e.Name, s.Text)
				}
			}
		})
	}
}

// summary renders a document's entities and relations for a failure.
func summary(doc schema.Document) string {
	var s string
	for _, e := range doc.Entities {
		s += string(e.Type) + ":" + e.Name + " "
	}
	for _, r := range doc.Relations {
		src, _ := doc.EntityByID(r.Source)
		dst, _ := doc.EntityByID(r.Target)
		s += "| " + string(r.Type) + " " + src.Name + "→" + dst.Name + " " + r.Title() + " "
	}
	return s
}
