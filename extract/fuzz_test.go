package extract

import (
	"context"
	"testing"
	"unicode/utf8"

	"kg/schema"
)

// FuzzExtract: no input may panic, and every document keeps the offset
// contract (spans inside the text, statements equal to their span).
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"北京大学武汉人工智能研究院副院长、北京大学智能学院教授马修军：大模型",
		"（长江日报记者常少华 陈晓彤 吴曈）【编辑：邓腊秀】",
		"马修军：谭敏：王嘉：",
		"月之暗面kimi大模型近期发布，雷军在小米SU7的发布会上说：“好。”",
		"華為與ＯｐｅｎＡＩ", "“人工智能+”行动", "《新一代人工智能发展规划》", "GPT-4o DeepSeek-V3 a@b.com",
		"我国为何要开展？我国为何要开展？", "\xff\xfe\x00", "·斯·", "记者 王 李",
	} {
		f.Add(s)
	}
	x := testExtractor(f)
	f.Fuzz(func(t *testing.T, s string) {
		doc, err := x.Extract(context.Background(), schema.Article{Text: s})
		if err != nil {
			t.Fatal(err)
		}
		n := utf8.RuneCountInString(s)
		if len([]rune(s)) != n {
			t.Fatal("rune count mismatch")
		}
		checkSpans(t, doc)
	})
}
