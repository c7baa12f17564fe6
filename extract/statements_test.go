package extract

import (
	"context"
	"testing"

	"kg/schema"
)

// Every statement says how sure extraction is of it, by how it was found.
func TestStatementConfidence(t *testing.T) {
	x := testExtractor(t)
	for _, tc := range []struct {
		text, said string
		conf       float64
	}{
		{"北京大学教授马修军：大模型需要场景驱动。\n长江日报：下一个问题？", "大模型需要场景驱动。", confTurn},
		{"雷军说：“小米SU7是一辆好车。”", "小米SU7是一辆好车。", confQuoted},
		{"北京大学教授马修军表示，人工智能是新质生产力的代表。", "人工智能是新质生产力的代表", confUnquoted},
	} {
		doc, err := x.Extract(context.Background(), schema.Article{ID: "t", Text: tc.text})
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.Statements) != 1 || doc.Statements[0].Text != tc.said || doc.Statements[0].Confidence != tc.conf {
			t.Errorf("%s: %+v, want %q at %.2f", tc.text, doc.Statements, tc.said, tc.conf)
		}
	}
}
