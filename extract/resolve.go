package extract

import (
	"slices"
	"sort"
	"strings"

	"kg/schema"
)

// entity is one distinct thing of the article while it is being built.
type entity struct {
	typ      schema.EntityType
	name     string // canonical
	lexicon  bool   // the canonical name comes from a lexicon
	conf     float64
	mentions []span
	surfaces []string  // distinct original spellings; few per entity
	merged   int       // index of the entity this one was merged into, or -1
	entry    *lexEntry // the lexicon entry of typ and name, if any (it knows the id)
}

// resolver groups mentions into entities: one entity per type and folded
// canonical name, lexicon aliases already mapped to their canonical name,
// and short forms of company names (小米公司, 北京小米科技有限责任公司)
// merged into the company they name.
type resolver struct {
	t    *text
	x    *Extractor // its lexicons map names to canonical names
	ents []*entity
	// slab is where ents point, and most entities' first mention and
	// surface go to the arrays beside it: one allocation each for all
	// rather than three per entity.
	slab     []entity
	slabMent []span
	slabSurf []string
	byKey    map[string]int
	keys     map[typedName]string // entityKey, computed once per type and name
}

type typedName struct {
	typ  schema.EntityType
	name string
}

func newResolver(t *text, x *Extractor) *resolver {
	return &resolver{t: t, x: x, byKey: make(map[string]int), keys: make(map[typedName]string)}
}

// quoteMarks are dropped from policy names for identity: “人工智能+”行动
// and "人工智能+"行动 are one policy.
var quoteMarks = strings.NewReplacer("“", "", "”", "", "\"", "", "「", "", "」", "", "‘", "", "’", "")

// entityKey is the identity of an entity within an article.
func entityKey(typ schema.EntityType, name string) string {
	k := schema.FoldKey(fold(name))
	if typ == schema.Policy {
		k = quoteMarks.Replace(k)
	}
	return string(typ) + "\x00" + k
}

// add records c as a mention and returns its entity's index.
func (r *resolver) add(c *cand) int {
	if c.entity > 0 {
		return r.root(int(c.entity - 1))
	}
	surface := ""
	name, lex := c.name, c.name != ""
	entry := c.entry
	if name == "" {
		surface = r.t.str(c.span)
		name = surface
		// the folded text of the span is fold(name)
		if e, ok := r.x.lookupFolded(r.t.f[c.start:c.end]); ok && e.typ == c.typ {
			name, lex, entry = e.name, true, e
		}
	}
	var key string
	if entry != nil && entry.typ == c.typ && entry.name == name {
		key = entry.key
	} else {
		entry = nil
		tn := typedName{c.typ, name}
		var ok bool
		if key, ok = r.keys[tn]; !ok {
			key = entityKey(c.typ, name)
			r.keys[tn] = key
		}
	}
	i, found := r.byKey[key]
	if !found {
		i = len(r.ents)
		if len(r.slab) == cap(r.slab) {
			const n = 32
			r.slab, r.slabMent, r.slabSurf = make([]entity, 0, n), make([]span, n), make([]string, n)
		}
		k := len(r.slab)
		r.slab = append(r.slab, entity{typ: c.typ, name: name, lexicon: lex, merged: -1, entry: entry,
			mentions: r.slabMent[k : k : k+1], surfaces: r.slabSurf[k : k : k+1]})
		r.ents = append(r.ents, &r.slab[len(r.slab)-1])
		r.byKey[key] = i
	}
	i = r.root(i)
	e := r.ents[i]
	e.mentions = append(e.mentions, c.span)
	if !slices.ContainsFunc(e.surfaces, func(s string) bool { return r.t.origIs(c.span, s) }) {
		if surface == "" {
			surface = r.t.str(c.span)
		}
		e.surfaces = append(e.surfaces, surface)
	}
	if c.conf > e.conf {
		e.conf = c.conf
	}
	c.entity = int32(i + 1)
	return i
}

func (r *resolver) root(i int) int {
	for r.ents[i].merged >= 0 {
		i = r.ents[i].merged
	}
	return i
}

// entityOf returns the entity index of a candidate added before.
func (r *resolver) entityOf(c *cand) (int, bool) {
	if c.entity == 0 {
		return 0, false
	}
	return r.root(int(c.entity - 1)), true
}

// companyTails are the legal and generic endings stripped to find the
// short name a company is usually called by.
var companyTails = []string{"股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司", "控股", "股份",
	"科技", "技术", "网络", "信息", "智能", "(中国)", "（中国）", "中国"}

// legalEnding are the endings that make a name's legal form without
// making it another organisation.
var legalEnding = setOf("有限公司 股份有限公司 有限责任公司 公司 集团 集团公司 集团有限公司 控股 股份 控股集团 " +
	"集团股份有限公司 科技有限公司 (中国) （中国） 中国有限公司")

// mergeShortForms merges an organisation found by its structure into an
// organisation of the article (or the lexicon) that its short form names.
func (r *resolver) mergeShortForms(locations map[string]bool) {
	for i, e := range r.ents {
		if e.merged >= 0 || e.lexicon || e.typ != schema.Company {
			continue // a ministry of another country is not ours (埃及文化部)
		}
		short := shortCompanyName(e.name, locations)
		if short == "" || short == e.name {
			continue
		}
		for _, typ := range []schema.EntityType{e.typ, schema.Company, schema.Institution, schema.GovernmentBody, schema.Media} {
			j, ok := r.byKey[entityKey(typ, short)]
			if ok && r.root(j) != i {
				r.mergeInto(i, r.root(j))
				break
			}
			if le, ok := r.x.lookup(short); ok && le.typ == typ {
				e.name, e.lexicon, e.typ, e.entry = le.name, true, le.typ, le
				if j, ok := r.byKey[entityKey(le.typ, le.name)]; ok && r.root(j) != i {
					r.mergeInto(i, r.root(j))
				}
				break
			}
		}
	}
}

func (r *resolver) mergeInto(from, to int) {
	a, b := r.ents[from], r.ents[to]
	b.mentions = append(b.mentions, a.mentions...)
	for _, s := range a.surfaces {
		if !slices.Contains(b.surfaces, s) {
			b.surfaces = append(b.surfaces, s)
		}
	}
	if a.conf > b.conf {
		b.conf = a.conf
	}
	a.merged = to
}

// shortCompanyName strips legal endings and a leading place name:
// 北京小米科技有限责任公司 → 小米.
func shortCompanyName(name string, locations map[string]bool) string {
	s := fold(name)
	for changed := true; changed; {
		changed = false
		for _, tail := range companyTails {
			if strings.HasSuffix(s, tail) && len([]rune(s)) > len([]rune(tail))+1 {
				s = strings.TrimSuffix(s, tail)
				changed = true
			}
		}
		rs := []rune(s)
		for n := min(len(rs)-2, 6); n >= 2; n-- {
			if locations[string(rs[:n])] {
				s = string(rs[n:])
				changed = true
				break
			}
		}
		rs = []rune(s)
		for n := min(len(rs)-2, 4); n >= 2; n-- {
			if locations[string(rs[len(rs)-n:])] {
				s = string(rs[:len(rs)-n]) // 花旗中国 → 花旗
				changed = true
				break
			}
		}
	}
	return s
}

// finish returns the entities as the contract wants them, and the id of
// every internal index (a merged entity has the id of the one it joined).
func (r *resolver) finish() ([]schema.Entity, []string) {
	ids := make([]string, len(r.ents))
	out := []schema.Entity{}
	for i, e := range r.ents {
		if e.merged >= 0 {
			continue
		}
		var id string
		if e.entry != nil && e.entry.typ == e.typ && e.entry.name == e.name {
			id = e.entry.id
		} else {
			id = schema.EntityID(e.typ, e.name)
		}
		ids[i] = id
		ms := uniqueSpans(e.mentions)
		aliases := []string{}
		for _, s := range e.surfaces {
			if s != e.name {
				aliases = append(aliases, s)
			}
		}
		sort.Strings(aliases)
		out = append(out, schema.Entity{ID: id, Type: e.typ, Name: e.name, Aliases: aliases,
			Confidence: round2(e.conf), Mentions: ms})
	}
	for i := range r.ents {
		if r.ents[i].merged >= 0 {
			ids[i] = ids[r.root(i)]
		}
	}
	slices.SortFunc(out, func(a, b schema.Entity) int {
		if a.Mentions[0].Start != b.Mentions[0].Start {
			return a.Mentions[0].Start - b.Mentions[0].Start
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, ids
}

func uniqueSpans(ss []span) []schema.Span {
	sorted := ss // mentions mostly come in text order already
	if !slices.IsSortedFunc(ss, compareSpans) {
		sorted = slices.SortedFunc(slices.Values(ss), compareSpans)
	}
	out := make([]schema.Span, 0, len(sorted))
	for i, s := range sorted {
		if i > 0 && s == sorted[i-1] {
			continue
		}
		out = append(out, schema.Span{Start: s.start, End: s.end})
	}
	return out
}

// round2 keeps confidences short and stable in JSON.
func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }
