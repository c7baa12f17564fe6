package reader

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"kg/schema"
)

// skipped reports elements whose content is never article text: code,
// media, and the navigation around an article.
func skipped(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Math, atom.Iframe,
		atom.Object, atom.Canvas, atom.Nav, atom.Aside, atom.Footer, atom.Select, atom.Button:
		return true
	}
	return false
}

// block reports elements that start a new line of text.
func block(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Br, atom.Hr, atom.Li, atom.Ul, atom.Ol, atom.Dl, atom.Dt, atom.Dd,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Table, atom.Tr, atom.Td, atom.Th,
		atom.Section, atom.Article, atom.Header, atom.Main, atom.Blockquote, atom.Pre, atom.Figure,
		atom.Figcaption, atom.Address, atom.Title, atom.Body, atom.Caption, atom.Details, atom.Summary:
		return true
	}
	return false
}

// htmlPage collects what one pass of the tokenizer finds.
type htmlPage struct {
	open      map[atom.Atom]int // open skipped elements
	skipN     int
	inHead    bool
	inTitle   bool
	inH1      bool
	article   int // open <article> elements
	pre       int
	all, art  strings.Builder
	title, h1 strings.Builder
	ogTitle   string
	desc      string
	url       string
	keywords  string
	published string
	pubRank   int // rank of published: lower is better
}

// parseHTML reads an HTML page; see the package comment for what it keeps.
func parseHTML(src string) schema.Article {
	p := htmlPage{open: map[atom.Atom]int{}, pubRank: 99}
	z := html.NewTokenizer(strings.NewReader(src))
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			return p.result()
		case html.TextToken:
			p.text(string(z.Text()))
		case html.StartTagToken, html.SelfClosingTagToken:
			p.start(z.Token(), tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			p.end(z.Token().DataAtom)
		}
	}
}

func (p *htmlPage) start(t html.Token, selfClosing bool) {
	a := t.DataAtom
	if skipped(a) {
		if !selfClosing {
			p.open[a]++
			p.skipN++
		}
		return
	}
	switch a {
	case atom.Head:
		p.inHead = true
	case atom.Body:
		p.inHead = false
	case atom.Title:
		p.inTitle = !selfClosing && p.skipN == 0
	case atom.H1:
		p.inH1 = !selfClosing && p.h1.Len() == 0
	case atom.Article:
		if !selfClosing {
			p.article++
		}
	case atom.Pre:
		if !selfClosing {
			p.pre++
		}
	case atom.Meta:
		p.meta(t)
	case atom.Link:
		if strings.EqualFold(attr(t, "rel"), "canonical") && p.url == "" {
			p.url = strings.TrimSpace(attr(t, "href"))
		}
	case atom.Time:
		p.pub(4, attr(t, "datetime"))
	}
	if block(a) {
		p.newline()
	}
}

func (p *htmlPage) end(a atom.Atom) {
	if skipped(a) {
		if p.open[a] > 0 {
			p.open[a]--
			p.skipN--
		}
		return
	}
	switch a {
	case atom.Head:
		p.inHead = false
	case atom.Title:
		p.inTitle = false
	case atom.H1:
		p.inH1 = false
	case atom.Article:
		if p.article > 0 {
			p.article--
		}
	case atom.Pre:
		if p.pre > 0 {
			p.pre--
		}
	}
	if block(a) {
		p.newline()
	}
}

func (p *htmlPage) meta(t html.Token) {
	content := strings.TrimSpace(attr(t, "content"))
	key := strings.ToLower(attr(t, "property"))
	if key == "" {
		key = strings.ToLower(attr(t, "name"))
	}
	if key == "" {
		key = strings.ToLower(attr(t, "itemprop"))
	}
	switch key {
	case "og:title":
		p.ogTitle = content
	case "description", "og:description":
		if p.desc == "" {
			p.desc = content
		}
	case "og:url":
		if p.url == "" {
			p.url = content
		}
	case "keywords", "news_keywords":
		if p.keywords == "" {
			p.keywords = content
		}
	case "article:published_time":
		p.pub(0, content)
	case "pubdate", "publishdate", "publish_date", "og:published_time":
		p.pub(1, content)
	case "datepublished":
		p.pub(2, content)
	case "date", "dc.date", "dc.date.issued":
		p.pub(3, content)
	}
}

func (p *htmlPage) pub(rank int, v string) {
	if v = strings.TrimSpace(v); v != "" && rank < p.pubRank {
		p.published, p.pubRank = v, rank
	}
}

func (p *htmlPage) text(s string) {
	if p.skipN > 0 {
		return
	}
	if p.inTitle {
		p.title.WriteString(s)
		return
	}
	if p.inHead {
		return
	}
	if p.pre == 0 {
		s = collapseSpace(s)
	}
	if p.inH1 {
		p.h1.WriteString(s)
	}
	p.all.WriteString(s)
	if p.article > 0 {
		p.art.WriteString(s)
	}
}

func (p *htmlPage) newline() {
	p.all.WriteByte('\n')
	if p.article > 0 {
		p.art.WriteByte('\n')
	}
}

func (p *htmlPage) result() schema.Article {
	a := schema.Article{
		URL:       p.url,
		Published: p.published,
		Keywords:  splitList(p.keywords),
	}
	for _, t := range []string{p.ogTitle, p.title.String(), p.h1.String()} {
		if t = strings.TrimSpace(collapseSpace(t)); t != "" {
			a.Title = t
			break
		}
	}
	a.Text = cleanLines(p.art.String())
	if a.Text == "" {
		a.Text = cleanLines(p.all.String())
	}
	if a.Text == "" {
		a.Text = p.desc
	}
	return a
}

// collapseSpace turns each run of HTML white space (and no-break spaces,
// which pages use for layout) into one space. The ideographic space is
// text, not layout, and stays.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\u00a0':
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// cleanLines trims every line and drops the empty ones.
func cleanLines(s string) string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func attr(t html.Token, key string) string {
	for _, a := range t.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
