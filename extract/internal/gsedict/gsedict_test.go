package gsedict

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRoundTrip(t *testing.T) {
	in := []Entry{
		{"人工智能", 3000, "n"}, {"人工", 120, "n"}, {"gpt", 5, "eng"}, {"中", 2, "f"}, {"人", 8000, "n"}, {"", 2, "x"},
	}
	b, err := Encode(in)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"", "gpt", "中", "人", "人工", "人工智能"} // sorted by bytes
	if d.Len() != len(want) {
		t.Fatalf("%d words, want %d", d.Len(), len(want))
	}
	byWord := make(map[string]Entry)
	for _, e := range in {
		byWord[e.Word] = e
	}
	for i, w := range want {
		e := byWord[w]
		if got := string(d.Word(i)); got != w || float64(d.Freq[i]) != e.Freq || d.Tags[d.Tag[i]] != e.Pos {
			t.Errorf("word %d: %q %d %q, want %q %v %q", i, got, d.Freq[i], d.Tags[d.Tag[i]], w, e.Freq, e.Pos)
		}
	}
}

func TestEncodeRejects(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []Entry
		want string
	}{
		{"duplicate", []Entry{{"人", 2, "n"}, {"人", 3, "n"}}, "twice"},
		{"fraction", []Entry{{"人", 2.5, "n"}}, "whole number"},
		{"negative", []Entry{{"人", -1, "n"}}, "whole number"},
		{"too large", []Entry{{"人", 1 << 33, "n"}}, "whole number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Encode(tc.in); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want one saying %q", err, tc.want)
			}
		})
	}
}

// The embedded dictionary decodes to gse's: some 350,000 words, sorted,
// valid UTF-8 (the segmenter walks code points where gse walks bytes),
// with frequencies and tags for a few well-known ones.
func TestZhS(t *testing.T) {
	d, err := ZhS()
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() < 300000 {
		t.Fatalf("%d words", d.Len())
	}
	found := 0
	for i := range d.Len() {
		if i > 0 && string(d.Word(i-1)) >= string(d.Word(i)) {
			t.Fatalf("words %d and %d out of order", i-1, i)
		}
		if !utf8.Valid(d.Word(i)) {
			t.Fatalf("word %d %q is not UTF-8", i, d.Word(i))
		}
		switch string(d.Word(i)) {
		case "人工智能", "北京大学":
			if d.Freq[i] < 2 || d.Tags[d.Tag[i]] == "" {
				t.Errorf("%s: frequency %d, tag %q", d.Word(i), d.Freq[i], d.Tags[d.Tag[i]])
			}
			found++
		}
	}
	if found != 2 {
		t.Errorf("found %d of 人工智能 and 北京大学", found)
	}
}

// Decode never panics: every truncation of a valid encoding is an error.
func TestDecodeTruncated(t *testing.T) {
	b, err := Encode([]Entry{{"人工智能", 3000, "n"}, {"人工", 120, "n"}})
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(b) {
		if _, err := Decode(b[:n]); err == nil {
			t.Errorf("%d of %d bytes decoded without error", n, len(b))
		}
	}
}

func FuzzDecode(f *testing.F) {
	b, err := Encode([]Entry{{"人工智能", 3000, "n"}, {"人工", 120, "n"}, {"ai", 7, "eng"}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Decode(b)
		if err != nil {
			return
		}
		for i := range d.Len() {
			_ = d.Word(i)
			_ = d.Tags[d.Tag[i]]
		}
	})
}
