package extract

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	"kg/extract/internal/gsedict"
)

// The package's only global state: the embedded lexicon and the
// segmenter, each built once per process on first use and read-only
// afterwards. The lexicon is cheap and needed by New; the segmenter's
// dictionary (gse's, 350,000 words) takes a few tenths of a second and
// keeps 17 MB, so it waits for the first Extract.
var (
	lexOnce sync.Once
	lexVal  *lexicon
	lexErr  error
	segOnce sync.Once
	segVal  *segDict
	segErr  error
)

func embeddedLexicon() (*lexicon, error) {
	lexOnce.Do(func() { lexVal, lexErr = loadEmbeddedLexicon() })
	return lexVal, lexErr
}

// segmenter returns the shared segmenter.
func segmenter() (*segDict, error) {
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

// buildSegmenter makes the segmenter's dictionary: the lexicon's words,
// then gse's simplified-Chinese dictionary. Our words win over gse's for
// the same text (gse keeps the first entry of a duplicate word, and we
// used to load ours first), so our names come out as whole tokens.
func buildSegmenter(lx *lexicon) (*segDict, error) {
	zh, err := gsedict.ZhS()
	if err != nil {
		return nil, fmt.Errorf("tokenizer: %w", err)
	}
	return newSegDict(lx.gseWords(), zh)
}

// lexiconWordFreq is the frequency the lexicon's words get in the
// segmenter's dictionary: common enough to beat most splits.
const lexiconWordFreq = 2000

// segDict is a word segmenter that gives exactly the tokens and tags of
// gse's Segment (shortest path over the dictionary words, without the
// HMM) on the same dictionary, several times faster: the dictionary is a
// trie over code points laid out so that a step of a walk touches one
// place in memory, where gse walks a byte-wise double-array one call per
// character, and a text is segmented in place on its code points without
// per-character allocation.
type segDict struct {
	// root holds the root's edges for the code points of the Basic
	// Multilingual Plane, indexed by code point (label -1 for none): a
	// walk starts at every unit of a text, and a copy here is one miss
	// where an index into edges was two. rootBlock leads to the root, for
	// the code points beyond.
	root      []segEdge
	rootBlock segEdge
	// edges holds every node's edges as one block: up to blockList of
	// them as a list, more as an open-addressing hash table by label,
	// half empty (label -1), so that a step is one probe where a binary
	// search would miss the cache at every halving. An edge carries what
	// a walk needs of the node it leads to: where that node's block is
	// and the word ending there. The blocks are laid out hottest first
	// (by the total frequency of the words below the node), so that the
	// blocks a text walks through share few memory pages: at one random
	// page per step the walk was bound by address translation.
	edges []segEdge
	tags  []string
}

// segEdge is an edge to a node, with that node's block (see step) and
// the word ending at it: its part-of-speech tag and its path cost, gse's
// log2(total frequency / frequency). The tag is all a token needs of its
// word, and keeping it here saves a walk a second miss per token. Sixteen
// bytes, so that four share a cache line.
type segEdge struct {
	label rune
	first int32
	meta  uint32 // 1 + the word's tag (0 for no word) << 8 | the block's size code
	dist  float32
}

// tag returns 1 + the tag of the word ending where e leads, 0 for none.
func (e *segEdge) tag() int32 { return int32(e.meta >> 8) }

// blockCode is the size code of a block of n edges: n itself for a list,
// blockList + log2(n) for a hash table.
func blockCode(n int32) uint32 {
	if n <= blockList {
		return uint32(n)
	}
	c := uint32(blockList)
	for ; n > 1; n >>= 1 {
		c++
	}
	return c
}

// blockList is the number of edges above which a node's block is a hash
// table.
const blockList = 8

// blockSlot is where a hash block of n (a power of two) slots starts
// looking for label r.
func blockSlot(r rune, n int32) int32 {
	return int32((uint32(r) * 0x9E3779B1 >> 12) & uint32(n-1))
}

// segWord is one dictionary word while the segmenter is built.
type segWord struct {
	key  string
	freq float64
	tag  uint8
}

// newSegDict merges the lexicon's words, gse's and builds the trie.
func newSegDict(lexWords []gseWord, zh *gsedict.Dict) (*segDict, error) {
	d := &segDict{tags: append([]string(nil), zh.Tags...)}
	tagIdx := make(map[string]uint8, len(d.tags))
	for i, t := range d.tags {
		tagIdx[t] = uint8(i)
	}
	var ours []segWord
	seen := make(map[string]bool, len(lexWords))
	for _, w := range lexWords {
		key := gseKey(w.text)
		if seen[key] || key == "" {
			continue
		}
		seen[key] = true
		ti, ok := tagIdx[w.pos]
		if !ok {
			if len(d.tags) == 256 {
				return nil, fmt.Errorf("tokenizer: word %q: more than 256 part-of-speech tags", w.text)
			}
			ti = uint8(len(d.tags))
			tagIdx[w.pos] = ti
			d.tags = append(d.tags, w.pos)
		}
		ours = append(ours, segWord{key, lexiconWordFreq, ti})
	}
	sort.Slice(ours, func(i, j int) bool { return ours[i].key < ours[j].key })

	// One sorted list, ours first on equal keys; the words as code points
	// back to back for the trie.
	n := zh.Len() + len(ours)
	runes := make([]rune, 0, len(zh.Text)/2)
	ends := make([]int32, 0, n)
	freqs := make([]float64, 0, n)
	tags := make([]uint8, 0, n)
	add := func(key string, freq float64, tag uint8) {
		for _, r := range key {
			runes = append(runes, r)
		}
		ends = append(ends, int32(len(runes)))
		freqs = append(freqs, freq)
		tags = append(tags, tag)
	}
	o := 0
	for i := range zh.Len() {
		w := zh.Word(i)
		for o < len(ours) && ours[o].key <= string(w) {
			add(ours[o].key, ours[o].freq, ours[o].tag)
			o++
		}
		if o > 0 && ours[o-1].key == string(w) {
			continue
		}
		add(string(w), float64(zh.Freq[i]), zh.Tag[i])
	}
	for ; o < len(ours); o++ {
		add(ours[o].key, ours[o].freq, ours[o].tag)
	}

	// gse's path cost, computed as gse's CalcToken does, in float32.
	total := 0.0
	for _, f := range freqs {
		total += f
	}
	logTotal := float32(math.Log2(total))
	dist := make([]float32, len(freqs))
	for i, f := range freqs {
		dist[i] = logTotal - float32(math.Log2(f))
	}
	d.buildTrie(runes, ends, freqs, dist, tags)
	return d, nil
}

// buildTrie makes the trie of the sorted words: first the nodes in
// breadth-first order, a node standing for the run of words that share
// its prefix, its children the groups of that run with the same next
// code point; then their blocks, hottest first.
func (d *segDict) buildTrie(runes []rune, ends []int32, freqs []float64, dist []float32, tags []uint8) {
	start := func(i int32) int32 {
		if i == 0 {
			return 0
		}
		return ends[i-1]
	}
	type run struct{ lo, hi, depth int32 }
	type node struct{ first, count, word int32 }
	type edge struct {
		label rune
		child int32
	}
	queue := make([]run, 1, len(runes)+1)
	queue[0] = run{0, int32(len(ends)), 0}
	nodes := make([]node, 0, len(runes)+1)
	edges := make([]edge, 0, len(runes))
	for qi := 0; qi < len(queue); qi++ { // node qi is queue[qi]
		q := queue[qi]
		nd := node{first: int32(len(edges))}
		i := q.lo
		if i < q.hi && ends[i]-start(i) == q.depth { // the prefix itself sorts first
			nd.word = i + 1
			i++
		}
		for i < q.hi {
			r := runes[start(i)+q.depth]
			j := i + 1
			for j < q.hi && runes[start(j)+q.depth] == r {
				j++
			}
			edges = append(edges, edge{r, int32(len(queue))})
			queue = append(queue, run{i, j, q.depth + 1})
			i = j
		}
		nd.count = int32(len(edges)) - nd.first
		nodes = append(nodes, nd)
	}

	// A node's heat is the frequency of the words below it.
	cum := make([]float64, len(freqs)+1)
	for i, f := range freqs {
		cum[i+1] = cum[i] + f
	}
	order := make([]int32, 0, len(nodes))
	for n, nd := range nodes {
		if nd.count > 0 {
			order = append(order, int32(n))
		}
	}
	heat := make([]float64, len(nodes))
	for n := range nodes {
		heat[n] = cum[queue[n].hi] - cum[queue[n].lo]
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(heat[b], heat[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	size := func(n int32) int32 {
		c := nodes[n].count
		if c <= blockList {
			return c
		}
		s := int32(blockList * 2)
		for s < 2*c {
			s *= 2
		}
		return s
	}
	off := make([]int32, len(nodes))
	total := int32(0)
	for _, n := range order {
		off[n] = total
		total += size(n)
	}
	d.edges = make([]segEdge, total)
	for i := range d.edges {
		d.edges[i].label = -1
	}
	for n, nd := range nodes {
		if nd.count == 0 {
			continue
		}
		sz := size(int32(n))
		for k, e := range edges[nd.first : nd.first+nd.count] {
			c := nodes[e.child]
			se := segEdge{label: e.label, first: off[e.child], meta: blockCode(size(e.child))}
			if c.word != 0 {
				se.meta |= (uint32(tags[c.word-1]) + 1) << 8
				se.dist = dist[c.word-1]
			}
			slot := int32(k)
			if sz > blockList {
				for slot = blockSlot(e.label, sz); d.edges[off[n]+slot].label >= 0; slot = (slot + 1) & (sz - 1) {
				}
			}
			d.edges[off[n]+slot] = se
		}
	}
	d.rootBlock = segEdge{first: off[0], meta: blockCode(size(0))}
	d.root = make([]segEdge, 0x10000)
	for i := range d.root {
		d.root[i].label = -1
	}
	for _, e := range d.edges[off[0] : off[0]+size(0)] {
		if e.label >= 0 && e.label < 0x10000 {
			d.root[e.label] = e
		}
	}
}

// rootEdge returns the root's edge labelled r, or nil.
func (d *segDict) rootEdge(r rune) *segEdge {
	if uint32(r) < 0x10000 {
		if e := &d.root[r]; e.label == r {
			return e
		}
		return nil
	}
	return d.step(&d.rootBlock, r)
}

// step follows the edge labelled r from the node p leads to, or returns nil.
func (d *segDict) step(p *segEdge, r rune) *segEdge {
	code := int32(p.meta & 0xff)
	if code <= blockList {
		block := d.edges[p.first : p.first+code]
		for i := range block {
			if e := &block[i]; e.label == r {
				return e
			}
		}
		return nil
	}
	n := int32(1) << (code - blockList)
	block := d.edges[p.first : p.first+n]
	for i := blockSlot(r, n); ; i = (i + 1) & (n - 1) {
		e := &block[i]
		if e.label == r {
			return e
		}
		if e.label < 0 {
			return nil
		}
	}
}

// gseKey is the dictionary key gse makes of a word: ASCII letters in
// lower case.
func gseKey(w string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, w)
}

// inAlnumRun reports whether gse puts r into a run of letters and digits
// that it treats as one unit: letters and digits of up to two UTF-8 bytes.
func inAlnumRun(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return r < 0x800 && (unicode.IsLetter(r) || unicode.IsNumber(r))
}

// pseudoDist is gse's path cost of a unit that starts no dictionary word
// of its own length.
const pseudoDist = 32

// token is one token as a code-point range of the text with its jieba
// part-of-speech tag ("x" for unknown characters and punctuation).
type token struct {
	start, end int
	pos        string
}

func (tk token) span() span { return span{tk.start, tk.end} }

// tokenize segments the folded text f as gse's Segment does: the text is
// cut into units (single code points, except that a run of Latin letters
// and digits is one unit), and the tokens are the path through the units
// with the least total cost, where a dictionary word costs its dist and a
// unit that begins no one-unit word may stand alone for pseudoDist. Ties
// go to the path found first, as in gse. The working arrays and the
// tokens are b's when b is not nil (see textBufs).
func (d *segDict) tokenize(f []rune, b *textBufs) []token {
	if len(f) == 0 {
		return nil
	}
	if b == nil {
		b = new(textBufs)
	}
	unit := b.unit[:0] // unit → its first code point
	inRun := false
	for i, r := range f {
		if inAlnumRun(r) {
			if !inRun {
				unit = append(unit, int32(i))
				inRun = true
			}
			continue
		}
		inRun = false
		unit = append(unit, int32(i))
	}
	m := len(unit)
	unit = append(unit, int32(len(f)))

	// For the path ending with unit u: its cost, the unit its last token
	// starts at and 1 + that token's tag (0 for a lone unit).
	cost, from, word := resize(b.cost, m), resize(b.from, m), resize(b.word, m)
	b.unit, b.cost, b.from, b.word = unit, cost, from, word
	for cur := 0; cur < m; cur++ {
		var base float32
		if cur > 0 {
			base = cost[cur-1]
		}
		single := false
		var e *segEdge
		u := cur
		for p := unit[cur]; ; p++ {
			r := f[p]
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			if p == unit[cur] {
				e = d.rootEdge(r)
			} else {
				e = d.step(e, r)
			}
			if e == nil {
				break
			}
			if p+1 < unit[u+1] {
				continue
			}
			if w := e.tag(); w != 0 {
				single = single || u == cur
				if c := base + e.dist; cost[u] == 0 || cost[u] > c {
					cost[u], from[u], word[u] = c, int32(cur), w
				}
			}
			if u++; u == m {
				break
			}
		}
		// A word's cost is below pseudoDist while the dictionary's total
		// frequency is under 2³², so this only keeps gse's rule exact.
		if c := base + pseudoDist; !single && (cost[cur] == 0 || cost[cur] > c) {
			cost[cur], from[cur], word[cur] = c, int32(cur), 0
		}
	}

	count := 0
	for u := m - 1; u >= 0; u = int(from[u]) - 1 {
		count++
	}
	out := resize(b.toks, count)
	b.toks = out
	for u := m - 1; u >= 0; u = int(from[u]) - 1 {
		count--
		tk := token{start: int(unit[from[u]]), end: int(unit[u+1]), pos: "x"}
		if w := word[u]; w != 0 {
			tk.pos = d.tags[w-1]
		}
		out[count] = tk
	}
	return out
}
