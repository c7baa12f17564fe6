package gql

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
)

// The direct executor runs queries without graphql-go's executor, which
// pays 3–4 µs for every field of every object it completes (a
// ResolveInfo, a response path, maps, a fragment walk per object and a
// dethunking pass): ~13 ms of CPU for a 2-hop subgraph of 200 entities and
// 600 relations, more than Neo4j spends finding them. Here the selection
// is planned once per object type and selection, not once per object; the
// same resolvers run with arguments coerced by graphql-go's rules; thunks
// are called a generation at a time, so every batching loader still sees
// a whole level before it fetches; and the JSON is written straight from
// the values, in the bytes encoding/json would write for graphql-go's
// result.
//
// It gives up on anything it does not handle the way graphql-go does:
// introspection, abstract types, a variable that needs an error message,
// any field error or null in a non-null field. graphql-go then runs the
// request from the start (only queries come here, so a second run changes
// nothing), which keeps every error, its message and its path graphql-go's.

// direct runs a validated query operation and returns its data as JSON, or
// false when graphql-go must run it instead.
func (s *Service) direct(ctx context.Context, doc *ast.Document, op *ast.OperationDefinition, inputs map[string]any) (data json.RawMessage, ok bool) {
	if op.Operation != ast.OperationTypeQuery {
		return nil, false
	}
	r := &directRun{ctx: ctx, schema: &s.schema, op: op, frags: map[string]ast.Definition{}}
	defer func() {
		if v := recover(); v != nil {
			// A bug here must cost speed, not the answer.
			s.log.Error("direct executor panicked; graphql-go answers", "panic", fmt.Sprint(v))
			data, ok = nil, false
		}
	}()
	for _, d := range doc.Definitions {
		if f, ok := d.(*ast.FragmentDefinition); ok && f.Name != nil {
			r.frags[f.Name.Value] = f
		}
	}
	if r.vars, ok = r.variables(inputs); !ok {
		return nil, false
	}
	plan := r.plan(s.schema.QueryType(), []*ast.SelectionSet{op.SelectionSet})
	if r.failed {
		return nil, false
	}
	root := r.object(plan, nil)
	for len(r.queue) > 0 && !r.failed {
		gen := r.queue
		r.queue = nil
		for _, p := range gen {
			if r.failed {
				break
			}
			v, err := p.thunk()
			if err != nil {
				r.failed = true
				break
			}
			r.fill(p.slot, p.field, p.typ, v)
		}
	}
	if r.failed {
		return nil, false
	}
	out, ok := appendValue(make([]byte, 0, 4096), root)
	return out, ok
}

type directRun struct {
	ctx    context.Context
	schema *graphql.Schema
	op     *ast.OperationDefinition
	frags  map[string]ast.Definition
	vars   map[string]any
	queue  []pending // thunks of the generation being completed
	failed bool
}

// pending is a thunk whose value goes into slot once completed as typ.
type pending struct {
	slot  *any
	field *fieldPlan
	typ   graphql.Output
	thunk func() (any, error)
}

// objectPlan is what to compute for every object of one type under one
// (merged) selection: its fields sorted by response key, as encoding/json
// orders the keys of graphql-go's result maps.
type objectPlan struct {
	typ    *graphql.Object
	fields []*fieldPlan
}

type fieldPlan struct {
	key     []byte // the JSON of the response key and its colon
	typName string // set for __typename
	resolve graphql.FieldResolveFn
	args    map[string]any
	info    graphql.ResolveInfo
	typ     graphql.Output
	sub     *objectPlan // for an object type, or a list of one
}

// object is a completed object: its plan's fields' values in order.
type object struct {
	plan *objectPlan
	vals []any
}

func (r *directRun) plan(t *graphql.Object, sets []*ast.SelectionSet) *objectPlan {
	p := &objectPlan{typ: t}
	fields := map[string][]*ast.Field{}
	var keys []string
	visited := map[string]bool{}
	for _, set := range sets {
		r.collect(t, set, fields, &keys, visited)
	}
	slices.Sort(keys)
	for _, key := range keys {
		asts := fields[key]
		name := asts[0].Name.Value
		f := &fieldPlan{key: append(appendString(nil, key), ':')}
		p.fields = append(p.fields, f)
		if name == "__typename" {
			f.typName = t.Name()
			continue
		}
		def, found := t.Fields()[name]
		if !found || strings.HasPrefix(name, "__") {
			r.failed = true
			return p
		}
		f.resolve = def.Resolve
		if f.resolve == nil {
			f.resolve = graphql.DefaultResolveFn
		}
		f.typ = def.Type
		f.info = graphql.ResolveInfo{FieldName: name, FieldASTs: asts, ReturnType: def.Type, ParentType: t,
			Schema: *r.schema, Fragments: r.frags, Operation: r.op, VariableValues: r.vars}
		f.args = r.arguments(def.Args, asts[0].Arguments)
		switch named := graphql.GetNamed(def.Type).(type) {
		case *graphql.Object:
			var sub []*ast.SelectionSet
			for _, a := range asts {
				if a.SelectionSet != nil {
					sub = append(sub, a.SelectionSet)
				}
			}
			f.sub = r.plan(named, sub)
		case *graphql.Scalar, *graphql.Enum:
		default:
			r.failed = true
		}
		if r.failed {
			return p
		}
	}
	return p
}

// collect gathers the fields of set that apply to t by response key, as
// graphql-go's collectFields does.
func (r *directRun) collect(t *graphql.Object, set *ast.SelectionSet, fields map[string][]*ast.Field, keys *[]string, visited map[string]bool) {
	if set == nil {
		return
	}
	for _, sel := range set.Selections {
		switch sel := sel.(type) {
		case *ast.Field:
			if sel.Name == nil || !r.included(sel.Directives) {
				continue
			}
			key := sel.Name.Value
			if sel.Alias != nil && sel.Alias.Value != "" {
				key = sel.Alias.Value
			}
			if _, seen := fields[key]; !seen {
				*keys = append(*keys, key)
			}
			fields[key] = append(fields[key], sel)
		case *ast.InlineFragment:
			if !r.included(sel.Directives) || !r.applies(sel.TypeCondition, t) {
				continue
			}
			r.collect(t, sel.SelectionSet, fields, keys, visited)
		case *ast.FragmentSpread:
			if sel.Name == nil || visited[sel.Name.Value] || !r.included(sel.Directives) {
				continue
			}
			visited[sel.Name.Value] = true
			f, ok := r.frags[sel.Name.Value].(*ast.FragmentDefinition)
			if !ok || !r.applies(f.TypeCondition, t) {
				continue
			}
			r.collect(t, f.SelectionSet, fields, keys, visited)
		default:
			r.failed = true
		}
	}
}

// applies reports whether a fragment on cond applies to objects of type t.
// The schema has object types only, so that is a name comparison.
func (r *directRun) applies(cond *ast.Named, t *graphql.Object) bool {
	if cond == nil || cond.Name == nil {
		return true
	}
	if _, isObject := r.schema.Type(cond.Name.Value).(*graphql.Object); !isObject {
		r.failed = true
	}
	return cond.Name.Value == t.Name()
}

// included applies @skip and @include.
func (r *directRun) included(ds []*ast.Directive) bool {
	for _, d := range ds {
		if d.Name == nil || (d.Name.Value != "skip" && d.Name.Value != "include") {
			continue
		}
		var cond bool
		for _, a := range d.Arguments {
			if a.Name != nil && a.Name.Value == "if" {
				cond, _ = valueFromAST(a.Value, graphql.Boolean, r.vars).(bool)
			}
		}
		if cond == (d.Name.Value == "skip") {
			return false
		}
	}
	return true
}

func (r *directRun) object(p *objectPlan, src any) *object {
	o := &object{plan: p, vals: make([]any, len(p.fields))}
	if p.typ.IsTypeOf != nil && !p.typ.IsTypeOf(graphql.IsTypeOfParams{Value: src, Context: r.ctx}) {
		r.failed = true
		return o
	}
	for i, f := range p.fields {
		if r.failed {
			break
		}
		if f.resolve == nil {
			o.vals[i] = f.typName
			continue
		}
		v, err := f.resolve(graphql.ResolveParams{Source: src, Args: f.args, Info: f.info, Context: r.ctx})
		if err != nil {
			r.failed = true
			break
		}
		r.fill(&o.vals[i], f, f.typ, v)
	}
	return o
}

// thunkValue marks a value still to be fetched.
type thunkValue struct{ fn func() (any, error) }

// fill completes v as t into slot, or queues it for the next generation
// when it is a thunk.
func (r *directRun) fill(slot *any, f *fieldPlan, t graphql.Output, v any) {
	*slot = r.complete(f, t, v)
	if th, ok := (*slot).(thunkValue); ok {
		r.queue = append(r.queue, pending{slot: slot, field: f, typ: t, thunk: th.fn})
	}
}

// complete turns a resolver's value into what is written for type t, as
// graphql-go's completeValue does.
func (r *directRun) complete(f *fieldPlan, t graphql.Output, v any) any {
	if th, ok := v.(func() (any, error)); ok {
		return thunkValue{th}
	}
	if reflect.ValueOf(v).Kind() == reflect.Func {
		r.failed = true
		return nil
	}
	switch t := t.(type) {
	case *graphql.NonNull:
		c := r.complete(f, t.OfType, v)
		if c == nil {
			r.failed = true
		}
		return c
	}
	if nullish(v) {
		return nil
	}
	switch t := t.(type) {
	case *graphql.List:
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Pointer {
			rv = rv.Elem()
		}
		if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
			r.failed = true
			return nil
		}
		out := make([]any, rv.Len())
		byAddress := rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.Struct
		for i := range out {
			item := rv.Index(i)
			if byAddress {
				// A struct's copy into an interface is an allocation and a
				// memmove per element; resolvers take *T as well (parentOf).
				item = item.Addr()
			}
			r.fill(&out[i], f, t.OfType, item.Interface())
		}
		return out
	case *graphql.Scalar:
		if s, ok := v.(string); ok && (t == graphql.String || t == graphql.ID) {
			return s // what Serialize gives, without its fmt.Sprintf
		}
		return leaf(t.Serialize(v))
	case *graphql.Enum:
		return leaf(t.Serialize(v))
	case *graphql.Object:
		return r.object(f.sub, v)
	}
	r.failed = true
	return nil
}

func leaf(v any) any {
	if nullish(v) {
		return nil
	}
	return v
}

// nullish is graphql-go's isNullish: nil, a nil pointer, or NaN.
func nullish(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string, bool, int, int64, []any:
		return false
	case float64:
		return math.IsNaN(x)
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return true
		}
		rv = rv.Elem()
	}
	if k := rv.Kind(); k == reflect.Float32 || k == reflect.Float64 {
		return math.IsNaN(rv.Float())
	}
	return false
}

// appendValue writes a completed value as encoding/json writes graphql-go's
// result; false for a value it cannot write.
func appendValue(b []byte, v any) ([]byte, bool) {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...), true
	case string:
		return appendString(b, v), true
	case bool:
		if v {
			return append(b, "true"...), true
		}
		return append(b, "false"...), true
	case int:
		return appendInt(b, int64(v)), true
	case int64:
		return appendInt(b, v), true
	case int32:
		return appendInt(b, int64(v)), true
	case float64:
		return appendFloat(b, v)
	case []any:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ',')
			}
			var ok bool
			if b, ok = appendValue(b, e); !ok {
				return b, false
			}
		}
		return append(b, ']'), true
	case *object:
		b = append(b, '{')
		for i, f := range v.plan.fields {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, f.key...)
			var ok bool
			if b, ok = appendValue(b, v.vals[i]); !ok {
				return b, false
			}
		}
		return append(b, '}'), true
	case thunkValue:
		return b, false
	}
	j, err := json.Marshal(v)
	if err != nil {
		return b, false
	}
	return append(b, j...), true
}

// variables coerces the request's variables as graphql-go does, and gives
// up on any value graphql-go would refuse, so that its message is used.
func (r *directRun) variables(inputs map[string]any) (map[string]any, bool) {
	out := map[string]any{}
	for _, def := range r.op.VariableDefinitions {
		if def == nil || def.Variable == nil || def.Variable.Name == nil {
			continue
		}
		t, ok := r.inputType(def.Type)
		if !ok {
			return nil, false
		}
		name := def.Variable.Name.Value
		in := inputs[name]
		if nullish(in) {
			if _, required := t.(*graphql.NonNull); required {
				return nil, false
			}
			if def.DefaultValue != nil {
				out[name] = valueFromAST(def.DefaultValue, t, nil)
			} else {
				out[name] = nil
			}
			continue
		}
		v, ok := coerceInput(t, in)
		if !ok {
			return nil, false
		}
		out[name] = v
	}
	return out, true
}

func (r *directRun) inputType(t ast.Type) (graphql.Input, bool) {
	switch t := t.(type) {
	case *ast.List:
		of, ok := r.inputType(t.Type)
		return graphql.NewList(of), ok
	case *ast.NonNull:
		of, ok := r.inputType(t.Type)
		return graphql.NewNonNull(of), ok
	case *ast.Named:
		if t.Name == nil {
			return nil, false
		}
		switch named := r.schema.Type(t.Name.Value).(type) {
		case *graphql.Scalar, *graphql.Enum, *graphql.InputObject:
			return named.(graphql.Input), true
		}
	}
	return nil, false
}

// coerceInput is graphql-go's isValidInputValue and coerceValue in one.
func coerceInput(t graphql.Input, v any) (any, bool) {
	if nullish(v) {
		_, required := t.(*graphql.NonNull)
		return nil, !required
	}
	switch t := t.(type) {
	case *graphql.NonNull:
		return coerceInput(t.OfType, v)
	case *graphql.List:
		items, isList := v.([]any)
		if !isList {
			c, ok := coerceInput(t.OfType, v)
			return []any{c}, ok
		}
		out := make([]any, len(items))
		for i, item := range items {
			var ok bool
			if out[i], ok = coerceInput(t.OfType, item); !ok {
				return nil, false
			}
		}
		return out, true
	case *graphql.InputObject:
		m, isMap := v.(map[string]any)
		if !isMap {
			return nil, false
		}
		fields := t.Fields()
		for k := range m {
			if _, known := fields[k]; !known {
				return nil, false
			}
		}
		out := map[string]any{}
		for name, f := range fields {
			c, ok := coerceInput(f.Type, m[name])
			if !ok {
				return nil, false
			}
			if nullish(c) {
				c = f.DefaultValue
			}
			if !nullish(c) {
				out[name] = c
			}
		}
		return out, true
	case *graphql.Scalar:
		p := t.ParseValue(v)
		return p, !nullish(p)
	case *graphql.Enum:
		p := t.ParseValue(v)
		return p, !nullish(p)
	}
	return nil, false
}

// arguments is graphql-go's getArgumentValues.
func (r *directRun) arguments(defs []*graphql.Argument, asts []*ast.Argument) map[string]any {
	out := map[string]any{}
	for _, def := range defs {
		var v any
		for _, a := range asts {
			if a.Name != nil && a.Name.Value == def.PrivateName {
				v = valueFromAST(a.Value, def.Type, r.vars)
			}
		}
		if nullish(v) {
			v = def.DefaultValue
		}
		if !nullish(v) {
			out[def.PrivateName] = v
		}
	}
	return out
}

// valueFromAST is graphql-go's valueFromAST: the value of a literal of a
// validated document.
func valueFromAST(v ast.Value, t graphql.Input, vars map[string]any) any {
	if v == nil {
		return nil
	}
	if v, ok := v.(*ast.Variable); ok {
		if v.Name == nil || vars == nil {
			return nil
		}
		return vars[v.Name.Value]
	}
	switch t := t.(type) {
	case *graphql.NonNull:
		return valueFromAST(v, t.OfType, vars)
	case *graphql.List:
		if l, ok := v.(*ast.ListValue); ok {
			out := make([]any, 0, len(l.Values))
			for _, item := range l.Values {
				out = append(out, valueFromAST(item, t.OfType, vars))
			}
			return out
		}
		return []any{valueFromAST(v, t.OfType, vars)}
	case *graphql.InputObject:
		ov, ok := v.(*ast.ObjectValue)
		if !ok {
			return nil
		}
		given := map[string]*ast.ObjectField{}
		for _, f := range ov.Fields {
			if f != nil && f.Name != nil {
				given[f.Name.Value] = f
			}
		}
		out := map[string]any{}
		for name, field := range t.Fields() {
			var fv any
			if f, ok := given[name]; ok {
				fv = valueFromAST(f.Value, field.Type, vars)
			} else {
				fv = field.DefaultValue
			}
			if !nullish(fv) {
				out[name] = fv
			}
		}
		return out
	case *graphql.Scalar:
		return t.ParseLiteral(v)
	case *graphql.Enum:
		return t.ParseLiteral(v)
	}
	return nil
}
