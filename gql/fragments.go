package gql

import (
	"fmt"
	"strings"

	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/location"
)

// checkFragments refuses, before graphql-go validates a document, what its
// validation does not survive: a fragment that spreads itself, directly or
// through others, sends graphql-go v0.8.1's overlapping-fields rule into
// endless recursion (collectConflictsBetweenFieldsAndFragment, upstream
// issue graphql-go/graphql#742) and the process dies of a stack overflow
// before the rule that reports cycles runs. Cycles get graphql-js's
// message, located at the spreads that make them. Two fragments of one
// name are refused too, with graphql-go's message, so that the walks that
// follow (this one, validationWork, measure, the executors) all find the
// one fragment a spread names. Spreads of fragments that do not exist are
// left to validation.
func checkFragments(doc *ast.Document, q string) []gqlerrors.FormattedError {
	var idx *lineIndex
	report := func(msg string, nodes ...ast.Node) gqlerrors.FormattedError {
		fe := gqlerrors.FormattedError{Message: msg, Extensions: map[string]any{"code": string(BadUserInput)}}
		for _, n := range nodes {
			if n == nil || n.GetLoc() == nil {
				continue
			}
			if idx == nil {
				l := newLineIndex(q)
				idx = &l
			}
			line, col := idx.at(n.GetLoc().Start)
			fe.Locations = append(fe.Locations, location.SourceLocation{Line: line, Column: col})
		}
		return fe
	}
	var errs []gqlerrors.FormattedError
	frags := map[string]*ast.FragmentDefinition{}
	var order []*ast.FragmentDefinition
	for _, d := range doc.Definitions {
		f, ok := d.(*ast.FragmentDefinition)
		if !ok || f.Name == nil {
			continue
		}
		if first, dup := frags[f.Name.Value]; dup {
			errs = append(errs, report(fmt.Sprintf("There can only be one fragment named \"%s\".", f.Name.Value), first.Name, f.Name))
			continue
		}
		frags[f.Name.Value] = f
		order = append(order, f)
	}
	if len(errs) > 0 {
		return errs
	}

	// graphql-js's NoFragmentCyclesRule: a depth-first walk over the
	// spreads of each fragment (those in nested fields and inline fragments
	// included), reporting each cycle once, at the spreads that make it.
	visited := map[string]bool{}
	onPath := map[string]int{} // fragment name → its index in path
	var path []*ast.FragmentSpread
	var walk func(f *ast.FragmentDefinition)
	walk = func(f *ast.FragmentDefinition) {
		name := f.Name.Value
		if visited[name] {
			return
		}
		visited[name] = true
		spreads := spreadsIn(f.SelectionSet, nil)
		if len(spreads) == 0 {
			return
		}
		onPath[name] = len(path)
		for _, s := range spreads {
			path = append(path, s)
			if at, cycle := onPath[s.Name.Value]; cycle {
				cyclePath := path[at:]
				var via []string
				nodes := make([]ast.Node, 0, len(cyclePath))
				for i, c := range cyclePath {
					if i < len(cyclePath)-1 {
						via = append(via, `"`+c.Name.Value+`"`)
					}
					nodes = append(nodes, c)
				}
				msg := fmt.Sprintf("Cannot spread fragment %q within itself.", s.Name.Value)
				if len(via) > 0 {
					msg = fmt.Sprintf("Cannot spread fragment %q within itself via %s.", s.Name.Value, strings.Join(via, ", "))
				}
				errs = append(errs, report(msg, nodes...))
			} else if next, ok := frags[s.Name.Value]; ok {
				walk(next)
			}
			path = path[:len(path)-1]
		}
		delete(onPath, name)
	}
	for _, f := range order {
		walk(f)
	}
	return errs
}

// spreadsIn appends the fragment spreads of a selection set, in document
// order, those under its fields and inline fragments included.
func spreadsIn(set *ast.SelectionSet, out []*ast.FragmentSpread) []*ast.FragmentSpread {
	if set == nil {
		return out
	}
	for _, sel := range set.Selections {
		switch sel := sel.(type) {
		case *ast.Field:
			out = spreadsIn(sel.SelectionSet, out)
		case *ast.InlineFragment:
			out = spreadsIn(sel.SelectionSet, out)
		case *ast.FragmentSpread:
			if sel.Name != nil {
				out = append(out, sel)
			}
		}
	}
	return out
}

// fragmentsOf maps the names of a document's fragments to them.
func fragmentsOf(doc *ast.Document) map[string]*ast.FragmentDefinition {
	frags := map[string]*ast.FragmentDefinition{}
	for _, d := range doc.Definitions {
		if f, ok := d.(*ast.FragmentDefinition); ok && f.Name != nil {
			frags[f.Name.Value] = f
		}
	}
	return frags
}
