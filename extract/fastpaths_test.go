package extract

import (
	"math/rand/v2"
	"slices"
	"testing"

	"kg/schema"
)

// randomCands makes candidates whose fields collide often, so that every
// tie-break of better is exercised, and a few whose fields do not fit
// rankKey's packing.
func randomCands(rng *rand.Rand, n int) []*cand {
	types := []schema.EntityType{schema.Person, schema.Company, schema.Title, schema.Location}
	out := make([]*cand, n)
	for i := range out {
		start := rng.IntN(40)
		c := &cand{span: span{start, start + 1 + rng.IntN(6)}, typ: types[rng.IntN(len(types))],
			tier: tier(rng.IntN(4)), prio: int8(rng.IntN(3))}
		switch rng.IntN(20) {
		case 0:
			c.prio = 40 // past the key's four bits
		case 1:
			c.end = c.start + 1<<24 // past the key's length bits
		}
		out[i] = c
	}
	return out
}

// TestRankOrderIsStableBetter checks that the key-packed unstable sort of
// rank gives exactly the stable sort by better that it replaces, and that
// rerank (the second choice's merge) gives what a new rank would.
func TestRankOrderIsStableBetter(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 300; round++ {
		cands := randomCands(rng, 1+rng.IntN(80))
		n := 64 // the long spans run past the text, which rank allows
		want := slices.Clone(cands)
		slices.SortStableFunc(want, func(a, b *cand) int {
			switch {
			case better(a, b):
				return -1
			case better(b, a):
				return 1
			}
			return 0
		})
		// rank may drop structural names cut by a title; the order of the
		// rest is what is checked here.
		got := rank(n, cands, 0, nil)
		var gotCands []*cand
		for _, r := range got {
			gotCands = append(gotCands, r.c)
		}
		var wantFiltered []*cand
		keep := map[*cand]bool{}
		for _, c := range gotCands {
			keep[c] = true
		}
		for _, c := range want {
			if keep[c] {
				wantFiltered = append(wantFiltered, c)
			}
		}
		if !slices.Equal(gotCands, wantFiltered) {
			t.Fatalf("round %d: rank order differs from the stable sort by better", round)
		}

		// Split into a first choice and candidates added later, without
		// titles among the later ones (rerank merges) and with (it ranks
		// anew); both must equal one rank over all.
		from := rng.IntN(len(cands) + 1)
		all := slices.Clone(cands)
		if round%2 == 0 {
			for _, c := range all[from:] {
				if c.typ == schema.Title {
					c.typ = schema.Person
				}
			}
		}
		first := rank(n, all[:from], 0, nil)
		merged := rerank(n, first, all, from, nil)
		whole := rank(n, all, 0, nil)
		if len(merged) != len(whole) {
			t.Fatalf("round %d: rerank kept %d candidates, rank %d", round, len(merged), len(whole))
		}
		for i := range whole {
			if merged[i].c != whole[i].c || merged[i].i != whole[i].i {
				t.Fatalf("round %d: rerank differs from rank at %d", round, i)
			}
		}
	}
}

// TestPickTextOrder checks that pick returns the non-overlapping winners
// sorted by position, as the sort it replaced did.
func TestPickTextOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for round := 0; round < 200; round++ {
		cands := randomCands(rng, 1+rng.IntN(60))
		cands = slices.DeleteFunc(cands, func(c *cand) bool { return c.end > 60 })
		ranked := rank(60, cands, 0, nil)
		got := pick(60, ranked)
		var want []*cand
		occupied := make(intervalSet, 60)
		for _, r := range ranked {
			if !occupied.overlaps(r.c.span) {
				occupied.add(r.c.span)
				want = append(want, r.c)
			}
		}
		slices.SortFunc(want, func(a, b *cand) int { return compareSpans(a.span, b.span) })
		if !slices.Equal(got, want) {
			t.Fatalf("round %d: pick = %v, want %v", round, spansOf(got), spansOf(want))
		}
	}
}

func spansOf(cs []*cand) []span {
	out := make([]span, len(cs))
	for i, c := range cs {
		out[i] = c.span
	}
	return out
}

// TestTextStrings checks that str and fstr, which slice the article's own
// string, give what encoding the code points gives, also for text that is
// not valid UTF-8.
func TestTextStrings(t *testing.T) {
	seg, err := segmenter()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"北京大学ＡＩ研究院 Xiaomi SU7。", "坏\xffUTF-8\xe4\xb8字節", "替换符\uFFFD有效", "", "a"} {
		tx := newText(seg, s, nil)
		if !slices.Equal(tx.orig, []rune(s)) || !slices.Equal(tx.f, foldRunes([]rune(s))) {
			t.Fatalf("%q: code points %q, folded %q", s, string(tx.orig), string(tx.f))
		}
		for i := 0; i <= len(tx.orig); i++ {
			for j := i; j <= len(tx.orig); j++ {
				sp := span{i, j}
				if got, want := tx.str(sp), string(tx.orig[i:j]); got != want {
					t.Errorf("%q: str(%v) = %q, want %q", s, sp, got, want)
				}
				if got, want := tx.fstr(sp), string(tx.f[i:j]); got != want {
					t.Errorf("%q: fstr(%v) = %q, want %q", s, sp, got, want)
				}
				if !tx.origIs(sp, string(tx.orig[i:j])) {
					t.Errorf("%q: origIs(%v) is false for its own text", s, sp)
				}
				if j > i && tx.origIs(sp, string(tx.orig[i:j-1])) {
					t.Errorf("%q: origIs(%v) is true for a shorter text", s, sp)
				}
			}
		}
	}
}
