// Package gsedict holds gse's simplified-Chinese dictionary (the words, their
// frequencies and part-of-speech tags, as gse itself loads them) in a
// compact form that decodes in a few tens of milliseconds, where gse's own
// loader takes seconds. zh_s.bin is generated from gse's embedded
// dictionary by gendict and must never be edited by hand; a test of
// gendict checks that regenerating it gives the same bytes.
package gsedict

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
)

//go:generate go run ./gendict -o zh_s.bin

//go:embed zh_s.bin
var zhS []byte

// magic starts every encoded dictionary; the digit is the format version.
const magic = "kg-gsedict-1\n"

// Dict is a decoded dictionary: Len words sorted by their bytes, each with
// its frequency and the index of its part-of-speech tag in Tags.
type Dict struct {
	// Text holds every word back to back; word i is
	// Text[Ends[i-1]:Ends[i]] (Ends[-1] being 0).
	Text []byte
	Ends []int32
	Freq []uint32
	Tag  []uint8
	Tags []string
}

// Len returns the number of words.
func (d *Dict) Len() int { return len(d.Ends) }

// Word returns word i.
func (d *Dict) Word(i int) []byte {
	start := int32(0)
	if i > 0 {
		start = d.Ends[i-1]
	}
	return d.Text[start:d.Ends[i]]
}

// Entry is one word as gse holds it: its text (ASCII letters in lower case,
// as gse's dictionary keys them), frequency and part-of-speech tag.
type Entry struct {
	Word string
	Freq float64
	Pos  string
}

// Encode returns the compact form of entries: sorted by word, each word
// stored as the length it shares with the previous one plus the rest.
// Words must be distinct and frequencies whole numbers that fit 32 bits,
// which holds for every gse dictionary.
func Encode(entries []Entry) ([]byte, error) {
	es := append([]Entry(nil), entries...)
	sort.Slice(es, func(i, j int) bool { return es[i].Word < es[j].Word })
	tagIdx := make(map[string]int)
	var tags []string
	for i, e := range es {
		if i > 0 && es[i-1].Word == e.Word {
			return nil, fmt.Errorf("gsedict: word %q twice", e.Word)
		}
		if e.Freq < 0 || e.Freq > 1<<32-1 || e.Freq != float64(uint32(e.Freq)) {
			return nil, fmt.Errorf("gsedict: word %q: frequency %v is not a 32-bit whole number", e.Word, e.Freq)
		}
		if _, ok := tagIdx[e.Pos]; !ok {
			tagIdx[e.Pos] = len(tags)
			tags = append(tags, e.Pos)
		}
	}
	if len(tags) > 256 {
		return nil, fmt.Errorf("gsedict: %d part-of-speech tags, at most 256 fit", len(tags))
	}
	out := []byte(magic)
	out = binary.AppendUvarint(out, uint64(len(tags)))
	for _, t := range tags {
		out = binary.AppendUvarint(out, uint64(len(t)))
		out = append(out, t...)
	}
	out = binary.AppendUvarint(out, uint64(len(es)))
	size := 0
	for _, e := range es {
		size += len(e.Word)
	}
	out = binary.AppendUvarint(out, uint64(size))
	prev := ""
	for _, e := range es {
		shared := 0
		for shared < len(prev) && shared < len(e.Word) && prev[shared] == e.Word[shared] {
			shared++
		}
		out = binary.AppendUvarint(out, uint64(shared))
		out = binary.AppendUvarint(out, uint64(len(e.Word)-shared))
		out = append(out, e.Word[shared:]...)
		out = binary.AppendUvarint(out, uint64(e.Freq))
		out = append(out, byte(tagIdx[e.Pos]))
		prev = e.Word
	}
	return out, nil
}

var errShort = errors.New("truncated")

// Decode reads what Encode wrote.
func Decode(b []byte) (*Dict, error) {
	if !strings.HasPrefix(string(b[:min(len(b), len(magic))]), magic) {
		return nil, fmt.Errorf("gsedict: not an encoded dictionary (want header %q)", magic)
	}
	r := reader{b: b, off: len(magic)}
	nTags := r.uvarint()
	if nTags > 256 {
		return nil, fmt.Errorf("gsedict: %d part-of-speech tags", nTags)
	}
	d := &Dict{Tags: make([]string, 0, nTags)}
	for range nTags {
		d.Tags = append(d.Tags, string(r.bytes(r.uvarint())))
	}
	n, size := r.uvarint(), r.uvarint()
	// Every word takes at least three bytes of the encoding; the size is
	// only a hint, capped so that a corrupt header cannot make us allocate
	// much.
	if r.err != nil || n > uint64(len(b)) {
		return nil, fmt.Errorf("gsedict: header: %w", errShort)
	}
	d.Text = make([]byte, 0, min(size, 16*uint64(len(b))))
	d.Ends = make([]int32, 0, n)
	d.Freq = make([]uint32, 0, n)
	d.Tag = make([]uint8, 0, n)
	prevStart := 0
	for i := uint64(0); i < n && r.err == nil; i++ {
		shared, rest := r.uvarint(), r.uvarint()
		if shared > uint64(len(d.Text)-prevStart) {
			return nil, fmt.Errorf("gsedict: word %d: shares %d bytes with a shorter word", i, shared)
		}
		start := len(d.Text)
		d.Text = append(d.Text, d.Text[prevStart:prevStart+int(shared)]...)
		d.Text = append(d.Text, r.bytes(rest)...)
		freq := r.uvarint()
		tag := r.byte()
		if freq > 1<<32-1 || int(tag) >= len(d.Tags) {
			return nil, fmt.Errorf("gsedict: word %d: frequency %d or tag %d out of range", i, freq, tag)
		}
		d.Ends = append(d.Ends, int32(len(d.Text)))
		d.Freq = append(d.Freq, uint32(freq))
		d.Tag = append(d.Tag, tag)
		prevStart = start
	}
	if r.err != nil {
		return nil, fmt.Errorf("gsedict: %d words: %w", n, r.err)
	}
	if uint64(len(d.Text)) != size {
		return nil, fmt.Errorf("gsedict: %d bytes of words, the header says %d", len(d.Text), size)
	}
	if r.off != len(b) {
		return nil, fmt.Errorf("gsedict: %d bytes after the last word", len(b)-r.off)
	}
	return d, nil
}

// ZhS decodes gse's simplified-Chinese dictionary. Each call decodes
// afresh; callers keep the result.
func ZhS() (*Dict, error) { return Decode(zhS) }

// reader reads uvarints and byte strings, remembering the first error so
// that Decode checks once per word.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.err = errShort
		return 0
	}
	r.off += n
	return v
}

func (r *reader) bytes(n uint64) []byte {
	if r.err != nil || n > uint64(len(r.b)-r.off) {
		r.err = errShort
		return nil
	}
	s := r.b[r.off : r.off+int(n)]
	r.off += int(n)
	return s
}

func (r *reader) byte() byte {
	if r.err != nil || r.off >= len(r.b) {
		r.err = errShort
		return 0
	}
	c := r.b[r.off]
	r.off++
	return c
}
