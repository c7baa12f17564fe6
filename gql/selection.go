package gql

import "github.com/graphql-go/graphql/language/ast"

// selects reports whether a field of that name appears anywhere below the
// given fields of a request, fragments included, so that a resolver can
// leave out of its read what the response never shows. Fields under @skip
// or @include count as selected: reading too much is only slower.
func selects(fields []*ast.Field, fragments map[string]ast.Definition, name string) bool {
	walked := map[string]bool{}
	var walk func(*ast.SelectionSet) bool
	walk = func(set *ast.SelectionSet) bool {
		if set == nil {
			return false
		}
		for _, sel := range set.Selections {
			switch s := sel.(type) {
			case *ast.Field:
				if (s.Name != nil && s.Name.Value == name) || walk(s.SelectionSet) {
					return true
				}
			case *ast.InlineFragment:
				if walk(s.SelectionSet) {
					return true
				}
			case *ast.FragmentSpread:
				if s.Name == nil || walked[s.Name.Value] {
					continue
				}
				walked[s.Name.Value] = true
				if f, ok := fragments[s.Name.Value].(*ast.FragmentDefinition); ok && walk(f.SelectionSet) {
					return true
				}
			}
		}
		return false
	}
	for _, f := range fields {
		if walk(f.SelectionSet) {
			return true
		}
	}
	return false
}
