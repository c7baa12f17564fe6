package extract

import (
	"strings"

	"kg/schema"
)

// titleModifiers may precede a lexicon title and belong to it (副院长,
// 常务副总裁, 首席执行官 is in the lexicon itself). Longest first.
var titleModifiers = []string{"常务副", "执行副", "常务", "执行", "首席", "高级", "资深", "名誉", "荣誉",
	"联合", "独立", "代理", "专职", "兼职", "特聘", "客座", "终身", "党委", "党组", "纪委", "工会", "支部",
	"监事会", "董事会", "理事会", "外部", "主管", "助理", "实习", "见习", "副", "总", "正"}

// unitTitleCores are managerial titles that take the name of a department
// in front of them (产业部部长, 研究部主任, 仪表试制组长): the department is
// part of the title, the organisation before it is not.
var unitTitleCores = []string{"部长", "处长", "科长", "所长", "厂长", "组长", "室主任", "队长", "站长", "局长",
	"院长", "校长", "主任", "经理", "总经理", "总监", "主管", "负责人", "书记", "秘书", "干事", "会长", "社长",
	"行长", "主编", "馆长", "园长", "段长", "车间主任", "董事", "监事"}

// appointmentWords end a department name on its left: 历任仪表试制组长.
var appointmentWords = newWordList("任", "担任", "历任", "兼任", "现任", "曾任", "出任", "升任", "调任", "聘任", "受聘",
	"荣任", "就任", "改任", "接任", "转任", "兼", "及", "并")

// bareOrgWords are organisation words that, standing alone before a title,
// are an organisation of their own and never part of the title (公司副总经理).
var bareOrgWords = map[string]bool{"公司": true, "集团": true, "本公司": true, "该公司": true, "银行": true,
	"本行": true, "学校": true, "大学": true, "学院": true, "集团公司": true, "总公司": true, "股份公司": true,
	"本集团": true, "母公司": true, "政府": true, "医院": true}

// titles extends the lexicon's title matches with modifiers on the left
// (副, 首席 …), an assistant suffix (助理) and, for managerial titles, the
// department they head. orgEnds marks where an organisation candidate
// ends: a department name starts there at the latest.
func titles(t *text, lexCands []*cand, orgEnds []orgEnd) []*cand {
	var out []*cand
	for _, c := range lexCands {
		if c.typ != schema.Title {
			continue
		}
		sp := c.span
		// 副 and friends, repeatedly (常务副总裁 = 常务 + 副 + 总裁), and
		// once the field in front (高级策划经理 = 高级 + 策划 + 经理).
		field := false
		for changed := true; changed; {
			changed = false
			for _, m := range titleModifiers {
				if t.endsAt(sp.start, m) && !orgEndsAt(orgEnds, sp.start) {
					sp.start -= len([]rune(m))
					changed = true
					break
				}
			}
			if !changed && !field {
				field = true
				if p, ok := fieldModifier(t, sp.start, t.fstr(c.span), orgEnds); ok {
					sp.start, changed = p, true
				}
			}
		}
		if t.hasAt(sp.end, "助理") {
			sp.end += 2
		}
		// 第六届监事会监事: the term of office belongs to the title.
		if p := ordinalTermStart(t, sp.start); p < sp.start {
			sp.start = p
		}
		if core := t.fstr(c.span); isUnitTitle(core) {
			if p, ok := departmentStart(t, sp.start, orgEnds); ok && departmentFits(t.fstr(span{p, sp.start}), core) {
				sp.start = p
			}
		}
		if sp != c.span {
			out = append(out, &cand{span: sp, typ: schema.Title, conf: 0.85, tier: tierLexicon,
				prio: c.prio, rule: "title+"})
		}
	}
	return out
}

// orgEnd marks where organisation candidates end: strong ones are names,
// weak ones (…财务部) may be the department a title goes on to name.
type orgEnd uint8

const (
	strongOrgEnd orgEnd = 1 << iota
	weakOrgEnd
)

func orgEndsAt(orgEnds []orgEnd, i int) bool { return i >= 0 && i < len(orgEnds) && orgEnds[i] != 0 }

func strongOrgEndsAt(orgEnds []orgEnd, i int) bool {
	return i >= 0 && i < len(orgEnds) && orgEnds[i]&strongOrgEnd != 0
}

func isUnitTitle(core string) bool {
	for _, u := range unitTitleCores {
		if strings.HasSuffix(core, u) {
			return true
		}
	}
	return false
}

// departmentStart looks left of a managerial title for the department it
// heads: up to six characters of common nouns, ended on the left by an
// organisation, punctuation, the text's start or an appointment verb. A
// proper noun on the way means the unit is an organisation's own name
// (北京大学武汉人工智能研究院副院长), so there is no department.
func departmentStart(t *text, start int, orgEnds []orgEnd) (int, bool) {
	p := start
	for {
		// An organisation found by a weak suffix right at the title may be
		// the department itself (…公司财务部 before 经理); a real one ends
		// the search (北京大学 before 副校长).
		if p == 0 || (p < start && orgEndsAt(orgEnds, p)) || strongOrgEndsAt(orgEnds, p) || isPunct(t.at(p-1)) {
			break
		}
		if appointmentWords.endsAt(t.f, p) {
			break
		}
		if start-p >= 6 {
			return start, false
		}
		tk := t.tok(p - 1)
		if bareOrgWords[t.fstr(tk.span())] {
			break // 公司财务部经理: the department starts after 公司
		}
		if tk.start < p-6 || !departmentPOS(tk.pos) {
			return start, false
		}
		p = tk.start
	}
	if p == start {
		return start, false
	}
	if bareOrgWords[t.fstr(span{p, start})] {
		return start, false
	}
	return p, true
}

// unitWords end the name of a department (产业部, 办公室, 信息中心).
var unitWords = []string{"部", "处", "科", "室", "办", "中心", "组", "所", "厂", "车间", "分行", "支行", "分公司",
	"事业部", "办公室", "委员会", "队", "站", "院", "系", "馆", "局", "社"}

// departmentFits checks a department against the title it is in front
// of: a title whose head is the unit itself (组长, 部长) takes any common
// noun phrase (仪表试制组长), others need the department to end in a unit
// word (研究部主任), so that 邀请主任 never becomes a title.
func departmentFits(dept, core string) bool {
	head := []rune(strings.TrimPrefix(core, "副"))
	if len(head) == 2 && head[1] == '长' && strings.ContainsRune("部处科所厂组队站局院校行社馆园段", head[0]) {
		return true
	}
	for _, u := range unitWords {
		if strings.HasSuffix(dept, u) {
			return true
		}
	}
	return false
}

// departmentPOS are the tags of words a department name is made of.
func departmentPOS(pos string) bool {
	switch pos {
	case "n", "vn", "v", "b", "j", "an", "ng", "l", "nnt", "nt":
		return true
	}
	return false
}

// fieldTitleCores take the field they work in as a two-character noun in
// front: 营销总监, 项目经理, 投资专家, 实习编辑.
var fieldTitleCores = setOf("经理 总经理 副总经理 总监 副总监 主管 顾问 专家 编辑 记者 工程师 设计师 分析师 " +
	"总裁 副总裁 主任 研究员 代表 律师 会计师 经济师 评论员 制作人")

func fieldModifier(t *text, start int, core string, orgEnds []orgEnd) (int, bool) {
	if !fieldTitleCores[core] || start < 2 || orgEndsAt(orgEnds, start) {
		return start, false
	}
	tk := t.tok(start - 1)
	if tk.end != start || tk.end-tk.start != 2 {
		return start, false
	}
	switch tk.pos {
	case "n", "vn":
	default:
		return start, false
	}
	w := t.fstr(tk.span())
	if orgStopWords[w] || bareOrgWords[w] || nonFieldWords[w] {
		return start, false
	}
	if _, ok := orgSuffixes[t.fstr(span{start - 1, start})]; ok {
		return start, false // 周报记者, 中心总监: an organisation's name, not a field
	}
	return tk.start, true
}

// nonFieldWords are nouns that often stand before a title without being
// its field (公司总经理 is the company's manager, 原总经理 a former one).
var nonFieldWords = setOf("公司 集团 银行 学校 医院 政府 本报 本台 新华 人民 中国 国家 全国 当地 目前 现在 " +
	"同时 时任 前任 现任 新任 原任 记者 专家 教授 人员 工作 技术 市场 部门 单位 机构 企业 行业 业内 " +
	"中心 原告 被告 周报 日报 晚报 早报 晨报 商报 时报 本报 本刊 我们 他们 本场 整理 援引")

// ordinalTermStart returns where a term of office such as 第六届 or 第3届
// starts right before i, or i.
func ordinalTermStart(t *text, i int) int {
	if !t.endsAt(i, "届") {
		return i
	}
	p := i - 1
	for p > 0 && (isDigit(t.at(p-1)) || strings.ContainsRune("一二三四五六七八九十", t.at(p-1))) {
		p--
	}
	if p < i-1 && t.at(p-1) == '第' {
		return p - 1
	}
	return i
}

// titleBeforeOrgWord drops a title word that starts an organisation's or
// a field's name: 会计系, 会计协会, 律师事务所.
func titleBeforeOrgWord(t *text, c *cand) bool {
	for n := 1; n <= maxOrgSuffixLen && c.end+n <= len(t.f); n++ {
		w := t.fstr(span{c.end, c.end + n})
		if _, ok := orgSuffixes[w]; ok && !nonOrgWords[w] {
			return true
		}
	}
	for _, w := range []string{"系", "专业", "协会", "学会", "事务所", "资格", "考试", "证书", "学历", "学位"} {
		if t.hasAt(c.end, w) {
			return true
		}
	}
	return false
}
