package gql

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/graphql-go/graphql"
)

// request is what resolvers know about the request they serve.
type request struct {
	id      string
	log     *slog.Logger
	timeout time.Duration
}

type requestKey struct{}

func requestOf(ctx context.Context) request {
	if r, ok := ctx.Value(requestKey{}).(request); ok {
		return r
	}
	return request{id: "-", log: slog.Default()}
}

// safe is the one funnel of resolver errors: what the client may see
// passes, anything else is logged with the request id and replaced by an
// INTERNAL error naming that id.
func safe(ctx context.Context, err error) *Error {
	r := requestOf(ctx)
	e, internal := classify(ctx, err, r.timeout.String())
	if internal {
		r.log.Error("graphql resolver failed", "request", r.id, "err", err)
		return errorf(Internal, "internal error (request %s)", r.id)
	}
	switch e.Code {
	case Timeout, Unavailable:
		r.log.Warn("graphql resolver", "request", r.id, "code", e.Code, "err", err)
	case Cancelled:
		r.log.Debug("graphql resolver", "request", r.id, "code", e.Code, "err", err)
	}
	return e
}

// wrap makes a resolver safe: errors and panics, its own and those of the
// thunk it returns, leave it as client-safe Errors. graphql-go would
// otherwise pass raw messages through, and drops error extensions of
// thunks.
func wrap(fn graphql.FieldResolveFn) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (out any, err error) {
		// The closures take copies of what they need: capturing p would move
		// its large struct to the heap on every field of every response.
		ctx, field := p.Context, p.Info.FieldName
		defer func() {
			if r := recover(); r != nil {
				out, err = nil, safe(ctx, fmt.Errorf("panic in %s: %v\n%s", field, r, debug.Stack()))
			}
		}()
		v, err := fn(p)
		if err != nil {
			return nil, safe(ctx, err)
		}
		if th, ok := v.(func() (any, error)); ok {
			return func() (out any, err error) {
				defer func() {
					if r := recover(); r != nil {
						out, err = nil, safe(ctx, fmt.Errorf("panic in %s: %v\n%s", field, r, debug.Stack()))
					}
				}()
				v, err := th()
				if err != nil {
					return nil, safe(ctx, err)
				}
				return v, nil
			}, nil
		}
		return v, nil
	}
}

// wrapAll wraps every resolver of fields.
func wrapAll(fields graphql.Fields) graphql.Fields {
	for _, f := range fields {
		if f.Resolve != nil {
			f.Resolve = wrap(f.Resolve)
		}
	}
	return fields
}

// parentOf reads the parent object of a field resolver: a T, or a *T from
// the direct executor, which hands list elements by address rather than
// copy each into an interface.
func parentOf[T any](p graphql.ResolveParams) (T, error) {
	switch v := p.Source.(type) {
	case T:
		return v, nil
	case *T:
		if v != nil {
			return *v, nil
		}
	}
	var zero T
	return zero, fmt.Errorf("gql: field %s got a %T, want a %T", p.Info.FieldName, p.Source, zero)
}

// prop is a field computed from its parent alone.
func prop[T any](t graphql.Output, desc string, get func(T) any) *graphql.Field {
	return &graphql.Field{Type: t, Description: desc, Resolve: func(p graphql.ResolveParams) (any, error) {
		v, err := parentOf[T](p)
		if err != nil {
			return nil, err
		}
		return get(v), nil
	}}
}

func nonNull(t graphql.Output) graphql.Output { return graphql.NewNonNull(t) }

func listOf(t graphql.Output) graphql.Output {
	return graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t)))
}

// batched is the resolver of a field of a T that loads through the
// request's batching loaders: it hands load the parent and the loaders.
func batched[T any](load func(p graphql.ResolveParams, parent T, l *loaders) (any, error)) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (any, error) {
		v, err := parentOf[T](p)
		if err != nil {
			return nil, err
		}
		l, err := loadersOf(p.Context)
		if err != nil {
			return nil, err
		}
		return load(p, v, l)
	}
}
