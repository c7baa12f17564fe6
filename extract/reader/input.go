package reader

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"

	"kg/schema"
)

// readInput reads one input into s: it opens the text, picks the format
// and hands the content to that format's reader.
func readInput(s *sink, r io.Reader, opts Options) {
	if !s.live() {
		return
	}
	br, head, dec, err := openText(r)
	if err != nil {
		s.fail(0, err)
		return
	}
	format := opts.Format
	if format == Auto {
		format = detect(s.name, dec.sniffText(head))
	}
	limit := opts.limit()
	switch format {
	case Crawler:
		readCrawler(s, newLineReader(br, limit), dec)
		return
	case JSONLines:
		readJSONLines(s, newLineReader(br, limit), dec)
		return
	}

	// The other formats are read whole, within the limit.
	data, err := io.ReadAll(io.LimitReader(br, limit+1))
	if err != nil {
		s.fail(0, fmt.Errorf("read: %w", err))
		return
	}
	if int64(len(data)) > limit {
		if format == JSON && startsWith(data, '{') {
			// A sequence of objects too large to hold is read as JSON
			// Lines, which streams.
			lr := newLineReader(bufio.NewReader(io.MultiReader(bytes.NewReader(data), br)), limit)
			readJSONLines(s, lr, dec)
			return
		}
		s.fail(0, fmt.Errorf("%w: the file is over the limit of %s for a file read whole", ErrTooLarge, sizeOf(limit)))
		return
	}
	text, line, err := dec.decode(data)
	if err != nil {
		s.fail(line, err)
		return
	}
	if strings.TrimSpace(text) == "" {
		return // finish reports ErrEmpty
	}
	switch format {
	case JSON:
		readJSON(s, text)
	case HTML:
		emitWhole(s, parseHTML(text))
	case Markdown:
		emitWhole(s, parseMarkdown(normalizeNewlines(text)))
	default:
		emitWhole(s, parsePlain(normalizeNewlines(text)))
	}
}

func emitWhole(s *sink, a schema.Article) {
	if a.Title == "" && a.Text == "" {
		return // blank after markup removal: finish reports ErrEmpty
	}
	s.article(0, a)
}

func startsWith(b []byte, c byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == c
}

// normalizeNewlines turns CRLF and lone CR into LF, so that lines and
// offsets do not depend on the platform that wrote the file.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// lineReader reads lines in bounded memory: a line longer than max is
// skipped and reported, not held.
type lineReader struct {
	br   *bufio.Reader
	max  int64
	line int // number of the line last returned
	buf  []byte
}

func newLineReader(br *bufio.Reader, max int64) *lineReader {
	return &lineReader{br: br, max: max}
}

// next returns the next line without its line ending. tooLong says the line
// exceeded the limit (its bytes are then dropped). err is io.EOF after the
// last line, or a read error.
func (l *lineReader) next() (line []byte, tooLong bool, err error) {
	l.buf = l.buf[:0]
	n := int64(0)
	for {
		chunk, err := l.br.ReadSlice('\n')
		n += int64(len(chunk))
		if !tooLong {
			if n > l.max+2 { // +2: the line ending does not count
				tooLong = true
				l.buf = l.buf[:0]
			} else {
				l.buf = append(l.buf, chunk...)
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && n == 0:
			return nil, false, io.EOF
		case err != nil && err != io.EOF:
			return nil, false, err
		}
		l.line++
		b := bytes.TrimSuffix(l.buf, []byte{'\n'})
		b = bytes.TrimSuffix(b, []byte{'\r'})
		if tooLong || int64(len(b)) > l.max {
			return nil, true, nil
		}
		return b, false, nil
	}
}
