// Package extract turns an article into a knowledge-graph document: the
// people, organisations, products, technologies, policies, places and job
// titles it names, the relations between them and what people said, every
// fact with the code-point spans of its evidence in the article's text.
//
// Extraction is rule-based and explainable: the tokens and part-of-speech
// tags of gse's segmentation (kg's own code over gse's dictionary, see
// segment.go), the project's lexicon (embedded data files, see lexicon/) plus the
// user's, and patterns for names, organisation suffixes, job-title chains,
// relation verbs and interview turns. It is deterministic and does no I/O
// beyond reading its own embedded data.
package extract

import (
	"context"
	"fmt"
	"os"
	"sync"

	"kg/schema"
)

// Version names the extractor in every Document it produces.
const Version = "kg-extract/0.1"

// maxPooledText is the longest article text, in bytes, whose working
// arrays an Extractor keeps for the next article: news articles are a few
// kilobytes, and the reader's limit per article is 2 MiB.
const maxPooledText = 256 << 10

// Options configures an Extractor.
type Options struct {
	// LexiconFiles are the user's own lexicon files, in the format of the
	// embedded ones: UTF-8 text, one entity per line,
	//
	//	canonical name <TAB> type [<TAB> alias|alias… [<TAB> REL:target[:title]|…]]
	//
	// where type is an entity type in any spelling ParseEntityType accepts
	// (Company, COMPANY, 企业; Title for job titles) or "-" for a name
	// that must never be extracted, and the optional links state facts
	// such as AFFILIATED_WITH:小米 that become relations when both ends
	// appear in one sentence. Blank lines and # comments are ignored.
	// Names match after folding width, Latin case and common traditional
	// characters. The user's entries win over the project's for the same
	// span; a longer name wins over a shorter one.
	LexiconFiles []string
}

// Extractor extracts documents from articles. It is safe for concurrent
// use; it holds only the user's lexicon, the rest is shared read-only.
type Extractor struct {
	base *lexicon
	user *lexicon
	bufs sync.Pool // of *textBufs
}

// New returns an Extractor with the project's lexicon and the user's
// lexicon files. A malformed file is reported with its name and line. The
// tokenizer is loaded by the first Extract, not here.
func New(opts Options) (*Extractor, error) {
	base, err := embeddedLexicon()
	if err != nil {
		return nil, err
	}
	var entries []lexEntry
	for _, name := range opts.LexiconFiles {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("lexicon %s: %w", name, err)
		}
		es, err := parseLexicon(f, name)
		f.Close()
		if err != nil {
			return nil, err
		}
		entries = append(entries, es...)
	}
	user, err := newLexicon(entries, base)
	if err != nil {
		return nil, err
	}
	return &Extractor{base: base, user: user}, nil
}

// Warm loads the shared tokenizer now instead of at the first Extract, for
// callers that want to pay the load before timing or serving.
func Warm() error {
	_, err := segmenter()
	return err
}

// lookup finds the lexicon entry (the user's first) that has name as its
// canonical name or one of its aliases. The entry is the lexicon's own,
// shared and read-only: pointing at it spares a copy per lookup.
func (x *Extractor) lookup(name string) (*lexEntry, bool) {
	return x.lookupFolded([]rune(fold(name)))
}

// lookupFolded is lookup for a name already folded.
func (x *Extractor) lookupFolded(key []rune) (*lexEntry, bool) {
	for _, lx := range []*lexicon{x.user, x.base} {
		if lx == nil {
			continue
		}
		for _, id := range lx.trie.lookup(key) {
			if e := &lx.entries[id]; e.typ != blockType {
				return e, true
			}
		}
	}
	return nil, false
}

// Extract returns the document of one article. Offsets in it are code
// points into a.Text, end exclusive; the same article always gives the
// same document, byte for byte once encoded.
func (x *Extractor) Extract(ctx context.Context, a schema.Article) (schema.Document, error) {
	doc := schema.Document{Article: a, Extractor: Version,
		Entities: []schema.Entity{}, Relations: []schema.Relation{}, Statements: []schema.Statement{}}
	for _, l := range []*[]string{&doc.Keywords, &doc.Technologies, &doc.Industries} {
		if *l == nil {
			*l = []string{} // [] in JSON, as the contract shows, not null
		}
	}
	if err := ctx.Err(); err != nil {
		return doc, err
	}
	if x == nil || x.base == nil {
		return doc, fmt.Errorf("extract: Extractor not made by New")
	}
	seg, err := segmenter()
	if err != nil {
		return doc, err
	}
	b, _ := x.bufs.Get().(*textBufs)
	if b == nil {
		b = new(textBufs)
	}
	// The document keeps nothing of b (see textBufs). The arrays of an
	// unusually long article (tens of bytes per character) go to the
	// collector instead of staying pooled for the short ones after it.
	defer func() {
		if len(a.Text) <= maxPooledText {
			x.bufs.Put(b)
		}
	}()
	t := newText(seg, a.Text, b)
	if len(t.f) == 0 {
		return doc, nil
	}
	p := x.pipeline(t, a)
	if err := ctx.Err(); err != nil {
		return doc, err
	}
	doc.Entities, doc.Relations, doc.Statements = p.entities, p.relations, p.statements
	return doc, nil
}
