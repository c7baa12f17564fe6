package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"kg/schema"
)

// TestDeterministicAndConcurrent extracts the seed article from several
// goroutines at once (run with -race) and requires byte-identical JSON.
func TestDeterministicAndConcurrent(t *testing.T) {
	a, _ := loadSeed(t)
	x := testExtractor(t)
	first, err := x.Extract(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(first)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			doc, err := x.Extract(context.Background(), a)
			if err != nil {
				errs <- err
				return
			}
			got, _ := json.Marshal(doc)
			if !bytes.Equal(got, want) {
				errs <- errors.New("a concurrent extraction differs from the first")
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestDocumentCarriesArticle(t *testing.T) {
	a := schema.Article{ID: "a1", Title: "标题", URL: "https://example.com/1", Source: "x.txt",
		Keywords: []string{"人工智能"}, Text: "  雷军在北京表示，小米将加大投入。  "}
	doc, err := testExtractor(t).Extract(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	if doc.ID != "a1" || doc.Text != a.Text || doc.Title != a.Title || doc.Extractor != Version {
		t.Errorf("document does not echo its article: %+v", doc.Article)
	}
	checkSpans(t, doc)
	if doc.Entities == nil || doc.Relations == nil || doc.Statements == nil || doc.Keywords == nil || doc.Technologies == nil || doc.Industries == nil {
		t.Error("empty lists must be [] in JSON, not null")
	}
}

func TestEdgeInputs(t *testing.T) {
	for _, text := range []string{"", " ", "\n\n", "。。。", "“", "《", "王", "记者", "：：：", "a", "\xff\xfe无效字节",
		strings.Repeat("哈", 5000), strings.Repeat("马修军：", 200), "（长江日报记者", "【编辑：", "“人工智能+”"} {
		doc := extractText(t, text)
		checkSpans(t, doc)
	}
}

// TestNoQuadraticBlowup feeds long repetitive texts that once made rules
// quadratic (every 马修军表示， quoting the rest of the text); each must
// finish in well under the bound even on a busy machine.
func TestNoQuadraticBlowup(t *testing.T) {
	inputs := map[string]string{
		"speech":   strings.Repeat("马修军表示，", 5000),
		"turns":    strings.Repeat("马修军：好。", 5000),
		"chain":    strings.Repeat("北京大学教授、", 3000) + "马修军",
		"list":     strings.Repeat("王小明、", 5000),
		"quotes":   strings.Repeat("“", 3000) + strings.Repeat("”马修军表示", 2000),
		"heads":    strings.Repeat("我国为何要开展？", 4000),
		"orgs":     strings.Repeat("北京市数字经济研究院", 3000),
		"nocut":    strings.Repeat("哈", 60000),
		"dots":     strings.Repeat("斯·", 10000),
		"titles":   strings.Repeat("副院长、", 5000),
		"latin":    strings.Repeat("GPT-4o ", 5000),
		"brackets": strings.Repeat("（记者", 5000),
	}
	for name, s := range inputs {
		start := time.Now()
		doc := extractText(t, s)
		checkSpans(t, doc)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: %d code points took %v", name, len([]rune(s)), d)
		}
	}
}

func TestCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := testExtractor(t).Extract(ctx, schema.Article{Text: "雷军"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Extract on a cancelled context: %v", err)
	}
}

func TestZeroExtractor(t *testing.T) {
	var x *Extractor
	if _, err := x.Extract(context.Background(), schema.Article{Text: "雷军"}); err == nil {
		t.Error("a nil Extractor must refuse to work")
	}
}

// TestUserLexicon: the user's file adds names, blocks others and wins over
// the project's lexicon for the same span; errors name file and line.
func TestUserLexicon(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "mine.tsv")
	os.WriteFile(good, []byte("# my names\n星河智联\tCompany\t星河|XingHe AI\n小米\tInstitution\n雷军\t-\n"), 0o644)
	x, err := New(Options{LexiconFiles: []string{good}})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := x.Extract(context.Background(), schema.Article{Text: "XingHe AI（星河智联）与小米合作，雷军出席。星河称…"})
	if err != nil {
		t.Fatal(err)
	}
	checkSpans(t, doc)
	got := map[string]schema.EntityType{}
	for _, e := range doc.Entities {
		got[e.Name] = e.Type
	}
	if got["星河智联"] != schema.Company {
		t.Errorf("user entry not found: %v", got)
	}
	for _, e := range doc.Entities {
		if e.Name == "星河智联" && len(e.Mentions) != 3 {
			t.Errorf("星河智联 mentions %v, want its name and both aliases", e.Mentions)
		}
	}
	if got["小米"] != schema.Institution {
		t.Errorf("the user's type must win for 小米: %v", got)
	}
	if _, ok := got["雷军"]; ok {
		t.Errorf("雷军 is blocked by the user's lexicon: %v", got)
	}
	// The shared lexicon is untouched by another Extractor's files.
	if d := extractText(t, "雷军来了。"); len(d.Entities) == 0 || d.Entities[0].Name != "雷军" {
		t.Errorf("default extractor changed: %+v", d.Entities)
	}

	bad := []struct{ body, want string }{
		{"a\tRobot\n", "bad.tsv:1"},
		{"# c\n\nname only\n", "bad.tsv:3"},
		{"x\tPerson\t\tWORKS_AT\n", "bad.tsv:1"},
		{"x\tPerson\t\tWORKS_AT:没有这家公司\n", "bad.tsv:1"},
		{"\tCompany\n", "bad.tsv:1"},
	}
	for _, b := range bad {
		p := filepath.Join(dir, "bad.tsv")
		os.WriteFile(p, []byte(b.body), 0o644)
		_, err := New(Options{LexiconFiles: []string{p}})
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("lexicon %q: error %v, want one naming %s", b.body, err, b.want)
		}
	}
	if _, err := New(Options{LexiconFiles: []string{filepath.Join(dir, "missing.tsv")}}); err == nil ||
		!strings.Contains(err.Error(), "missing.tsv") {
		t.Errorf("missing file: %v", err)
	}
}

// TestEmbeddedLexiconValid checks every embedded file: parseable, no
// entry whose alias belongs to another entry of the same type.
func TestEmbeddedLexiconValid(t *testing.T) {
	lx, err := embeddedLexicon()
	if err != nil {
		t.Fatal(err)
	}
	if len(lx.entries) < 1000 {
		t.Errorf("only %d lexicon entries", len(lx.entries))
	}
	seen := map[string]string{}
	for _, e := range lx.entries {
		for _, n := range append([]string{e.name}, e.aliases...) {
			k := string(e.typ) + "/" + fold(n)
			if prev, ok := seen[k]; ok && prev != e.name {
				t.Errorf("%s: %q names both %q and %q", e.src, n, prev, e.name)
			}
			seen[k] = e.name
		}
	}
}
