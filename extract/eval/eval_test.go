package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"

	"kg/extract"
	"kg/schema"
)

var (
	xOnce sync.Once
	xVal  *extract.Extractor
	xErr  error
)

// extractor is loaded once per test binary.
func extractor(t *testing.T) *extract.Extractor {
	t.Helper()
	xOnce.Do(func() { xVal, xErr = extract.New(extract.Options{}) })
	if xErr != nil {
		t.Fatal(xErr)
	}
	return xVal
}

func TestParseLine(t *testing.T) {
	ex, err := ParseLine([]byte(`{"text": "记者李华说", "label": {"name": {"李华": [[2, 3]]}, "position": {"记者": [[0, 1]]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []Mention{{"position", 0, 2, "记者"}, {"name", 2, 4, "李华"}}
	if len(ex.Gold) != 2 || ex.Gold[0] != want[0] || ex.Gold[1] != want[1] {
		t.Errorf("gold = %+v, want %+v", ex.Gold, want)
	}
	for _, bad := range []string{
		`not json`,
		`{"label": {}}`,
		`{"text": "短", "label": {"name": {"短": [[0, 5]]}}}`,
		`{"text": "李华", "label": {"name": {"李华": [[1, 0]]}}}`,
		`{"text": "李华", "label": {"name": {"李华": [[0]]}}}`,
		`{"text": "李华说", "label": {"name": {"李华": [[1, 2]]}}}`,
	} {
		if _, err := ParseLine([]byte(bad)); err == nil {
			t.Errorf("ParseLine(%s) accepted", bad)
		}
	}
}

func TestPredictFlattensAndMaps(t *testing.T) {
	doc := schema.Document{Article: schema.Article{Text: "北京大学智能学院教授马修军"}, Entities: []schema.Entity{
		{Type: schema.Institution, Name: "北京大学智能学院", Mentions: []schema.Span{{Start: 0, End: 8}}},
		{Type: schema.Institution, Name: "北京大学", Mentions: []schema.Span{{Start: 0, End: 4}}}, // nested
		{Type: schema.Title, Name: "教授", Mentions: []schema.Span{{Start: 8, End: 10}}},
		{Type: schema.Person, Name: "马修军", Mentions: []schema.Span{{Start: 10, End: 13}, {Start: 10, End: 13}}},
		{Type: schema.Technology, Name: "智能", Mentions: []schema.Span{{Start: 4, End: 6}}}, // unmapped
		{Type: schema.Person, Name: "越界", Mentions: []schema.Span{{Start: 12, End: 99}}},   // out of range
	}}
	got := CLUENER.Predict(doc)
	want := []Mention{{"organization", 0, 8, "北京大学智能学院"}, {"position", 8, 10, "教授"}, {"name", 10, 13, "马修军"}}
	if len(got) != len(want) {
		t.Fatalf("Predict = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Predict[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	res := Resume.Predict(doc)
	if len(res) != 3 || res[0].Label != "ORG" || res[1].Label != "TITLE" || res[2].Label != "NAME" {
		t.Errorf("Resume.Predict = %+v", res)
	}
}

func TestCompare(t *testing.T) {
	gold := []Mention{{"name", 0, 2, ""}, {"name", 5, 7, ""}, {"book", 3, 4, ""}, {"company", 8, 10, ""}}
	pred := []Mention{{"name", 0, 2, ""}, {"name", 5, 8, ""}, {"position", 3, 4, ""}}
	c := CLUENER.Compare(gold, pred)
	if c["name"] != (Counts{Gold: 2, Predicted: 2, Correct: 1}) {
		t.Errorf("name counts %+v", c["name"])
	}
	if c["company"] != (Counts{Gold: 1}) || c["position"] != (Counts{Predicted: 1}) {
		t.Errorf("counts %+v", c)
	}
	if _, ok := c["book"]; ok {
		t.Error("labels the scheme does not produce must not be counted")
	}
	s := newScore("name", c["name"])
	if s.Precision != 0.5 || s.Recall != 0.5 || s.F1 != 0.5 {
		t.Errorf("score %+v", s)
	}
}

// TestNERFixture runs the real extractor over a small hand-written file
// with two broken lines: they are reported by line number and the other
// lines are still scored.
func TestNERFixture(t *testing.T) {
	f, err := os.Open("testdata/fixture.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := NER(context.Background(), extractor(t), f, CLUENER, Options{})
	if err == nil {
		t.Fatal("broken lines must be reported")
	}
	var le LineError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "line 4") || !strings.Contains(err.Error(), "line 5") {
		t.Errorf("error %v does not name lines 4 and 5", err)
	}
	if rep.Lines != 5 || len(rep.Errors) != 2 || rep.Errors[0].Line != 4 || rep.Errors[1].Line != 5 {
		t.Errorf("lines %d, errors %+v", rep.Lines, rep.Errors)
	}
	if rep.Micro.Gold != 13 {
		t.Errorf("micro gold %d, want 13 (address and movie are not core)", rep.Micro.Gold)
	}
	if rep.Micro.F1 < 0.6 {
		t.Errorf("micro F1 %.3f on an easy fixture", rep.Micro.F1)
	}
	if rep.Labels[0].Label != "name" || rep.Labels[0].Correct < 3 {
		t.Errorf("names: %+v", rep.Labels[0])
	}
	var buf bytes.Buffer
	if err := rep.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"scheme cluener", "organization", "micro over name, company", "line 4:"} {
		if !strings.Contains(buf.String(), w) {
			t.Errorf("text report lacks %q:\n%s", w, buf.String())
		}
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(b, &back); err != nil || back.Micro != rep.Micro || len(back.MicroOver) != 5 {
		t.Errorf("report does not round-trip through JSON: %v", err)
	}
}

func TestNERResume(t *testing.T) {
	f, err := os.Open("testdata/resume.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := NER(context.Background(), extractor(t), f, Resume, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Score{}
	for _, s := range rep.Labels {
		got[s.Label] = s
	}
	if got["NAME"].Correct != 1 || got["TITLE"].Correct != 2 {
		t.Errorf("resume scores %+v", rep.Labels)
	}
}

func TestNERCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := NER(ctx, extractor(t), strings.NewReader(`{"text": "李华", "label": {}}`+"\n"), CLUENER, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("NER on a cancelled context: %v", err)
	}
}

func TestParseScheme(t *testing.T) {
	for in, want := range map[string]string{"cluener": "cluener", "CLUENER": "cluener", "resume": "resume"} {
		s, err := ParseScheme(in)
		if err != nil || s.Name != want {
			t.Errorf("ParseScheme(%q) = %v, %v", in, s.Name, err)
		}
	}
	if _, err := ParseScheme("conll"); err == nil {
		t.Error("unknown scheme accepted")
	}
}

func TestMisses(t *testing.T) {
	gold := []Mention{{"name", 0, 2, "李华"}, {"company", 3, 5, "华为"}, {"movie", 6, 8, "电影"}}
	pred := []Mention{{"name", 0, 2, "李华"}, {"organization", 3, 5, "华为"}, {"position", 9, 11, "记者"}}
	missed, spurious, ok := CLUENER.Misses(gold, pred)
	if !ok {
		t.Fatal("Misses found nothing wrong")
	}
	// the wrong label counts on both sides; labels kg never produces
	// (movie) are not missed
	if len(missed) != 1 || missed[0].Label != "company" {
		t.Errorf("missed %+v", missed)
	}
	if len(spurious) != 2 || spurious[0].Label != "organization" || spurious[1].Label != "position" {
		t.Errorf("spurious %+v", spurious)
	}
	if _, _, ok := CLUENER.Misses(gold[:1], pred[:1]); ok {
		t.Error("a perfect line reported as a miss")
	}
}

// TestNERMisses writes the lines with errors as JSON lines in input
// order, each with its text: testdata/misses.jsonl has a perfect line, a
// line whose gold name is no name and a line whose company is not
// labelled.
func TestNERMisses(t *testing.T) {
	f, err := os.Open("testdata/misses.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var buf bytes.Buffer
	if _, err := NER(context.Background(), extractor(t), f, CLUENER, Options{Misses: &buf}); err != nil {
		t.Fatal(err)
	}
	var misses []Miss
	dec := json.NewDecoder(&buf)
	for dec.More() {
		var m Miss
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("misses output: %v", err)
		}
		misses = append(misses, m)
	}
	if len(misses) != 2 || misses[0].Line != 2 || misses[1].Line != 3 {
		t.Fatalf("misses %+v, want lines 2 and 3", misses)
	}
	if m := misses[0]; len(m.Missed) != 1 || m.Missed[0] != (Mention{"name", 2, 4, "天气"}) || len(m.Spurious) != 0 {
		t.Errorf("line 2: %+v", m)
	}
	if m := misses[1]; len(m.Missed) != 0 || len(m.Spurious) != 1 || m.Spurious[0].Label != "company" ||
		m.Text != "华为公司在北京发布了新手机。" {
		t.Errorf("line 3: %+v", m)
	}
}
