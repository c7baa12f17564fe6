package extract

import (
	"strings"

	"kg/schema"
)

// productNouns after a Latin or mixed name say that it names a product
// (Kimi大模型, H100芯片, Mate60手机).
var productNouns = []string{"大模型", "模型", "芯片", "手机", "系统", "平台", "app", "应用", "机器人", "助手",
	"汽车", "智驾", "处理器", "gpu", "操作系统", "框架", "智能体", "眼镜", "耳机", "平板", "电脑", "笔记本", "手表",
	"服务器", "系列", "版本", "车型"}

// productVerbs before a Latin name say that it names a product (发布
// GPT-4o, 推出Kimi, 搭载麒麟9000S).
var productVerbs = []string{"发布", "推出", "上线", "搭载", "采用", "开源", "升级", "更新", "亮相", "首发",
	"发布了", "推出了", "上线了", "开源了", "基于", "使用", "接入"}

// latinNotProduct are Latin words that are common in Chinese news but no
// product names.
var latinNotProduct = setOf("ai aigc app ceo cto coo cfo vp gdp cpu gpu it ip pc ppt pdf vr ar xr mr api sdk " +
	"b2b b2c o2o ipo pe vc iot 5g 4g 6g wifi usb ok vs pk mvp diy tv nba cba kpi roi icu cd dvd mp3 " +
	"http https www com cn org net html js css id no mba emba phd ms the of and for in on at to a an is")

// latinProducts finds product and model names written in Latin letters and
// digits (Kimi, ChatGLM, DeepSeek-V3, GPT-4o) by their context: a product
// noun after them, a release verb before them, a company name glued in
// front (小米SU7), or a shape that mixes letters with digits.
// companyStartByEnd maps the end of each company candidate to its start.
func latinProducts(t *text, companyStartByEnd map[int]int, lexStarts []bool) []*cand {
	var out []*cand
	for i := 0; i < len(t.f); i++ {
		if !isLatinOrDigit(t.f[i]) || (i > 0 && isLatinOrDigit(t.f[i-1])) {
			continue
		}
		e := i
		letters, digits := 0, 0
		for e < len(t.f) {
			r := t.f[e]
			switch {
			case 'a' <= r && r <= 'z':
				letters++
			case '0' <= r && r <= '9':
				digits++
			case (r == '-' || r == '.' || r == '+' || r == '_') && e+1 < len(t.f) && isLatinOrDigit(t.f[e+1]) && e > i:
			default:
				goto done
			}
			e++
		}
	done:
		if t.at(e) == '+' { // GPT-4+ style names keep their plus
			e++
		}
		sp := span{i, e}
		w := t.fstr(sp)
		if letters == 0 || latinNotProduct[w] || sp.len() < 2 || sp.len() > 30 || inAddress(t, sp) {
			i = e
			continue
		}
		after, before := false, false
		for _, n := range productNouns {
			if t.hasAt(e, n) || (t.at(e) == ' ' && t.hasAt(e+1, n)) {
				after = true
				break
			}
		}
		for _, v := range productVerbs {
			if t.endsAt(i, v) || (t.at(i-1) == ' ' && t.endsAt(i-1, v)) {
				before = true
				break
			}
		}
		brand, glued := companyStartByEnd[i]
		if glued && lexStarts[i] {
			glued = false // 月之暗面kimi大模型: the lexicon knows the product itself
		}
		mixed := letters > 0 && digits > 0
		switch {
		case glued && (digits > 0 || after):
			// 小米SU7: the brand is part of the product's name.
			out = append(out, &cand{span: span{brand, e}, typ: schema.Product, conf: 0.8,
				tier: tierStructure, rule: "brand-model"})
		case after || (before && (mixed || letters >= 3)) || (mixed && letters >= 2 && sp.len() >= 4 && !isDigit(t.f[i])):
			conf := 0.75
			if !after && !before {
				conf = 0.6
			}
			out = append(out, &cand{span: sp, typ: schema.Product, conf: conf, tier: tierStructure, rule: "latin-product"})
		}
		i = e
	}
	return out
}

// inAddress reports whether a Latin run is part of an e-mail address, a
// URL or a file name (kin0207@126.com, www.example.cn).
func inAddress(t *text, sp span) bool {
	for _, r := range []rune{t.at(sp.start - 1), t.at(sp.end)} {
		switch r {
		case '@', '/', ':', '\\', '=', '?', '&', '%', '#', '_':
			return true
		}
	}
	w := t.fstr(sp)
	for _, s := range []string{".com", ".cn", ".net", ".org", ".html", ".htm", ".php", ".pdf", "www."} {
		if strings.Contains(w, s) {
			return true
		}
	}
	return false
}
