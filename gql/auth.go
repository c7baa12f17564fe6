package gql

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// tokens checks bearer tokens. It compares hashes in constant time, so
// neither a token's content nor its length leaks through timing.
type tokens struct{ sums [][32]byte }

func newTokens(list []string) tokens {
	var t tokens
	for _, s := range list {
		if s != "" {
			t.sums = append(t.sums, sha256.Sum256([]byte(s)))
		}
	}
	return t
}

// caller says what the sender of r may do.
func (t tokens) caller(r *http.Request) Caller {
	if len(t.sums) == 0 {
		return Caller{Denied: errorf(Forbidden, "mutations are disabled: this server has no auth.tokens configured "+
			"(set auth.tokens in kg.yaml or KG_AUTH_TOKENS and restart kg serve)")}
	}
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return Caller{Denied: errorf(Unauthenticated, "mutations need the header Authorization: Bearer <token> with a token from auth.tokens")}
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(tok)))
	match := 0
	for _, s := range t.sums {
		match |= subtle.ConstantTimeCompare(sum[:], s[:])
	}
	if match != 1 {
		return Caller{Denied: errorf(Unauthenticated, "the bearer token is not one of auth.tokens")}
	}
	return Caller{MayMutate: true}
}
