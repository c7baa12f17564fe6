package extract

// Companies found by their context rather than by a suffix or the lexicon.

import (
	"kg/schema"
)

// bankInitials are the one-character names Chinese finance news gives the
// big state banks in a list (工、农、中、建四大行): only in such a list of
// at least three are they names.
var bankInitials = map[rune]string{'工': "中国工商银行", '农': "中国农业银行", '中': "中国银行", '建': "中国建设银行",
	'交': "交通银行"}

// bankInitialSet holds the keys of bankInitials, a bit test per position.
var bankInitialSet = keySet(bankInitials)

// bankLists finds the state banks named by their initials in lists such
// as 工、农、中、建、交5家国有银行.
func bankLists(t *text) []*cand {
	var out []*cand
	for i := 0; i < len(t.f); i++ {
		if !bankInitialSet.has(t.f[i]) || t.tok(i).start != i || t.tok(i).end != i+1 {
			continue // 加工、…: the character ends a word
		}
		// The run of initials joined by 、; the last is followed by what
		// is no Han character of a longer word (、 , 等, 四大行, 5家).
		j := i
		for j+2 < len(t.f) && t.f[j+1] == '、' {
			if _, ok := bankInitials[t.f[j+2]]; !ok {
				break
			}
			j += 2
		}
		n := (j-i)/2 + 1
		if n >= 3 && !(isHan(t.at(j+1)) && !listEnd.hasAt(t.f, j+1)) {
			for k := i; k <= j; k += 2 {
				out = append(out, &cand{span: span{k, k + 1}, typ: schema.Company, name: bankInitials[t.f[k]],
					conf: 0.8, tier: tierStructure, rule: "bank-initials"})
			}
		}
		i = j
	}
	return out
}

// listEnd are the words that may close a list of bank initials.
var listEnd = newWordList("等", "四", "五", "行", "各", "几", "大", "银行", "国有", "和")

// makerVerbs after 由 and a name say that the name is the company that
// made something (由SQUAREENIX制作, 由ParadoxInteractive负责发行).
var makerVerbs = newWordList("开发", "研发", "制作", "发行", "出品", "代理", "运营", "打造", "负责开发", "负责发行",
	"负责研发", "负责制作", "负责运营", "联合开发", "独立开发")

// latinMakers finds companies written in Latin letters in the passive
// "由 X 开发" (made by X) and before 旗下 (X's subsidiaries or products),
// where X is no lexicon name; a person there (由JamesCameron执导) takes
// 执导, not these verbs.
func latinMakers(t *text) []*cand {
	var out []*cand
	for i := 0; i < len(t.f); i++ {
		if !('a' <= t.f[i] && t.f[i] <= 'z') || isLatinOrDigit(t.at(i-1)) {
			continue
		}
		e := i
		for e < len(t.f) && (isLatinOrDigit(t.f[e]) || ((t.f[e] == '-' || t.f[e] == '.' || t.f[e] == '&') &&
			isLatinOrDigit(t.at(e+1)))) {
			e++
		}
		if e-i >= 2 && ((t.at(i-1) == '由' && makerVerbs.hasAt(t.f, e)) || t.hasAt(e, "旗下")) {
			out = append(out, &cand{span: span{i, e}, typ: schema.Company, conf: 0.7, tier: tierContext,
				rule: "latin-maker"})
		}
		i = e
	}
	return out
}

// listCompanies extends the chosen companies to the other members of
// their list: in 工行、建行、华夏等银行 or 西门子、爱立信、松下, once one
// member is a company, a neighbour that is a proper name of its own (one
// token tagged as a name, an abbreviation or a Latin word) is one too.
func listCompanies(t *text, top []*cand) []*cand {
	var out []*cand
	seen := make(map[span]bool)
	queue := make([]span, 0)
	for _, c := range top {
		if c.typ == schema.Company && c.tier >= tierStructure {
			queue = append(queue, c.span)
			seen[c.span] = true
		}
	}
	for len(queue) > 0 {
		sp := queue[0]
		queue = queue[1:]
		for _, next := range listNeighbours(t, sp) {
			bank := bankShortForms[t.fstr(next)]
			if seen[next] || (bank == "" && !properToken(t, next)) {
				continue
			}
			seen[next] = true
			queue = append(queue, next)
			out = append(out, &cand{span: next, typ: schema.Company, name: bank, conf: 0.55, tier: tierGuess,
				rule: "company-list"})
		}
	}
	return out
}

// bankShortForms are the first words of banks' names, which finance news
// uses for the banks in a list of them (中信、兴业、民生、光大、招行) but
// which are common words or names elsewhere.
var bankShortForms = map[string]string{"民生": "民生银行", "兴业": "兴业银行", "华夏": "华夏银行", "平安": "平安银行",
	"中信": "中信银行", "光大": "光大银行", "广发": "广发银行", "招商": "招商银行", "恒生": "恒生银行", "东亚": "东亚银行"}

// properToken reports whether sp is one token gse tags as a proper name or
// abbreviation, or a Latin word.
func properToken(t *text, sp span) bool {
	tk := t.tok(sp.start)
	if tk.start != sp.start || tk.end != sp.end {
		return false
	}
	switch tk.pos {
	case "nz", "nt", "j", "nrt":
		return true
	case "x":
		return isLatinOrDigit(t.f[sp.start]) && !isDigit(t.f[sp.start])
	}
	return false
}

// latinCompanySuffixes end the Latin names of companies (KaosStudios,
// ParadoxInteractive, HasbroInc, GomTV): the stem before them is the
// brand.
var latinCompanySuffixes = []string{"studios", "studio", "games", "entertainment", "interactive", "software", "soft",
	"inc", "corp", "ltd", "labs", "group", "tv"}

// latinCompanies finds companies written as one Latin word that ends in a
// company word, with a stem of three letters at least (cctv, hdtv and
// iptv have shorter ones and are no such names).
func latinCompanies(t *text) []*cand {
	var out []*cand
	for i := 0; i < len(t.f); i++ {
		if !('a' <= t.f[i] && t.f[i] <= 'z') || isLatinOrDigit(t.at(i-1)) {
			continue
		}
		e := i
		for e < len(t.f) && isLatinOrDigit(t.f[e]) {
			e++
		}
		for _, suf := range latinCompanySuffixes {
			if s := e - len(suf); s-i >= 3 && t.hasAt(s, suf) && !latinCompanySuffixEnd(t, i, s) {
				out = append(out, &cand{span: span{i, e}, typ: schema.Company, conf: 0.7, tier: tierStructure,
					rule: "latin-company"})
				break
			}
		}
		i = e
	}
	return out
}

// latinCompanySuffixEnd reports whether the stem [i, s) is itself only a
// company word (GamesTV, SoftGroup): no brand in front.
func latinCompanySuffixEnd(t *text, i, s int) bool {
	for _, suf := range latinCompanySuffixes {
		if s-i == len(suf) && t.hasAt(i, suf) {
			return true
		}
	}
	return false
}
