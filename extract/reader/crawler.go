package reader

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"kg/schema"
)

// crawlerField is the Article field a crawler key fills.
type crawlerField int

const (
	fieldTitle crawlerField = iota
	fieldURL
	fieldText
	fieldKeywords
	fieldTechnologies
	fieldIndustries
	fieldPublished
	numFields
)

var crawlerKeys = []struct {
	key   string
	field crawlerField
}{
	{"标题", fieldTitle},
	{"链接", fieldURL},
	{"总结", fieldText},
	{"关键词", fieldKeywords},
	{"AI技术", fieldTechnologies},
	{"行业", fieldIndustries},
	{"发布时间", fieldPublished},
}

// crawlerKey recognises a line "KEY: value" (ASCII or full-width colon,
// optional spaces around it) and returns the field and the value, without
// the blanks that separate it from the colon.
func crawlerKey(line string) (crawlerField, string, bool) {
	l := strings.TrimLeft(line, " \t\ufeff")
	for _, k := range crawlerKeys {
		rest, ok := strings.CutPrefix(l, k.key)
		if !ok {
			continue
		}
		rest = strings.TrimLeft(rest, " \t")
		if v, ok := strings.CutPrefix(rest, ":"); ok {
			return k.field, strings.TrimLeft(v, " \t\u3000"), true
		}
		if v, ok := strings.CutPrefix(rest, "："); ok {
			return k.field, strings.TrimLeft(v, " \t\u3000"), true
		}
	}
	return 0, "", false
}

// crawlerRecord gathers the lines of one article.
type crawlerRecord struct {
	start   int // line of its first line, 0 while empty
	seen    [numFields]bool
	values  [numFields]string
	text    []string // the 总结 value and the lines without a key, in order
	size    int64
	tooLong bool
	bad     error // the first line that could not be decoded: the article is lost
	badLine int
}

// readCrawler streams articles in the crawler format. Each record is held
// in memory up to the limit; a larger one is skipped and reported.
func readCrawler(s *sink, lr *lineReader, dec *textDecoder) {
	var rec crawlerRecord
	afterBlank := false // the line before was blank
	flush := func() bool {
		r := rec
		rec = crawlerRecord{}
		if r.start == 0 {
			return true
		}
		if r.bad != nil {
			return s.fail(r.badLine, r.bad)
		}
		if r.tooLong {
			return s.fail(r.start, fmt.Errorf("%w: the article is over the limit of %s for one record", ErrTooLarge, sizeOf(lr.max)))
		}
		a := r.article()
		if a.Title == "" && a.Text == "" {
			return s.fail(r.start, fmt.Errorf("article has neither 标题 nor 总结"))
		}
		return s.article(r.start, a)
	}
	for s.live() {
		raw, tooLong, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			flush()
			s.fail(lr.line+1, fmt.Errorf("read: %w", err))
			return
		}
		if tooLong {
			if rec.start == 0 {
				rec.start = lr.line
			}
			rec.tooLong = true
			continue
		}
		line, _, err := dec.decode(raw)
		if err != nil {
			// The line is lost, and with it the article it belongs to
			// (whose fields it may hold): the article is reported at
			// this line, and reading goes on with the next article.
			if rec.start == 0 {
				rec.start = lr.line
			}
			if rec.bad == nil {
				rec.bad, rec.badLine = err, lr.line
			}
			continue
		}
		line = strings.ReplaceAll(line, "\r", "\n")
		field, value, isKey := crawlerKey(line)
		if isKey && rec.start != 0 && rec.startsWith(field, afterBlank) {
			if !flush() {
				return
			}
		}
		afterBlank = !isKey && strings.TrimSpace(line) == ""
		if rec.start == 0 {
			if !isKey && strings.TrimSpace(line) == "" {
				continue // blank lines between articles
			}
			rec.start = lr.line
		}
		rec.size += int64(len(raw)) + 1
		if rec.size > lr.max {
			rec.tooLong = true
		}
		if rec.tooLong {
			rec.text, rec.values = nil, [numFields]string{}
			if isKey {
				rec.seen[field] = true
			}
			continue
		}
		switch {
		case !isKey:
			rec.text = append(rec.text, line)
		case field == fieldText:
			rec.seen[field] = true
			rec.text = append(rec.text, value)
		default:
			rec.seen[field] = true
			rec.values[field] = value
		}
	}
	flush()
}

// startsWith reports whether a key line begins the next article rather
// than continuing this one. Crawlers write the keys in different orders
// (标题 then 链接, or 链接 then 标题) and leave some out, so: a key this
// article already has, or 标题 once it has a title or text, or 链接 after a
// blank line once it has them. Otherwise the 链接 that opens the next
// article would end up in this one, giving it the wrong URL and id.
func (r *crawlerRecord) startsWith(f crawlerField, afterBlank bool) bool {
	if r.seen[f] {
		return true
	}
	body := r.seen[fieldTitle] || r.seen[fieldText] || len(r.text) > 0
	return body && (f == fieldTitle || f == fieldURL && afterBlank)
}

func (r *crawlerRecord) article() schema.Article {
	return schema.Article{
		Title:        strings.TrimSpace(r.values[fieldTitle]),
		URL:          strings.TrimSpace(r.values[fieldURL]),
		Published:    strings.TrimSpace(r.values[fieldPublished]),
		Keywords:     splitList(r.values[fieldKeywords]),
		Technologies: splitList(r.values[fieldTechnologies]),
		Industries:   splitList(r.values[fieldIndustries]),
		Text:         strings.TrimSpace(strings.Join(r.text, "\n")),
	}
}

// listSeparators are the marks that separate items of a list value.
const listSeparators = ",，、;；|｜"

// splitList splits a list value such as "人工智能,  智能制造,  大模型".
// Spaces separate items only when every space-separated part holds a Han
// character ("人工智能 大模型"), so that "Geoffrey Hinton" stays whole.
func splitList(s string) []string {
	var parts []string
	if strings.ContainsAny(s, listSeparators) {
		parts = strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(listSeparators, r) })
	} else {
		parts = strings.Fields(s)
		for _, p := range parts {
			if !strings.ContainsFunc(p, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				parts = []string{s}
				break
			}
		}
	}
	return cleanList(parts)
}

// cleanList trims items and drops empty ones, the "nan" that pandas writes
// for a missing value, and repeats.
func cleanList(items []string) []string {
	var out []string
	seen := make(map[string]bool, len(items))
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" || strings.EqualFold(it, "nan") || seen[it] {
			continue
		}
		seen[it] = true
		out = append(out, it)
	}
	return out
}
