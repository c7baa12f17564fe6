package extract

import (
	"sort"
	"strings"

	"kg/schema"
)

type relKey struct {
	typ      schema.RelationType
	src, dst int
	title    string
}

type relBuild struct {
	conf float64
	ev   []span
}

// relations collects relations between resolved entities, checked
// against the ontology (RelationType.Allows), one per type, ends and title,
// with all their evidence.
type relations struct {
	r *resolver
	m map[relKey]*relBuild
}

func newRelations(r *resolver) *relations { return &relations{r: r, m: make(map[relKey]*relBuild)} }

func (rs *relations) add(typ schema.RelationType, src, dst *cand, title string, conf float64, ev span) {
	si, ok1 := rs.r.entityOf(src)
	di, ok2 := rs.r.entityOf(dst)
	if !ok1 || !ok2 || si == di {
		return
	}
	if !typ.Allows(rs.r.ents[si].typ, rs.r.ents[di].typ) {
		return
	}
	if typ == schema.Proposes && rs.r.ents[si].typ == schema.Policy && !isPolicyDocument(rs.r.ents[si].name) {
		return // only a document (报告, 规划 …) proposes another policy
	}
	k := relKey{typ, si, di, title}
	b := rs.m[k]
	if b == nil {
		b = &relBuild{}
		rs.m[k] = b
	}
	if conf > b.conf {
		b.conf = conf
	}
	b.ev = append(b.ev, ev)
}

// finish returns the relations sorted by type, source, target and title.
func (rs *relations) finish(ids []string) []schema.Relation {
	out := make([]schema.Relation, 0, len(rs.m))
	for k, b := range rs.m {
		rel := schema.Relation{Type: k.typ, Source: ids[k.src], Target: ids[k.dst], Confidence: round2(b.conf),
			Evidence: uniqueSpans(b.ev)}
		if k.title != "" {
			rel.Properties = map[string]string{"title": k.title}
		}
		out = append(out, rel)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		if a.Target != b.Target {
			return a.Target < b.Target
		}
		return a.Title() < b.Title()
	})
	return out
}

// mentionIndex finds the chosen mentions that start or end at a position.
type mentionIndex struct {
	endAt, startAt map[int]*cand
}

func newMentionIndex(top []*cand) mentionIndex {
	mi := mentionIndex{endAt: make(map[int]*cand, len(top)), startAt: make(map[int]*cand, len(top))}
	for _, c := range top {
		mi.endAt[c.end] = c
		mi.startAt[c.start] = c
	}
	return mi
}

// listSeparators join the people of one list: 常少华 陈晓彤, 谭敏、王嘉.
var listSeparators = []string{" ", "、", "和", "及", "与"}

// worksAt reads the chains in front of a person's name:
// ORG TITLE、ORG TITLE NAME gives one WORKS_AT per organisation with its
// own title, titles without an organisation of their own go with the next
// one on their left (北京大学教授、博导马修军), and the people of a list
// share the chain in front of the first (长江日报记者常少华 陈晓彤 吴曈).
// A name followed by （ORG TITLE） is read the same way.
func worksAt(t *text, top []*cand, mi mentionIndex, rs *relations) {
	for _, p := range top {
		if p.typ != schema.Person {
			continue
		}
		pos := p.start
		for n := 0; n < 8; n++ {
			prev := listPredecessor(t, pos, mi)
			if prev == nil {
				break
			}
			pos = prev.start
		}
		var titles []*cand
		for steps := 0; steps < 12; steps++ {
			c := mi.endAt[pos]
			if c == nil && t.at(pos-1) == '的' {
				c = mi.endAt[pos-1]
			}
			switch {
			case c != nil && c.typ == schema.Title:
				titles = append(titles, c)
				pos = c.start
				continue
			case c != nil && c.typ.IsOrganisation() && len(titles) > 0:
				rs.add(schema.WorksAt, p, c, joinTitles(t, titles), 0.85, span{c.start, p.end})
				titles = nil
				pos = c.start
				// 、 or ，between two ORG TITLE pairs continues the chain.
				if sep := t.at(pos - 1); sep == '、' || sep == '，' || sep == ',' || sep == '兼' {
					if d := mi.endAt[pos-1]; d != nil && d.typ == schema.Title {
						pos--
						continue
					}
				}
			case c == nil && len(titles) > 0:
				if sep := t.at(pos - 1); sep == '、' || sep == '兼' || sep == '及' {
					if d := mi.endAt[pos-1]; d != nil && d.typ == schema.Title {
						pos--
						continue
					}
				}
			case c != nil && c.typ.IsOrganisation() && len(titles) == 0 && pos == p.start:
				// 小米雷军: a person named right after an organisation.
				rs.add(schema.AffiliatedWith, p, c, "", 0.6, span{c.start, p.end})
			}
			break
		}
		// NAME（ORG TITLE）
		if o := t.at(p.end); o == '（' || o == '(' {
			if org := mi.startAt[p.end+1]; org != nil && org.typ.IsOrganisation() {
				if ti := mi.startAt[org.end]; ti != nil && ti.typ == schema.Title {
					if c := t.at(ti.end); c == '）' || c == ')' {
						rs.add(schema.WorksAt, p, org, t.fstr(ti.span), 0.8, span{p.start, ti.end + 1})
					}
				}
			}
		}
	}
}

// listPredecessor returns the person right before pos in a list of names.
func listPredecessor(t *text, pos int, mi mentionIndex) *cand {
	for _, sep := range listSeparators {
		n := len([]rune(sep))
		if t.endsAt(pos, sep) {
			if c := mi.endAt[pos-n]; c != nil && c.typ == schema.Person {
				return c
			}
		}
	}
	return nil
}

func joinTitles(t *text, titles []*cand) string {
	parts := make([]string, 0, len(titles))
	for i := len(titles) - 1; i >= 0; i-- { // collected right to left
		parts = append(parts, t.str(titles[i].span))
	}
	return strings.Join(parts, "、")
}

// trigger is a verb that states a relation between the nearest fitting
// mention before it and the nearest fitting one after it in a sentence.
type trigger struct {
	word  string
	kinds []schema.RelationType // tried in order; the first whose types fit wins
	both  bool                  // both ends before the verb: X与Y合作
}

var triggers = func() []trigger {
	var ts []trigger
	add := func(words string, both bool, kinds ...schema.RelationType) {
		for _, w := range strings.Fields(words) {
			ts = append(ts, trigger{word: w, kinds: kinds, both: both})
		}
	}
	add("发布 推出 上线 首发 亮相", false, schema.Releases, schema.Develops, schema.Proposes)
	add("研发 开发 研制 打造 自研 开源 训练", false, schema.Develops)
	add("提出 开展 部署 实施 推进 印发 出台 启动 制定 颁布 实行 推动", false, schema.Proposes)
	add("投资 领投 参投 注资 入股 战略投资", false, schema.InvestsIn)
	add("收购 并购 全资收购 控股", false, schema.Acquires)
	add("携手 联手 牵手 签约", false, schema.PartnersWith)
	add("合作 达成合作 战略合作", true, schema.PartnersWith)
	add("位于 坐落于 总部位于 落户 扎根", false, schema.LocatedIn)
	sort.SliceStable(ts, func(i, j int) bool { return len(ts[i].word) > len(ts[j].word) })
	return ts
}()

var triggersByFirst = func() map[rune][]trigger {
	m := make(map[rune][]trigger)
	for _, tr := range triggers {
		r := []rune(tr.word)[0]
		m[r] = append(m[r], tr)
	}
	return m
}()

// triggerFirsts holds the first characters of the triggers, a bit test
// that spares most positions the map lookup.
var triggerFirsts = keySet(triggersByFirst)

// triggerRelations applies the triggers sentence by sentence.
func triggerRelations(t *text, top []*cand, rs *relations) {
	k := 0
	for _, s := range t.sents {
		for k < len(top) && top[k].start < s.start {
			k++
		}
		j := k
		for j < len(top) && top[j].end <= s.end {
			j++
		}
		in := top[k:j]
		if len(in) < 2 {
			continue
		}
		for i := s.start; i < s.end; i++ {
			if r := t.f[i]; r < 0x10000 && !triggerFirsts.has(r) {
				continue
			}
			for _, tr := range triggersByFirst[t.f[i]] {
				if !t.hasAt(i, tr.word) {
					continue
				}
				e := i + len([]rune(tr.word))
				if !t.tokenStart(i) || !t.tokenStart(e) {
					continue // 开发者: the verb is part of a longer word
				}
				applyTrigger(t, in, tr, span{i, e}, rs)
				break
			}
		}
	}
}

func applyTrigger(t *text, in []*cand, tr trigger, at span, rs *relations) {
	for _, kind := range tr.kinds {
		info, _ := kind.Info()
		fits := func(c *cand, types []schema.EntityType) bool {
			for _, ty := range types {
				if c.typ == ty {
					return true
				}
			}
			return false
		}
		var src, dst *cand
		for i := len(in) - 1; i >= 0; i-- {
			if in[i].end <= at.start && fits(in[i], info.Sources) {
				src = in[i]
				break
			}
		}
		if src == nil {
			continue
		}
		if tr.both {
			// X与Y合作: Y is src found above; X is the organisation joined
			// to it by 与/和/同/跟.
			for i := len(in) - 1; i >= 0; i-- {
				c := in[i]
				if c.end <= src.start && fits(c, info.Sources) {
					between := t.fstr(span{c.end, src.start})
					if between == "与" || between == "和" || between == "同" || between == "跟" || between == "、" {
						rs.add(kind, c, src, "", 0.7, span{c.start, at.end})
					}
					break
				}
			}
			return
		}
		for _, c := range in {
			if c.start >= at.end && fits(c, info.Targets) {
				dst = c
				break
			}
		}
		if dst == nil {
			continue
		}
		rs.add(kind, src, dst, "", 0.7, span{src.start, dst.end})
		return
	}
}

// adjacentProducts: an organisation written right before a product or
// technology, or joined to it by 的/旗下, develops it (月之暗面kimi大模型).
func adjacentProducts(t *text, top []*cand, rs *relations) {
	for i := 0; i+1 < len(top); i++ {
		o, p := top[i], top[i+1]
		if !o.typ.IsOrganisation() || (p.typ != schema.Product && p.typ != schema.Technology) {
			continue
		}
		gap := t.fstr(span{o.end, p.start})
		if gap == "" || gap == "的" || gap == "旗下" || gap == "旗下的" || gap == "自研的" || gap == "自研" {
			if p.typ == schema.Technology && gap == "" {
				continue
			}
			rs.add(schema.Develops, o, p, "", 0.7, span{o.start, p.end})
		}
	}
}

// lexiconLinks turn the lexicon's facts (雷军 → 小米) into relations where
// both ends are mentioned in one sentence.
func lexiconLinks(t *text, top []*cand, rs *relations) {
	var bySent candIndex
	for _, c := range top {
		if c.entry == nil || len(c.entry.links) == 0 {
			continue
		}
		if bySent.first == nil {
			bySent = indexBy(len(t.sents)+1, top, func(d *cand) int { return int(t.sentAt[d.start]) })
		}
		for _, l := range c.entry.links {
			for _, d := range bySent.at(int(t.sentAt[c.start])) {
				if d == c || d.name == "" || schema.FoldKey(d.name) != schema.FoldKey(l.target) {
					continue
				}
				s := t.sentence(c.start)
				rs.add(l.rel, c, d, l.title, 0.7, s)
			}
		}
	}
}

// isPolicyDocument tells a policy document (政府工作报告, 发展规划) from a
// policy it may propose.
func isPolicyDocument(name string) bool {
	for _, h := range []string{"报告", "规划", "纲要", "意见", "方案", "通知", "办法", "条例", "法", "决定", "规定", "白皮书", "指南"} {
		if strings.HasSuffix(strings.Trim(name, "《》"), h) {
			return true
		}
	}
	return false
}
