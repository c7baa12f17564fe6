package graph

import (
	"encoding/base64"
	"encoding/json"
)

// Page is one page of a keyset-paginated read: the items, the cursor after
// each, and whether more follow.
type Page[T any] struct {
	Items   []T
	Cursors []string
	HasNext bool
}

// cursor is the position after an item in one sort order: the value of the
// sort key and the id that breaks ties. Pages continue strictly after it, so
// items inserted meanwhile neither repeat nor shift what follows, unlike an
// offset.
type cursor struct {
	Sort string `json:"s"`
	Int  int64  `json:"i,omitempty"`
	Str  string `json:"k,omitempty"`
	ID   string `json:"id"`
}

func (c cursor) encode() string {
	b, _ := json.Marshal(c) // a struct of strings and ints always marshals
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor reads an opaque cursor made for the given sort order; "" is
// the start.
func decodeCursor(s, sort string) (*cursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c cursor
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.ID == "" {
		return nil, invalidf("after: %q is not a cursor of this list; pass an endCursor or edge cursor exactly as returned", clip(s, 40))
	}
	if c.Sort != sort {
		return nil, invalidf("after: the cursor belongs to sort order %s, not %s", clip(c.Sort, 20), sort)
	}
	return &c, nil
}

// clip shortens user input quoted in messages.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
