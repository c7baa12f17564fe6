package extract

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"kg/schema"
)

// benchArticles are the test fixtures: the seed article and the rule cases.
func benchArticles(b *testing.B) ([]schema.Article, int) {
	a := readCrawlerArticle(b, "testdata/seed_article.txt")
	arts := []schema.Article{a}
	raw, err := os.ReadFile("testdata/cases.json")
	if err != nil {
		b.Fatal(err)
	}
	var cases []ruleCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	for _, c := range cases {
		sb.WriteString(c.Text)
		sb.WriteString("\n")
	}
	arts = append(arts, schema.Article{Text: sb.String()})
	size := 0
	for _, a := range arts {
		size += len(a.Text)
	}
	return arts, size
}

// BenchmarkExtract measures extraction throughput (MB/s of article text)
// after the tokenizer and lexicon are loaded.
func BenchmarkExtract(b *testing.B) {
	x := testExtractor(b)
	arts, size := benchArticles(b)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range arts {
			if _, err := x.Extract(context.Background(), a); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkRules measures kg's own passes alone (candidates, choice,
// resolution, relations, statements) over texts segmented beforehand,
// the part of Extract that BenchmarkTokenize leaves out.
func BenchmarkRules(b *testing.B) {
	x := testExtractor(b)
	arts, size := benchArticles(b)
	seg, err := segmenter()
	if err != nil {
		b.Fatal(err)
	}
	texts := make([]*text, len(arts))
	for i, a := range arts {
		texts[i] = newText(seg, a.Text, nil)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k, t := range texts {
			x.pipeline(t, arts[k])
		}
	}
}

// BenchmarkLoad measures loading the lexicon and building the segmenter
// over it and gse's dictionary (what a process pays before its first
// Extract).
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		lx, err := loadEmbeddedLexicon()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := buildSegmenter(lx); err != nil {
			b.Fatal(err)
		}
	}
}
