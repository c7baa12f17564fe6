package gql

import (
	"strconv"
	"strings"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
)

// cost is what a query asks of the server before it runs: how deep its
// selections nest and how many objects it may touch.
type cost struct {
	depth      int
	complexity int
}

// measure walks a validated operation. Its complexity estimates how many
// objects the response may hold: a field with a selection costs its page
// size (its first or limit argument, or their default; 1 for a single
// object) times one plus the cost of what it selects in each item, and
// scalars are free. So entities(first: 50) { articles(first: 10) { title } }
// costs 50 × (1 + 10 × 1) = 550. Introspection fields (__schema, __type)
// are free and not counted for depth: they never touch the graph, and the
// standard introspection query nests deeper than any sane data query.
func measure(s *graphql.Schema, doc *ast.Document, op *ast.OperationDefinition, vars map[string]any) cost {
	frags := map[string]*ast.FragmentDefinition{}
	for _, d := range doc.Definitions {
		if f, ok := d.(*ast.FragmentDefinition); ok && f.Name != nil {
			frags[f.Name.Value] = f
		}
	}
	w := walker{schema: s, frags: frags, vars: vars, visiting: map[string]bool{}}
	var root graphql.Type = s.QueryType()
	if op.Operation == ast.OperationTypeMutation {
		root = s.MutationType()
	}
	d, c := w.selections(op.SelectionSet, root)
	return cost{depth: d, complexity: c}
}

type walker struct {
	schema   *graphql.Schema
	frags    map[string]*ast.FragmentDefinition
	vars     map[string]any
	visiting map[string]bool // fragments on the current path, against cycles
}

// selections returns the depth and cost of a selection set on parent.
func (w *walker) selections(set *ast.SelectionSet, parent graphql.Type) (int, int) {
	if set == nil {
		return 0, 0
	}
	depth, total := 0, 0
	for _, sel := range set.Selections {
		var d, c int
		switch sel := sel.(type) {
		case *ast.Field:
			d, c = w.field(sel, parent)
		case *ast.InlineFragment:
			t := parent
			if sel.TypeCondition != nil && sel.TypeCondition.Name != nil {
				if named := w.schema.Type(sel.TypeCondition.Name.Value); named != nil {
					t = named
				}
			}
			d, c = w.selections(sel.SelectionSet, t)
		case *ast.FragmentSpread:
			if sel.Name == nil {
				continue
			}
			name := sel.Name.Value
			f, ok := w.frags[name]
			if !ok || w.visiting[name] {
				continue
			}
			t := parent
			if f.TypeCondition != nil && f.TypeCondition.Name != nil {
				if named := w.schema.Type(f.TypeCondition.Name.Value); named != nil {
					t = named
				}
			}
			w.visiting[name] = true
			d, c = w.selections(f.SelectionSet, t)
			delete(w.visiting, name)
		}
		depth = max(depth, d)
		total = saturatingAdd(total, c)
	}
	return depth, total
}

func (w *walker) field(f *ast.Field, parent graphql.Type) (int, int) {
	if f.Name == nil || strings.HasPrefix(f.Name.Value, "__") {
		return 0, 0
	}
	var def *graphql.FieldDefinition
	switch p := parent.(type) {
	case *graphql.Object:
		def = p.Fields()[f.Name.Value]
	case *graphql.Interface:
		def = p.Fields()[f.Name.Value]
	}
	if def == nil {
		return 1, 0
	}
	if f.SelectionSet == nil {
		return 1, 0
	}
	child, _ := graphql.GetNamed(def.Type).(graphql.Type)
	d, c := w.selections(f.SelectionSet, child)
	return d + 1, saturatingMul(w.pageSize(f, def), saturatingAdd(1, c))
}

// pageSize is the value of the field's first or limit argument, from the
// query, a variable or the schema's default; 1 for fields without one.
func (w *walker) pageSize(f *ast.Field, def *graphql.FieldDefinition) int {
	for _, name := range []string{"first", "limit"} {
		for _, a := range f.Arguments {
			if a.Name == nil || a.Name.Value != name {
				continue
			}
			switch v := a.Value.(type) {
			case *ast.IntValue:
				if n, err := strconv.Atoi(v.Value); err == nil {
					return max(n, 1)
				}
			case *ast.Variable:
				if v.Name != nil {
					if n, ok := w.vars[v.Name.Value].(float64); ok { // JSON numbers
						return max(int(n), 1)
					}
					if n, ok := w.vars[v.Name.Value].(int); ok {
						return max(n, 1)
					}
				}
			}
		}
		for _, a := range def.Args {
			if a.Name() == name {
				if n, ok := a.DefaultValue.(int); ok {
					return max(n, 1)
				}
			}
		}
	}
	return 1
}

const costCap = 1 << 40

func saturatingAdd(a, b int) int { return min(a+b, costCap) }

func saturatingMul(a, b int) int {
	if a != 0 && b > costCap/a {
		return costCap
	}
	return min(a*b, costCap)
}
