// Package schema is kg's ontology: the entity and relation types, the domain
// structs shared by extraction, storage and the API, and stable identifiers.
// It imports nothing but the standard library.
package schema

import (
	"encoding/json"
	"fmt"
	"slices"
)

// EntityType is the kind of a graph entity. Its string form is the Neo4j
// label, so only values from EntityTypes may ever reach a Cypher string.
type EntityType string

const (
	Person         EntityType = "Person"
	Company        EntityType = "Company"
	Institution    EntityType = "Institution"
	GovernmentBody EntityType = "GovernmentBody"
	Media          EntityType = "Media"
	Technology     EntityType = "Technology"
	Product        EntityType = "Product"
	Policy         EntityType = "Policy"
	Industry       EntityType = "Industry"
	Location       EntityType = "Location"
	// Title is reported by extraction (job titles such as 副院长) but is
	// stored as the title property of WORKS_AT, never as a node.
	Title EntityType = "Title"
)

// EntityTypeInfo describes one entity type.
type EntityTypeInfo struct {
	Type    EntityType `json:"type"`
	GraphQL string     `json:"graphql"` // enum value in the GraphQL API
	Chinese string     `json:"chinese"`
	English string     `json:"english"`
	// Node is false for types that extraction reports but the graph does
	// not hold as nodes.
	Node bool `json:"node"`
	// Color is the type's colour (#rrggbb) in every picture kg draws, the
	// explorer's and the exports' alike, so a view and its export match.
	Color string `json:"color"`
}

var entityTypes = []EntityTypeInfo{
	{Person, "PERSON", "人物", "person: experts, executives, officials, journalists", true, "#e15759"},
	{Company, "COMPANY", "企业", "company", true, "#4e79a7"},
	{Institution, "INSTITUTION", "机构", "institution: universities, institutes, associations, labs", true, "#59a14f"},
	{GovernmentBody, "GOVERNMENT_BODY", "政府机构", "government body", true, "#b07aa1"},
	{Media, "MEDIA", "媒体", "media outlet", true, "#9c755f"},
	{Technology, "TECHNOLOGY", "技术", "technology", true, "#f28e2b"},
	{Product, "PRODUCT", "产品", "product: models, chips, cars, apps", true, "#c9a227"},
	{Policy, "POLICY", "政策", "policy: actions, plans, reports, laws", true, "#76b7b2"},
	{Industry, "INDUSTRY", "行业", "industry", true, "#ff9da7"},
	{Location, "LOCATION", "地点", "location", true, "#8c8c8c"},
	{Title, "TITLE", "职务", "job title (a WORKS_AT property in the graph)", false, "#bab0ac"},
}

// EntityTypes lists every entity type, node types first, in a fixed order.
func EntityTypes() []EntityTypeInfo { return slices.Clone(entityTypes) }

// NodeTypes lists the entity types that are nodes in the graph.
func NodeTypes() []EntityType {
	var out []EntityType
	for _, t := range entityTypes {
		if t.Node {
			out = append(out, t.Type)
		}
	}
	return out
}

// Info returns the description of t; ok is false for an unknown type.
func (t EntityType) Info() (EntityTypeInfo, bool) {
	for _, i := range entityTypes {
		if i.Type == t {
			return i, true
		}
	}
	return EntityTypeInfo{}, false
}

// Valid reports whether t is one of the ontology's entity types.
func (t EntityType) Valid() bool { _, ok := t.Info(); return ok }

// IsOrganisation reports whether t can employ people and own things.
func (t EntityType) IsOrganisation() bool {
	switch t {
	case Company, Institution, GovernmentBody, Media:
		return true
	}
	return false
}

// ParseEntityType accepts the Go name (Person), the GraphQL name (PERSON)
// or the Chinese label (人物).
func ParseEntityType(s string) (EntityType, error) {
	for _, i := range entityTypes {
		if s == string(i.Type) || s == i.GraphQL || s == i.Chinese {
			return i.Type, nil
		}
	}
	return "", fmt.Errorf("unknown entity type %q", s)
}

// UnmarshalJSON refuses unknown types so bad input fails where it is read.
func (t *EntityType) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("entity type: %w", err)
	}
	v, err := ParseEntityType(s)
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// RelationType is the kind of a relationship between entities. Its string
// form is the Neo4j relationship type.
type RelationType string

const (
	WorksAt        RelationType = "WORKS_AT"
	AffiliatedWith RelationType = "AFFILIATED_WITH"
	PartOf         RelationType = "PART_OF"
	Develops       RelationType = "DEVELOPS"
	Releases       RelationType = "RELEASES"
	Proposes       RelationType = "PROPOSES"
	InvestsIn      RelationType = "INVESTS_IN"
	PartnersWith   RelationType = "PARTNERS_WITH"
	Acquires       RelationType = "ACQUIRES"
	LocatedIn      RelationType = "LOCATED_IN"
)

// Structural relationship types that tie articles and statements to
// entities. They are not extracted as relations but written by graph.
const (
	Mentions     RelationType = "MENTIONS"
	Tagged       RelationType = "TAGGED"
	SaidBy       RelationType = "SAID_BY"
	HasStatement RelationType = "HAS_STATEMENT"
	About        RelationType = "ABOUT"
)

// RelationTypeInfo describes one relation type and which entity types it
// may connect.
type RelationTypeInfo struct {
	Type    RelationType `json:"type"`
	Chinese string       `json:"chinese"`
	English string       `json:"english"`
	Sources []EntityType `json:"sources"`
	Targets []EntityType `json:"targets"`
}

var (
	orgs       = []EntityType{Company, Institution, GovernmentBody, Media}
	techOrProd = []EntityType{Technology, Product}
)

var relationTypes = []RelationTypeInfo{
	{WorksAt, "任职于", "works at, with a title", []EntityType{Person}, orgs},
	{AffiliatedWith, "隶属于", "affiliated with, no title stated", []EntityType{Person}, orgs},
	{PartOf, "下属于", "organisation is part of organisation", orgs, orgs},
	{Develops, "研发", "develops a technology or product", orgs, techOrProd},
	{Releases, "发布", "releases a product", orgs, []EntityType{Product}},
	{Proposes, "提出", "proposes a policy", []EntityType{GovernmentBody, Policy}, []EntityType{Policy}},
	{InvestsIn, "投资", "invests in", orgs, orgs},
	{PartnersWith, "合作", "partners with", orgs, orgs},
	{Acquires, "收购", "acquires", orgs, orgs},
	{LocatedIn, "位于", "located in", orgs, []EntityType{Location}},
}

// RelationTypes lists the extracted relation types in a fixed order.
func RelationTypes() []RelationTypeInfo { return slices.Clone(relationTypes) }

// Info returns the description of t; ok is false for an unknown or
// structural type.
func (t RelationType) Info() (RelationTypeInfo, bool) {
	for _, i := range relationTypes {
		if i.Type == t {
			return i, true
		}
	}
	return RelationTypeInfo{}, false
}

// Valid reports whether t is one of the extracted relation types.
func (t RelationType) Valid() bool { _, ok := t.Info(); return ok }

// Allows reports whether t may connect an entity of type src to one of
// type dst.
func (t RelationType) Allows(src, dst EntityType) bool {
	i, ok := t.Info()
	return ok && slices.Contains(i.Sources, src) && slices.Contains(i.Targets, dst)
}

// ParseRelationType accepts the relationship type name (WORKS_AT) or its
// Chinese label (任职于).
func ParseRelationType(s string) (RelationType, error) {
	for _, i := range relationTypes {
		if s == string(i.Type) || s == i.Chinese {
			return i.Type, nil
		}
	}
	return "", fmt.Errorf("unknown relation type %q", s)
}

// UnmarshalJSON refuses unknown types so bad input fails where it is read.
func (t *RelationType) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("relation type: %w", err)
	}
	v, err := ParseRelationType(s)
	if err != nil {
		return err
	}
	*t = v
	return nil
}
