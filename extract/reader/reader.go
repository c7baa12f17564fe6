// Package reader turns input files into schema.Articles: the seed crawler
// format (标题/链接/总结/关键词/AI技术/行业), plain text, Markdown, HTML, JSON
// (one object or an array of objects) and JSON Lines, in UTF-8 (with or
// without a byte-order mark), UTF-16 with a byte-order mark, or GB18030/GBK.
//
// Reading is a stream of Items: each is one article or the error of one
// unreadable part of the input, so one broken JSON line or one unreadable
// file never stops the rest. Nothing here panics on any input.
//
// What each format gives:
//
//   - Crawler format: lines "标题:" → Title, "链接:" → URL, "总结:" → Text,
//     "关键词:" → Keywords, "AI技术:" → Technologies, "行业:" → Industries,
//     "发布时间:" → Published; the colon may be ASCII or full-width. An
//     article starts at "标题:" (or at a key already seen in the current
//     article); lines without a key belong to the article's text, so a body
//     may span several lines.
//   - Plain text: a short first line (at most 60 code points, not ending
//     like a sentence or a clause: 。.，,；;：:、…) followed by more text
//     is the title; the rest is the text. Otherwise the whole is the text.
//   - Markdown: optional front matter (title, date, url, tags/keywords); a
//     leading "# heading" (or setext "===" heading) is the title. The body
//     keeps its lines, with simple markup removed: heading marks, "> ",
//     code fences, "**", backticks, and links/images reduced to their text.
//   - HTML: og:title, else <title>, else the first <h1> is the title; text
//     is the content of <article> elements when there are any, else of the
//     whole document, without script, style, nav, aside and footer, with
//     entities decoded and one line per block element; canonical URL or
//     og:url, article:published_time (or pubdate, datePublished, <time>)
//     and meta keywords are kept; the meta description stands in for the
//     text when the page has none.
//   - JSON: one object, an array of objects, a sequence of objects, or JSON
//     Lines, with fields id, title, url (or link), published (or date,
//     published_at, publish_time, pubdate), text (else body, else content),
//     keywords (or tags), technologies, industries (each a string, split
//     as below, or a list of strings) and source. Other fields are ignored,
//     so the output of `kg extract` reads back in.
//
// Encodings: a byte-order mark decides (UTF-8, or UTF-16 as Windows
// editors write it). Otherwise the input is UTF-8 when its first non-ASCII
// bytes are valid UTF-8, else GB18030 when they are valid GB18030, and the
// rest must then be valid in that charset. Text that is neither, holds NUL
// bytes, or is damaged UTF-8 that merely happens to be valid GB18030 is
// refused with ErrEncoding: for formats read whole, the whole input; for
// JSON Lines, the line; for the crawler format, the article that holds the
// line.
//
// Text: for JSON it is the decoded string exactly as given (no trimming, no
// width folding), so offsets computed on it line up with the input. For the
// other formats CRLF and lone CR become LF and white space around the text
// is trimmed; HTML and Markdown text is derived as described above.
// Nothing is ever width-folded.
//
// Lists in strings are split on , ， 、 ; ； | ｜; a value with none of these
// whose space-separated parts all contain a Han character is split on the
// spaces ("人工智能 大模型"), otherwise it stays whole ("Geoffrey Hinton").
// Items are trimmed, empty items and the pandas marker "nan" dropped, and
// repeats removed.
//
// IDs: the input's id when it has one (JSON), else schema.ArticleURLID(url)
// when it has a URL (an edited article keeps its id), else
// schema.ArticleID(title, text). Source: the JSON object's source when it has one (so re-reading
// `kg extract` output keeps the original file name), else the name the
// input was read under ("-" for standard input).
package reader

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"

	"kg/schema"
)

// DefaultMaxFileBytes is the size limit used when Options.MaxFileBytes is 0.
const DefaultMaxFileBytes = 64 << 20

// DefaultMaxArticleBytes is the limit on one article's text when
// Options.MaxArticleBytes is 0. Extraction holds some 80 bytes per byte of
// text (code points, folded copies, tokens, candidates): 2 MiB took 190 MB
// at peak, so two ingest workers stay under 400 MB; a news article is
// rarely over 100 KB.
const DefaultMaxArticleBytes = 2 << 20

// Sentinel errors, to be tested with errors.Is on Item.Err.
var (
	// ErrEmpty marks an input that holds no article: an empty or blank file,
	// an empty JSON array, a directory without article files. It is a note
	// for the user rather than a failure.
	ErrEmpty = errors.New("no articles")
	// ErrTooLarge marks an input (or, for JSON Lines and the crawler
	// format, one record) larger than Options.MaxFileBytes, or an article
	// whose text is larger than Options.MaxArticleBytes.
	ErrTooLarge = errors.New("too large")
	// ErrEncoding marks input that is neither UTF-8 nor GB18030 text.
	ErrEncoding = errors.New("not UTF-8 or GB18030 text")
)

// Item is one article read, or the error of one unreadable part of the
// input. Exactly one of the two is set: Err is nil if and only if Article
// holds an article (whose ID is never empty).
type Item struct {
	Article schema.Article
	Err     error // an *Error, naming the input and, where it helps, the line
}

// Error is the error of one input or one part of it.
type Error struct {
	Name string // the input's name: the path as given, "-" for standard input
	Line int    // 1-based line where the bad part starts; 0 for the whole input
	Err  error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Name, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Name, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Options tune reading. The zero value is ready to use.
type Options struct {
	// MaxFileBytes bounds the memory one input may take (0 means
	// DefaultMaxFileBytes). Plain text, Markdown, HTML and JSON documents
	// are read whole, so a larger input is refused with ErrTooLarge. JSON
	// Lines and crawler files are streamed, so they may be of any size; the
	// limit then applies to each record (one line, one article).
	MaxFileBytes int64
	// MaxArticleBytes bounds the title and text of one article (0 means
	// DefaultMaxArticleBytes): what extraction holds in memory at once.
	MaxArticleBytes int64
	// Stdin is what Walk reads for the path "-". Walk reports an error for
	// "-" when it is nil, rather than reading the process's standard input
	// behind the caller's back.
	Stdin io.Reader
	// Format forces an input format; Auto detects it from the content, with
	// the file name's extension as a hint.
	Format Format
}

func (o Options) limit() int64 {
	if o.MaxFileBytes <= 0 {
		return DefaultMaxFileBytes
	}
	return o.MaxFileBytes
}

func (o Options) articleLimit() int64 {
	if o.MaxArticleBytes <= 0 {
		return DefaultMaxArticleBytes
	}
	return o.MaxArticleBytes
}

// Read reads the articles of one input, named name in errors and in
// Article.Source. It reads r as the caller iterates and stops when the
// caller stops. Cancelling ctx stops reading between records, with a last
// Item whose Err wraps ctx.Err(); a read blocked inside r is not
// interrupted.
func Read(ctx context.Context, name string, r io.Reader, opts Options) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		s := &sink{ctx: ctx, name: name, maxArticle: opts.articleLimit(), yield: yield}
		readInput(s, r, opts)
		s.finish()
	}
}

// sink hands items to the consumer and remembers whether it may still be
// called: after yield returns false it must never be called again.
type sink struct {
	ctx        context.Context
	name       string
	maxArticle int64
	yield      func(Item) bool
	items      int
	stopped    bool // the consumer stopped
}

// live reports whether reading should go on.
func (s *sink) live() bool { return !s.stopped && s.ctx.Err() == nil }

func (s *sink) emit(it Item) bool {
	if s.stopped {
		return false
	}
	s.items++
	if !s.yield(it) {
		s.stopped = true
		return false
	}
	return s.live()
}

// article emits an article that starts at line (0: the whole input).
func (s *sink) article(line int, a schema.Article) bool {
	if n := int64(len(a.Title) + len(a.Text)); n > s.maxArticle {
		return s.fail(line, fmt.Errorf("%w: the article's text is %s, over the limit of %s for one article; split it",
			ErrTooLarge, sizeOf(n), sizeOf(s.maxArticle)))
	}
	if a.Source == "" {
		// File names may be any bytes; article fields are always text.
		a.Source = strings.ToValidUTF8(s.name, "\uFFFD")
	}
	if a.ID == "" {
		a.ID = a.DefaultID()
	}
	return s.emit(Item{Article: a})
}

func (s *sink) fail(line int, err error) bool {
	return s.emit(Item{Err: &Error{Name: s.name, Line: line, Err: err}})
}

// finish reports cancellation, or an input that gave nothing at all.
func (s *sink) finish() {
	switch {
	case s.stopped:
	case s.ctx.Err() != nil:
		s.fail(0, s.ctx.Err())
	case s.items == 0:
		s.fail(0, ErrEmpty)
	}
}

// sizeOf says a byte count the way people read it: 64 bytes, 4 MiB, 47.7 MiB.
func sizeOf(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<10)), ".0") + " KiB"
	default:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<20)), ".0") + " MiB"
	}
}
