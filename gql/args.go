package gql

import (
	"kg/schema"
)

// Argument readers. graphql-go has already checked every argument against
// the schema (types, enums, non-null), so these only convert.

func argStr(args map[string]any, k string) string {
	s, _ := args[k].(string)
	return s
}

func argInt(args map[string]any, k string, def int) int {
	if n, ok := args[k].(int); ok {
		return n
	}
	return def
}

func argBool(args map[string]any, k string) bool {
	b, _ := args[k].(bool)
	return b
}

func argMap(args map[string]any, k string) map[string]any {
	m, _ := args[k].(map[string]any)
	if m == nil {
		return map[string]any{}
	}
	return m
}

func argStrs(args map[string]any, k string) []string {
	l, _ := args[k].([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func argEntityTypes(args map[string]any, k string) []schema.EntityType {
	l, _ := args[k].([]any)
	out := make([]schema.EntityType, 0, len(l))
	for _, x := range l {
		if t, ok := x.(schema.EntityType); ok {
			out = append(out, t)
		}
	}
	return out
}

func argRelationTypes(args map[string]any, k string) []schema.RelationType {
	l, _ := args[k].([]any)
	out := make([]schema.RelationType, 0, len(l))
	for _, x := range l {
		if t, ok := x.(schema.RelationType); ok {
			out = append(out, t)
		}
	}
	return out
}

// orEmpty keeps non-null lists non-null when a batch had nothing for a key.
func orEmpty[T any](l []T) []T {
	if l == nil {
		return []T{}
	}
	return l
}
