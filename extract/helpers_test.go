package extract

import (
	"bufio"
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"kg/schema"
)

// The tokenizer is loaded once per test binary by the package's own
// sync.Once; the Extractor without user files is shared as well.
var (
	testOnce sync.Once
	testX    *Extractor
	testErr  error
)

func testExtractor(tb testing.TB) *Extractor {
	tb.Helper()
	testOnce.Do(func() {
		testX, testErr = New(Options{})
		if testErr == nil {
			testErr = Warm()
		}
	})
	if testErr != nil {
		tb.Fatalf("New: %v", testErr)
	}
	return testX
}

func extractText(tb testing.TB, text string) schema.Document {
	tb.Helper()
	doc, err := testExtractor(tb).Extract(context.Background(), schema.Article{Text: text})
	if err != nil {
		tb.Fatalf("Extract(%q): %v", text, err)
	}
	return doc
}

// readCrawlerArticle reads the seed crawler format (标题: / 链接: / 总结: /
// 关键词: / AI技术: / 行业:); the body is the 总结 field. Tests read it
// themselves so that they do not depend on the reader package.
func readCrawlerArticle(tb testing.TB, path string) schema.Article {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	a := schema.Article{Source: path}
	list := func(v string) []string {
		var out []string
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch k {
		case "标题":
			a.Title = v
		case "链接":
			a.URL = v
		case "总结":
			a.Text = v
		case "关键词":
			a.Keywords = list(v)
		case "AI技术":
			a.Technologies = list(v)
		case "行业":
			a.Industries = list(v)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return a
}

// checkSpans verifies the offset contract of a document: every span lies
// within the text on code-point boundaries (spans are code-point indexes,
// so this is 0 <= start < end <= len), and statements quote their span.
func checkSpans(tb testing.TB, doc schema.Document) {
	tb.Helper()
	runes := []rune(doc.Text)
	n := len(runes)
	ok := func(what string, s schema.Span) {
		if s.Start < 0 || s.End > n || s.Start >= s.End {
			tb.Fatalf("%s: span %v outside a text of %d code points", what, s, n)
		}
	}
	ids := make(map[string]bool)
	for _, e := range doc.Entities {
		ids[e.ID] = true
		if e.ID != schema.EntityID(e.Type, e.Name) {
			tb.Errorf("entity %s %q: id %s is not EntityID", e.Type, e.Name, e.ID)
		}
		if len(e.Mentions) == 0 {
			tb.Errorf("entity %s %q has no mention", e.Type, e.Name)
		}
		if e.Confidence <= 0 || e.Confidence > 1 {
			tb.Errorf("entity %q confidence %v", e.Name, e.Confidence)
		}
		for _, m := range e.Mentions {
			ok("mention of "+e.Name, m)
		}
	}
	for _, r := range doc.Relations {
		if !ids[r.Source] || !ids[r.Target] {
			tb.Errorf("relation %s %s→%s: unknown entity", r.Type, r.Source, r.Target)
		}
		src, _ := doc.EntityByID(r.Source)
		dst, _ := doc.EntityByID(r.Target)
		if !r.Type.Allows(src.Type, dst.Type) {
			tb.Errorf("relation %s %s→%s not allowed by the ontology", r.Type, src.Type, dst.Type)
		}
		if len(r.Evidence) == 0 || r.Confidence <= 0 || r.Confidence > 1 {
			tb.Errorf("relation %s %q→%q: evidence %v, confidence %v", r.Type, src.Name, dst.Name, r.Evidence, r.Confidence)
		}
		for _, s := range r.Evidence {
			ok("evidence of "+string(r.Type), s)
		}
	}
	for _, s := range doc.Statements {
		ok("statement", schema.Span{Start: s.Start, End: s.End})
		if !ids[s.Speaker] {
			tb.Errorf("statement speaker %s is no entity", s.Speaker)
		}
		if got := string(runes[s.Start:s.End]); got != s.Text {
			tb.Fatalf("statement text %q is not its span %q", s.Text, got)
		}
	}
	if !utf8.ValidString(doc.Extractor) || doc.Extractor != Version {
		tb.Errorf("extractor %q", doc.Extractor)
	}
}
