package reader

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Format is an input format.
type Format int

// The formats. Auto detects the format from the content, with the file
// name's extension as a hint.
const (
	Auto Format = iota
	Crawler
	PlainText
	Markdown
	HTML
	JSON      // one object, an array, a sequence of objects, or JSON Lines
	JSONLines // one object per line, streamed
)

var formatNames = [...]string{"auto", "crawler", "text", "markdown", "html", "json", "jsonl"}

func (f Format) String() string {
	if f >= 0 && int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// ParseFormat accepts the names that String returns (for a --format flag).
func ParseFormat(s string) (Format, error) {
	for i, n := range formatNames {
		if strings.EqualFold(s, n) {
			return Format(i), nil
		}
	}
	return Auto, fmt.Errorf("unknown input format %q (want one of %s)", s, strings.Join(formatNames[:], ", "))
}

// IsArticleFile reports whether Walk reads a file of this name when it
// meets it inside a directory: not hidden, and with one of the extensions
// .txt .text .md .markdown .html .htm .xhtml .json .jsonl .ndjson.
func IsArticleFile(name string) bool {
	base := filepath.Base(name)
	if strings.HasPrefix(base, ".") {
		return false
	}
	switch strings.ToLower(filepath.Ext(base)) {
	case ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson":
		return true
	}
	return false
}

// detect picks the format of an input from its name and its first bytes,
// already decoded to UTF-8 (possibly cut in the middle of a line). Content
// that is unmistakable (a JSON object or array, the crawler keys, an HTML
// document) wins over the extension, since crawler output is saved as .txt
// and JSON as anything; otherwise the extension decides, and plain text is
// the fallback.
func detect(name string, head []byte) Format {
	ext := strings.ToLower(filepath.Ext(name))
	switch ext {
	case ".jsonl", ".ndjson":
		return JSONLines
	case ".json":
		return JSON
	}
	t := bytes.TrimLeft(head, " \t\r\n\ufeff")
	switch {
	case len(t) == 0:
		// Blank so far; the extension still tells Markdown or HTML, and
		// blank input of any format reads as no articles.
	case t[0] == '{':
		return JSON
	case t[0] == '[':
		if u := bytes.TrimLeft(t[1:], " \t\r\n"); len(u) > 0 && (u[0] == '{' || u[0] == ']') {
			return JSON
		}
	}
	if _, _, ok := crawlerKey(string(firstLine(t))); ok {
		return Crawler
	}
	switch ext {
	case ".html", ".htm", ".xhtml":
		return HTML
	case ".md", ".markdown":
		return Markdown
	}
	if looksHTML(t) {
		return HTML
	}
	if l := string(firstLine(t)); atxLevel(l) == 1 {
		return Markdown
	}
	return PlainText
}

func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i]
	}
	return b
}

// looksHTML reports whether text starting with '<' is an HTML document or
// fragment rather than text that happens to start with a bracket.
func looksHTML(t []byte) bool {
	if len(t) == 0 || t[0] != '<' {
		return false
	}
	low := bytes.ToLower(t[:min(len(t), 4096)])
	for _, m := range []string{"<!doctype html", "<html", "<head", "<body", "<title", "<meta", "<article", "<div", "<p>", "<p ", "<h1", "<br"} {
		if bytes.Contains(low, []byte(m)) {
			return true
		}
	}
	return false
}

// atxLevel returns the level of a Markdown ATX heading line ("## x" is 2),
// or 0 when the line is not one.
func atxLevel(line string) int {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n == 0 || n > 6 {
		return 0
	}
	if n == len(line) || line[n] == ' ' || line[n] == '\t' {
		return n
	}
	return 0
}

// validUTF8Prefix reports whether b is valid UTF-8 but for a rune cut off
// at its end (b may be the first bytes of a longer input).
func validUTF8Prefix(b []byte) bool {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				b = b[:i]
			}
			break
		}
	}
	return utf8.Valid(b)
}
