package schema

import (
	"encoding/json"
	"regexp"
	"testing"
)

func TestEntityIDStable(t *testing.T) {
	// Pinned values: ids are stored in Neo4j and cited in reports, so a
	// change here silently orphans every stored entity.
	tests := []struct {
		typ  EntityType
		name string
		want string
	}{
		{Person, "马修军", "person:62d4b940eec5034f"},
		{Institution, "北京大学", "institution:7a48572501f3e636"},
		{Product, "Ｋｉｍｉ", EntityID(Product, "kimi")},
		{Product, "  KIMI ", EntityID(Product, "kimi")},
		{Company, "Moonshot　AI", EntityID(Company, "moonshot ai")},
	}
	for _, tc := range tests {
		if got := EntityID(tc.typ, tc.name); got != tc.want {
			t.Errorf("EntityID(%s, %q) = %s, want %s", tc.typ, tc.name, got, tc.want)
		}
	}
	if EntityID(Person, "小米") == EntityID(Company, "小米") {
		t.Error("same name of two types must give two ids")
	}
}

func TestFoldKey(t *testing.T) {
	tests := map[string]string{
		"ＡＢＣ１２３":         "abc123",
		"  a \t b\n":     "a b",
		"北京大学":           "北京大学",
		"小米ＳＵ７":          "小米su7",
		"“人工智能＋”行动":      "“人工智能+”行动",
		"DeepSeek-V3":    "deepseek-v3",
		"\u3000前后\u3000": "前后",
	}
	for in, want := range tests {
		if got := FoldKey(in); got != want {
			t.Errorf("FoldKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseTypes(t *testing.T) {
	for _, info := range EntityTypes() {
		for _, s := range []string{string(info.Type), info.GraphQL, info.Chinese} {
			got, err := ParseEntityType(s)
			if err != nil || got != info.Type {
				t.Errorf("ParseEntityType(%q) = %v, %v", s, got, err)
			}
		}
	}
	for _, info := range RelationTypes() {
		for _, s := range []string{string(info.Type), info.Chinese} {
			got, err := ParseRelationType(s)
			if err != nil || got != info.Type {
				t.Errorf("ParseRelationType(%q) = %v, %v", s, got, err)
			}
		}
	}
	for _, bad := range []string{"", "person", "Person) DETACH DELETE n //", "MENTIONS"} {
		if _, err := ParseEntityType(bad); err == nil {
			t.Errorf("ParseEntityType(%q) accepted", bad)
		}
		if _, err := ParseRelationType(bad); err == nil {
			t.Errorf("ParseRelationType(%q) accepted", bad)
		}
	}
}

func TestRelationAllows(t *testing.T) {
	tests := []struct {
		rel      RelationType
		src, dst EntityType
		want     bool
	}{
		{WorksAt, Person, Institution, true},
		{WorksAt, Person, Technology, false},
		{WorksAt, Company, Institution, false},
		{PartOf, Institution, Institution, true},
		{Releases, Company, Product, true},
		{Releases, Company, Technology, false},
		{Proposes, GovernmentBody, Policy, true},
		{LocatedIn, Company, Location, true},
		{Mentions, Person, Company, false},
	}
	for _, tc := range tests {
		if got := tc.rel.Allows(tc.src, tc.dst); got != tc.want {
			t.Errorf("%s.Allows(%s, %s) = %v", tc.rel, tc.src, tc.dst, got)
		}
	}
}

func TestNodeTypesExcludeTitle(t *testing.T) {
	nodes := NodeTypes()
	if len(nodes) != 10 {
		t.Fatalf("NodeTypes() has %d types, want the 10 of the design", len(nodes))
	}
	for _, n := range nodes {
		if n == Title {
			t.Fatal("Title must not be a node type")
		}
	}
}

// Pictures tell types apart by colour alone, in the explorer and in
// exports: every type needs its own, in the #rrggbb form both parse.
func TestEntityTypeColoursDistinct(t *testing.T) {
	seen := map[string]EntityType{}
	for _, i := range EntityTypes() {
		if !regexp.MustCompile(`^#[0-9a-f]{6}$`).MatchString(i.Color) {
			t.Errorf("%s: colour %q is not #rrggbb", i.Type, i.Color)
		}
		if other, dup := seen[i.Color]; dup {
			t.Errorf("%s and %s share the colour %s", other, i.Type, i.Color)
		}
		seen[i.Color] = i.Type
	}
}

func TestDocumentJSONContract(t *testing.T) {
	doc := Document{
		Article: Article{ID: "a1", Title: "t", Text: "马修军表示"},
		Entities: []Entity{{ID: EntityID(Person, "马修军"), Type: Person, Name: "马修军",
			Aliases: []string{}, Confidence: 0.9, Mentions: []Span{{0, 3}}}},
		Relations: []Relation{{Type: WorksAt, Source: "x", Target: "y",
			Properties: map[string]string{"title": "教授"}, Evidence: []Span{{0, 5}}}},
		Statements: []Statement{{Speaker: "x", Start: 0, End: 5, Text: "马修军表示"}},
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "title", "url", "published", "source", "keywords", "technologies",
		"industries", "text", "entities", "relations", "statements"} {
		if _, ok := m[k]; !ok {
			t.Errorf("document JSON lacks %q: %s", k, b)
		}
	}
	var back Document
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("round trip: %v", err)
	}
	if back.Relations[0].Title() != "教授" || back.Entities[0].Type != Person {
		t.Errorf("round trip lost data: %+v", back)
	}
	if err := json.Unmarshal([]byte(`{"entities":[{"type":"Robot"}]}`), &back); err == nil {
		t.Error("unknown entity type accepted")
	}
}
