package gql

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
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
		req, e = requestFromURL(r)
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

func requestFromURL(r *http.Request) (Request, *Error) {
	q := r.URL.Query()
	req := Request{Query: q.Get("query"), OperationName: q.Get("operationName")}
	if v := q.Get("variables"); v != "" {
		if err := json.Unmarshal([]byte(v), &req.Variables); err != nil {
			return req, errorf(BadUserInput, "variables must be a JSON object: %v", err)
		}
	}
	return req, nil
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
			return req, http.StatusBadRequest, errorf(BadUserInput, "the body must hold one JSON object")
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

func bodyError(err error, limit int64) *Error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errorf(BadUserInput, "the request body is larger than the limit of %d bytes (limits.body_bytes)", limit)
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn), errors.As(err, &typ), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errorf(BadUserInput, `the body is not a GraphQL request: want {"query": "…", "variables": {…}, "operationName": "…"} (%v)`, err)
	}
	return errorf(BadUserInput, "cannot read the request body")
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
