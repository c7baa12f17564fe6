package gql

import (
	"testing"

	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/parser"
)

func TestSelects(t *testing.T) {
	tests := []struct {
		query string
		want  bool
	}{
		{`{ subgraph(centers: ["x"]) { entities { name } relations { type source { id } } } }`, false},
		{`{ subgraph(centers: ["x"]) { relations { evidence { text } } } }`, true},
		{`{ subgraph(centers: ["x"]) { relations { ev: evidence(first: 1) { text } } } }`, true}, // an alias hides nothing
		{`{ subgraph(centers: ["x"]) { relations { ...R } } } fragment R on Relation { type evidence { text } }`, true},
		{`{ subgraph(centers: ["x"]) { relations { ...R } } } fragment R on Relation { type ...S } fragment S on Relation { evidence { text } }`, true},
		{`{ subgraph(centers: ["x"]) { relations { ... on Relation { evidence { text } } } } }`, true},
		{`{ subgraph(centers: ["x"]) { entities { relations { evidence { text } } } } }`, true},
		{`{ subgraph(centers: ["x"]) { relations { evidence @skip(if: true) { text } } } }`, true},
		{`{ subgraph(centers: ["x"]) { relations { ...R } } } fragment R on Relation { type ...R }`, false}, // a cycle ends
		{`{ subgraph(centers: ["x"]) { truncated } evidence: stats { articles } }`, false},                  // outside the field
	}
	for _, tc := range tests {
		doc, err := parser.Parse(parser.ParseParams{Source: tc.query})
		if err != nil {
			t.Fatal(err)
		}
		fragments := map[string]ast.Definition{}
		var field *ast.Field
		for _, d := range doc.Definitions {
			switch d := d.(type) {
			case *ast.FragmentDefinition:
				fragments[d.Name.Value] = d
			case *ast.OperationDefinition:
				field = d.SelectionSet.Selections[0].(*ast.Field)
			}
		}
		if got := selects([]*ast.Field{field}, fragments, "evidence"); got != tc.want {
			t.Errorf("%s: selects evidence = %v, want %v", tc.query, got, tc.want)
		}
	}
}
