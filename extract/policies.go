package extract

import (
	"strings"

	"kg/schema"
)

// policyHeads end the name of a policy after a quoted slogan: “人工智能+”行动.
var policyHeads = []string{"专项行动", "行动计划", "行动方案", "实施方案", "示范工程", "行动", "计划", "工程", "战略",
	"倡议", "方案", "政策", "规划", "纲要", "试点", "示范区", "先导区"}

// documentHeads end the titles of policy documents in 《》.
var documentHeads = []string{"意见", "规划", "方案", "办法", "条例", "法", "通知", "纲要", "计划", "决定", "规定",
	"指南", "指引", "报告", "白皮书", "措施", "细则", "意见稿", "规则", "标准", "战略", "公告", "批复", "若干政策"}

// policies finds policies by their typography: a quoted slogan followed by
// a policy word (“人工智能+”行动, "东数西算"工程) and the titles of policy
// documents in book-title marks (《新一代人工智能发展规划》).
func policies(t *text) []*cand {
	var out []*cand
	for i := 0; i < len(t.f); i++ {
		switch t.f[i] {
		case '“', '"', '「':
			j := closingQuote(t, i)
			if j < 0 {
				continue
			}
			// “数据要素×”三年行动计划: up to four characters of scope or
			// term may stand between the slogan and the policy word.
		heads:
			for gap := 0; gap <= 4; gap++ {
				k := j + 1 + gap
				if gap > 0 && (k > len(t.f) || isPunct(t.f[k-1])) {
					break
				}
				for _, h := range policyHeads {
					if t.hasAt(k, h) {
						out = append(out, &cand{span: span{i, k + len([]rune(h))}, typ: schema.Policy, conf: 0.8,
							tier: tierStructure, rule: "quoted-policy"})
						break heads
					}
				}
			}
		case '《':
			j := i + 1
			for j < len(t.f) && j-i < 60 && t.f[j] != '》' && t.f[j] != '《' && t.f[j] != '\n' {
				j++
			}
			if j >= len(t.f) || t.f[j] != '》' || j-i < 3 {
				continue
			}
			inner := t.fstr(span{i + 1, j})
			for _, h := range documentHeads {
				if strings.HasSuffix(inner, h) {
					out = append(out, &cand{span: span{i + 1, j}, typ: schema.Policy, conf: 0.75,
						tier: tierStructure, rule: "document-title"})
					break
				}
			}
		}
	}
	return out
}

// closingQuote returns the index of the quote closing the one at i within
// 30 characters on the same line, or -1.
func closingQuote(t *text, i int) int {
	want := '”'
	switch t.f[i] {
	case '"':
		want = '"'
	case '「':
		want = '」'
	}
	for j := i + 1; j < len(t.f) && j-i <= 30; j++ {
		switch t.f[j] {
		case want:
			if j == i+1 {
				return -1
			}
			return j
		case '\n', '“', '。':
			return -1
		}
	}
	return -1
}
