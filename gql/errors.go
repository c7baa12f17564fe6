package gql

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"kg/graph"
)

// Code is the machine-readable kind of an error, sent as extensions.code.
type Code string

const (
	BadUserInput    Code = "BAD_USER_INPUT"  // the request is wrong; the message says how
	Unauthenticated Code = "UNAUTHENTICATED" // a mutation without a valid bearer token
	Forbidden       Code = "FORBIDDEN"       // mutations are switched off
	Unavailable     Code = "UNAVAILABLE"     // Neo4j cannot be reached; retry later
	Timeout         Code = "TIMEOUT"         // the request ran past limits.timeout
	Cancelled       Code = "CANCELLED"       // the client went away before the answer; nobody reads it
	Internal        Code = "INTERNAL"        // a bug or an unexpected failure, logged with the request id
)

// httpStatus is the HTTP status of a request that fails as a whole with code.
func httpStatus(c Code) int {
	switch c {
	case BadUserInput:
		return http.StatusBadRequest
	case Unauthenticated:
		return http.StatusUnauthorized
	case Forbidden:
		return http.StatusForbidden
	case Unavailable:
		return http.StatusServiceUnavailable
	case Timeout:
		return http.StatusGatewayTimeout
	case Cancelled:
		return statusClientClosed
	}
	return http.StatusInternalServerError
}

// statusClientClosed is nginx's status for a request whose client closed
// the connection: not the server's failure, and counted apart from them.
const statusClientClosed = 499

// Error is an error whose message is safe to show to the client. Every
// error that leaves the service is one: others are logged and replaced.
type Error struct {
	Code    Code
	Message string
}

func (e *Error) Error() string { return e.Message }

// Extensions puts the code into the GraphQL error (graphql-go reads this
// method through gqlerrors.ExtendedError).
func (e *Error) Extensions() map[string]any { return map[string]any{"code": string(e.Code)} }

func errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// classify turns any error of a resolver into a client-safe Error. Neo4j's
// own messages never reach the client: they can quote the query and the
// data. Internal errors are logged by the caller with the request id.
func classify(ctx context.Context, err error, timeout string) (e *Error, internal bool) {
	var ge *Error
	switch {
	case errors.As(err, &ge):
		return ge, false
	case errors.Is(err, graph.ErrInvalid):
		return &Error{Code: BadUserInput, Message: err.Error()}, false
	case errors.Is(ctx.Err(), context.DeadlineExceeded) || graph.IsTimeout(err):
		return errorf(Timeout, "the request took longer than the limit of %s; ask for less (smaller first, limit or depth)", timeout), false
	case errors.Is(ctx.Err(), context.Canceled):
		return errorf(Cancelled, "the request was cancelled"), false
	case graph.IsUnavailable(err):
		return errorf(Unavailable, "the graph database is unavailable; try again shortly"), false
	default:
		return errorf(Internal, "internal error"), true
	}
}
