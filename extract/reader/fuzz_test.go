package reader

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRead checks, on any input, name, format and limit: no panic, every
// Item is either an article (with an id, a title or a text, valid UTF-8)
// or an *Error naming the input, the input gives at least one Item, and a
// valid JSON object with a string "text" reads back with exactly that text.
func FuzzRead(f *testing.F) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join("testdata", e.Name()))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(e.Name(), data, uint8(0), false)
	}
	for _, s := range []string{
		`{"text": "  原样\u3000保留  ", "keywords": ["甲", null]}`,
		"[{\"title\": \"甲\"}, 1, {\"text\": \"乙\"}]",
		"{\"title\": \"甲\"}\n{bad\n{\"text\": \"丙\"}\n",
		"# 标题\n\n正文 [链接](http://x) **粗体** `代码`\n",
		"<html><title>T</title><body><p>正文</p><nav>导航</nav></body></html>",
		"标题：甲\r\n总结：乙\r\n标题：丙\n",
		"---\ntitle: 甲\ntags:\n- 乙\n---\n正文\n",
	} {
		f.Add("seed.txt", []byte(s), uint8(0), false)
		f.Add("seed.txt", []byte(s), uint8(0), true)
	}
	f.Fuzz(func(t *testing.T, name string, data []byte, format uint8, small bool) {
		opts := Options{Format: Format(format % uint8(JSONLines+1))}
		if small {
			opts.MaxFileBytes = 64
		}
		var items []Item
		for it := range Read(context.Background(), name, bytes.NewReader(data), opts) {
			items = append(items, it)
			if it.Err != nil {
				var e *Error
				if !errors.As(it.Err, &e) || e.Name != name {
					t.Fatalf("error %v is not an *Error naming %q", it.Err, name)
				}
				if it.Article.ID != "" {
					t.Fatalf("error item %v carries an article", it.Err)
				}
				continue
			}
			a := it.Article
			if a.ID == "" {
				t.Fatal("article without id")
			}
			if a.Title == "" && strings.TrimSpace(a.Text) == "" {
				t.Fatal("article with neither title nor text")
			}
			for _, s := range append([]string{a.Title, a.Text, a.URL, a.Published, a.Source}, append(append(a.Keywords, a.Technologies...), a.Industries...)...) {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in %q", s)
				}
			}
		}
		if len(items) == 0 {
			t.Fatal("no items: an input gives at least an ErrEmpty note")
		}

		// The round trip of a JSON object's text.
		ext := strings.ToLower(filepath.Ext(name))
		if opts.Format != Auto || small || !utf8.Valid(data) || !json.Valid(data) ||
			(ext == ".jsonl" || ext == ".ndjson") && bytes.ContainsRune(bytes.TrimSpace(data), '\n') {
			return
		}
		var m map[string]any
		if json.Unmarshal(data, &m) != nil {
			return // not an object
		}
		text, ok := m["text"].(string)
		if !ok {
			return
		}
		if len(items) != 1 {
			t.Fatalf("one JSON object gave %d items", len(items))
		}
		var fe *fieldError
		switch err := items[0].Err; {
		case err == nil:
			if items[0].Article.Text != text {
				t.Fatalf("text %q read back as %q", text, items[0].Article.Text)
			}
		case errors.As(err, &fe):
		case errors.Is(err, errNoText) && strings.TrimSpace(text) == "":
		default:
			t.Fatalf("valid object with text %q: %v", text, err)
		}
	})
}

// FuzzJSONText checks that any text, with or without a title, survives a
// JSON object and JSON Lines unchanged: offsets depend on it.
func FuzzJSONText(f *testing.F) {
	f.Add("  前导与全角ＡＢＣ\u3000\r\n", "", "")
	f.Add("马修军：大模型。", "标题", "id-1")
	f.Add("\t", "只有标题", "")
	f.Fuzz(func(t *testing.T, text, title, id string) {
		obj := map[string]string{"text": text}
		if title != "" {
			obj["title"] = title
		}
		if id != "" {
			obj["id"] = id
		}
		line, err := json.Marshal(obj)
		if err != nil {
			t.Fatal(err)
		}
		var back struct{ Text, Title, ID string }
		if err := json.Unmarshal(line, &back); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"a.json", "a.jsonl", "-"} {
			input := append(append([]byte{}, line...), '\n')
			input = append(input, line...) // two lines: JSON Lines, or a sequence
			var items []Item
			for it := range Read(context.Background(), name, bytes.NewReader(input), Options{}) {
				items = append(items, it)
			}
			if len(items) != 2 {
				t.Fatalf("%s: %d items for two objects", name, len(items))
			}
			for _, it := range items {
				if strings.TrimSpace(back.Title) == "" && strings.TrimSpace(back.Text) == "" {
					if !errors.Is(it.Err, errNoText) {
						t.Fatalf("%s: blank object read as %+v", name, it)
					}
					continue
				}
				if it.Err != nil {
					t.Fatalf("%s: %v", name, it.Err)
				}
				if it.Article.Text != back.Text {
					t.Fatalf("%s: text %q read back as %q", name, back.Text, it.Article.Text)
				}
				if strings.TrimSpace(back.ID) != "" && it.Article.ID != back.ID {
					t.Fatalf("%s: id %q read back as %q", name, back.ID, it.Article.ID)
				}
			}
		}
	})
}
