package extract

import (
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	tests := map[string]string{
		"ＡＢＣ１２３":      "abc123",
		"華為與騰訊":       "华为与腾讯",
		"Kimi":        "kimi",
		"乔什•杜梅尔":      "乔什·杜梅尔",
		"中国\u3000信通院": "中国 信通院",
	}
	for in, want := range tests {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
		if len([]rune(fold(in))) != len([]rune(in)) {
			t.Errorf("fold(%q) changed the number of code points", in)
		}
	}
	// The table must map traditional to simplified, never the reverse.
	for tr, si := range tradToSimp {
		if _, again := tradToSimp[si]; again {
			t.Errorf("tradToSimp chains %q → %q → …", tr, si)
		}
	}
}

func TestTrie(t *testing.T) {
	tr := newTrie()
	for i, w := range []string{"北京", "北京大学", "北京大学智能学院", "大学"} {
		tr.add([]rune(w), int32(i))
	}
	tr.add([]rune("北京"), 9)
	tr.add([]rune("北京"), 9) // duplicates are stored once
	var ends []int
	tr.matches([]rune("北京大学智能学院教授"), 0, func(end int, vals []int32) { ends = append(ends, end) })
	if want := []int{2, 4, 8}; len(ends) != 3 || ends[0] != want[0] || ends[1] != want[1] || ends[2] != want[2] {
		t.Errorf("matches = %v, want %v", ends, want)
	}
	if v := tr.lookup([]rune("北京")); len(v) != 2 {
		t.Errorf("lookup(北京) = %v", v)
	}
	if v := tr.lookup([]rune("北")); v != nil {
		t.Errorf("lookup of a prefix = %v", v)
	}
}

func TestSplitSentences(t *testing.T) {
	f := []rune("他说：“好。”然后走了！再见\n第二段")
	got := []string{}
	for _, s := range splitSentences(f, nil) {
		got = append(got, string(f[s.start:s.end]))
	}
	want := []string{"他说：“好。”", "然后走了！", "再见\n", "第二段"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sentences = %q, want %q", got, want)
	}
}

func TestDoubledRun(t *testing.T) {
	f := []rune("。我国为何要开展？我国为何要开展？长江日报：")
	if l := doubledRun(f, 1); l != 8 {
		t.Errorf("doubledRun = %d, want 8", l)
	}
	if l := doubledRun(f, 0); l != 0 {
		t.Errorf("doubledRun at a non-repeat = %d", l)
	}
}

func TestShortCompanyName(t *testing.T) {
	locs := map[string]bool{"北京": true, "杭州": true}
	for in, want := range map[string]string{
		"北京小米科技有限责任公司":         "小米",
		"华为技术有限公司":             "华为",
		"杭州深度求索人工智能基础技术研究有限公司": "深度求索人工智能基础技术研究",
	} {
		if got := shortCompanyName(in, locs); got != want {
			t.Errorf("shortCompanyName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseLexiconLine(t *testing.T) {
	e, err := parseLexLine("雷军\tPerson\tLei Jun|雷总\tAFFILIATED_WITH:小米|WORKS_AT:小米:董事长")
	if err != nil {
		t.Fatal(err)
	}
	if e.name != "雷军" || len(e.aliases) != 2 || len(e.links) != 2 || e.links[1].title != "董事长" {
		t.Errorf("parsed %+v", e)
	}
	if _, err := parseLexLine("a\t企业"); err != nil {
		t.Errorf("Chinese type label refused: %v", err)
	}
	for _, bad := range []string{"a", "a\tb\tc\td\te", "a\tPerson\t\tNOPE:x", "a\tPerson\t\tWORKS_AT:"} {
		if _, err := parseLexLine(bad); err == nil {
			t.Errorf("parseLexLine(%q) accepted", bad)
		}
	}
}
