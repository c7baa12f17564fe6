package extract

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"kg/schema"
)

// The project's lexicon: well-known names of the Chinese AI industry and
// of general news, as tab-separated files. Users' files have the same
// format (see parseLexicon).
//
//go:embed lexicon/*.tsv
var lexiconFS embed.FS

// blockType marks a lexicon line whose name must never become an entity
// (type column "-"): it suppresses every candidate with exactly that span.
const blockType schema.EntityType = "-"

// lexEntry is one line of a lexicon file.
type lexEntry struct {
	name    string // canonical name, as written
	typ     schema.EntityType
	aliases []string
	links   []lexLink
	src     string // "file:line", for error messages
	key     string // entityKey(typ, name), computed once at load
	id      string // schema.EntityID(typ, name), computed once at load
}

// lexLink is a fact the lexicon states about its entry, such as the
// company a well-known founder belongs to. It becomes a relation only when
// both ends are mentioned in the same sentence.
type lexLink struct {
	rel    schema.RelationType
	target string
	title  string
}

// lexicon is a parsed set of lexicon files with a trie over the folded
// names and aliases. It is read-only once built.
type lexicon struct {
	entries []lexEntry
	trie    *trie
	byName  map[string][]int32 // folded canonical name → entries
}

// parseLexicon reads one lexicon file. Format, one entity per line:
//
//	canonical name <TAB> type [<TAB> alias|alias… [<TAB> REL:target[:title]|…]]
//
// Blank lines and lines starting with # are ignored. The type is a schema
// entity type in any of its spellings (Company, COMPANY, 企业), Title for
// job titles, or "-" for a name that must never be extracted.
func parseLexicon(r io.Reader, name string) ([]lexEntry, error) {
	var out []lexEntry
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			text = strings.TrimPrefix(text, "\uFEFF")
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(strings.TrimSpace(text), "#") {
			continue
		}
		e, err := parseLexLine(text)
		if err != nil {
			return nil, fmt.Errorf("lexicon %s:%d: %w", name, line, err)
		}
		e.src = fmt.Sprintf("%s:%d", name, line)
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("lexicon %s:%d: %w", name, line+1, err)
	}
	return out, nil
}

func parseLexLine(text string) (lexEntry, error) {
	cols := strings.Split(text, "\t")
	if len(cols) < 2 {
		return lexEntry{}, fmt.Errorf("want name<TAB>type[<TAB>aliases[<TAB>links]], got %q", text)
	}
	if len(cols) > 4 {
		return lexEntry{}, fmt.Errorf("%d columns, want at most 4", len(cols))
	}
	e := lexEntry{name: strings.TrimSpace(cols[0])}
	if e.name == "" {
		return lexEntry{}, fmt.Errorf("empty name")
	}
	typ := strings.TrimSpace(cols[1])
	if typ == string(blockType) {
		e.typ = blockType
	} else {
		t, err := schema.ParseEntityType(typ)
		if err != nil {
			return lexEntry{}, err
		}
		e.typ = t
	}
	if len(cols) > 2 {
		for _, a := range strings.Split(cols[2], "|") {
			if a = strings.TrimSpace(a); a != "" && a != e.name {
				e.aliases = append(e.aliases, a)
			}
		}
	}
	if len(cols) > 3 {
		for _, l := range strings.Split(cols[3], "|") {
			if l = strings.TrimSpace(l); l == "" {
				continue
			}
			parts := strings.Split(l, ":")
			if len(parts) < 2 || len(parts) > 3 {
				return lexEntry{}, fmt.Errorf("link %q: want REL:target[:title]", l)
			}
			rel, err := schema.ParseRelationType(parts[0])
			if err != nil {
				return lexEntry{}, fmt.Errorf("link %q: %w", l, err)
			}
			ln := lexLink{rel: rel, target: strings.TrimSpace(parts[1])}
			if len(parts) == 3 {
				ln.title = strings.TrimSpace(parts[2])
			}
			if ln.target == "" {
				return lexEntry{}, fmt.Errorf("link %q: empty target", l)
			}
			e.links = append(e.links, ln)
		}
	}
	return e, nil
}

// newLexicon indexes entries; base (may be nil) is consulted when
// checking that link targets exist.
func newLexicon(entries []lexEntry, base *lexicon) (*lexicon, error) {
	lx := &lexicon{entries: entries, trie: newTrie(), byName: make(map[string][]int32)}
	for i, e := range entries {
		entries[i].key, entries[i].id = entityKey(e.typ, e.name), schema.EntityID(e.typ, e.name)
		id := int32(i)
		key := fold(e.name)
		lx.byName[key] = append(lx.byName[key], id)
		lx.trie.add([]rune(key), id)
		for _, a := range e.aliases {
			lx.trie.add([]rune(fold(a)), id)
		}
	}
	lx.trie.freeze()
	for _, e := range entries {
		for _, l := range e.links {
			if _, ok := lx.find(l.target); ok {
				continue
			}
			if _, ok := base.find(l.target); ok {
				continue
			}
			return nil, fmt.Errorf("lexicon %s: link target %q is not in the lexicon", e.src, l.target)
		}
	}
	return lx, nil
}

// find returns the first entry whose canonical name is name.
func (lx *lexicon) find(name string) (lexEntry, bool) {
	if lx == nil {
		return lexEntry{}, false
	}
	ids := lx.byName[fold(name)]
	if len(ids) == 0 {
		return lexEntry{}, false
	}
	return lx.entries[ids[0]], true
}

// loadEmbeddedLexicon parses the lexicon files compiled into the binary,
// in file-name order so that the result never depends on the platform.
func loadEmbeddedLexicon() (*lexicon, error) {
	names, err := fs.Glob(lexiconFS, "lexicon/*.tsv")
	if err != nil {
		return nil, fmt.Errorf("embedded lexicon: %w", err)
	}
	sort.Strings(names)
	var all []lexEntry
	for _, n := range names {
		f, err := lexiconFS.Open(n)
		if err != nil {
			return nil, fmt.Errorf("embedded lexicon %s: %w", n, err)
		}
		es, err := parseLexicon(f, path.Base(n))
		f.Close()
		if err != nil {
			return nil, err
		}
		all = append(all, es...)
	}
	return newLexicon(all, nil)
}

// gseWord is a lexicon word for the tokenizer's dictionary.
type gseWord struct{ text, pos string }

// gseWords lists the lexicon's names and aliases for the tokenizer, so
// that it keeps them whole. Words with spaces cannot be dictionary words
// and are left to the gazetteer alone; so are single characters.
func (lx *lexicon) gseWords() []gseWord {
	var out []gseWord
	seen := make(map[string]bool)
	for _, e := range lx.entries {
		if e.typ == blockType {
			continue
		}
		pos := gsePos(e.typ)
		for _, w := range append([]string{e.name}, e.aliases...) {
			w = fold(w)
			if seen[w] || strings.ContainsAny(w, " \t") || len([]rune(w)) < 2 {
				continue
			}
			seen[w] = true
			out = append(out, gseWord{w, pos})
		}
	}
	return out
}

// gsePos is the jieba tag that stands for an entity type in the tokenizer.
func gsePos(t schema.EntityType) string {
	switch t {
	case schema.Person:
		return "nr"
	case schema.Location:
		return "ns"
	case schema.Company, schema.Institution, schema.GovernmentBody, schema.Media:
		return "nt"
	case schema.Title:
		return "nnt"
	case schema.Technology, schema.Industry:
		return "n" // common nouns: no proper part of an organisation's name
	}
	return "nz"
}
