package extract

import (
	"kg/schema"
)

// translitChars are the characters Chinese uses to transcribe foreign
// names (奥尔特曼, 斯图尔特·卡里·韦尔奇). A run of them is a foreign name
// when joined by the middle dot or when context says it is a person.
var translitChars = newRuneSet("阿埃艾爱安昂奥巴拜班邦包保贝本比彼毕边宾波伯博布蔡查柴达戴丹道德登迪蒂帝丁东杜顿多厄恩尔法凡菲费芬丰冯佛弗福夫伏盖甘冈高戈哥格根古瓜圭哈海汉豪赫黑亨胡华怀霍基吉加贾杰金卡凯坎康柯科克肯库夸奎昆拉莱赖兰朗劳勒雷蕾里利莉丽连列林琳隆卢鲁路伦罗洛吕马玛迈麦曼梅门蒙米敏明莫姆穆纳娜奈南内尼妮聂宁纽努诺欧帕派潘佩彭皮平珀普齐奇乔切钦琼丘瑞若萨塞赛桑瑟森沙莎善尚舍圣施什史士舒斯松苏索塔泰坦汤唐特提图托瓦万威韦维温文沃乌武西希谢辛休雅亚扬耶伊依因英尤约泽扎詹兹朱佐")

// foreignNames finds transcribed foreign names: runs of transcription
// characters of two to eight characters, several joined by the middle dot
// (西摩尔·霍夫曼), or one run with a title before it or a speech verb after
// it (主教练沃尔贝克, 伯南克表示). Lexicon places and clubs win over these
// by their higher tier.
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
		left := personLeft(t, i, titleEnd)
		right := personRight(t, e, titleStart)
		strong := left == 3 || right == 3
		switch {
		case parts >= 2 && longest >= 2:
			out = append(out, &cand{span: sp, typ: schema.Person, conf: 0.8, tier: tierContext, rule: "foreign-dot"})
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
