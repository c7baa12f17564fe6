package extract

import (
	"slices"
	"strings"

	"kg/schema"
)

// Sports news names clubs and national teams after their city or country
// (罗马主场迎战米兰, 荷兰阿根廷防平) and by nicknames (枪手, 红魔). Out of
// context these are places or common words, so they become teams only in
// a sentence that is plainly about a match.

// sportsCues are words that make a sentence a match report.
var sportsCues = newWordList("主场", "客场", "主队", "客队", "球队", "联赛", "比赛", "进球", "射门", "主帅", "主教练",
	"盘口", "让球", "平手", "防平", "博胆", "胜负", "足彩", "彩民", "赔率", "水位", "让平", "上盘", "下盘", "亚盘",
	"欧赔", "战平", "不敌", "取胜", "逼平", "比分", "轮次", "赛季", "降级", "保级", "争冠", "出线",
	"晋级", "小组赛", "预选赛", "国家队", "世界杯", "欧洲杯", "欧冠", "联盟杯", "英超", "意甲", "西甲", "德甲",
	"法甲", "荷甲", "锋线", "中场", "后卫", "门将", "前锋", "首发", "替补", "伤停", "停赛", "德比", "球迷", "球员",
	"vs", "对阵", "胜赔", "主胜", "客胜", "平局", "平赔", "冷门", "赛程", "交手", "做客", "坐镇", "不败",
	"连胜", "连败", "出线", "射手", "球门", "点球", "红牌", "黄牌", "客胜赔", "让球盘")

// cityTeams are cities and countries that sports news uses for their
// clubs or national teams.
var cityTeams = setOf("罗马 米兰 那不勒斯 佛罗伦萨 亚特兰大 都灵 热那亚 巴勒莫 里昂 马赛 波尔多 摩纳哥 汉堡 " +
	"不来梅 多特蒙德 斯图加特 纽伦堡 科隆 法兰克福 利物浦 曼彻斯特 伯明翰 巴塞罗那 马德里 瓦伦西亚 塞维利亚 " +
	"里斯本 波尔图 阿姆斯特丹 埃因霍温 格拉斯哥 伊斯坦布尔 基辅 莫斯科 布拉格 萨格勒布 雅典 " +
	"阿根廷 巴西 荷兰 德国 意大利 西班牙 英格兰 法国 葡萄牙 乌拉圭 智利 墨西哥 美国 日本 韩国 中国 澳大利亚 " +
	"俄罗斯 挪威 瑞典 丹麦 瑞士 比利时 克罗地亚 塞尔维亚 希腊 土耳其 捷克 波兰 喀麦隆 科特迪瓦 加纳 尼日利亚")

// teamNicknames map a nickname to its club.
var teamNicknames = map[string]string{"枪手": "阿森纳", "红魔": "曼彻斯特联", "红军": "利物浦队", "蓝军": "切尔西",
	"蓝月亮": "曼彻斯特城", "太妃糖": "埃弗顿", "喜鹊": "纽卡斯尔联", "铁锤帮": "西汉姆联", "紫百合": "佛罗伦萨队",
	"红黑军团": "AC米兰", "蓝黑军团": "国际米兰", "斑马军团": "尤文图斯", "银河战舰": "皇家马德里", "红蓝军团": "巴塞罗那队",
	"南大王": "拜仁慕尼黑", "绿白军团": "凯尔特人", "西班牙人": "西班牙人队"}

var teamNicknameList = func() *wordList {
	var ws []string
	for w := range teamNicknames {
		ws = append(ws, w)
	}
	return newWordList(ws...)
}()

// sportsTeams returns club candidates for city, country and nickname
// mentions in sentences with a sports cue. They outrank the place reading
// (same span, higher priority).
func sportsTeams(t *text, lexCands []*cand) []*cand {
	// Find what could be a team first; most texts have nothing to decide
	// and skip the scan for cues.
	type maybe struct {
		sp   span
		club string // "" for a city or country: the team takes its name
	}
	var ms []maybe
	for _, c := range lexCands {
		if c.typ == schema.Location && !c.nestedOnly && cityTeams[t.fstr(c.span)] {
			ms = append(ms, maybe{c.span, ""})
		}
	}
	for i := range t.f {
		if end := teamNicknameList.longestAt(t.f, i); end > 0 && t.tokenStart(i) {
			ms = append(ms, maybe{span{i, end}, teamNicknames[t.fstr(span{i, end})]})
		}
	}
	if len(ms) == 0 {
		return nil
	}
	cue := make(map[int]bool) // sentence index → has a cue
	for _, m := range ms {
		si := int(t.sentAt[m.sp.start])
		if _, done := cue[si]; done {
			continue
		}
		cue[si] = false
		s := t.sents[si]
		for i := s.start; i < s.end && !cue[si]; i++ {
			cue[si] = sportsCues.hasAt(t.f, i)
		}
	}
	// A club or league of the sports lexicon is a cue too (拉齐奥vs热那亚).
	for _, c := range lexCands {
		if c.entry != nil && !c.nestedOnly && strings.HasPrefix(c.entry.src, "sports.tsv:") {
			cue[int(t.sentAt[c.start])] = true
		}
	}
	var out []*cand
	for _, m := range ms {
		if !cue[int(t.sentAt[m.sp.start])] {
			continue
		}
		name, rule := m.club, "sports-nickname"
		if name == "" {
			name, rule = t.str(m.sp)+"队", "sports-team"
		}
		out = append(out, &cand{span: m.sp, typ: schema.Institution, name: name, conf: 0.6,
			tier: tierLexicon, prio: 3, rule: rule})
	}
	return out
}

// fixtureTeams finds the two sides of a fixture written "A vs B"
// (克卢日vs罗马, 阿森纳vs迪纳摩): each side is a run of name words right
// against the "vs". Sides the lexicon knows come from it; these
// candidates only fill in the clubs it does not know.
func fixtureTeams(t *text) []*cand {
	var out []*cand
	for i := 1; i+2 < len(t.f); i++ {
		if t.f[i] != 'v' || t.f[i+1] != 's' || isLatinOrDigit(t.f[i+2]) ||
			(isLatinOrDigit(t.f[i-1]) && !isDigit(t.f[i-1])) {
			continue // "vs" inside a Latin word
		}
		// left side: name tokens back to punctuation, a list number or
		// a function word
		s := i
		for s > 0 && sideToken(t, t.tok(s-1)) {
			s = t.tok(s - 1).start
		}
		// right side: tokens up to punctuation or a function word (…vs
		// 米德尔从目前的数据看)
		e := i + 2
		for e < len(t.f) && t.tok(e).start == e && sideToken(t, t.tok(e)) {
			e = t.tok(e).end
		}
		if slices.Equal(t.f[s:i], t.f[i+2:e]) {
			continue // “王牌VS王牌”: a slogan, no fixture
		}
		if i-s >= 2 && i-s <= 8 {
			out = append(out, &cand{span: span{s, i}, typ: schema.Institution, conf: 0.6, tier: tierContext,
				rule: "fixture-team"})
		}
		if e-(i+2) >= 2 && e-(i+2) <= 8 {
			out = append(out, &cand{span: span{i + 2, e}, typ: schema.Institution, conf: 0.6, tier: tierContext,
				rule: "fixture-team"})
		}
	}
	return out
}

// sideToken reports whether tk can be part of a club's name in a fixture:
// names, places, nouns and unknown characters, never a function word.
func sideToken(t *text, tk token) bool {
	r := t.f[tk.start]
	if !isHan(r) {
		return false
	}
	switch tk.pos {
	case "ns", "nr", "nrt", "nrfg", "nz", "nt", "n", "j", "x", "ng", "zg", "g", "s", "b":
		return true
	}
	return tk.end-tk.start == 1 && !notInGivenName.has(r)
}
