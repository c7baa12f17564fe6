package extract

import (
	"slices"
	"sort"
	"strings"

	"kg/schema"
)

// Words that, right after a name, say that it is one: speech verbs (马修军
// 表示), honorifics (叶老桂先生) and verbs of biographies (雷军出任).
var personRightStrong = newWordList(
	// the opening of a biography: 邓一平，男，… 刘会生：男
	"，男", "，女", "：男", "：女", "（男", "（女", "，中国国籍", "：中国国籍", "，汉族",
	"表示", "认为", "指出", "说", "称", "介绍", "强调", "透露", "坦言", "告诉", "解释", "回忆", "建议", "提到",
	"谈到", "补充", "分析", "直言", "笑称", "坦承", "表态", "感叹", "呼吁", "提醒", "预计", "说道", "问道",
	"答道", "回答", "承认", "否认", "宣布", "主持", "出席", "会见", "率领", "带领", "担任", "出任", "当选",
	"毕业", "加盟", "执导", "主演", "领衔", "获悉", "表态", "接受", "发表", "撰文", "致辞", "讲话", "发言",
	"先生", "女士", "同志", "老师", "师傅", "小姐", "夫妇", "夫人", "本人", "亲自", "曾任", "现任", "历任", "兼任",
	"生于", "出生", "先后", "日前", "近日", "昨天", "昨日", "今天", "今日", "随后", "坦率", "笑言", "感慨",
	"对记者", "向记者", "告诉记者", "接受记者", "对本报", "向本报", "接受本报",
	"/文", "／文", "发自", "扮演", "饰演", "去世", "逝世", "病逝", "执教", "破门", "梅开二度", "的作品", "的画作", "的小说", "的遗作",
)

// Words after a name that fit a name but fit many other words too.
var personRightWeak = newWordList(
	"等", "在", "也", "则", "还", "曾", "已", "将", "对", "与", "和", "及", "同", "跟", "、", "，", "。", " ",
	"是", "为", "被", "向", "从", "于", "的", "就", "又", "都", "却", "所", "（", "(", "；", "”", "！", "？",
	"并", "因", "由", "以", "把", "给", "让", "：", ":", ",", ".", "《",
)

// Words before a name that say that it is one: kinship, roles in a
// story or a match, and the public's labels for private people (父亲李伯豪,
// 后卫奥耶, 市民张欢迎). They are no job titles, so they are not Title
// mentions themselves.
var personLeftStrong = newWordList(
	"父亲", "母亲", "妻子", "丈夫", "儿子", "女儿", "哥哥", "姐姐", "弟弟", "妹妹", "老伴", "爷爷", "奶奶",
	"外公", "外婆", "老公", "老婆", "女友", "男友", "女朋友", "男朋友", "同学", "好友", "朋友", "搭档", "队友",
	"市民", "村民", "居民", "网友", "游客", "乘客", "司机", "车主", "业主", "患者", "病人", "死者", "伤者",
	"嫌疑人", "嫌犯", "被告", "被告人", "原告", "疑犯", "犯罪嫌疑人", "受害人", "当事人", "举报人", "证人",
	"球员", "后卫", "前锋", "中场", "中锋", "边锋", "主力", "替补", "大将", "名将", "球星", "新星", "老将",
	"小将", "射手", "球王", "影星", "歌星", "艺人", "明星", "演员", "诗人", "书法家", "小说家", "作曲家",
	"歌手", "导演", "作家", "画家", "选手", "彩民", "专家", "学者", "网名", "笔名", "艺名", "化名",
)

// Words before a name that fit a name.
var personLeftWeak = newWordList(
	"据", "对", "由", "请", "让", "和", "与", "及", "同", "跟", "向", "给", "被", "是", "称赞", "感谢", "邀请",
	"采访", "专访", "对话", "会见", "看望", "慰问", "陪同", "在", "为", "把", "将", "其中", "包括", "如",
	"“", "（", "(",
)

// personCands finds Chinese personal names: a surname from the list, one
// or two given-name characters, and evidence that it is a name: context
// (a title before it, a speech verb or an interview colon after it) and
// the shape of the given name (characters common in names). Every length
// is scored and the best acceptable one wins.
// titleStart/titleEnd mark where Title candidates start and end.
func personCands(t *text, titleStart, titleEnd []bool) []*cand {
	var out []*cand
	for i := 0; i < len(t.f); i++ {
		sl := surnameLen(t, i)
		if sl == 0 {
			continue
		}
		left := personLeft(t, i, titleEnd)
		if !t.tokenStart(i) && left < 3 {
			continue // the surname character ends another word (办公室 → 公室)
		}
		if prev := t.tok(i - 1); i > 0 && (prev.pos == "m" || prev.pos == "q" || isDigit(t.f[i-1])) &&
			!timeWordEnd.has(t.f[i-1]) {
			continue // 一位英雄, 3名: a measure word, not a surname
		}
		minGiven := 1
		if end := honorifics.longestAt(t.f, i+sl); end > 0 {
			// 李先生, 张总: the surname alone, no given name. A
			// one-character honorific may also open a given name (王家卫,
			// 叶老桂): then only the full name is tried, and not where a
			// title starts (王局长).
			if end-(i+sl) > 1 || titleStart[i+sl] || !isHan(t.at(end)) {
				continue
			}
			minGiven = 2
		}
		var best *cand
		bestScore := -100
		for gl := minGiven; gl <= 2; gl++ {
			e := i + sl + gl
			if e > len(t.f) {
				break
			}
			if !givenNameOK(t.f[i+sl : e]) {
				// 张立和，男: a function character ends a given name only
				// before the opening of a biography.
				if !(gl == 2 && isHan(t.f[e-1]) && !notInGivenName.has(t.f[e-2]) && bioOpening.hasAt(t.f, e)) {
					break
				}
			}
			right := personRight(t, e, titleStart)
			if t.hasAt(e, "：") || t.hasAt(e, ":") {
				if left >= 1 {
					right = 3
				} else {
					right = 1
				}
			}
			if right < 1 {
				// A clause-initial three-character name with name-like
				// characters stands without right context (龚强华经历了…).
				// So does one right after a title (总经理王以卓郑重宣读).
				threeChar := right == -1 && sl+gl == 3 && t.tokenStart(e)
				// A three-character word gse's dictionary tags as a
				// person (徐悲鸿/nr) is a name wherever it stands.
				dict := sl+gl == 3 && right != 0 && gseNameToken(t, span{i, e}) && !nonNameEnd.has(t.f[e-1]) &&
					someGiven(t.f[i+sl:e])
				if !(threeChar && ((left >= 1 && looksGiven(t.f[i+sl:e])) || left == 3)) && !dict {
					continue
				}
			}
			if gl == 2 && t.f[e-1] == t.f[i] && honorifics.hasAt(t.f, e) {
				continue // 孙晶孙女士: the surname again opens a second reference
			}
			tok, exactNR := personTokens(t, span{i, e})
			given := looksGiven(t.f[i+sl : e])
			strong := left >= 2 || right == 3
			switch givenTokenKind(t, i+sl, e) {
			case "function":
				continue // 都知道, 向右走: the "given name" is a word of its own
			case "verb":
				// 杨振兴, 郭建设 but 向前走: a verb-like given name needs
				// name-like characters and context on both sides.
				if !given || left < 1 {
					continue
				}
			case "noun":
				if prepSurnames.has(t.f[i]) {
					continue // 向媒体, 于今年: a preposition and its object
				}
				// 蓝天, 向媒体: a common noun after a surname-like character
				// is a name only in strong context (副署长孙寿山: 寿山/ns,
				// 谢名优先生).
				if !strong || (!given && left < 3 && right < 3) {
					continue
				}
			}
			score := left + right + tok
			var c *cand
			switch {
			case tok <= -3:
				// one dictionary word that is no name (银行卡, 时间)
			case gl == 1 && sl == 1:
				// Surname plus one character is the most ambiguous shape
				// (高昂, 林立 are even tagged as names by gse): it needs
				// strong context, or a name-like character and a token of
				// its own with fitting context on both sides.
				if given && strong {
					c = &cand{conf: 0.85, tier: tierContext, rule: "person-context"}
				} else if strong && left >= 1 && right >= 1 && tok >= 0 {
					// context on both sides, one of it strong: 局长颜鲲，
					c = &cand{conf: 0.75, tier: tierContext, rule: "person-context"}
				} else if given && !exactNR && commonSurnames.has(t.f[i]) && left >= 1 && tok >= -1 && t.at(e) != '的' &&
					givenTokenKind(t, i, e) == "" {
					// 张博确实…, ，章凌把…: a very common surname and a name
					// character, with fitting context on both sides. Not
					// when the two are one word gse tags as a name: with
					// weak context those are names one time in five (a
					// place, a brand, a word).
					c = &cand{conf: 0.5, tier: tierGuess, rule: "person-shape2"}
				}
			case given && tok >= -1:
				c = &cand{conf: 0.8, tier: tierContext, rule: "person-shape"}
			case strong && tok >= -1:
				c = &cand{conf: 0.75, tier: tierContext, rule: "person-context"}
			case sl+gl == 3 && exactNR && !nonNameEnd.has(t.f[e-1]) && left >= 1 && right >= 1 && someGiven(t.f[i+sl:e]):
				// a three-character name from gse's dictionary (徐悲鸿/nr)
				c = &cand{conf: 0.6, tier: tierGuess, rule: "person-dict"}
			case sl+gl == 3 && tok >= 0 && left >= 1 && right >= 1 && commonSurnames.has(t.f[i]) &&
				givenTokenKind(t, i+sl, e) == "" && someGiven(t.f[i+sl:e]):
				// 此后，张明渝向…: a common surname and two characters
				// standing as one word between fitting context
				c = &cand{conf: 0.5, tier: tierGuess, rule: "person-shape3"}
			case sl+gl == 3 && tok >= -1 && sentenceStart(t, i) && (t.at(e) == ',' || t.at(e) == ':'):
				// 张敷彪，…: a three-character name opening a sentence
				c = &cand{conf: 0.6, tier: tierGuess, rule: "person-opening"}
			}
			if c != nil {
				// a reading of surer kind wins over a better-scored guess
				// (沈美成对…: 成对 glues the last character to what follows)
				score += 10 * int(c.tier)
			}
			if c != nil && score > bestScore {
				bestScore = score
				c.span, c.typ = span{i, e}, schema.Person
				best = c
			}
		}
		if best == nil && left == 3 {
			best = afterTitle(t, i, sl, minGiven, titleStart)
		}
		if best != nil {
			out = append(out, best)
		}
	}
	return out
}

// prepSurnames are surnames that are also prepositions or conjunctions,
// which a noun after them makes the more likely reading.
var prepSurnames = newRuneSet("向于由应时谈成和")

// nonNameEnd are last characters of the three-character words gse tags as
// names that are places, buildings or kinds of people (黄果树, 卢浮宫, 申请人).
var nonNameEnd = newRuneSet("人山树堂宫岛湖桥楼城府卡墩梨郡寺塔园岭峰江河村镇港湾门路街场馆院店站派帮族")

// someGiven reports whether a character of a given name is common in given
// names.
func someGiven(rs []rune) bool {
	for _, r := range rs {
		if givenNameChars.has(r) {
			return true
		}
	}
	return false
}

// timeWordEnd ends a date or time (2004年郑芳芳…): no measure word before a name.
var timeWordEnd = newRuneSet("年月日号天")

// gseNameToken reports whether sp is exactly one token that gse tags as a
// person.
func gseNameToken(t *text, sp span) bool {
	tk := t.tok(sp.start)
	return tk.start == sp.start && tk.end == sp.end && (tk.pos == "nr" || tk.pos == "nrfg")
}

// givenNameOK rejects given names with characters names never have.
func givenNameOK(rs []rune) bool {
	for _, r := range rs {
		if !isHan(r) || notInGivenName.has(r) {
			return false
		}
	}
	return true
}

func personRight(t *text, e int, titleStart []bool) int {
	if e >= len(t.f) {
		return 1
	}
	if e < len(titleStart) && titleStart[e] {
		return 3
	}
	if tk := t.tok(e); tk.start == e-1 && tk.end == e+1 && strings.HasPrefix(tk.pos, "n") {
		// 武侠小说: the name's last character opens a noun that the
		// "context" (说) ends, so nothing follows the name.
		return 0
	}
	if personRightStrong.hasAt(t.f, e) {
		return 3
	}
	if personRightWeak.hasAt(t.f, e) {
		return 1
	}
	if tk := t.tok(e); tk.start == e && tk.pos == "ns" && tk.end-tk.start >= 2 {
		// 记者胡金华上海报道: a byline's place and 报道
		for _, w := range []string{"报道", "电", "讯", "摄", "发自"} {
			if t.hasAt(tk.end, w) {
				return 3
			}
		}
	}
	if isHan(t.f[e]) {
		// A verb, adverb or preposition is what usually follows a
		// subject (龚强华经历了…, 张博确实在…).
		if tk := t.tok(e); tk.start == e && tk.end-tk.start >= 2 {
			// (a one-character "verb" is as often the name's own last
			// character: 乔润令 → 乔润 + 令/v)
			switch tk.pos {
			case "v", "vd", "d", "ad", "p", "c", "vi":
				return 1
			}
		}
		return -1
	}
	return 0
}

func personLeft(t *text, i int, titleEnd []bool) int {
	if i == 0 {
		return 1
	}
	if titleEnd[i] {
		return 3
	}
	if personLeftStrong.endsAt(t.f, i) {
		return 2
	}
	if isPunct(t.f[i-1]) {
		return 1
	}
	if personLeftWeak.endsAt(t.f, i) {
		return 1
	}
	return 0
}

// personTokens scores how gse's tokens agree with a name at sp: a single
// token tagged as a person is good, a single token of another kind (时间,
// 高昂) is a common word, a token crossing either end is a bad sign.
func personTokens(t *text, sp span) (score int, exactNR bool) {
	tk := t.tok(sp.start)
	if tk.start == sp.start && tk.end == sp.end {
		switch tk.pos {
		case "nr", "nrfg", "nrt":
			return 1, true
		}
		return -3, false
	}
	if tk.end > sp.end && tk.pos != "nr" && tk.pos != "nrfg" && tk.pos != "nrt" {
		return -3, false // inside one longer word (武侠小说)
	}
	if !t.tokenStart(sp.end) {
		// gse glued the last character to what follows (彭文生在 → 生在),
		// which happens to most names it does not know.
		score--
	}
	return score, false
}

// bylines finds the names after a reporter's or editor's title in a
// byline, which are delimited by spaces and 、 instead of context:
// （长江日报记者常少华 陈晓彤 吴曈）, 【编辑：邓腊秀】.
func bylines(t *text, titleCands []*cand) []*cand {
	var out []*cand
	for _, c := range titleCands {
		switch t.fstr(c.span) {
		case "记者", "通讯员", "编辑", "责任编辑", "责编", "实习记者", "特约记者", "见习记者", "摄影", "实习生",
			"作者", "撰文", "文", "图", "主编", "校对", "审核", "校审", "编审":
		default:
			continue
		}
		p := c.end
		if t.hasAt(p, "：") || t.hasAt(p, ":") || t.hasAt(p, "/") || t.hasAt(p, "／") {
			p++ // 编辑：邓腊秀, 文/于建春
		}
		for n := 0; n < 6; n++ {
			for p < len(t.f) && (t.f[p] == ' ' || t.f[p] == '、') {
				p++
			}
			q := p
			for q < len(t.f) && isHan(t.f[q]) && q-p <= 4 {
				q++
			}
			sl := surnameLen(t, p)
			if g := q - p - sl; sl == 0 || g < 1 || g > 2 {
				break
			}
			if q < len(t.f) && !isPunct(t.f[q]) {
				break
			}
			out = append(out, &cand{span: span{p, q}, typ: schema.Person, conf: 0.85, tier: tierContext,
				rule: "byline"})
			p = q
		}
	}
	return out
}

// honorifics follow a bare surname: 李先生, 王女士, 张总.
var honorifics = newWordList("先生", "女士", "小姐", "老师", "师傅", "同志", "夫人", "太太", "总", "老", "某", "姓",
	"氏", "家", "董", "局", "处", "科", "主任", "教授", "博士", "医生", "律师", "记者", "院士", "书记", "市长", "部长",
	"经理", "工", "队")

// givenTokenKind tells what gse makes of a two-character given name that
// is one token of its own: "function" for verbs, adverbs and other words
// no name is made of (一直, 我们), "verb" for verbs and adjectives (振兴,
// 知道), "noun" for common nouns (英雄, 媒体),
// "" otherwise (names, unknown words, or no such token).
func givenTokenKind(t *text, s, e int) string {
	if e-s != 2 {
		return ""
	}
	tk := t.tok(s)
	if tk.start != s || tk.end != e {
		return ""
	}
	switch tk.pos {
	case "d", "p", "c", "r", "u", "uj", "ul", "q", "f", "y", "e", "o":
		return "function"
	case "v", "vd", "ad", "a", "t", "i", "l", "z", "m":
		return "verb"
	case "n", "vn", "an", "ng", "s", "b", "ns", "nt":
		return "noun"
	}
	return ""
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

// listNames extends people to the other members of their list: in
// 范比滕、孔帕尼、西蒙斯等 or 张大千、齐白石和徐悲鸿, once one member is a
// name, the others of a name's shape (a surname and one or two
// characters, or a transcription) are names too.
func listNames(t *text, people []*cand) []*cand {
	isName := make(map[span]bool)
	for _, c := range people {
		if c.typ == schema.Person && c.tier >= tierContext {
			isName[c.span] = true
		}
	}
	var out []*cand
	queue := make([]span, 0, len(isName))
	for sp := range isName {
		queue = append(queue, sp)
	}
	sortSpans(queue)
	for len(queue) > 0 {
		sp := queue[0]
		queue = queue[1:]
		for _, next := range listNeighbours(t, sp) {
			if isName[next] || !nameShaped(t, next) {
				continue
			}
			isName[next] = true
			queue = append(queue, next)
			out = append(out, &cand{span: next, typ: schema.Person, conf: 0.6, tier: tierGuess, rule: "person-list"})
		}
	}
	return out
}

// listNeighbours returns the list items right before and after sp: runs of
// two to four characters between 、 (or 和/及/与 before the last item) and
// the next delimiter.
func listNeighbours(t *text, sp span) []span {
	var out []span
	delim := func(i int) bool {
		r := t.at(i)
		return r == 0 || r == '、' || isPunct(r) || r == '等' || r == '和' || r == '及' || r == '与'
	}
	if r := t.at(sp.end); r == '、' || r == '和' || r == '及' || r == '与' {
		s := sp.end + 1
		e := s
		for e < len(t.f) && e-s <= 4 && !delim(e) {
			e++
		}
		if e-s >= 2 && e-s <= 4 && delim(e) {
			out = append(out, span{s, e})
		}
	}
	if r := t.at(sp.start - 1); r == '、' || r == '和' || r == '及' || r == '与' {
		e := sp.start - 1
		s := e
		for s > 0 && e-s <= 4 && !delim(s-1) {
			s--
		}
		if e-s >= 2 && e-s <= 4 && delim(s-1) {
			out = append(out, span{s, e})
		}
	}
	return out
}

// nameShaped reports whether sp looks like a personal name on its own.
func nameShaped(t *text, sp span) bool {
	if sl := surnameLen(t, sp.start); sl > 0 && sp.len()-sl >= 1 && sp.len()-sl <= 2 {
		return givenNameOK(t.f[sp.start+sl : sp.end])
	}
	for i := sp.start; i < sp.end; i++ {
		if !translitChars.has(t.f[i]) {
			return false
		}
	}
	return sp.len() >= 2
}

func sortSpans(ss []span) {
	sort.Slice(ss, func(i, j int) bool {
		if ss[i].start != ss[j].start {
			return ss[i].start < ss[j].start
		}
		return ss[i].end < ss[j].end
	})
}

// bioOpening is what follows the name that opens a biography.
var bioOpening = newWordList("，男", "，女", "：男", "：女", "（男", "（女", "先生", "女士", "，中国国籍", "，汉族")

// sentenceStart reports whether i opens the text, a sentence or a line.
func sentenceStart(t *text, i int) bool {
	return i == 0 || isSentenceEnd(t.at(i-1)) || t.at(i-1) == '\n'
}

// workTitles marks the code points inside the title of a work, 《…》 on
// one line: 《向雪祈祷》, 《马里奥赛车》 and 《萨维奇》 name no person.
func workTitles(t *text) []bool {
	in := make([]bool, len(t.f))
	open := -1
	for i, r := range t.f {
		switch r {
		case '《':
			open = i
		case '》':
			for k := open + 1; open >= 0 && k < i; k++ {
				in[k] = true
			}
			open = -1
		case '\n':
			open = -1
		}
	}
	return in
}

// recurringNames finds the other mentions of the people (and the clubs of
// a fixture) chosen once: a name the context proved in one place is a
// name where it recurs without context (叶老桂博士 … 叶老桂认为). Each
// recurrence must stand as words of its own and outside the title of a
// work (inWork, see workTitles).
func recurringNames(t *text, top []*cand, inWork []bool) []*cand {
	names := make(map[string]bool)
	var sources []*cand
	byFirst := make(map[rune][]int) // first character → indexes into sources
	var firstBits [16]uint64        // the first characters modulo 1024, to skip most lookups
	for _, c := range top {
		// clubs found from a fixture are the only Institutions of the
		// context tier
		club := c.typ == schema.Institution && c.tier == tierContext
		if !(c.typ == schema.Person || club) || c.len() < 2 || names[t.fstr(c.span)] {
			continue
		}
		names[t.fstr(c.span)] = true
		r := t.f[c.start]
		byFirst[r] = append(byFirst[r], len(sources))
		firstBits[r>>6&15] |= 1 << (r & 63)
		sources = append(sources, c)
	}
	if len(sources) == 0 {
		return nil
	}
	// One pass over the text finds every occurrence of every name; the
	// candidates still come out name by name, in text order.
	at := make([][]int, len(sources))
	for i, r := range t.f {
		if firstBits[r>>6&15]&(1<<(r&63)) == 0 {
			continue
		}
		for _, k := range byFirst[r] {
			name := t.f[sources[k].start:sources[k].end]
			if i+len(name) <= len(t.f) && slices.Equal(t.f[i+1:i+len(name)], name[1:]) {
				at[k] = append(at[k], i)
			}
		}
	}
	var out []*cand
	for k, c := range sources {
		name := t.f[c.start:c.end]
		for _, i := range at[k] {
			if i == c.start {
				continue
			}
			sp := span{i, i + len(name)}
			if !t.tokenStart(sp.start) || !t.tokenStart(sp.end) || inWork[sp.start] ||
				isLatinOrDigit(t.at(sp.start-1)) || isLatinOrDigit(t.at(sp.end)) {
				continue
			}
			out = append(out, &cand{span: sp, typ: c.typ, name: c.name, conf: c.conf, tier: c.tier, rule: "again"})
		}
	}
	return out
}

// afterTitleStop are the characters that end a name right after a job
// title: notInGivenName without 为 and 路, which do occur in names (余为群,
// 赵路兴) and whose other readings need more than a title before them.
var afterTitleStop = newRuneSet("的了是在和与或及等也都说表示认指出就被把对从于上下这那其之将已会要能可没不很最更所以而并但却" +
	"个们年月日时分号位次些种样么什哪谁每各该此本我你他她它您吗呢吧啊呀哦嗯着过地得" +
	"省市县区镇村街司团局厅委部队又再便即皆仍竟还确")

// afterTitle reads a name of a surname and one or two characters right
// after a job title (创意总监余为群, 高级策划经理舒畅，), where the title
// is the evidence and the name need not look like one: it must only end
// where a name ends (punctuation, the text's end, a speech verb, a
// byline's place). Two characters are tried first.
func afterTitle(t *text, i, sl, minGiven int, titleStart []bool) *cand {
	for gl := 2; gl >= minGiven; gl-- {
		e := i + sl + gl
		if e > len(t.f) {
			continue
		}
		ok := true
		for _, r := range t.f[i+sl : e] {
			if !isHan(r) || afterTitleStop.has(r) {
				ok = false
			}
		}
		if !ok {
			continue
		}
		if gl == 1 && !givenNameChars.has(t.f[e-1]) {
			continue // 部长时期: a word, not a name
		}
		if r := t.at(e); e < len(t.f) && !isPunct(r) && r != ' ' && personRight(t, e, titleStart) < 3 {
			continue
		}
		return &cand{span: span{i, e}, typ: schema.Person, conf: 0.7, tier: tierContext, rule: "person-title"}
	}
	return nil
}

// famousNames are the tokens gse's dictionary tags nrfg: the names of
// well-known people (金庸, 许鞍华), which are names wherever they stand.
func famousNames(t *text) []*cand {
	var out []*cand
	for _, tk := range t.toks {
		if tk.pos == "nrfg" && tk.end-tk.start >= 2 && tk.end-tk.start <= 4 && isHan(t.f[tk.start]) {
			out = append(out, &cand{span: tk.span(), typ: schema.Person, conf: 0.6, tier: tierGuess, rule: "person-famous"})
		}
	}
	return out
}

// columnWords open the heading of a betting or match-preview column that
// its author signs with the name in front (某某足彩火线：…, 某某解盘：…).
var columnWords = newWordList("足彩", "火线", "解盘", "初盘", "亚盘", "澳盘", "欧赔", "盘路", "心水", "初步心水", "冷门",
	"推荐", "竞彩", "彩票", "双色球", "大乐透", "福彩", "体彩", "胜负彩", "任九", "指数", "欧冠", "联盟杯", "英超", "西甲",
	"意甲", "德甲", "法甲", "中超", "世界杯", "欧洲杯")

// columnists finds the signature that opens a column heading: a name of
// a surname and one or two characters at the start of a line or a
// sentence, then a heading of a few words that starts with a column word
// and ends in a colon (某某足彩推荐：…, 某某火线解盘：…). The heading is the
// evidence, so the given name need not look like one.
func columnists(t *text) []*cand {
	var out []*cand
	for _, s := range t.sents {
		i := s.start
		for i < s.end && (t.f[i] == ' ' || t.f[i] == '】' || t.f[i] == ']') {
			i++
		}
		sl := surnameLen(t, i)
		if sl == 0 {
			continue
		}
		for gl := 1; gl <= 2; gl++ {
			e := i + sl + gl
			if e >= len(t.f) || !isHan(t.f[e-1]) || isPunct(t.f[e-1]) {
				break
			}
			if columnWords.longestAt(t.f, e) < 0 || columnWords.longestAt(t.f, i+sl) > 0 {
				continue
			}
			if columnWords.longestAt(t.f, e-1) > 0 {
				continue // the heading starts inside the name
			}
			colon := -1
			for k := e; k < len(t.f) && k-e <= 10; k++ {
				if r := t.f[k]; r == '：' || r == ':' {
					colon = k
					break
				} else if !isHan(r) && !isLatinOrDigit(r) {
					break
				}
			}
			if colon > e {
				out = append(out, &cand{span: span{i, e}, typ: schema.Person, conf: 0.75, tier: tierContext, rule: "columnist"})
				break
			}
		}
	}
	return out
}
