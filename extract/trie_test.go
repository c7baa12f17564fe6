package extract

import (
	"fmt"
	"testing"
)

// Frozen tries test a bit set of first characters before walking; a
// character that shares a bit with a real first character (U+0461 and
// 'a' in a small trie's 1,024 bits) must still find nothing.
func TestFrozenTrieFirstCharacters(t *testing.T) {
	small := newWordList("ab", "abc", "中国")
	var words []string
	for i := range 300 { // enough nodes for the direct root table
		words = append(words, fmt.Sprintf("词%c%c", rune(0x4E00+i), rune(0x4E00+i)))
	}
	words = append(words, "ab")
	big := newWordList(words...)
	for _, tc := range []struct {
		wl   *wordList
		text string
		at   int
		want int
	}{
		{small, "xabcd", 1, 4},
		{small, "xabd", 1, 3},
		{small, "\u0461bc", 0, -1},
		{small, "中国人", 0, 2},
		{small, "中", 0, -1},
		{big, "ab", 0, 2},
		{big, "\u0461b", 0, -1},
		{big, "词丁丁!", 0, 3},
		{big, "词丁七", 0, -1},
	} {
		f := foldRunes([]rune(tc.text))
		if got := tc.wl.longestAt(f, tc.at); got != tc.want {
			t.Errorf("longestAt(%q, %d) = %d, want %d", tc.text, tc.at, got, tc.want)
		}
		if got := tc.wl.hasAt(f, tc.at); got != (tc.want >= 0) {
			t.Errorf("hasAt(%q, %d) = %v", tc.text, tc.at, got)
		}
	}
	if f := []rune("xab"); !small.endsAt(f, 3) || small.endsAt([]rune("x\u0461b"), 3) {
		t.Error("endsAt")
	}
}
