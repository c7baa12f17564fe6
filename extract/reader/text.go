package reader

import (
	"strings"
	"unicode/utf8"

	"kg/schema"
)

// maxTitleRunes is the longest first line that plain text may use as title.
const maxTitleRunes = 60

// parsePlain reads plain text: a short first line that does not end like a
// sentence or clause, followed by more text, is the title.
func parsePlain(text string) schema.Article {
	first, rest := cutFirstLine(strings.TrimLeft(text, "\n"))
	if t := strings.TrimSpace(first); isTitleLine(t) && strings.TrimSpace(rest) != "" {
		return schema.Article{Title: t, Text: strings.TrimSpace(rest)}
	}
	return schema.Article{Text: strings.TrimSpace(text)}
}

func cutFirstLine(s string) (line, rest string) {
	line, rest, _ = strings.Cut(s, "\n")
	return line, rest
}

// isTitleLine reports whether a (trimmed) line can be a title: short, and
// not ending like a statement or an unfinished clause. Question and
// exclamation marks are allowed, as news titles often end with them.
func isTitleLine(t string) bool {
	if t == "" || utf8.RuneCountInString(t) > maxTitleRunes {
		return false
	}
	t = strings.TrimRight(t, "”’」』）)\"'")
	r, _ := utf8.DecodeLastRuneInString(t)
	return !strings.ContainsRune("。．.，,；;：:、…", r)
}

// parseMarkdown reads Markdown: front matter and a leading level-1 heading
// give the title; the body keeps its lines with simple markup removed.
func parseMarkdown(text string) schema.Article {
	var a schema.Article
	text = frontMatter(text, &a)
	body := strings.TrimLeft(text, " \t\n")
	first, rest := cutFirstLine(body)
	if a.Title == "" {
		switch {
		case atxLevel(strings.TrimSpace(first)) == 1:
			a.Title = stripInline(headingText(strings.TrimSpace(first)))
			body = rest
		case isSetextH1(rest):
			a.Title = stripInline(strings.TrimSpace(first))
			_, body = cutFirstLine(rest)
		}
	}
	a.Text = stripMarkdown(body)
	return a
}

func isSetextH1(rest string) bool {
	next, _ := cutFirstLine(rest)
	next = strings.TrimSpace(next)
	return next != "" && strings.Trim(next, "=") == ""
}

// headingText is the text of an ATX heading line, without its marks.
func headingText(line string) string {
	t := strings.TrimLeft(line, "#")
	t = strings.TrimSpace(t)
	if u := strings.TrimRight(t, "#"); u != t && (u == "" || strings.HasSuffix(u, " ") || strings.HasSuffix(u, "\t")) {
		t = strings.TrimSpace(u) // a closing sequence "## x ##"
	}
	return t
}

// frontMatter reads a leading "---" block of "key: value" lines into a and
// returns the text after it. Only flat keys are understood: title, date or
// published, url or link, tags or keywords (inline "[a, b]", "a, b", or
// "- item" lines under the key).
func frontMatter(text string, a *schema.Article) string {
	first, rest := cutFirstLine(text)
	if strings.TrimSpace(first) != "---" {
		return text
	}
	var lines []string
	body, found := "", false
	for rest != "" {
		var l string
		l, rest = cutFirstLine(rest)
		if t := strings.TrimSpace(l); t == "---" || t == "..." {
			body, found = rest, true
			break
		}
		lines = append(lines, l)
	}
	if !found {
		return text // not front matter after all
	}
	listKey := ""
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if item, ok := strings.CutPrefix(t, "- "); ok && listKey != "" {
			a.Keywords = cleanList(append(a.Keywords, unquote(item)))
			continue
		}
		key, value, ok := strings.Cut(t, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		value = strings.TrimSpace(value)
		listKey = ""
		switch key {
		case "title":
			a.Title = unquote(value)
		case "date", "published":
			a.Published = unquote(value)
		case "url", "link":
			a.URL = unquote(value)
		case "tags", "keywords":
			if value == "" {
				listKey = key
				continue
			}
			value = strings.TrimSuffix(strings.TrimPrefix(value, "["), "]")
			var items []string
			for _, it := range splitList(value) {
				items = append(items, unquote(it))
			}
			a.Keywords = cleanList(append(a.Keywords, items...))
		}
	}
	return body
}

func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		return s[1 : len(s)-1]
	}
	return s
}

// stripMarkdown removes simple block markup line by line; code blocks keep
// their content without the fences. Runs of blank lines become one.
func stripMarkdown(body string) string {
	lines := strings.Split(body, "\n")
	out := lines[:0]
	inFence := false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			inFence = !inFence
			continue
		}
		if inFence {
			out = append(out, l)
			continue
		}
		switch {
		case atxLevel(t) > 0:
			l = headingText(t)
		case isRule(t):
			l = ""
		default:
			for strings.HasPrefix(t, ">") {
				t = strings.TrimSpace(t[1:])
				l = t
			}
		}
		l = stripInline(l)
		if strings.TrimSpace(l) == "" && len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
			continue // removed markup leaves runs of blank lines: keep one
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// isRule reports a thematic break or a setext underline: three or more of
// one of = - * _ and nothing else but spaces.
func isRule(t string) bool {
	t = strings.ReplaceAll(t, " ", "")
	if len(t) < 3 {
		return false
	}
	return strings.Contains("=-*_", t[:1]) && strings.Trim(t, t[:1]) == ""
}

// stripInline reduces links and images to their text and removes strong
// emphasis marks and code backticks.
func stripInline(s string) string {
	if !strings.ContainsAny(s, "[*`") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	// closeAt and parenAt cache the next ']' and ')' (len(s) when there is
	// none), so that a line of many '[' is read once, not once per '['.
	closeAt, parenAt := -1, -1
	link := func(i int) (text string, end int, ok bool) {
		if closeAt < i {
			closeAt = indexFrom(s, i, ']')
		}
		if closeAt+1 >= len(s) || s[closeAt+1] != '(' {
			return "", 0, false
		}
		if parenAt < closeAt+2 {
			parenAt = indexFrom(s, closeAt+2, ')')
		}
		if parenAt >= len(s) {
			return "", 0, false
		}
		return s[i+1 : closeAt], parenAt + 1, true
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '!' && i+1 < len(s) && s[i+1] == '[':
			if text, end, ok := link(i + 1); ok {
				b.WriteString(text)
				i = end
				continue
			}
		case c == '[':
			if text, end, ok := link(i); ok {
				b.WriteString(text)
				i = end
				continue
			}
		case c == '*' && i+1 < len(s) && s[i+1] == '*':
			i += 2
			continue
		case c == '`':
			i++
			continue
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// indexFrom returns the index of the first c in s at or after from, or
// len(s).
func indexFrom(s string, from int, c byte) int {
	if j := strings.IndexByte(s[from:], c); j >= 0 {
		return from + j
	}
	return len(s)
}
