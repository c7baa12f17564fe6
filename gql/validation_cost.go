package gql

import (
	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
)

// validationBudget bounds the work graphql-go's validation may do on one
// document, in units of about 25 ns of its time on one core (comparing
// two fields of one name that agree). 4,000,000 units are 0.1 s as
// estimated; the dearest documents it lets through took 0.10–0.12 s
// (TestHostileDocumentsAreRefusedCheaply lists them).
//
// Four parts of validation grow faster than the tokens of a document,
// which scanQuery bounds:
//   - The rule that fields of one name can be merged
//     (OverlappingFieldsCanBeMerged) compares every two fields of a
//     response name in a selection set, again in every selection set their
//     selections meet, and through fragments, where it follows every path
//     through fragments spread in fragments: 10,000 tokens of one field
//     repeated cost it 1 s, and 18 levels of fragments that each spread
//     the next two (456 tokens) 0.4 s, twice that for each level more.
//   - Comparing two fields prints their arguments, and reporting an
//     invalid argument prints its value: 1.5–5 µs a node, 6 ns a byte.
//   - A name the schema does not have gets suggestions, by its edit
//     distance to every name it could have meant: 2 s for a name of 1 MB.
//   - Each operation is checked against the variables of every fragment it
//     reaches, with an error for each it does not define: 300 operations
//     spreading a fragment that uses 300 variables (16 KB) make 90,000
//     errors.
const validationBudget = 4_000_000

// Units of work, measured on graphql-go v0.8.1 (parsed without the
// source, as kg parses).
const (
	workPair     = 1   // two fields compared (21 ns measured)
	workStep     = 15  // a step between selections or fragments of the merge rule (0.37 µs measured)
	workError    = 400 // an error with its locations (4.5–10 µs measured)
	workNode     = 200 // printing a node of a value (1.5–5 µs measured)
	workNodeDeep = 40  // … and per level it is nested (0.7 µs measured)
)

// validationWork estimates from above the work of validating doc, and
// stops counting once it passes the budget. It mirrors the comparisons of
// graphql-go's merge rule without making them: every pair is taken to
// apply (graphql-go skips pairs on different object types and stops at
// the first conflict of a pair), and a pair that may conflict is charged
// as an error. Names the schema does not know are charged the
// suggestions graphql-go computes for them. Fragment cycles must have
// been refused (checkFragments).
func validationWork(s *graphql.Schema, doc *ast.Document) (int, string) {
	w := &workEstimate{schema: s, frags: fragmentsOf(doc), sets: map[*ast.SelectionSet]*collected{}, compared: map[[2]string]bool{},
		uses: map[string]*fragmentUse{}, options: map[string]int{}}
	for _, d := range doc.Definitions {
		switch d := d.(type) {
		case *ast.OperationDefinition:
			for _, v := range d.VariableDefinitions {
				if v == nil {
					continue
				}
				w.typeRef(v.Type)
				if v.DefaultValue != nil {
					w.chargeAs(valueWork, printWork(v.DefaultValue))
				}
			}
			w.directives(d.Directives)
			var root graphql.Type = s.QueryType()
			switch d.Operation {
			case ast.OperationTypeMutation:
				root = s.MutationType()
			case ast.OperationTypeSubscription:
				root = nil
			}
			w.everySet(d.SelectionSet, root)
			w.operation(d)
		case *ast.FragmentDefinition:
			w.directives(d.Directives)
			w.everySet(d.SelectionSet, w.typeNamed(d.TypeCondition, nil))
		}
		if w.over() {
			break
		}
	}
	return w.spent, w.reason()
}

type workEstimate struct {
	schema   *graphql.Schema
	options  map[string]int // the suggestion work per byte of an unknown name, by what it is looked up in
	frags    map[string]*ast.FragmentDefinition
	sets     map[*ast.SelectionSet]*collected
	compared map[[2]string]bool // fragment pairs, as the rule memoizes them
	uses     map[string]*fragmentUse
	spent    int
	byKind   [kindsOfWork]int
}

// collected is a selection set's fields by response name, through inline
// fragments, and the fragments it spreads, as the rule collects them.
type collected struct {
	names  []string
	fields map[string][]*ast.Field
	frags  []string
}

// The kinds of work, for saying what made a document too dear.
const (
	mergeWork = iota
	valueWork
	unknownWork
	variableWork
	kindsOfWork
)

func (w *workEstimate) charge(n int) { w.chargeAs(mergeWork, n) }

func (w *workEstimate) chargeAs(kind, n int) {
	w.spent = saturatingAdd(w.spent, n)
	w.byKind[kind] = saturatingAdd(w.byKind[kind], n)
}

// reason says what most of the work was for, in the client's terms.
func (w *workEstimate) reason() string {
	most := 0
	for k := range w.byKind {
		if w.byKind[k] > w.byKind[most] {
			most = k
		}
	}
	switch most {
	case valueWork:
		return "its literal values are too long; pass long lists and strings as variables"
	case unknownWork:
		return "it holds too many or too long names that the schema does not have"
	case variableWork:
		return "too many of its operations spread fragments that use many variables"
	}
	return "it repeats fields of one name too often, directly or through fragments that spread others"
}

func (w *workEstimate) over() bool { return w.spent > validationBudget }

// everySet runs the merge rule's check on every selection set below set,
// as graphql-go's visitor does; charges the printing of every argument
// value, as if each were invalid; and charges the suggestions for names
// the schema does not have. parent is the set's type, nil when unknown
// (graphql-go then checks nothing below).
func (w *workEstimate) everySet(set *ast.SelectionSet, parent graphql.Type) {
	if set == nil || w.over() {
		return
	}
	w.within(set)
	for _, sel := range set.Selections {
		switch sel := sel.(type) {
		case *ast.Field:
			def := w.fieldDef(sel, parent)
			for _, a := range sel.Arguments {
				if a == nil {
					continue
				}
				w.chargeAs(valueWork, printWork(a.Value))
				if def != nil && a.Name != nil && !hasArg(def, a.Name.Value) {
					w.unknown(a.Name.Value, "args of "+typeName(parent)+"."+def.Name, func() []string { return argNames(def.Args) })
				}
			}
			w.directives(sel.Directives)
			var child graphql.Type
			if def != nil {
				child, _ = graphql.GetNamed(def.Type).(graphql.Type)
			}
			w.everySet(sel.SelectionSet, child)
		case *ast.InlineFragment:
			w.directives(sel.Directives)
			t := parent
			if sel.TypeCondition != nil {
				t = w.typeNamed(sel.TypeCondition, parent)
			}
			w.everySet(sel.SelectionSet, t)
		case *ast.FragmentSpread:
			w.directives(sel.Directives)
		}
	}
}

// fieldDef is the field's definition on parent, charging the suggestions
// for a field parent does not have.
func (w *workEstimate) fieldDef(f *ast.Field, parent graphql.Type) *graphql.FieldDefinition {
	if f.Name == nil {
		return nil
	}
	var fields graphql.FieldDefinitionMap
	switch p := parent.(type) {
	case *graphql.Object:
		fields = p.Fields()
	case *graphql.Interface:
		fields = p.Fields()
	default:
		return nil
	}
	name := f.Name.Value
	switch {
	case fields[name] != nil:
		return fields[name]
	case name == "__typename":
		return nil
	case name == "__schema" && parent == w.schema.QueryType():
		return graphql.SchemaMetaFieldDef
	case name == "__type" && parent == w.schema.QueryType():
		return graphql.TypeMetaFieldDef
	}
	w.unknown(name, "fields of "+parent.Name(), func() []string {
		var names []string
		for n := range fields {
			names = append(names, n)
		}
		return names
	})
	return nil
}

// typeNamed is the type a type condition names, charging the suggestions
// for a type the schema does not have; otherwise when there is no name.
func (w *workEstimate) typeNamed(n *ast.Named, otherwise graphql.Type) graphql.Type {
	if n == nil || n.Name == nil {
		return otherwise
	}
	if t := w.schema.Type(n.Name.Value); t != nil {
		return t
	}
	w.unknown(n.Name.Value, "types", func() []string {
		var names []string
		for name := range w.schema.TypeMap() {
			names = append(names, name)
		}
		return names
	})
	return nil
}

func (w *workEstimate) typeRef(t ast.Type) {
	switch t := t.(type) {
	case *ast.List:
		w.typeRef(t.Type)
	case *ast.NonNull:
		w.typeRef(t.Type)
	case *ast.Named:
		w.typeNamed(t, nil)
	}
}

// unknown charges the error for a name that is not among options, and
// the suggestions graphql-go finds for it: an edit distance to every
// option, a table of (len(name)+1) × (len(option)+1) cells.
func (w *workEstimate) unknown(name, among string, options func() []string) {
	perByte, ok := w.options[among]
	if !ok {
		for _, o := range options() {
			perByte += len(o) + 2
		}
		w.options[among] = perByte
	}
	w.chargeAs(unknownWork, saturatingAdd(workError, saturatingMul(len(name)+1, perByte)))
}

func argNames(args []*graphql.Argument) []string {
	names := make([]string, len(args))
	for i, a := range args {
		names[i] = a.Name()
	}
	return names
}

func (w *workEstimate) directives(ds []*ast.Directive) {
	for _, d := range ds {
		if d == nil {
			continue
		}
		var def *graphql.Directive
		if d.Name != nil {
			def = w.schema.Directive(d.Name.Value)
		}
		if def == nil {
			w.chargeAs(unknownWork, workError)
		}
		for _, a := range d.Arguments {
			if a == nil {
				continue
			}
			w.chargeAs(valueWork, printWork(a.Value))
			if def != nil && a.Name != nil && !hasArg(&graphql.FieldDefinition{Args: def.Args}, a.Name.Value) {
				w.unknown(a.Name.Value, "args of @"+def.Name, func() []string { return argNames(def.Args) })
			}
		}
	}
}

func (w *workEstimate) collect(set *ast.SelectionSet) *collected {
	if c, ok := w.sets[set]; ok {
		return c
	}
	c := &collected{fields: map[string][]*ast.Field{}}
	seen := map[string]bool{}
	var add func(*ast.SelectionSet)
	add = func(s *ast.SelectionSet) {
		if s == nil {
			return
		}
		for _, sel := range s.Selections {
			w.charge(workPair)
			switch sel := sel.(type) {
			case *ast.Field:
				key := responseKey(sel)
				if _, ok := c.fields[key]; !ok {
					c.names = append(c.names, key)
				}
				c.fields[key] = append(c.fields[key], sel)
			case *ast.InlineFragment:
				add(sel.SelectionSet)
			case *ast.FragmentSpread:
				if sel.Name != nil && !seen[sel.Name.Value] {
					seen[sel.Name.Value] = true
					c.frags = append(c.frags, sel.Name.Value)
				}
			}
		}
	}
	add(set)
	w.sets[set] = c
	return c
}

func responseKey(f *ast.Field) string {
	if f.Alias != nil && f.Alias.Value != "" {
		return f.Alias.Value
	}
	if f.Name != nil {
		return f.Name.Value
	}
	return ""
}

// within is findConflictsWithinSelectionSet.
func (w *workEstimate) within(set *ast.SelectionSet) {
	c := w.collect(set)
	for _, name := range c.names {
		fs := c.fields[name]
		for i := 0; i < len(fs) && !w.over(); i++ {
			for k := i + 1; k < len(fs) && !w.over(); k++ {
				w.pair(fs[i], fs[k])
			}
		}
	}
	for i, name := range c.frags {
		w.fieldsAndFragment(c, name)
		for k := i + 1; k < len(c.frags) && !w.over(); k++ {
			w.fragments(name, c.frags[k])
		}
	}
}

// between is collectConflictsBetween.
func (w *workEstimate) between(c1, c2 *collected) {
	for _, name := range c1.names {
		f2, ok := c2.fields[name]
		if !ok {
			continue
		}
		for _, a := range c1.fields[name] {
			for _, b := range f2 {
				if w.over() {
					return
				}
				w.pair(a, b)
			}
		}
	}
}

// fieldsAndFragment is collectConflictsBetweenFieldsAndFragment, which
// remembers nothing: it follows every path through the fragments.
func (w *workEstimate) fieldsAndFragment(c *collected, name string) {
	w.charge(workStep)
	f, ok := w.frags[name]
	if !ok || w.over() {
		return
	}
	c2 := w.collect(f.SelectionSet)
	w.between(c, c2)
	for _, next := range c2.frags {
		// graphql-go compares the fragment's own fields with the fragments
		// it spreads here, not the fields it started from.
		w.fieldsAndFragment(c2, next)
	}
}

// fragments is collectConflictsBetweenFragments.
func (w *workEstimate) fragments(a, b string) {
	w.charge(workStep)
	fa, okA := w.frags[a]
	fb, okB := w.frags[b]
	if !okA || !okB || a == b || w.over() {
		return
	}
	key := [2]string{min(a, b), max(a, b)}
	if w.compared[key] {
		return
	}
	w.compared[key] = true
	ca, cb := w.collect(fa.SelectionSet), w.collect(fb.SelectionSet)
	w.between(ca, cb)
	for _, next := range cb.frags {
		w.fragments(a, next)
	}
	for _, next := range ca.frags {
		w.fragments(next, b)
	}
}

// pair is findConflict: fields of different names, or of one name with
// arguments that differ, conflict (an error); fields of one name print
// their arguments to compare them; fields that both select compare their
// selections.
func (w *workEstimate) pair(a, b *ast.Field) {
	w.charge(workPair)
	sameName := a.Name != nil && b.Name != nil && a.Name.Value == b.Name.Value
	if sameName && len(a.Arguments) == len(b.Arguments) {
		for _, args := range [][]*ast.Argument{a.Arguments, b.Arguments} {
			for _, arg := range args {
				if arg != nil {
					w.chargeAs(valueWork, printWork(arg.Value))
				}
			}
		}
	}
	if !sameName || !sameArguments(a.Arguments, b.Arguments) {
		w.charge(workError)
	}
	if a.SelectionSet != nil && b.SelectionSet != nil {
		w.subSelections(a.SelectionSet, b.SelectionSet)
	}
}

// subSelections is findConflictsBetweenSubSelectionSets.
func (w *workEstimate) subSelections(s1, s2 *ast.SelectionSet) {
	w.charge(workStep)
	if w.over() {
		return
	}
	c1, c2 := w.collect(s1), w.collect(s2)
	w.between(c1, c2)
	for _, name := range c2.frags {
		w.fieldsAndFragment(c1, name)
	}
	for _, name := range c1.frags {
		w.fieldsAndFragment(c2, name)
	}
	for _, n1 := range c1.frags {
		for _, n2 := range c2.frags {
			if w.over() {
				return
			}
			w.fragments(n1, n2)
		}
	}
}

// operation charges the checks of an operation's variables: every
// fragment it reaches is gathered again for it, and every variable they
// use is looked up in its definitions (an error when missing).
func (w *workEstimate) operation(op *ast.OperationDefinition) {
	reached := map[string]bool{}
	var reach func(spreads []*ast.FragmentSpread)
	reach = func(spreads []*ast.FragmentSpread) {
		for _, s := range spreads {
			if w.over() {
				return
			}
			w.chargeAs(variableWork, workStep)
			if reached[s.Name.Value] {
				continue
			}
			reached[s.Name.Value] = true
			if f := w.fragment(s.Name.Value); f != nil {
				w.chargeAs(variableWork, workError*f.variables)
				reach(f.spreads)
			}
		}
	}
	w.chargeAs(variableWork, workError*variablesIn(op.SelectionSet))
	reach(spreadsIn(op.SelectionSet, nil))
}

// fragmentUse is what a fragment spreads and how many variables it uses,
// its spreads not followed.
type fragmentUse struct {
	spreads   []*ast.FragmentSpread
	variables int
}

func (w *workEstimate) fragment(name string) *fragmentUse {
	if u, ok := w.uses[name]; ok {
		return u
	}
	f, ok := w.frags[name]
	if !ok {
		return nil
	}
	u := &fragmentUse{spreads: spreadsIn(f.SelectionSet, nil), variables: variablesIn(f.SelectionSet)}
	w.uses[name] = u
	return u
}

// variablesIn counts the variables used in the arguments and directives of
// a selection set and below, fragment spreads not followed.
func variablesIn(set *ast.SelectionSet) int {
	if set == nil {
		return 0
	}
	n := 0
	for _, sel := range set.Selections {
		switch sel := sel.(type) {
		case *ast.Field:
			for _, a := range sel.Arguments {
				if a != nil {
					n += countVariables(a.Value)
				}
			}
			n += directiveVariables(sel.Directives) + variablesIn(sel.SelectionSet)
		case *ast.InlineFragment:
			n += directiveVariables(sel.Directives) + variablesIn(sel.SelectionSet)
		case *ast.FragmentSpread:
			n += directiveVariables(sel.Directives)
		}
	}
	return n
}

func directiveVariables(ds []*ast.Directive) int {
	n := 0
	for _, d := range ds {
		if d == nil {
			continue
		}
		for _, a := range d.Arguments {
			if a != nil {
				n += countVariables(a.Value)
			}
		}
	}
	return n
}

func countVariables(v ast.Value) int {
	switch v := v.(type) {
	case *ast.Variable:
		return 1
	case *ast.ListValue:
		n := 0
		for _, x := range v.Values {
			n += countVariables(x)
		}
		return n
	case *ast.ObjectValue:
		n := 0
		for _, f := range v.Fields {
			if f != nil {
				n += countVariables(f.Value)
			}
		}
		return n
	}
	return 0
}

// printWork is the work of printing a value with graphql-go's printer:
// per node, deeper nodes dearer, and per byte of its literals (~6 ns).
func printWork(v ast.Value) int {
	nodes, depth, bytes := valueSize(v, 0)
	return saturatingAdd(saturatingMul(nodes, workNode+workNodeDeep*depth), bytes/4)
}

// valueSize counts the nodes of a value (an object's field as two: the
// field and its name), how deep they nest and the bytes of their literals.
func valueSize(v ast.Value, level int) (nodes, depth, bytes int) {
	nodes, depth = 1, level
	switch v := v.(type) {
	case *ast.ListValue:
		for _, x := range v.Values {
			n, d, b := valueSize(x, level+1)
			nodes, depth, bytes = nodes+n, max(depth, d), bytes+b
		}
	case *ast.ObjectValue:
		for _, f := range v.Fields {
			if f == nil {
				continue
			}
			n, d, b := valueSize(f.Value, level+1)
			nodes, depth, bytes = nodes+n+2, max(depth, d), bytes+b
			if f.Name != nil {
				bytes += len(f.Name.Value)
			}
		}
	case *ast.StringValue:
		bytes = len(v.Value)
	case *ast.IntValue:
		bytes = len(v.Value)
	case *ast.FloatValue:
		bytes = len(v.Value)
	case *ast.EnumValue:
		bytes = len(v.Value)
	case *ast.Variable:
		if v.Name != nil {
			bytes = len(v.Name.Value)
		}
	}
	return nodes, depth, bytes
}

// sameArguments reports whether two argument lists are the same literals,
// as the merge rule decides by printing them.
func sameArguments(a, b []*ast.Argument) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		found := false
		for _, y := range b {
			if x != nil && y != nil && x.Name != nil && y.Name != nil && x.Name.Value == y.Name.Value {
				if !sameValue(x.Value, y.Value) {
					return false
				}
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func sameValue(a, b ast.Value) bool {
	switch a := a.(type) {
	case *ast.Variable:
		b, ok := b.(*ast.Variable)
		return ok && a.Name != nil && b.Name != nil && a.Name.Value == b.Name.Value
	case *ast.IntValue:
		b, ok := b.(*ast.IntValue)
		return ok && a.Value == b.Value
	case *ast.FloatValue:
		b, ok := b.(*ast.FloatValue)
		return ok && a.Value == b.Value
	case *ast.StringValue:
		b, ok := b.(*ast.StringValue)
		return ok && a.Value == b.Value
	case *ast.BooleanValue:
		b, ok := b.(*ast.BooleanValue)
		return ok && a.Value == b.Value
	case *ast.EnumValue:
		b, ok := b.(*ast.EnumValue)
		return ok && a.Value == b.Value
	case *ast.ListValue:
		b, ok := b.(*ast.ListValue)
		if !ok || len(a.Values) != len(b.Values) {
			return false
		}
		for i := range a.Values {
			if !sameValue(a.Values[i], b.Values[i]) {
				return false
			}
		}
		return true
	case *ast.ObjectValue:
		b, ok := b.(*ast.ObjectValue)
		if !ok || len(a.Fields) != len(b.Fields) {
			return false
		}
		for i := range a.Fields {
			fa, fb := a.Fields[i], b.Fields[i]
			if fa == nil || fb == nil || fa.Name == nil || fb.Name == nil || fa.Name.Value != fb.Name.Value || !sameValue(fa.Value, fb.Value) {
				return false
			}
		}
		return true
	}
	return false
}
