package gql

import (
	"github.com/graphql-go/graphql"

	"kg/graph"
	"kg/schema"
)

// The enums map GraphQL names to the schema package's values, so a type
// from a request is a schema enum by the time a resolver sees it: nothing
// else can reach a Cypher label or relationship type.

func entityTypeEnum() *graphql.Enum {
	values := graphql.EnumValueConfigMap{}
	for _, info := range schema.EntityTypes() {
		if info.Node {
			values[info.GraphQL] = &graphql.EnumValueConfig{Value: info.Type, Description: info.Chinese + ": " + info.English}
		}
	}
	return graphql.NewEnum(graphql.EnumConfig{Name: "EntityType", Values: values,
		Description: "The kinds of entity of the ontology (DESIGN.md). Job titles are not entities: they are the title of WORKS_AT."})
}

func relationTypeEnum() *graphql.Enum {
	values := graphql.EnumValueConfigMap{}
	for _, info := range schema.RelationTypes() {
		values[string(info.Type)] = &graphql.EnumValueConfig{Value: info.Type, Description: info.Chinese + ": " + info.English}
	}
	return graphql.NewEnum(graphql.EnumConfig{Name: "RelationType", Values: values,
		Description: "The kinds of relation between entities."})
}

func simpleEnum(name, desc string, values map[string]any, descs map[string]string) *graphql.Enum {
	m := graphql.EnumValueConfigMap{}
	for k, v := range values {
		m[k] = &graphql.EnumValueConfig{Value: v, Description: descs[k]}
	}
	return graphql.NewEnum(graphql.EnumConfig{Name: name, Description: desc, Values: m})
}

func (b *builder) enums() {
	b.entityType = entityTypeEnum()
	b.relationType = relationTypeEnum()
	b.entitySort = simpleEnum("EntitySort", "Orders of entity lists.",
		map[string]any{"MENTIONS": graph.ByMentions, "NAME": graph.ByName, "RECENT": graph.ByRecent},
		map[string]string{"MENTIONS": "most mentioned first", "NAME": "by name", "RECENT": "most recently published mention first"})
	b.direction = simpleEnum("Direction", "Which relations of an entity to follow.",
		map[string]any{"OUT": graph.Outgoing, "IN": graph.Incoming, "BOTH": graph.Both},
		map[string]string{"OUT": "the entity is the source", "IN": "the entity is the target", "BOTH": "either"})
	b.matchKind = simpleEnum("MatchKind", "Why a search hit matched; the kinds rank in this order.",
		map[string]any{"EXACT": graph.MatchExact, "ALIAS": graph.MatchAlias, "PREFIX": graph.MatchPrefix, "TEXT": graph.MatchText},
		map[string]string{"EXACT": "the canonical name", "ALIAS": "an alias", "PREFIX": "the name starts with the query",
			"TEXT": "full-text match of names and aliases (any two consecutive characters)"})
	b.ingestStatus = simpleEnum("IngestStatus", "What ingesting an article did.",
		map[string]any{"NEW": graph.StatusNew, "UPDATED": graph.StatusUpdated, "UNCHANGED": graph.StatusUnchanged},
		map[string]string{"NEW": "stored for the first time", "UPDATED": "its old facts were replaced",
			"UNCHANGED": "already stored with the same content and extractor"})
}

type typeCount struct {
	typ   any
	count int64
}

func (b *builder) statsTypes() {
	count := func(name string, enum *graphql.Enum) *graphql.Object {
		return graphql.NewObject(graphql.ObjectConfig{Name: name, Fields: wrapAll(graphql.Fields{
			"type":  prop(nonNull(enum), "", func(c typeCount) any { return c.typ }),
			"count": prop(nonNull(graphql.Int), "", func(c typeCount) any { return c.count }),
		})})
	}
	etc, rtc := count("EntityTypeCount", b.entityType), count("RelationTypeCount", b.relationType)
	b.stats = graphql.NewObject(graphql.ObjectConfig{Name: "Stats", Description: "What the graph holds.", Fields: wrapAll(graphql.Fields{
		"articles":   prop(nonNull(graphql.Int), "", func(s graph.Stats) any { return s.Articles }),
		"statements": prop(nonNull(graphql.Int), "", func(s graph.Stats) any { return s.Statements }),
		"entities":   prop(nonNull(graphql.Int), "", func(s graph.Stats) any { return s.Entities }),
		"relations":  prop(nonNull(graphql.Int), "", func(s graph.Stats) any { return s.Relations }),
		"entitiesByType": prop(listOf(etc), "every entity type, zero included", func(s graph.Stats) any {
			out := []typeCount{}
			for _, t := range schema.NodeTypes() {
				out = append(out, typeCount{t, s.EntitiesByType[t]})
			}
			return out
		}),
		"relationsByType": prop(listOf(rtc), "every relation type, zero included", func(s graph.Stats) any {
			out := []typeCount{}
			for _, t := range schema.RelationTypes() {
				out = append(out, typeCount{t.Type, s.RelationsByType[t.Type]})
			}
			return out
		}),
	})})

	eti := graphql.NewObject(graphql.ObjectConfig{Name: "EntityTypeInfo", Fields: wrapAll(graphql.Fields{
		"type":    prop(nonNull(b.entityType), "", func(i schema.EntityTypeInfo) any { return i.Type }),
		"name":    prop(nonNull(graphql.String), "the Neo4j label", func(i schema.EntityTypeInfo) any { return string(i.Type) }),
		"chinese": prop(nonNull(graphql.String), "", func(i schema.EntityTypeInfo) any { return i.Chinese }),
		"english": prop(nonNull(graphql.String), "", func(i schema.EntityTypeInfo) any { return i.English }),
		"color":   prop(nonNull(graphql.String), "#rrggbb: the type's colour in the explorer and in exported pictures", func(i schema.EntityTypeInfo) any { return i.Color }),
	})})
	rti := graphql.NewObject(graphql.ObjectConfig{Name: "RelationTypeInfo", Fields: wrapAll(graphql.Fields{
		"type":    prop(nonNull(b.relationType), "", func(i schema.RelationTypeInfo) any { return i.Type }),
		"chinese": prop(nonNull(graphql.String), "", func(i schema.RelationTypeInfo) any { return i.Chinese }),
		"english": prop(nonNull(graphql.String), "", func(i schema.RelationTypeInfo) any { return i.English }),
		"sources": prop(listOf(b.entityType), "allowed source types", func(i schema.RelationTypeInfo) any { return i.Sources }),
		"targets": prop(listOf(b.entityType), "allowed target types", func(i schema.RelationTypeInfo) any { return i.Targets }),
	})})
	b.ontology = graphql.NewObject(graphql.ObjectConfig{Name: "Ontology", Description: "The entity and relation types, in Chinese and English.",
		Fields: graphql.Fields{
			"entityTypes": &graphql.Field{Type: listOf(eti), Resolve: func(graphql.ResolveParams) (any, error) {
				var out []schema.EntityTypeInfo
				for _, i := range schema.EntityTypes() {
					if i.Node {
						out = append(out, i)
					}
				}
				return out, nil
			}},
			"relationTypes": &graphql.Field{Type: listOf(rti), Resolve: func(graphql.ResolveParams) (any, error) {
				return schema.RelationTypes(), nil
			}},
		}})
}
