package extract

import "sort"

// trie is a read-only-after-build prefix tree over folded code points. All
// edges live in one hash map keyed by (node, rune), which keeps the
// structure small for hundreds of thousands of keys and makes a walk one
// map lookup per code point; matching from every position of a text is
// therefore linear in the text times the (short) depth actually reached.
type trie struct {
	edges map[uint64]int32
	vals  map[int32][]int32 // node → payloads of keys ending there
	next  int32             // number of nodes; 0 is the root
	// Once frozen, the edges are kept as one array of per-node blocks
	// sorted by label, which a walk scans much faster than it hashes, and
	// the root's edges for the Basic Multilingual Plane as a direct table.
	// A node of the frozen trie is 1 + the index of the edge that leads
	// to it, and that edge says where the node's block is and what ends
	// there: a step reads one place in memory, where separate arrays of
	// offsets, labels, children and final marks were a miss each.
	frozen bool
	es     []trieEdge
	// rootFirst and rootCount give the root's block in es.
	rootFirst, rootCount int32
	root                 []int32 // code point → node, big tries only
	// rootBits marks the code points that start a key (modulo its size,
	// so a set bit may be a false hit): most positions of a text start
	// none, and the test costs one word that stays in the cache.
	rootBits []uint64
	final    [][]int32 // the payloads of the keys, indexed by trieEdge.fin
}

// trieEdge is an edge of a frozen trie with what a walk needs of the node
// it leads to: its block of edges, es[first:first+count], and the index
// in final of the payloads of the key ending there (-1 for none).
type trieEdge struct {
	label        rune
	first, count int32
	fin          int32
}

// ends reports whether a key ends at node n (not the root) of a frozen trie.
func (t *trie) ends(n int32) bool { return t.es[n-1].fin >= 0 }

// payloads returns the payloads of the key ending at node n of a frozen
// trie, nil for none.
func (t *trie) payloads(n int32) []int32 {
	if f := t.es[n-1].fin; f >= 0 {
		return t.final[f]
	}
	return nil
}

// freeze makes the trie read-only and builds the arrays a walk uses; the
// root table (a quarter megabyte) only for large tries, never for the
// small per-article ones. The blocks are laid out breadth first, so the
// short prefixes that most walks stay within share cache lines.
func (t *trie) freeze() *trie {
	type edge struct {
		label rune
		child int32
	}
	per := make([][]edge, t.next)
	for k, c := range t.edges {
		n, r := int32(k>>32), rune(uint32(k))
		per[n] = append(per[n], edge{r, c})
	}
	for _, es := range per {
		sort.Slice(es, func(i, j int) bool { return es[i].label < es[j].label })
	}
	t.es = make([]trieEdge, 0, len(t.edges))
	t.final = make([][]int32, 0, len(t.vals))
	type item struct{ node, from int32 } // from: the edge leading to node, -1 for the root
	queue := make([]item, 1, t.next)
	queue[0] = item{0, -1}
	for qi := 0; qi < len(queue); qi++ {
		it := queue[qi]
		first, count := int32(len(t.es)), int32(len(per[it.node]))
		for _, e := range per[it.node] {
			fin := int32(-1)
			if v, ok := t.vals[e.child]; ok {
				fin = int32(len(t.final))
				t.final = append(t.final, v)
			}
			t.es = append(t.es, trieEdge{label: e.label, fin: fin})
			queue = append(queue, item{e.child, int32(len(t.es) - 1)})
		}
		if it.from < 0 {
			t.rootFirst, t.rootCount = first, count
		} else {
			t.es[it.from].first, t.es[it.from].count = first, count
		}
	}
	t.frozen = true
	rootEdges := t.es[t.rootFirst : t.rootFirst+t.rootCount]
	bits := 1 << 10
	if t.next >= 256 {
		bits = 1 << 16
		t.root = make([]int32, 0x10000)
		for i, e := range rootEdges {
			if e.label >= 0 && e.label < 0x10000 {
				t.root[e.label] = t.rootFirst + int32(i) + 1
			}
		}
	}
	t.rootBits = make([]uint64, bits/64)
	for _, e := range rootEdges {
		b := uint32(e.label) & uint32(bits-1)
		t.rootBits[b/64] |= 1 << (b % 64)
	}
	return t
}

// mayStart reports whether a key may start with r (false hits allowed),
// a test cheap enough to inline before a call to matches.
func (t *trie) mayStart(r rune) bool {
	if t == nil || t.next == 1 {
		return false
	}
	if t.rootBits == nil {
		return true
	}
	b := uint32(r) & uint32(len(t.rootBits)*64-1)
	return t.rootBits[b/64]&(1<<(b%64)) != 0
}

// step follows the edge labelled r from node n; 0 means there is none
// (the root is never a child).
func (t *trie) step(n int32, r rune) int32 {
	if !t.frozen {
		return t.edges[edgeKey(n, r)]
	}
	var lo, hi int32
	if n == 0 {
		b := uint32(r) & uint32(len(t.rootBits)*64-1)
		if t.rootBits[b/64]&(1<<(b%64)) == 0 {
			return 0
		}
		if t.root != nil && r >= 0 && r < 0x10000 {
			return t.root[r]
		}
		lo, hi = t.rootFirst, t.rootFirst+t.rootCount
	} else {
		e := &t.es[n-1]
		lo, hi = e.first, e.first+e.count
	}
	if hi-lo <= 8 {
		for i := lo; i < hi; i++ {
			if t.es[i].label == r {
				return i + 1
			}
		}
		return 0
	}
	for lo < hi {
		m := (lo + hi) / 2
		switch l := t.es[m].label; {
		case l == r:
			return m + 1
		case l < r:
			lo = m + 1
		default:
			hi = m
		}
	}
	return 0
}

func newTrie() *trie {
	return &trie{edges: make(map[uint64]int32), vals: make(map[int32][]int32), next: 1}
}

func edgeKey(node int32, r rune) uint64 { return uint64(uint32(node))<<32 | uint64(uint32(r)) }

// add stores payload v under key; an empty key is ignored.
func (t *trie) add(key []rune, v int32) {
	if len(key) == 0 {
		return
	}
	n := int32(0)
	for _, r := range key {
		k := edgeKey(n, r)
		c, ok := t.edges[k]
		if !ok {
			c = t.next
			t.next++
			t.edges[k] = c
		}
		n = c
	}
	for _, have := range t.vals[n] {
		if have == v {
			return
		}
	}
	t.vals[n] = append(t.vals[n], v)
}

// matches calls fn for every key that starts at text[start], shortest
// first, with the end (exclusive) of the match and its payloads.
func (t *trie) matches(text []rune, start int, fn func(end int, vals []int32)) {
	if t == nil || t.next == 1 {
		return
	}
	n := int32(0)
	for i := start; i < len(text); i++ {
		c := t.step(n, text[i])
		if c == 0 {
			return
		}
		n = c
		if t.frozen {
			if t.ends(n) {
				fn(i+1, t.payloads(n))
			}
		} else if v, ok := t.vals[n]; ok {
			fn(i+1, v)
		}
	}
}

// lookup returns the payloads stored under exactly key.
func (t *trie) lookup(key []rune) []int32 {
	if t == nil || len(key) == 0 {
		return nil
	}
	n := int32(0)
	for _, r := range key {
		if n = t.step(n, r); n == 0 {
			return nil
		}
	}
	if t.frozen {
		return t.payloads(n)
	}
	return t.vals[n]
}

// wordList is a fixed list of words with a trie forwards and one
// backwards, for the rules' context lists: testing whether one of them
// starts (or ends) at a position costs one short walk instead of a loop
// over the list.
type wordList struct {
	fwd, back *trie
}

func newWordList(words ...string) *wordList {
	wl := &wordList{fwd: newTrie(), back: newTrie()}
	for i, w := range words {
		rs := []rune(fold(w)) // matched against folded text
		wl.fwd.add(rs, int32(i))
		rev := make([]rune, len(rs))
		for j, r := range rs {
			rev[len(rs)-1-j] = r
		}
		wl.back.add(rev, int32(i))
	}
	wl.fwd.freeze()
	wl.back.freeze()
	return wl
}

// longestAt returns the end of the longest listed word starting at f[i],
// or -1.
func (wl *wordList) longestAt(f []rune, i int) int {
	// Most positions start no listed word: this test inlines, the walk
	// does not.
	if i < 0 || i >= len(f) || !wl.fwd.mayStart(f[i]) {
		return -1
	}
	return wl.walk(f, i)
}

func (wl *wordList) walk(f []rune, i int) int {
	end := -1
	t := wl.fwd
	n := int32(0)
	for j := i; j < len(f); j++ {
		if n = t.step(n, f[j]); n == 0 {
			break
		}
		if t.ends(n) {
			end = j + 1
		}
	}
	return end
}

// hasAt reports whether a listed word starts at f[i].
func (wl *wordList) hasAt(f []rune, i int) bool { return wl.longestAt(f, i) >= 0 }

// endsAt reports whether a listed word ends just before f[i].
func (wl *wordList) endsAt(f []rune, i int) bool {
	if i < 1 || i > len(f) || !wl.back.mayStart(f[i-1]) {
		return false
	}
	n := int32(0)
	for j := i - 1; j >= 0 && j < len(f); j-- {
		if n = wl.back.step(n, f[j]); n == 0 {
			return false
		}
		if wl.back.ends(n) {
			return true
		}
	}
	return false
}
