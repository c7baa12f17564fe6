package reader

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"kg/schema"
)

// errNoText marks a JSON object with neither a title nor a text.
var errNoText = errors.New("object has no title and no text (text, body or content)")

// fieldError is a known field of the wrong JSON type.
type fieldError struct {
	field, want string
}

func (e *fieldError) Error() string { return fmt.Sprintf("field %q: want %s", e.field, e.want) }

// jsonValue is one top-level value (or element of a top-level array) and
// the line it starts on.
type jsonValue struct {
	raw  json.RawMessage
	line int
}

// readJSON reads a JSON document held in memory: one object, an array of
// objects, a sequence of either, or JSON Lines. A document that does not
// parse but looks like JSON Lines is read line by line, so one broken line
// costs one article; otherwise its syntax error ends the input, after the
// articles before it.
func readJSON(s *sink, text string) {
	data := []byte(text)
	vals, errLine, err := jsonValues(data)
	if err != nil && looksLikeLines(data) {
		n := 0
		for line := range strings.Lines(text) {
			n++
			if !jsonLine(s, n, line) {
				return
			}
		}
		return
	}
	for _, v := range vals {
		if !emitJSON(s, v.line, v.raw) {
			return
		}
	}
	if err != nil {
		s.fail(errLine, fmt.Errorf("invalid JSON: %w", err))
	}
}

// jsonValues splits a document into its top-level values, expanding
// top-level arrays into their elements. On a syntax error it returns the
// values before it and the line of the error.
func jsonValues(data []byte) (vals []jsonValue, errLine int, err error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	lines := lineCounter{data: data}
	for {
		start := skipJSONSpace(data, dec.InputOffset())
		if start >= len(data) {
			return vals, 0, nil
		}
		if data[start] != '[' {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return vals, syntaxLine(data, start), err
			}
			vals = append(vals, jsonValue{raw, lines.at(start)})
			continue
		}
		if _, err := dec.Token(); err != nil { // the '['
			return vals, lineAt(data, start), err
		}
		for dec.More() {
			elem := skipJSONSpace(data, dec.InputOffset())
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return vals, syntaxLine(data, elem), err
			}
			vals = append(vals, jsonValue{raw, lines.at(elem)})
		}
		if _, err := dec.Token(); err != nil { // the ']'
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return vals, syntaxLine(data, skipJSONSpace(data, dec.InputOffset())), err
		}
	}
}

// lineCounter numbers the lines of offsets that only grow, counting each
// byte once (a large array has many elements).
type lineCounter struct {
	data []byte
	off  int
	line int
}

func (c *lineCounter) at(off int) int {
	off = min(off, len(c.data))
	if off < c.off {
		return lineAt(c.data, off)
	}
	c.line += bytes.Count(c.data[c.off:off], []byte{'\n'})
	c.off = off
	return c.line + 1
}

// skipJSONSpace returns the offset of the first byte at or after off that
// is neither JSON white space nor a comma between array elements.
func skipJSONSpace(data []byte, off int64) int {
	i := int(min(max(off, 0), int64(len(data))))
	for i < len(data) && strings.IndexByte(" \t\r\n,", data[i]) >= 0 {
		i++
	}
	return i
}

// syntaxLine finds the line of the syntax error in the value starting at
// start, by scanning that value alone (a Decoder's offsets drift over the
// white space between values).
func syntaxLine(data []byte, start int) int {
	var raw json.RawMessage
	err := json.NewDecoder(bytes.NewReader(data[start:])).Decode(&raw)
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Offset > 0 {
		return lineAt(data, start+int(se.Offset)-1)
	}
	return lineAt(data, len(data))
}

// looksLikeLines reports whether a JSON document that failed to parse is
// meant as JSON Lines: its first line is a whole value, or its second line
// starts a new object (a pretty-printed object continues with a key).
func looksLikeLines(data []byte) bool {
	var lines [][]byte
	for l := range bytes.Lines(data) {
		if t := bytes.TrimSpace(l); len(t) > 0 {
			lines = append(lines, t)
			if len(lines) == 2 {
				break
			}
		}
	}
	if len(lines) == 0 || lines[0][0] != '{' {
		return false
	}
	return json.Valid(lines[0]) || len(lines) == 2 && lines[1][0] == '{'
}

// readJSONLines streams JSON Lines: every line is one object, held in
// memory alone; a broken line costs only its own article.
func readJSONLines(s *sink, lr *lineReader, dec *textDecoder) {
	for s.live() {
		raw, tooLong, err := lr.next()
		switch {
		case err == io.EOF:
			return
		case err != nil:
			s.fail(lr.line+1, fmt.Errorf("read: %w", err))
			return
		case tooLong:
			if !s.fail(lr.line, fmt.Errorf("%w: the line is over the limit of %s for one record", ErrTooLarge, sizeOf(lr.max))) {
				return
			}
			continue
		}
		line, _, err := dec.decode(raw)
		if err != nil {
			if !s.fail(lr.line, err) {
				return
			}
			continue
		}
		if !jsonLine(s, lr.line, line) {
			return
		}
	}
}

// jsonLine reads one line of JSON Lines; blank lines are skipped.
func jsonLine(s *sink, n int, line string) bool {
	if strings.TrimSpace(line) == "" {
		return s.live()
	}
	return emitJSON(s, n, []byte(line))
}

func emitJSON(s *sink, line int, raw []byte) bool {
	a, err := articleFromJSON(raw)
	if err != nil {
		return s.fail(line, err)
	}
	return s.article(line, a)
}

// articleFromJSON maps one JSON object to an Article. The text is kept
// exactly as decoded.
func articleFromJSON(raw []byte) (schema.Article, error) {
	t := bytes.TrimLeft(raw, " \t\r\n")
	if len(t) == 0 || t[0] != '{' {
		return schema.Article{}, fmt.Errorf("want a JSON object, got %s", jsonKind(t))
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return schema.Article{}, fmt.Errorf("invalid JSON: %w", err)
	}
	var a schema.Article
	var err error
	get := func(want func(map[string]json.RawMessage, string) (string, error), keys ...string) string {
		for _, k := range keys {
			if err != nil {
				return ""
			}
			if v, ok := m[k]; ok && !isNull(v) {
				var s string
				s, err = want(m, k)
				return s
			}
		}
		return ""
	}
	a.ID = get(stringOrNumber, "id")
	a.Title = strings.TrimSpace(get(stringField, "title"))
	a.URL = strings.TrimSpace(get(stringField, "url", "link"))
	a.Published = strings.TrimSpace(get(stringOrNumber, "published", "date", "published_at", "publish_time", "pubdate"))
	a.Text = get(stringField, "text", "body", "content")
	a.Source = strings.TrimSpace(get(stringField, "source"))
	if err != nil {
		return schema.Article{}, err
	}
	for _, f := range []struct {
		dst  *[]string
		keys []string
	}{
		{&a.Keywords, []string{"keywords", "tags"}},
		{&a.Technologies, []string{"technologies"}},
		{&a.Industries, []string{"industries"}},
	} {
		for _, k := range f.keys {
			if v, ok := m[k]; ok && !isNull(v) {
				if *f.dst, err = listField(k, v); err != nil {
					return schema.Article{}, err
				}
				break
			}
		}
	}
	if strings.TrimSpace(a.ID) == "" {
		a.ID = "" // the sink derives one
	}
	if a.Title == "" && strings.TrimSpace(a.Text) == "" {
		return schema.Article{}, errNoText
	}
	return a, nil
}

func isNull(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "null" }

func stringField(m map[string]json.RawMessage, k string) (string, error) {
	var s string
	if err := json.Unmarshal(m[k], &s); err != nil {
		return "", &fieldError{k, "a string"}
	}
	return s, nil
}

// stringOrNumber accepts ids and dates given as numbers, keeping their
// digits as written.
func stringOrNumber(m map[string]json.RawMessage, k string) (string, error) {
	v := bytes.TrimSpace(m[k])
	if len(v) > 0 && (v[0] == '-' || v[0] >= '0' && v[0] <= '9') {
		return string(v), nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", &fieldError{k, "a string or a number"}
	}
	return s, nil
}

// listField accepts a list of strings, or one string to split.
func listField(k string, v json.RawMessage) ([]string, error) {
	var s string
	if err := json.Unmarshal(v, &s); err == nil {
		return splitList(s), nil
	}
	var list []*string
	if err := json.Unmarshal(v, &list); err != nil {
		return nil, &fieldError{k, "a string or a list of strings"}
	}
	items := make([]string, 0, len(list))
	for _, it := range list {
		if it != nil {
			items = append(items, *it)
		}
	}
	return cleanList(items), nil
}

func jsonKind(t []byte) string {
	if len(t) == 0 {
		return "nothing"
	}
	switch t[0] {
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}
