package schema

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
)

// FoldKey folds the forms that do not change what a name means: full-width
// ASCII to half-width, the ideographic space to a space, Latin case, and
// runs of white space to one space. Ids and name lookups use it; text shown
// to users keeps its original form.
func FoldKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		}
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// EntityID is the stable id of the entity with this type and canonical name:
// the same on every run and machine, and the same for names that differ only
// in width, case or spacing.
func EntityID(t EntityType, name string) string {
	return strings.ToLower(string(t)) + ":" + shortHash(string(t)+"\x00"+FoldKey(name))
}

// ArticleID is the id of an article that brings none of its own: a hash of
// its folded title and text, so a re-read of the same article gets the same id.
func ArticleID(title, text string) string {
	return "article:" + shortHash(FoldKey(title)+"\x00"+FoldKey(text))
}

// ArticleURLID is the id of an article that brings no id but a URL: the URL
// names the article, so a corrected re-publication keeps its id and
// replaces the old facts instead of standing beside them.
func ArticleURLID(url string) string {
	return "article:" + shortHash("url\x00"+strings.TrimSpace(url))
}

// DefaultID is the id of an article that brings none, the same for every
// way in (files, stdin, GraphQL): its URL's when it has one, else its
// title's and text's.
func (a Article) DefaultID() string {
	if strings.TrimSpace(a.URL) != "" {
		return ArticleURLID(a.URL)
	}
	return ArticleID(a.Title, a.Text)
}

// ContentHash fingerprints everything of an article that extraction reads,
// so a store can tell an unchanged article from an updated one.
func ContentHash(a Article) string {
	h := sha256.New()
	for _, f := range [][]string{{a.Title, a.URL, a.Published, a.Text}, a.Keywords, a.Technologies, a.Industries} {
		for _, s := range f {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
		h.Write([]byte{1})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}
