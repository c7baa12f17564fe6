package gql

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/location"
	"github.com/graphql-go/graphql/language/parser"
	"github.com/graphql-go/graphql/language/source"
)

// Limits bound what one request may cost (config limits.*).
type Limits struct {
	Depth      int           // deepest nesting of fields
	Complexity int           // see measure
	BodyBytes  int64         // largest HTTP request body
	Timeout    time.Duration // per request, handed to Neo4j as the transaction timeout
	// Concurrency is how many requests execute at once (0: one per CPU);
	// the others wait their turn within their timeout. kg and its local
	// Neo4j share the CPUs, and more queries at once than cores only add
	// contention: at 8 clients on 2 cores the subgraph p99 was 200 ms
	// unlimited and 122 ms at 2 (docs/BENCHMARKS.md).
	Concurrency int
}

// Options configure a Service.
type Options struct {
	Graph    Graph
	Ingester Ingester // nil: ingestArticle answers UNAVAILABLE
	Limits   Limits
	Logger   *slog.Logger
	Metrics  *Metrics // nil: no metrics
}

// Service executes GraphQL requests against a Graph. It is safe for
// concurrent use; every request gets its own batchers.
type Service struct {
	graph   Graph
	ingest  Ingester
	limits  Limits
	log     *slog.Logger
	metrics *Metrics
	schema  graphql.Schema
	docs    docCache
	slots   chan struct{} // one per request executing
	// graphqlGoOnly turns the direct executor off, for tests that compare
	// the two.
	graphqlGoOnly bool
}

// New builds the schema and the service.
func New(o Options) (*Service, error) {
	if o.Graph == nil {
		return nil, errors.New("gql: no graph")
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Limits.Depth < 1 || o.Limits.Complexity < 1 || o.Limits.Timeout <= 0 {
		return nil, fmt.Errorf("gql: limits must be positive: %+v", o.Limits)
	}
	if o.Limits.Concurrency < 0 {
		return nil, fmt.Errorf("gql: negative concurrency %d", o.Limits.Concurrency)
	}
	if o.Limits.Concurrency == 0 {
		o.Limits.Concurrency = runtime.GOMAXPROCS(0)
	}
	s := &Service{graph: o.Graph, ingest: o.Ingester, limits: o.Limits, log: o.Logger, metrics: o.Metrics,
		docs: docCache{m: map[string]*ast.Document{}}, slots: make(chan struct{}, o.Limits.Concurrency)}
	var err error
	if s.schema, err = newSchema(s); err != nil {
		return nil, err
	}
	return s, nil
}

// Request is one GraphQL request, as clients send it.
type Request struct {
	Query         string         `json:"query"`
	Variables     map[string]any `json:"variables"`
	OperationName string         `json:"operationName"`
}

// Response is a GraphQL response. Data is present once execution started
// (and may be null); requests refused before that carry errors only.
type Response struct {
	Data     any
	Executed bool
	Errors   []gqlerrors.FormattedError
}

// MarshalJSON writes data only for executed requests, as the GraphQL
// over HTTP spec asks.
func (r Response) MarshalJSON() ([]byte, error) {
	if raw, ok := r.Data.(json.RawMessage); ok && r.Executed && len(r.Errors) == 0 {
		// The direct executor's data, already JSON.
		return append(append(append(make([]byte, 0, len(raw)+10), `{"data":`...), raw...), '}'), nil
	}
	m := map[string]any{}
	if r.Executed {
		m["data"] = r.Data
	}
	if len(r.Errors) > 0 {
		errs := make([]wireError, len(r.Errors))
		for i, e := range r.Errors {
			errs[i] = wireError{Message: e.Message, Locations: e.Locations, Path: e.Path, Extensions: e.Extensions}
		}
		m["errors"] = errs
	}
	return json.Marshal(m)
}

// wireError is an error as sent. graphql-go's FormattedError writes
// "locations": null for errors that have none (kg's refusals before a
// document is read); the GraphQL spec leaves the key out instead.
type wireError struct {
	Message    string                    `json:"message"`
	Locations  []location.SourceLocation `json:"locations,omitempty"`
	Path       []any                     `json:"path,omitempty"`
	Extensions map[string]any            `json:"extensions,omitempty"`
}

// Caller says what the sender of a request may do.
type Caller struct {
	// MayMutate is set for a valid bearer token, and for the command line.
	MayMutate bool
	// Denied is the error for a mutation when MayMutate is false.
	Denied *Error
	// ReadOnlyMethod is set for HTTP GET, which must not change anything.
	ReadOnlyMethod bool
	// RequestID names the request in logs and internal errors ("" makes one).
	RequestID string
}

// Result is a response with the HTTP status it should go out with.
type Result struct {
	Response  Response
	Status    int
	Operation string // metrics label: query:field, mutation:field, multiple or invalid
	RequestID string
	direct    bool // answered by the direct executor
}

// Execute runs one request: parse, refuse mutations the caller may not
// make, validate, check depth and complexity, then execute under the
// timeout with per-request batching.
func (s *Service) Execute(ctx context.Context, req Request, c Caller) Result {
	start := time.Now()
	if c.RequestID == "" {
		c.RequestID = newRequestID()
	}
	res := s.execute(ctx, req, c)
	res.RequestID = c.RequestID
	if s.metrics != nil {
		s.metrics.observeRequest(res, time.Since(start))
	}
	return res
}

func refuse(op string, status int, errs ...*Error) Result {
	r := Result{Status: status, Operation: op}
	for _, e := range errs {
		r.Response.Errors = append(r.Response.Errors, gqlerrors.FormattedError{Message: e.Message, Extensions: e.Extensions()})
	}
	return r
}

// refuseAll is refuse for errors that carry locations.
func refuseAll(op string, status int, errs []gqlerrors.FormattedError) Result {
	return Result{Status: status, Operation: op, Response: Response{Errors: errs}}
}

// execute checks a request from the cheapest check to the dearest, so that
// no request costs much before it is refused: the text (scanQuery), the
// parsed document (fragment cycles, the work validation would take), the
// operation and who may run it, depth and complexity, and only then
// graphql-go's validation, which costs the most of them.
func (s *Service) execute(ctx context.Context, req Request, c Caller) Result {
	if strings.TrimSpace(req.Query) == "" {
		return refuse("invalid", http.StatusBadRequest, errorf(BadUserInput, `no query: send {"query": "{ stats { entities } }"}`))
	}
	doc, valid := s.docs.get(req.Query)
	if doc == nil {
		if e := scanQuery(req.Query, s.limits.Depth); e != nil {
			return refuse("invalid", http.StatusBadRequest, e)
		}
		// Parsed without the source, nodes know their offsets only:
		// graphql-go then locates an error without scanning the whole text
		// with a new regular expression (placeErrors turns the offset into
		// line and column), and its printer, which encodes every node it
		// prints as JSON, does not encode the whole text with each. Both
		// cost time in proportion to the text, for every error and every
		// value printed.
		var err error
		doc, err = parser.Parse(parser.ParseParams{Source: source.NewSource(&source.Source{Body: []byte(req.Query), Name: "GraphQL request"}),
			Options: parser.ParseOptions{NoSource: true}})
		if err != nil {
			fe := gqlerrors.FormatError(err) // located by the parser, once
			return refuseAll("invalid", http.StatusBadRequest, []gqlerrors.FormattedError{{Message: fe.Message, Locations: fe.Locations,
				Extensions: map[string]any{"code": string(BadUserInput)}}})
		}
		if errs := checkFragments(doc, req.Query); len(errs) > 0 {
			return refuseAll("invalid", http.StatusBadRequest, errs)
		}
		if work, why := validationWork(&s.schema, doc); work > validationBudget {
			return refuse("invalid", http.StatusBadRequest, errorf(BadUserInput, "the query would take too long to check: %s", why))
		}
	}
	op, e := operation(doc, req.OperationName)
	if e != nil {
		return refuse("invalid", http.StatusBadRequest, e)
	}
	label := operationLabel(&s.schema, op)
	switch op.Operation {
	case ast.OperationTypeSubscription:
		return refuse(label, http.StatusBadRequest, errorf(BadUserInput, "subscriptions are not supported"))
	case ast.OperationTypeMutation:
		if c.ReadOnlyMethod {
			return refuse(label, http.StatusMethodNotAllowed, errorf(BadUserInput, "mutations must be sent with POST"))
		}
		if !c.MayMutate {
			d := c.Denied
			if d == nil {
				d = errorf(Unauthenticated, "mutations need a bearer token")
			}
			return refuse(label, httpStatus(d.Code), d)
		}
	}
	// Depth and complexity before validation: the walk is cheap and
	// linear (fragments are measured once), and an expensive query is
	// refused before graphql-go spends anything on it.
	cost := measure(&s.schema, doc, op, req.Variables)
	if cost.depth > s.limits.Depth {
		return refuse(label, http.StatusBadRequest, errorf(BadUserInput, "the query nests %d levels deep; the limit is %d", cost.depth, s.limits.Depth))
	}
	if cost.complexity > s.limits.Complexity {
		return refuse(label, http.StatusBadRequest, errorf(BadUserInput,
			"the query may return up to %d objects (page sizes multiply down nested lists); the limit is %d: ask for smaller pages",
			cost.complexity, s.limits.Complexity))
	}
	if !valid {
		if vr := graphql.ValidateDocument(&s.schema, doc, nil); !vr.IsValid {
			for i := range vr.Errors {
				vr.Errors[i].Extensions = map[string]any{"code": string(BadUserInput)}
			}
			return refuseAll(label, http.StatusBadRequest, placeErrors(req.Query, vr.Errors))
		}
		s.docs.put(req.Query, doc)
	}

	ctx, cancel := context.WithTimeout(ctx, s.limits.Timeout)
	defer cancel()
	select {
	case s.slots <- struct{}{}:
	default:
		select {
		case s.slots <- struct{}{}:
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.Canceled) {
				return refuse(label, statusClientClosed, errorf(Cancelled, "the request was cancelled"))
			}
			return refuse(label, http.StatusServiceUnavailable, errorf(Unavailable,
				"the server is busy: %d requests were executing for the whole timeout (%s); try again shortly",
				s.limits.Concurrency, s.limits.Timeout))
		}
	}
	defer func() { <-s.slots }()
	ctx = context.WithValue(ctx, requestKey{}, request{id: c.RequestID, log: s.log, timeout: s.limits.Timeout})
	ctx = withLoaders(ctx, newLoaders(s.graph))
	if !s.graphqlGoOnly {
		if data, ok := s.direct(ctx, doc, op, req.Variables); ok {
			return Result{Status: http.StatusOK, Operation: label, Response: Response{Data: data, Executed: true}, direct: true}
		}
	}
	out := graphql.Execute(graphql.ExecuteParams{Schema: s.schema, AST: doc, OperationName: req.OperationName,
		Args: req.Variables, Context: ctx})
	r := Result{Status: http.StatusOK, Operation: label}
	r.Response = Response{Data: out.Data, Executed: true, Errors: placeErrors(req.Query, s.finishErrors(ctx, c.RequestID, out.Errors))}
	return r
}

// operation picks the operation to run, as the spec says: the named one,
// or the only one.
func operation(doc *ast.Document, name string) (*ast.OperationDefinition, *Error) {
	var ops []*ast.OperationDefinition
	for _, d := range doc.Definitions {
		if op, ok := d.(*ast.OperationDefinition); ok {
			ops = append(ops, op)
		}
	}
	for _, op := range ops {
		if name == "" && len(ops) == 1 {
			return op, nil
		}
		if op.Name != nil && op.Name.Value == name {
			return op, nil
		}
	}
	switch {
	case len(ops) == 0:
		return nil, errorf(BadUserInput, "the document has no operation")
	case name == "":
		return nil, errorf(BadUserInput, "the document has %d operations: name one with operationName", len(ops))
	}
	return nil, errorf(BadUserInput, "no operation named %q", clipRunes(name, 80))
}

// operationLabel names an operation by its root field, for metrics; only
// names of the schema are used, so clients cannot grow the label set.
func operationLabel(s *graphql.Schema, op *ast.OperationDefinition) string {
	kind, root := "query", s.QueryType()
	if op.Operation == ast.OperationTypeMutation {
		kind, root = "mutation", s.MutationType()
	}
	var names []string
	if op.SelectionSet != nil {
		for _, sel := range op.SelectionSet.Selections {
			f, ok := sel.(*ast.Field)
			if !ok || f.Name == nil {
				return kind + ":multiple"
			}
			names = append(names, f.Name.Value)
		}
	}
	if len(names) != 1 {
		return kind + ":multiple"
	}
	if _, ok := root.Fields()[names[0]]; ok || names[0] == "__schema" || names[0] == "__type" {
		return kind + ":" + names[0]
	}
	return kind + ":unknown"
}

// finishErrors gives every error of an execution its code. Resolver errors
// are already safe (wrap); what remains comes from graphql-go itself:
// variable coercion (the caller's mistake), the request deadline, or a
// broken invariant such as a null in a non-null field (ours, logged).
func (s *Service) finishErrors(ctx context.Context, rid string, errs []gqlerrors.FormattedError) []gqlerrors.FormattedError {
	for i, fe := range errs {
		root := rootCause(fe)
		var ge *Error
		switch {
		case errors.As(root, &ge):
		case errors.Is(root, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
			ge = errorf(Timeout, "the request took longer than the limit of %s; ask for less (smaller first, limit or depth)", s.limits.Timeout)
		case errors.Is(root, context.Canceled) || errors.Is(ctx.Err(), context.Canceled):
			ge = errorf(Cancelled, "the request was cancelled")
		case strings.HasPrefix(fe.Message, `Variable "$`):
			ge = errorf(BadUserInput, "%s", fe.Message)
		default:
			s.log.Error("graphql execution failed", "request", rid, "err", fe.Message, "path", fe.Path)
			ge = errorf(Internal, "internal error (request %s)", rid)
		}
		errs[i].Message, errs[i].Extensions = ge.Message, ge.Extensions()
	}
	return errs
}

// rootCause digs through graphql-go's wrappers (FormattedError, Error, and
// FormattedError again for errors of thunks) to the resolver's error.
func rootCause(err error) error {
	for range 10 {
		var next error
		switch e := err.(type) {
		case gqlerrors.FormattedError:
			next = e.OriginalError()
		case *gqlerrors.Error:
			next = e.OriginalError
		}
		if next == nil {
			return err
		}
		err = next
	}
	return err
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // crypto/rand.Read does not fail on Linux
	return hex.EncodeToString(b)
}

// docCache keeps parsed, validated documents by their text: clients send
// the same few queries with different variables, and parsing plus
// validation cost more Go time than a small Neo4j lookup. graphql-go only
// reads a document while executing it, so one may serve many requests.
type docCache struct {
	mu sync.Mutex
	m  map[string]*ast.Document
}

const (
	docCacheSize = 512
	docCacheMax  = 16 << 10 // longer documents are not kept
)

// get returns the document and true when q was parsed and validated before.
func (c *docCache) get(q string) (*ast.Document, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.m[q]
	return d, ok
}

func (c *docCache) put(q string, d *ast.Document) {
	if len(q) > docCacheMax {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= docCacheSize {
		clear(c.m) // crude, but bounded and enough for a working set of queries
	}
	c.m[q] = d
}
