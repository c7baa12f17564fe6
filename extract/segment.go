package extract

import (
	"fmt"
	"sync"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// The package's only global state: the embedded lexicon and the gse
// segmenter, each built once per process on first use and read-only
// afterwards (concurrent Segment calls on a built segmenter are safe).
// The lexicon is cheap and needed by New; the segmenter costs about a
// second and 200 MB, so it waits for the first Extract.
var (
	lexOnce sync.Once
	lexVal  *lexicon
	lexErr  error
	segOnce sync.Once
	segVal  *gse.Segmenter
	segErr  error
)

func embeddedLexicon() (*lexicon, error) {
	lexOnce.Do(func() { lexVal, lexErr = loadEmbeddedLexicon() })
	return lexVal, lexErr
}

// segmenter returns the shared gse segmenter. The project lexicon is
// loaded into it before gse's own simplified-Chinese dictionary, so our
// names win (gse keeps the first entry of a duplicate word) and come out as
// whole tokens. gse's HMM is never used, so its model is not loaded, which
// also avoids gse's package-level HMM state.
func segmenter() (*gse.Segmenter, error) {
	segOnce.Do(func() {
		lx, err := embeddedLexicon()
		if err != nil {
			segErr = err
			return
		}
		segVal, segErr = buildSegmenter(lx)
	})
	return segVal, segErr
}

// buildSegmenter makes a gse segmenter whose dictionary holds the
// lexicon's words first and then gse's simplified-Chinese dictionary.
func buildSegmenter(lx *lexicon) (*gse.Segmenter, error) {
	seg := &gse.Segmenter{SkipLog: true, NotLoadHMM: true}
	// Our words go straight into the dictionary, before gse's own, and
	// the path costs are computed once by LoadDictEmbed (LoadDictStr
	// would compute them twice, which is most of the load time).
	seg.Dict = gse.NewDict()
	seg.Init()
	for _, w := range lx.gseWords() {
		if err := seg.Dict.AddToken(seg.ToToken(w.text, 2000, w.pos)); err != nil {
			return nil, fmt.Errorf("tokenizer: project lexicon word %q: %w", w.text, err)
		}
	}
	if err := seg.LoadDictEmbed("zh_s"); err != nil {
		return nil, fmt.Errorf("tokenizer: gse dictionary: %w", err)
	}
	return seg, nil
}

// token is one gse token as a code-point range of the text with its
// jieba part-of-speech tag ("x" for unknown characters and punctuation).
type token struct {
	start, end int
	pos        string
}

func (tk token) span() span { return span{tk.start, tk.end} }

// tokenize segments the folded text. gse reports byte offsets into what it
// was given; they are converted to code points so tokens line up with
// every other span.
func tokenize(seg *gse.Segmenter, folded string) []token {
	if folded == "" {
		return nil
	}
	segs := seg.Segment([]byte(folded))
	out := make([]token, 0, len(segs))
	b, r := 0, 0 // byte and code-point cursors into folded
	for i := range segs {
		s := &segs[i]
		for b < s.Start() && b < len(folded) {
			_, n := utf8.DecodeRuneInString(folded[b:])
			b += n
			r++
		}
		start := r
		for b < s.End() && b < len(folded) {
			_, n := utf8.DecodeRuneInString(folded[b:])
			b += n
			r++
		}
		if r > start {
			out = append(out, token{start: start, end: r, pos: s.Token().Pos()})
		}
	}
	return out
}
