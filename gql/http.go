package gql

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
)

// handleGraphQL serves /graphql: POST with a JSON body (or
// application/graphql), or GET with query, variables and operationName in
// the URL for queries only. It is written here rather than taken from
// graphql-go/handler, which has no body limit, no depth or complexity
// check, runs mutations over GET and always answers 200.
func (s *Server) handleGraphQL(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rid := newRequestID()
	w.Header().Set("X-Request-Id", rid)
	// Requests refused here never reach Execute, which counts the others.
	fail := func(status int, e *Error) {
		res := refuse("invalid", status, e)
		res.RequestID = rid
		if s.svc.metrics != nil {
			s.svc.metrics.observeRequest(res, time.Since(start))
		}
		writeJSON(w, status, res.Response)
		s.log.Debug("graphql", "request", rid, "operation", res.Operation, "status", status, "errors", 1)
	}
	var req Request
	var e *Error
	code := http.StatusBadRequest
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		req, code, e = s.requestFromURL(r)
	case http.MethodPost:
		req, code, e = s.requestFromBody(w, r)
	default:
		w.Header().Set("Allow", "GET, POST")
		fail(http.StatusMethodNotAllowed, errorf(BadUserInput, "use GET for queries or POST, not %s", clipRunes(r.Method, 20)))
		return
	}
	if e != nil {
		fail(code, e)
		return
	}
	c := s.tokens.caller(r)
	c.ReadOnlyMethod = r.Method != http.MethodPost
	c.RequestID = rid
	if s.metrics != nil {
		s.metrics.inflight.Inc()
		defer s.metrics.inflight.Dec()
	}
	res := s.svc.Execute(r.Context(), req, c)
	switch res.Status {
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="kg"`)
	case http.StatusMethodNotAllowed:
		w.Header().Set("Allow", "POST")
	}
	writeJSON(w, res.Status, res.Response)
	s.log.Debug("graphql", "request", rid, "operation", res.Operation, "status", res.Status, "errors", len(res.Response.Errors))
}

// requestFromURL reads a GET request. Its URL is bounded by
// limits.body_bytes as a POST body is.
func (s *Server) requestFromURL(r *http.Request) (Request, int, *Error) {
	if limit := s.svc.limits.BodyBytes; int64(len(r.URL.RawQuery)) > limit {
		return Request{}, http.StatusRequestURITooLong, errorf(BadUserInput,
			"the URL's query string is %d bytes, more than the limit of %d (limits.body_bytes); send long queries with POST", len(r.URL.RawQuery), limit)
	}
	q := r.URL.Query()
	req := Request{Query: q.Get("query"), OperationName: q.Get("operationName")}
	if v := q.Get("variables"); v != "" {
		if err := json.Unmarshal([]byte(v), &req.Variables); err != nil {
			return req, http.StatusBadRequest, errorf(BadUserInput, `%s; want a JSON object such as {"n": 5}`, jsonProblem(err, "the variables parameter"))
		}
	}
	return req, 0, nil
}

func (s *Server) requestFromBody(w http.ResponseWriter, r *http.Request) (Request, int, *Error) {
	var req Request
	body := http.MaxBytesReader(w, r.Body, s.svc.limits.BodyBytes)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "application/json", "":
		dec := json.NewDecoder(body)
		if err := dec.Decode(&req); err != nil {
			return req, bodyStatus(err), bodyError(err, s.svc.limits.BodyBytes)
		}
		if dec.More() {
			return req, http.StatusBadRequest, errorf(BadUserInput, `the body holds more than one JSON value: send one object, {"query": "…", "variables": {…}, "operationName": "…"}`)
		}
	case "application/graphql":
		b, err := io.ReadAll(body)
		if err != nil {
			return req, bodyStatus(err), bodyError(err, s.svc.limits.BodyBytes)
		}
		req.Query = string(b)
	default:
		return req, http.StatusUnsupportedMediaType, errorf(BadUserInput, "send Content-Type: application/json (or application/graphql), not %q", clipRunes(mt, 60))
	}
	return req, 0, nil
}

func bodyStatus(err error) int {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}

// bodyError says what is wrong with a body in the client's terms: the
// JSON, or the request's fields, not the Go types they are read into.
func bodyError(err error, limit int64) *Error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errorf(BadUserInput, "the request body is larger than the limit of %d bytes (limits.body_bytes)", limit)
	}
	const want = `want {"query": "…", "variables": {…}, "operationName": "…"}`
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return errorf(BadUserInput, "the body is empty: %s", want)
	case errors.As(err, &syn), errors.As(err, &typ), errors.Is(err, io.ErrUnexpectedEOF):
		return errorf(BadUserInput, "the body is not a GraphQL request: %s; %s", jsonProblem(err, "it"), want)
	}
	return errorf(BadUserInput, "cannot read the request body")
}

// jsonProblem describes an error of encoding/json without Go's names:
// what of whole (the body, a parameter) is wrong, and where.
func jsonProblem(err error, whole string) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("%s is not valid JSON: %s (at byte %d)", whole, syn.Error(), syn.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Sprintf("%s ends in the middle of its JSON", whole)
	case errors.As(err, &typ):
		got, _, _ := strings.Cut(typ.Value, " ") // "number 1.5" → "number"
		switch typ.Field {
		case "":
			return fmt.Sprintf("%s is a JSON %s, not an object", whole, got)
		case "variables":
			return fmt.Sprintf(`"variables" is a JSON %s, not an object`, got)
		case "query", "operationName":
			return fmt.Sprintf("%q is a JSON %s, not a string", typ.Field, got)
		}
		return fmt.Sprintf("%q is a JSON %s, which does not fit there", typ.Field, got)
	}
	return fmt.Sprintf("%s cannot be read", whole)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var b []byte
	var err error
	if m, ok := v.(json.Marshaler); ok {
		// json.Marshal would scan a big response once more to check it.
		b, err = m.MarshalJSON()
	} else {
		b, err = json.Marshal(v)
	}
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(fmt.Sprintf(`{"errors":[{"message":"internal error","extensions":{"code":%q}}]}`, Internal))
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
