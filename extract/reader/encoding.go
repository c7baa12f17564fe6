package reader

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

type charset int

const (
	undecided charset = iota // only ASCII seen so far
	utf8Text
	gb18030Text
)

// gbReplacement is U+FFFD encoded in GB18030: the decoder writes U+FFFD for
// every invalid byte, so only U+FFFD beyond these occurrences marks bad input.
var gbReplacement = []byte{0x84, 0x31, 0xA4, 0x37}

// textDecoder decodes the bytes of one input. The input's charset is fixed
// by its first non-ASCII bytes: UTF-8 when they are valid UTF-8, else
// GB18030 (a superset of GBK and GB2312) when they are valid GB18030.
// Later parts must then be valid in that charset: mixing is refused rather
// than guessed per line.
type textDecoder struct {
	cs charset
	// utf16 is set for input that began with a UTF-16 byte-order mark and
	// reaches decode as UTF-8 already: what was not UTF-16 (an unpaired
	// surrogate, an odd last byte) arrives as U+FFFD.
	utf16 bool
}

// decode returns b as UTF-8. On error, line is the line of b (from 1)
// where b stops being text in any charset it may be in.
func (d *textDecoder) decode(b []byte) (text string, line int, err error) {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return "", lineAt(b, i), fmt.Errorf("%w: NUL byte (a binary file, or UTF-16 without a byte-order mark)", ErrEncoding)
	}
	if d.utf16 {
		if i := bytes.Index(b, []byte("\uFFFD")); i >= 0 {
			return "", lineAt(b, i), fmt.Errorf("%w: a UTF-16 byte-order mark, but what follows is not UTF-16", ErrEncoding)
		}
	}
	if d.cs != gb18030Text && utf8.Valid(b) {
		if d.cs == undecided && !isASCII(b) {
			d.cs = utf8Text
		}
		return string(b), 0, nil
	}
	if d.cs == undecided && mostlyUTF8(b) {
		d.cs = utf8Text // a damaged UTF-8 text, not GB18030 that looks like it
	}
	if d.cs != utf8Text {
		if s, ok := decodeGB18030(b); ok {
			d.cs = gb18030Text
			return s, 0, nil
		}
	}
	switch d.cs {
	case utf8Text:
		return "", lineAt(b, invalidUTF8At(b)), fmt.Errorf("%w: invalid UTF-8", ErrEncoding)
	case gb18030Text:
		return "", invalidGB18030Line(b), fmt.Errorf("%w: invalid GB18030", ErrEncoding)
	}
	return "", max(lineAt(b, invalidUTF8At(b)), invalidGB18030Line(b)), ErrEncoding
}

// sniff sets the charset from the first bytes of an input, which may end
// in the middle of a character, so that a GB18030 file is recognised even
// where its first line alone is ambiguous.
func (d *textDecoder) sniff(head []byte, atEOF bool) {
	if !atEOF {
		if i := bytes.LastIndexByte(head, '\n'); i >= 0 {
			head = head[:i+1]
		}
	}
	switch {
	case isASCII(head):
	case validUTF8Prefix(head), mostlyUTF8(head):
		d.cs = utf8Text
	default:
		if !atEOF && len(head) > 3 {
			head = head[:len(head)-3] // a GB18030 character is at most 4 bytes
		}
		if _, ok := decodeGB18030(head); ok {
			d.cs = gb18030Text
		}
	}
}

// sniffText decodes the first bytes of an input for format detection only:
// bad bytes become U+FFFD instead of failing, since decode reports them
// later where they can be named.
func (d *textDecoder) sniffText(head []byte) []byte {
	if d.cs == gb18030Text {
		out, _, _ := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), head)
		return out
	}
	return head
}

func decodeGB18030(b []byte) (string, bool) {
	out, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), b)
	if err != nil {
		return "", false
	}
	if bytes.Count(out, []byte("\uFFFD")) > bytes.Count(b, gbReplacement) {
		return "", false
	}
	return string(out), true
}

// invalidGB18030Line finds the first line of b that is not valid GB18030.
// Lines can be decoded one by one: no GB18030 character contains byte '\n'.
func invalidGB18030Line(b []byte) int {
	for n := 1; ; n++ {
		line, rest, found := bytes.Cut(b, []byte{'\n'})
		if _, ok := decodeGB18030(line); !ok || !found {
			return n
		}
		b = rest
	}
}

// mostlyUTF8 reports whether b, which is not valid UTF-8, still holds more
// valid multi-byte UTF-8 characters than invalid bytes. GB18030 text almost
// never forms valid UTF-8 sequences, and UTF-8 Chinese text often happens
// to be valid GB18030, so such input is damaged UTF-8 and must be refused
// rather than decoded into nonsense.
func mostlyUTF8(b []byte) bool {
	multi, bad := 0, 0
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			bad++
		case size > 1:
			multi++
		}
		i += size
	}
	return multi > bad
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

func lineAt(b []byte, off int) int {
	return 1 + bytes.Count(b[:min(off, len(b))], []byte{'\n'})
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

const sniffSize = 64 << 10

// openText strips a byte-order mark (decoding UTF-16 on the fly when the
// mark says so) and returns a buffered reader of the rest, its first bytes,
// and a decoder primed by them. head is valid until br is read.
func openText(r io.Reader) (br *bufio.Reader, head []byte, dec *textDecoder, err error) {
	dec = &textDecoder{}
	br = bufio.NewReaderSize(r, sniffSize)
	head, err = br.Peek(sniffSize)
	if err != nil && err != io.EOF {
		return nil, nil, nil, fmt.Errorf("read: %w", err)
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		if _, err := br.Discard(3); err != nil {
			return nil, nil, nil, fmt.Errorf("read: %w", err)
		}
		dec.cs = utf8Text
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		// Windows editors save "Unicode" text as UTF-16 with a mark; the
		// decoder reads the mark and turns the rest into UTF-8.
		u16 := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		br = bufio.NewReaderSize(transform.NewReader(br, u16), sniffSize)
		dec.cs, dec.utf16 = utf8Text, true
	}
	head, err = br.Peek(sniffSize)
	if err != nil && err != io.EOF {
		return nil, nil, nil, fmt.Errorf("read: %w", err)
	}
	if dec.cs == undecided {
		dec.sniff(head, err == io.EOF)
	}
	return br, head, dec, nil
}
