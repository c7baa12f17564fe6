package gql

import (
	"fmt"

	"github.com/graphql-go/graphql"
)

// builder holds the types of one schema while it is made. Each Service
// builds its own: graphql-go types are values, not package state.
type builder struct {
	svc *Service

	entityType, relationType, entitySort, direction, matchKind, ingestStatus *graphql.Enum

	entity, article, relation, evidence, statement *graphql.Object
	searchHit, related, path, subgraph, pageInfo   *graphql.Object
	entityConn, articleConn, relationConn          *graphql.Object
	stats, ontology                                *graphql.Object
}

func newSchema(svc *Service) (graphql.Schema, error) {
	b := &builder{svc: svc}
	b.enums()
	b.entity = b.entityObject()
	b.article = b.articleObject()
	b.relation = b.relationObject()
	b.smallObjects()
	b.pageInfo = b.pageInfoObject()
	b.entityConn = b.connectionObject("Entity", b.entity)
	b.articleConn = b.connectionObject("Article", b.article)
	b.relationConn = b.connectionObject("Relation", b.relation)
	b.statsTypes()
	s, err := graphql.NewSchema(graphql.SchemaConfig{
		Query: graphql.NewObject(graphql.ObjectConfig{Name: "Query",
			Description: "Read the knowledge graph: lookups, lists, search, neighbourhoods and paths.",
			Fields:      wrapAll(b.queryFields())}),
		Mutation: graphql.NewObject(graphql.ObjectConfig{Name: "Mutation",
			Description: "Change the graph. Every mutation needs a bearer token from auth.tokens.",
			Fields:      wrapAll(b.mutationFields())}),
	})
	if err != nil {
		return s, fmt.Errorf("gql: build schema: %w", err)
	}
	warmEnums(s)
	return s, nil
}

// warmEnums builds every enum's lookup tables now. graphql-go fills them
// lazily on first use, without a lock, so two requests serializing an enum
// for the first time at once race (seen under -race).
func warmEnums(s graphql.Schema) {
	for _, t := range s.TypeMap() {
		if e, ok := t.(*graphql.Enum); ok {
			for _, v := range e.Values() {
				e.Serialize(v.Value)
				e.ParseValue(v.Name)
			}
		}
	}
}
