package extract

import (
	"strings"

	"kg/schema"
)

// translitChars are the characters Chinese uses to transcribe foreign
// names (奥尔特曼, 斯图尔特·卡里·韦尔奇). A run of them is a foreign name
// when joined by the middle dot or when context says it is a person.
var translitChars = newRuneSet("阿埃艾爱安昂奥巴拜班邦包保贝本比彼毕边宾波伯博布蔡查柴达戴丹道德登迪蒂帝丁东杜顿多厄恩尔法凡菲费芬丰冯佛弗福夫伏盖甘冈高戈哥格根古瓜圭哈海汉豪赫黑亨胡华怀霍基吉加贾杰金卡凯坎康柯科克肯库夸奎昆拉莱赖兰朗劳勒雷蕾里利莉丽连列林琳隆卢鲁路伦罗洛吕马玛迈麦曼梅门蒙米敏明莫姆穆纳娜奈南内尼妮聂宁纽努诺欧帕派潘佩彭皮平珀普齐奇乔切钦琼丘瑞若萨塞赛桑瑟森沙莎善尚舍圣施什史士舒斯松苏索塔泰坦汤唐特提图托瓦万威韦维温文沃乌武西希谢辛休雅亚扬耶伊依因英尤约泽扎詹兹朱佐摩翰滕伍治茨汀涅迭黛茱鲍琪珍贡娃娅丝历当逊密略各久廉琴策狄范得")

// foreignNames finds transcribed foreign names: runs of transcription
// characters of two to eight characters, several joined by the middle dot
// (西摩尔·霍夫曼), or one run with a title before it or a speech verb after
// it (主教练沃尔贝克, 伯南克表示). Lexicon places and clubs win over these
// by their higher tier. A run in the words of a match report (莫斯巴主场,
// 不敌科特布) is a club instead, and one before a place word (巴杜尔湖) or
// after a preposition of place no person.
func foreignNames(t *text, titleStart, titleEnd []bool) []*cand {
	var out []*cand
	for i := 0; i < len(t.f); i++ {
		if !translitChars.has(t.f[i]) || (i > 0 && (translitChars.has(t.f[i-1]) || t.f[i-1] == '·')) {
			continue
		}
		e, parts, longest := i, 0, 0
		for {
			j := e
			for j < len(t.f) && translitChars.has(t.f[j]) && j-e < 8 {
				j++
			}
			if j-e < 1 {
				break
			}
			parts++
			longest = max(longest, j-e)
			e = j
			if e+1 < len(t.f) && t.f[e] == '·' && translitChars.has(t.f[e+1]) {
				e++
				continue
			}
			break
		}
		if parts == 0 || e-i < 2 || e-i > 20 || (e < len(t.f) && translitChars.has(t.f[e])) {
			continue
		}
		sp := span{i, e}
		if !t.tokenStart(i) || !t.tokenStart(e) {
			continue
		}
		if placeTail.has(t.at(e)) || placeWords.hasAt(t.f, e) {
			continue // 巴杜尔湖, 里亚托桥, 巴斯克人, 雷尼尔雪山: a place or a people
		}
		if parts == 1 && teamContext(t, sp) {
			// 莫斯巴主场…, 不敌科特布: a club, in match reports often
			// cut to its first characters
			out = append(out, &cand{span: sp, typ: schema.Institution, conf: 0.6, tier: tierContext, rule: "foreign-team"})
			i = e - 1
			continue
		}
		left := personLeft(t, i, titleEnd)
		right := personRight(t, e, titleStart)
		strong := left == 3 || right == 3
		switch {
		case parts >= 2 && longest >= 2:
			out = append(out, &cand{span: sp, typ: schema.Person, conf: 0.8, tier: tierContext, rule: "foreign-dot"})
		case parts == 1 && locativeBefore(t, i) && right < 3:
			// 在凯恩斯的热带平原上, 从奥兰多出发: a place
		case parts == 1 && strong && right >= 1 && foreignTokens(t, sp):
			out = append(out, &cand{span: sp, typ: schema.Person, conf: 0.7, tier: tierContext, rule: "foreign-context"})
		case parts == 1 && (left >= 2 || right >= 1) && gseForeignName(t, sp) && !locativeBefore(t, i):
			// one token gse's dictionary knows as a transcribed name
			// (琼斯/nrt), in a subject's or an object's position
			out = append(out, &cand{span: sp, typ: schema.Person, conf: 0.6, tier: tierGuess, rule: "foreign-pos"})
		case parts == 1 && e-i >= 3 && (left >= 1 || right >= 1) && foreignTokens(t, sp):
			// three or more transcription characters that gse knows no
			// word in, in a subject's position: 斯帕莱蒂乐观地表示
			out = append(out, &cand{span: sp, typ: schema.Person, conf: 0.6, tier: tierGuess, rule: "foreign-shape"})
		}
		i = e - 1
	}
	return out
}

// placeTail are characters that, right after a transcription, make it a
// place, a people or a style rather than a person.
var placeTail = newRuneSet("湖河湾岛桥山城港路村洞峰江州县镇寺堡街区谷堂宫人语族式版风")

// placeWords are words that, right after a transcription, make it the
// name of a place, a building or a brand.
var placeWords = newWordList("公园", "雪山", "大佛", "广场", "球场", "酒店", "大街", "大道", "机场", "火山", "峡谷",
	"海滩", "沙滩", "半岛", "群岛", "大桥", "古城", "小镇", "王国", "主题乐园", "乐园", "宫殿", "教堂", "神庙", "瀑布",
	"牌", "品牌", "系列")

// foreignTokens reports whether gse sees no ordinary word inside sp: its
// tokens are names, unknown single characters or transcriptions.
func foreignTokens(t *text, sp span) bool {
	for i := sp.start; i < sp.end; {
		tk := t.tok(i)
		switch tk.pos {
		case "nr", "nrt", "nrfg", "x", "nz":
		default:
			if tk.end-tk.start > 1 {
				return false
			}
		}
		i = tk.end
	}
	return true
}

// gseForeignName reports whether sp is exactly one token that gse tags as
// a transcribed or foreign name.
func gseForeignName(t *text, sp span) bool {
	tk := t.tok(sp.start)
	if tk.start != sp.start || tk.end != sp.end {
		return false
	}
	return tk.pos == "nrt" || tk.pos == "nrfg"
}

// locativeBefore reports whether a preposition of place ends right before
// i (在凯里, 到塞班): what follows is more often a place than a person.
func locativeBefore(t *text, i int) bool {
	return locatives.endsAt(t.f, i)
}

var locatives = newWordList("在", "到", "去", "从", "于", "往", "赴", "抵达", "来到", "前往", "位于", "离", "游览", "地处")

// latinNames finds people written in Latin letters (nicknames, handles,
// untranslated names) right after a job title or a word for a person
// (导演JamesCameron, 项目负责人Erik, 选手Sky) or before words only people
// go with (Svensson在接受…采访). Elsewhere a Latin word is as often a
// company or a product.
func latinNames(t *text, titleEnd []bool) []*cand {
	var out []*cand
	for i := 0; i < len(t.f); i++ {
		r := t.f[i]
		if !('a' <= r && r <= 'z') || isLatinOrDigit(t.at(i-1)) {
			continue
		}
		e := i
		for e < len(t.f) && (isLatinOrDigit(t.f[e]) || t.f[e] == '.' || t.f[e] == '-') {
			e++
		}
		for e > i && !isLatinOrDigit(t.f[e-1]) {
			e-- // a full stop after the name ends the sentence
		}
		sp := span{i, e}
		i = e
		if sp.len() < 2 || sp.len() > 24 || orgSuffixAt(t, sp.end) {
			continue
		}
		if personLeft(t, sp.start, titleEnd) < 2 && !latinPersonRight.hasAt(t.f, sp.end) {
			continue
		}
		out = append(out, &cand{span: sp, typ: schema.Person, conf: 0.7, tier: tierContext, rule: "latin-person"})
	}
	return out
}

// latinPersonRight are words after a name that fit people but not
// companies or products (Svensson在接受…采访, filip出生在波兰).
var latinPersonRight = newWordList("在接受", "接受采访", "出生", "生于", "毕业", "先生", "女士", "本人", "夫妇", "坦言",
	"直言", "笑称", "感叹", "回忆", "说道", "今年", "岁")

// orgSuffixAt reports whether an organisation suffix starts at i
// (JamesCameron公司 would name a company).
func orgSuffixAt(t *text, i int) bool {
	found := false
	orgSuffixTrie.matches(t.f, i, func(int, []int32) { found = true })
	return found
}

// latinAliases finds the original spelling a transcribed name is followed
// by in brackets, 莫亚格林（moyagreene）: another mention of the same person.
func latinAliases(t *text, top []*cand) []*cand {
	var out []*cand
	for _, c := range top {
		if c.typ != schema.Person || (t.at(c.end) != '（' && t.at(c.end) != '(') {
			continue
		}
		s := c.end + 1
		e := s
		for e < len(t.f) && (isLatinOrDigit(t.f[e]) || t.f[e] == ' ' || t.f[e] == '.' || t.f[e] == '-' || t.f[e] == '\'') {
			e++
		}
		if r := t.at(e); (r == '）' || r == ')') && e-s >= 3 && 'a' <= t.f[s] && t.f[s] <= 'z' {
			name := c.name
			if name == "" {
				name = t.str(c.span)
			}
			out = append(out, &cand{span: span{s, e}, typ: schema.Person, name: name, conf: c.conf, tier: tierContext,
				rule: "latin-alias"})
		}
	}
	return out
}

// Words around a transcription that make it a club in a match report.
var (
	teamRight = newWordList("主场", "客场", "主队", "客队", "不败", "赢球", "输球", "落败", "连胜", "连败", "两连败",
		"三连败", "两连胜", "三连胜", "取胜", "战平", "逼平", "不敌", "大胜", "惨败", "负于", "让球", "主胜", "客胜", "vs")
	teamLeft = newWordList("对阵", "负于", "不敌", "战平", "逼平", "客战", "血拼", "力克", "迎战", "做客", "vs", "主场对",
		"客场对")
)

// teamContext reports whether the words around sp make it a club: a
// result or a venue after it (莫斯巴主场, 爱沙尼两连败, 卡尔斯1平8负) or a
// fixture verb before it (不敌科特布).
func teamContext(t *text, sp span) bool {
	if teamRight.hasAt(t.f, sp.end) || teamLeft.endsAt(t.f, sp.start) {
		return true
	}
	return isDigit(t.at(sp.end)) && strings.ContainsRune("胜平负", t.at(sp.end+1))
}
