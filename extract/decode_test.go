package extract

import (
	"testing"
	"unicode/utf8"
)

// TestFirstLastRune checks the in-line decoders against the standard
// library's on valid and invalid encodings, which they must decode alike.
func TestFirstLastRune(t *testing.T) {
	for _, s := range []string{
		"a", "：", "人工智能", "中a", "a中", "€", "😀", "\xff", "\xe4\xba", "\xe4\xbaa",
		"\xed\xa0\x80",      // a surrogate: invalid
		"\xe0\x80\xaf",      // overlong: invalid
		"\xe4\x00\xba",      // bad continuation byte
		"x\xe4\xba\xba\xba", // a stray continuation byte at the end
	} {
		r, n := firstRune(s)
		wr, wn := utf8.DecodeRuneInString(s)
		if r != wr || n != wn {
			t.Errorf("firstRune(%q) = %U, %d; want %U, %d", s, r, n, wr, wn)
		}
		r, n = lastRune(s)
		wr, wn = utf8.DecodeLastRuneInString(s)
		if r != wr || n != wn {
			t.Errorf("lastRune(%q) = %U, %d; want %U, %d", s, r, n, wr, wn)
		}
	}
}
