package extract

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"kg/extract/internal/gsedict"
)

// The reference for the segmenter: gse's own, with the lexicon's words
// loaded before gse's dictionary, as the extractor used it before it had a
// segmenter of its own. Built once per test binary (a few seconds).
var (
	gseOnce sync.Once
	gseSeg  *gse.Segmenter
	gseErr  error
)

func gseReference(tb testing.TB) *gse.Segmenter {
	tb.Helper()
	gseOnce.Do(func() {
		lx, err := embeddedLexicon()
		if err != nil {
			gseErr = err
			return
		}
		seg := &gse.Segmenter{SkipLog: true, NotLoadHMM: true}
		seg.Dict = gse.NewDict()
		seg.Init()
		for _, w := range lx.gseWords() {
			if err := seg.Dict.AddToken(seg.ToToken(w.text, lexiconWordFreq, w.pos)); err != nil {
				gseErr = fmt.Errorf("lexicon word %q: %w", w.text, err)
				return
			}
		}
		gseErr = seg.LoadDictEmbed("zh_s")
		gseSeg = seg
	})
	if gseErr != nil {
		tb.Fatalf("gse reference segmenter: %v", gseErr)
	}
	return gseSeg
}

// gseTokens segments folded text with gse and converts its byte offsets
// to code points.
func gseTokens(seg *gse.Segmenter, folded []rune) []token {
	s := string(folded)
	var out []token
	b, r := 0, 0
	for _, sg := range seg.Segment([]byte(s)) {
		for b < sg.Start() {
			_, n := utf8.DecodeRuneInString(s[b:])
			b += n
			r++
		}
		start := r
		for b < sg.End() {
			_, n := utf8.DecodeRuneInString(s[b:])
			b += n
			r++
		}
		out = append(out, token{start: start, end: r, pos: sg.Token().Pos()})
	}
	return out
}

// sameTokens fails with the first token where the segmenter and gse differ.
func sameTokens(t *testing.T, seg *segDict, ref *gse.Segmenter, text string) {
	t.Helper()
	f := foldRunes([]rune(text))
	got, want := seg.tokenize(f, nil), gseTokens(ref, f)
	if slices.Equal(got, want) {
		return
	}
	show := func(tk token) string { return fmt.Sprintf("%q/%s", string(f[tk.start:tk.end]), tk.pos) }
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Fatalf("text %q: token %d is %s, gse gives %s", text, i, show(got[i]), show(want[i]))
		}
	}
	t.Fatalf("text %q: %d tokens, gse gives %d", text, len(got), len(want))
}

// segTestTexts are the seed article, the rule fixtures and generated
// lines: random runs of gse's words, the lexicon's names, single
// characters, punctuation, Latin words in mixed case, digits and letters
// beyond ASCII that gse groups with Latin ones (é, ü, Greek, ²).
func segTestTexts(t *testing.T) []string {
	texts := []string{readCrawlerArticle(t, "testdata/seed_article.txt").Text}
	raw, err := os.ReadFile("testdata/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []ruleCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		texts = append(texts, c.Text)
	}
	zh, err := gsedict.ZhS()
	if err != nil {
		t.Fatal(err)
	}
	lx, err := embeddedLexicon()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range lx.entries {
		names = append(names, e.name)
		names = append(names, e.aliases...)
	}
	odd := []string{"，", "。", "、", "：", "“", "”", "《", "》", "（", "）", " ", "\n", "·", "-", "+", "%",
		"GPT-4o", "DeepSeek", "iPhone", "AI", "5G", "2024年", "3.5", "Ⅲ", "²", "é", "über", "αβγ", "Σ",
		"ｏｐｅｎ", "華為", "😀", "\u00a0", "①", "〇", "の", "한"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		var sb strings.Builder
		for range 1 + rng.IntN(30) {
			switch k := rng.IntN(10); {
			case k < 5:
				sb.Write(zh.Word(rng.IntN(zh.Len())))
			case k < 7:
				sb.WriteString(names[rng.IntN(len(names))])
			case k < 9:
				sb.WriteString(odd[rng.IntN(len(odd))])
			default:
				w := []rune(string(zh.Word(rng.IntN(zh.Len()))))
				sb.WriteRune(w[rng.IntN(len(w))])
			}
		}
		texts = append(texts, sb.String())
	}
	return texts
}

func TestSegmenterMatchesGse(t *testing.T) {
	seg, err := segmenter()
	if err != nil {
		t.Fatal(err)
	}
	ref := gseReference(t)
	texts := segTestTexts(t)
	for _, s := range texts {
		sameTokens(t, seg, ref, s)
	}
	// The lexicon's names must come out whole, as the rules rely on.
	f := foldRunes([]rune("月之暗面与北京大学"))
	if got := seg.tokenize(f, nil); len(got) != 3 || got[0].end != 4 || got[2].start != 5 {
		t.Errorf("lexicon names split: %v", got)
	}
}

func FuzzSegmenter(f *testing.F) {
	for _, s := range []string{"北京大学武汉人工智能研究院", "GPT-4o发布", "ÀÉ²αβ中文", "\xff\xfe", "", "a", "１２３ＡＢＣ"} {
		f.Add(s)
	}
	seg, err := segmenter()
	if err != nil {
		f.Fatal(err)
	}
	ref := gseReference(f)
	f.Fuzz(func(t *testing.T, s string) {
		sameTokens(t, seg, ref, s)
	})
}

// BenchmarkTokenize measures the segmenter alone on the benchmark
// articles, BenchmarkTokenizeGse gse on the same text.
func BenchmarkTokenize(b *testing.B) {
	seg, err := segmenter()
	if err != nil {
		b.Fatal(err)
	}
	benchTokenize(b, func(f []rune) int { return len(seg.tokenize(f, nil)) })
}

func BenchmarkTokenizeGse(b *testing.B) {
	ref := gseReference(b)
	benchTokenize(b, func(f []rune) int { return len(gseTokens(ref, f)) })
}

func benchTokenize(b *testing.B, tokenize func([]rune) int) {
	arts, size := benchArticles(b)
	var texts [][]rune
	for _, a := range arts {
		texts = append(texts, foldRunes([]rune(a.Text)))
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, f := range texts {
			if tokenize(f) == 0 {
				b.Fatal("no tokens")
			}
		}
	}
}
