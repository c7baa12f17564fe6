package gql

import (
	"strconv"
	"strings"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"

	"kg/graph"
	"kg/schema"
)

// cost is what a query asks of the server before it runs: how deep its
// selections nest and how many objects it may touch.
type cost struct {
	depth      int
	complexity int
}

// measure walks an operation, before validation (so it takes nothing for
// granted: unknown fields and fragments cost nothing, and a fragment that
// spreads itself is not followed). Its complexity estimates how many
// objects the response may hold: every object counts one, plus what it
// selects; a list counts its length times that, its length being its first
// argument (the request's, a variable's with the operation's defaults
// applied, or the schema's default) or, for lists without one, the bound
// of listBound. Scalars are free. So
//
//	entities(first: 50) { nodes { articles(first: 10) { title } } }
//
// costs 1 (the connection) + 50 × (1 (an entity) + 10 × 1 (its articles)) =
// 551. Introspection fields (__schema, __type) are free and not counted for
// depth: they never touch the graph, and the standard introspection query
// nests deeper than any sane data query. A fragment is measured once for
// each type and page size it is spread with, so fragments that spread
// others many times over cost the walk no more than their text.
func measure(s *graphql.Schema, doc *ast.Document, op *ast.OperationDefinition, vars map[string]any) cost {
	w := walker{schema: s, frags: fragmentsOf(doc), vars: vars, defs: map[string]ast.Value{},
		visiting: map[string]bool{}, memo: map[spreadKey]cost{}}
	for _, v := range op.VariableDefinitions {
		if v != nil && v.Variable != nil && v.Variable.Name != nil && v.DefaultValue != nil {
			w.defs[v.Variable.Name.Value] = v.DefaultValue
		}
	}
	var root graphql.Type = s.QueryType()
	if op.Operation == ast.OperationTypeMutation {
		root = s.MutationType()
	}
	return w.selections(op.SelectionSet, root, scope{})
}

type walker struct {
	schema   *graphql.Schema
	frags    map[string]*ast.FragmentDefinition
	vars     map[string]any
	defs     map[string]ast.Value // the operation's variable defaults
	visiting map[string]bool      // fragments on the current path, against cycles
	memo     map[spreadKey]cost
}

// scope is what the field that returned an object asked for, which bounds
// the lists of that object that take no first argument of their own (a
// connection's nodes, a subgraph's entities, a path's relations).
type scope struct {
	first, limit, maxHops int
}

type spreadKey struct {
	fragment, parent string
	scope            scope
}

// selections returns the depth and cost of a selection set on parent.
func (w *walker) selections(set *ast.SelectionSet, parent graphql.Type, sc scope) cost {
	var total cost
	if set == nil {
		return total
	}
	for _, sel := range set.Selections {
		var c cost
		switch sel := sel.(type) {
		case *ast.Field:
			c = w.field(sel, parent, sc)
		case *ast.InlineFragment:
			c = w.selections(sel.SelectionSet, w.condition(sel.TypeCondition, parent), sc)
		case *ast.FragmentSpread:
			if sel.Name == nil {
				continue
			}
			name := sel.Name.Value
			f, ok := w.frags[name]
			if !ok || w.visiting[name] {
				continue
			}
			t := w.condition(f.TypeCondition, parent)
			key := spreadKey{fragment: name, parent: typeName(t), scope: sc}
			var seen bool
			if c, seen = w.memo[key]; !seen {
				w.visiting[name] = true
				c = w.selections(f.SelectionSet, t, sc)
				delete(w.visiting, name)
				w.memo[key] = c
			}
		}
		total.depth = max(total.depth, c.depth)
		total.complexity = saturatingAdd(total.complexity, c.complexity)
	}
	return total
}

func (w *walker) condition(cond *ast.Named, parent graphql.Type) graphql.Type {
	if cond != nil && cond.Name != nil {
		if named := w.schema.Type(cond.Name.Value); named != nil {
			return named
		}
	}
	return parent
}

func typeName(t graphql.Type) string {
	if t == nil {
		return ""
	}
	return t.Name()
}

func (w *walker) field(f *ast.Field, parent graphql.Type, sc scope) cost {
	if f.Name == nil || strings.HasPrefix(f.Name.Value, "__") {
		return cost{}
	}
	var def *graphql.FieldDefinition
	switch p := parent.(type) {
	case *graphql.Object:
		def = p.Fields()[f.Name.Value]
	case *graphql.Interface:
		def = p.Fields()[f.Name.Value]
	}
	if def == nil || f.SelectionSet == nil {
		return cost{depth: 1}
	}
	own := scope{first: w.intArg(f, def, "first"), limit: w.intArg(f, def, "limit"), maxHops: w.intArg(f, def, "maxHops")}
	child, _ := graphql.GetNamed(def.Type).(graphql.Type)
	c := w.selections(f.SelectionSet, child, own)
	items := 1
	if isList(def.Type) {
		if hasArg(def, "first") {
			items = max(own.first, 1)
		} else {
			items, _ = listBound(typeName(parent), f.Name.Value, sc)
		}
	}
	each := saturatingAdd(1, c.complexity)
	if typeName(parent) == "Query" && f.Name.Value == "export" {
		// An export holds its entities in one string.
		each = saturatingAdd(each, max(own.limit, 1))
	}
	return cost{depth: c.depth + 1, complexity: saturatingMul(items, each)}
}

// listBound is how many items a list field without a first argument holds
// at most (or, for what the graph does not bound, as many as real articles
// give), from the arguments of the field that returned its parent. Lists
// of scalars are free and need none. The second result is false for a
// field this does not know; it then counts as a full page (graph.MaxPage),
// and TestEveryListFieldHasABound fails.
func listBound(parent, field string, sc scope) (int, bool) {
	switch parent + "." + field {
	case "EntityConnection.nodes", "EntityConnection.edges", "ArticleConnection.nodes", "ArticleConnection.edges",
		"RelationConnection.nodes", "RelationConnection.edges":
		return max(sc.first, 1), true
	case "Subgraph.entities":
		return max(sc.limit, 1), true
	case "Subgraph.relations":
		// graph.Store.Subgraph keeps the best supported min(5 × limit,
		// 5000) relations among the entities.
		return min(5*max(sc.limit, 1), 5000), true
	case "Path.entities":
		return max(sc.maxHops, 1) + 1, true
	case "Path.relations":
		return max(sc.maxHops, 1), true
	case "Article.statements":
		// Not bounded by the graph; the sample interview, 5,000
		// characters and the longest kind of article kg reads, has 25.
		return 50, true
	case "Statement.mentions":
		// The sample interview's statements name at most 15 entities.
		return 20, true
	case "Stats.entitiesByType", "Ontology.entityTypes":
		return len(schema.NodeTypes()), true
	case "Stats.relationsByType", "Ontology.relationTypes":
		return len(schema.RelationTypes()), true
	case "Export.files":
		return 3, true // CSV's nodes, articles and relationships; one file for the other formats
	}
	return graph.MaxPage, false
}

func isList(t graphql.Type) bool {
	if nn, ok := t.(*graphql.NonNull); ok {
		t = nn.OfType
	}
	_, ok := t.(*graphql.List)
	return ok
}

func hasArg(def *graphql.FieldDefinition, name string) bool {
	for _, a := range def.Args {
		if a.Name() == name {
			return true
		}
	}
	return false
}

// intArg is the value an Int argument will have, as graphql-go coerces
// it: the literal, the variable's value or else its default in the
// operation, or else the schema's default; 0 when it has none.
func (w *walker) intArg(f *ast.Field, def *graphql.FieldDefinition, name string) int {
	var arg *graphql.Argument
	for _, a := range def.Args {
		if a.Name() == name {
			arg = a
		}
	}
	if arg == nil {
		return 0
	}
	for _, a := range f.Arguments {
		if a.Name == nil || a.Name.Value != name {
			continue
		}
		if n, ok := w.intValue(a.Value); ok {
			return n
		}
	}
	n, _ := arg.DefaultValue.(int)
	return n
}

func (w *walker) intValue(v ast.Value) (int, bool) {
	switch v := v.(type) {
	case *ast.IntValue:
		n, err := strconv.Atoi(v.Value)
		return n, err == nil
	case *ast.Variable:
		if v.Name == nil {
			return 0, false
		}
		// graphql-go's Int takes JSON numbers, numeric strings and booleans.
		if in, given := w.vars[v.Name.Value]; given && in != nil {
			n, ok := graphql.Int.ParseValue(in).(int)
			return n, ok
		}
		if d, ok := w.defs[v.Name.Value].(*ast.IntValue); ok {
			n, err := strconv.Atoi(d.Value)
			return n, err == nil
		}
	}
	return 0, false
}

const costCap = 1 << 40

func saturatingAdd(a, b int) int { return min(a+b, costCap) }

func saturatingMul(a, b int) int {
	if a != 0 && b > costCap/a {
		return costCap
	}
	return min(a*b, costCap)
}
