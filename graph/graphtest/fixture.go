package graphtest

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"kg/graph"
	"kg/schema"
)

// fixtureJSON is a small, realistic graph around 马修军, 北京大学 and its
// Wuhan institute, 中国信通院, 华为, 寒武纪, 小米, 月之暗面 and Kimi,
// 工业和信息化部 and the “人工智能+”行动: five articles written the way
// extraction would see them. Entities, relations and statements are given
// by name and sentence; spans are found in the text, so they are right by
// construction.
//
//go:embed testdata/fixture.json
var fixtureJSON []byte

type fixtureArticle struct {
	schema.Article
	Entities   [][]string `json:"entities"`   // type, name, aliases...
	Relations  [][]string `json:"relations"`  // type, source name, target name, title, evidence sentence
	Statements [][]string `json:"statements"` // speaker name, quote
}

// Fixture returns the fixture's documents.
func Fixture() ([]schema.Document, error) {
	var arts []fixtureArticle
	if err := json.Unmarshal(fixtureJSON, &arts); err != nil {
		return nil, fmt.Errorf("fixture: %w", err)
	}
	docs := make([]schema.Document, 0, len(arts))
	for _, a := range arts {
		d, err := a.document()
		if err != nil {
			return nil, fmt.Errorf("fixture article %s: %w", a.ID, err)
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// LoadFixture writes the fixture into s and returns its documents.
func LoadFixture(t testing.TB, s *graph.Store) []schema.Document {
	t.Helper()
	docs, err := Fixture()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Write(context.Background(), docs); err != nil {
		t.Fatalf("write fixture: %v", err)
	}
	return docs
}

// FixtureID is the id of the fixture entity of this type and name.
func FixtureID(t schema.EntityType, name string) string { return schema.EntityID(t, name) }

func (a fixtureArticle) document() (schema.Document, error) {
	d := schema.Document{Article: a.Article, Extractor: "fixture/1",
		Entities: []schema.Entity{}, Relations: []schema.Relation{}, Statements: []schema.Statement{}}
	byName := map[string]schema.Entity{}
	// Longer names claim their spans first, so 北京大学 inside
	// 北京大学武汉人工智能研究院 is not also a mention of 北京大学.
	order := slices.Clone(a.Entities)
	slices.SortStableFunc(order, func(x, y []string) int { return utf8.RuneCountInString(y[1]) - utf8.RuneCountInString(x[1]) })
	var taken []schema.Span
	for _, e := range order {
		if len(e) < 2 {
			return d, fmt.Errorf("entity %v: want type and name", e)
		}
		t, err := schema.ParseEntityType(e[0])
		if err != nil {
			return d, err
		}
		ent := schema.Entity{ID: schema.EntityID(t, e[1]), Type: t, Name: e[1], Aliases: e[2:], Confidence: 0.9}
		for _, form := range e[1:] {
			for _, sp := range Spans(a.Text, form) {
				if !overlaps(taken, sp) {
					ent.Mentions = append(ent.Mentions, sp)
					taken = append(taken, sp)
				}
			}
		}
		if len(ent.Mentions) == 0 {
			return d, fmt.Errorf("entity %s is not in the text", e[1])
		}
		byName[e[1]] = ent
	}
	for _, e := range a.Entities {
		d.Entities = append(d.Entities, byName[e[1]])
	}
	for _, r := range a.Relations {
		if len(r) != 5 {
			return d, fmt.Errorf("relation %v: want type, source, target, title, sentence", r)
		}
		rt, err := schema.ParseRelationType(r[0])
		if err != nil {
			return d, err
		}
		src, ok1 := byName[r[1]]
		dst, ok2 := byName[r[2]]
		ev := Spans(a.Text, r[4])
		if !ok1 || !ok2 || len(ev) == 0 {
			return d, fmt.Errorf("relation %v: unknown end or sentence not in the text", r)
		}
		rel := schema.Relation{Type: rt, Source: src.ID, Target: dst.ID, Confidence: 0.85, Evidence: ev[:1]}
		if r[3] != "" {
			rel.Properties = map[string]string{"title": r[3]}
		}
		d.Relations = append(d.Relations, rel)
	}
	for _, st := range a.Statements {
		sp := Spans(a.Text, st[1])
		p, ok := byName[st[0]]
		if len(st) != 2 || len(sp) == 0 || !ok {
			return d, fmt.Errorf("statement %v: unknown speaker or quote not in the text", st)
		}
		d.Statements = append(d.Statements, schema.Statement{Speaker: p.ID, Start: sp[0].Start, End: sp[0].End, Text: st[1], Confidence: 0.9})
	}
	return d, nil
}

// Spans finds every occurrence of s in text, as code-point spans.
func Spans(text, s string) []schema.Span {
	var out []schema.Span
	for off := 0; ; {
		i := strings.Index(text[off:], s)
		if i < 0 {
			return out
		}
		start := utf8.RuneCountInString(text[:off+i])
		out = append(out, schema.Span{Start: start, End: start + utf8.RuneCountInString(s)})
		off += i + len(s)
	}
}

func overlaps(taken []schema.Span, sp schema.Span) bool {
	for _, t := range taken {
		if sp.Start < t.End && t.Start < sp.End {
			return true
		}
	}
	return false
}
