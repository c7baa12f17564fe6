package reader

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"kg/schema"
)

var update = flag.Bool("update", false, "rewrite generated fixtures")

// want is what a test expects of one Item. Empty fields are not checked,
// except that an Item expected to be an article must not be an error and
// the other way round.
type want struct {
	title, url, published, id, source  string
	keywords, technologies, industries []string
	text                               string // exact text, when set
	textPrefix                         string
	noTitle                            bool // Title must be empty
	errIs                              error
	errLine                            int    // checked when errIs or errText is set
	errText                            string // substring of the error message
}

func collect(t *testing.T, seq func(func(Item) bool)) []Item {
	t.Helper()
	var items []Item
	for it := range seq {
		items = append(items, it)
	}
	return items
}

func readFile(t *testing.T, name string, opts Options) []Item {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return collect(t, Read(context.Background(), name, bytes.NewReader(data), opts))
}

func check(t *testing.T, items []Item, wants []want) {
	t.Helper()
	if len(items) != len(wants) {
		for i, it := range items {
			t.Logf("item %d: %+v", i, it)
		}
		t.Fatalf("got %d items, want %d", len(items), len(wants))
	}
	for i, w := range wants {
		it := items[i]
		if w.errIs != nil || w.errText != "" {
			if it.Err == nil {
				t.Errorf("item %d: got article %q, want error", i, it.Article.Title)
				continue
			}
			var e *Error
			if !errors.As(it.Err, &e) {
				t.Errorf("item %d: error %v is not an *Error", i, it.Err)
				continue
			}
			if w.errIs != nil && !errors.Is(it.Err, w.errIs) {
				t.Errorf("item %d: error %v, want %v", i, it.Err, w.errIs)
			}
			if !strings.Contains(it.Err.Error(), w.errText) {
				t.Errorf("item %d: error %q does not say %q", i, it.Err, w.errText)
			}
			if e.Line != w.errLine {
				t.Errorf("item %d: error %v at line %d, want %d", i, it.Err, e.Line, w.errLine)
			}
			if it.Article.ID != "" {
				t.Errorf("item %d: error item carries an article", i)
			}
			continue
		}
		if it.Err != nil {
			t.Errorf("item %d: unexpected error %v", i, it.Err)
			continue
		}
		a := it.Article
		str := func(field, got, want string) {
			if want != "" && got != want {
				t.Errorf("item %d: %s = %q, want %q", i, field, got, want)
			}
		}
		str("title", a.Title, w.title)
		str("url", a.URL, w.url)
		str("published", a.Published, w.published)
		str("source", a.Source, w.source)
		str("text", a.Text, w.text)
		if w.noTitle && a.Title != "" {
			t.Errorf("item %d: title = %q, want none", i, a.Title)
		}
		if !strings.HasPrefix(a.Text, w.textPrefix) {
			t.Errorf("item %d: text %.80q does not start with %q", i, a.Text, w.textPrefix)
		}
		if w.id != "" {
			str("id", a.ID, w.id)
		} else if a.URL != "" {
			if want := schema.ArticleURLID(a.URL); a.ID != want {
				t.Errorf("item %d: id = %q, want the hash of its URL %q", i, a.ID, want)
			}
		} else if want := schema.ArticleID(a.Title, a.Text); a.ID != want {
			t.Errorf("item %d: id = %q, want the content hash %q", i, a.ID, want)
		}
		lists := []struct {
			field     string
			got, want []string
		}{{"keywords", a.Keywords, w.keywords}, {"technologies", a.Technologies, w.technologies}, {"industries", a.Industries, w.industries}}
		for _, l := range lists {
			if l.want != nil && !slices.Equal(l.got, l.want) {
				t.Errorf("item %d: %s = %q, want %q", i, l.field, l.got, l.want)
			}
		}
	}
}

func TestReadFixtures(t *testing.T) {
	seedTitle := "中国“人工智能+”主攻方向是智能制造"
	tests := []struct {
		file  string
		wants []want
	}{
		{"000_bed786543f93036c.txt", []want{{
			title:        seedTitle,
			url:          "https://baijiahao.baidu.com/s?id=1795904092373046973&wfr=spider&for=pc",
			source:       "000_bed786543f93036c.txt",
			keywords:     []string{"人工智能", "智能制造", "大模型"},
			technologies: []string{"人工智能", "大模型", "深度学习"},
			industries:   []string{"人工智能", "智能制造", "工业制造"},
			textPrefix:   "今年政府工作报告提出，深化大数据、人工智能等研发应用",
		}}},
		{"crawler.txt", []want{
			{
				title: "星河智能发布“天枢”大模型", url: "https://example.com/news/1", published: "2024-05-01",
				text:         "星河智能科技有限公司今天在杭州发布“天枢”大模型。公司首席执行官李明表示，该模型面向智能制造场景。\n李明：我们希望让每一家工厂都用得上大模型。",
				keywords:     []string{"大模型", "智能制造", "星河智能"},
				technologies: []string{"大模型", "自然语言处理"},
				industries:   []string{"制造业", "汽车"},
			},
			{title: "清华团队推出具身智能平台", url: "https://example.com/news/2", keywords: []string{"具身智能", "机器人"}, industries: []string{}},
			{noTitle: true, url: "https://example.com/news/3", text: "一篇没有标题的快讯：某公司完成新一轮融资。"},
			{title: "第三条快讯", text: "第四条只有标题和总结。"},
		}},
		{"gb18030.txt", []want{{title: "𠮷野家引入智能点餐系统", url: "https://example.com/gb", keywords: []string{"智能点餐", "大模型"}, textPrefix: "𠮷野家（中国）宣布"}}},
		{"plain.txt", []want{{
			title: "工信部启动“人工智能+”制造专项行动",
			text:  "工业和信息化部近日印发通知，启动“人工智能+”制造专项行动。\n通知提出，到2027年推动大模型在重点行业深度应用。",
		}}},
		{"plain_untitled.txt", []want{{noTitle: true, text: "据报道，深圳市某机器人公司近日完成数亿元融资。\n本轮融资由多家机构联合领投。"}}},
		{"bom.txt", []want{{title: "阿里云发布通义千问新模型", text: "阿里云今天发布通义千问新一代模型，并宣布开源。"}}},
		{"article.md", []want{{
			title: "寒武纪发布新一代智能芯片",
			text: "寒武纪今天发布了新一代云端智能芯片，详情见官网公告。\n\n性能\n\n公司董事长陈明表示：“新芯片的算力提升了一倍。”\n\n芯片照片\n\n" +
				"- 支持 int8 推理\n- 面向大模型训练\n\nprint(\"代码块保留\")",
		}}},
		{"frontmatter.md", []want{{
			title: "月之暗面发布Kimi新版本", published: "2024-03-18", url: "https://example.com/kimi",
			keywords: []string{"大模型", "长文本"}, text: "月之暗面今天发布Kimi智能助手新版本，支持两百万字长文本。",
		}}},
		{"page.html", []want{{
			title: "百度发布文心大模型新版本", url: "https://example.com/news/wenxin", published: "2024-04-16T10:00:00+08:00",
			keywords: []string{"百度", "文心大模型", "人工智能"},
			text:     "百度发布文心大模型新版本\n百度公司首席技术官王海峰 在北京表示，文心大模型“能力全面提升”。\n新版本支持多模态输入，\n并向企业开放&免费试用。",
		}}},
		{"articles.json", []want{
			{id: "1001", title: "华为发布昇腾芯片", url: "https://example.com/ascend", published: "2024-06-01",
				text: "华为在深圳发布昇腾新一代芯片。", keywords: []string{"芯片", "昇腾"}, industries: []string{"半导体"}, source: "articles.json"},
			{title: "小米汽车交付破万", text: "小米集团宣布小米SU7交付量突破一万台。", technologies: []string{"自动驾驶"}, source: "original.txt"},
		}},
		{"single.json", []want{{noTitle: true, text: "  前导空格与全角：ＡＩ　芯片\r\n第二行，保持原样。  ", keywords: []string{"芯片"}}}},
		{"articles.jsonl", []want{
			{id: "a-1", title: "商汤发布日日新大模型", text: "商汤科技发布日日新大模型。", keywords: []string{"大模型"}},
			{noTitle: true, text: "科大讯飞发布星火大模型。", keywords: []string{"大模型", "讯飞"}},
			{title: "只有标题的条目", text: ""},
		}},
		{"broken.jsonl", []want{
			{title: "第一条"},
			{errText: "broken.jsonl:2: invalid JSON", errLine: 2},
			{errText: "broken.jsonl:4: want a JSON object, got an array", errLine: 4},
			{title: "第五条"},
			{errText: `broken.jsonl:6: field "keywords": want a string or a list of strings`, errLine: 6},
			{errIs: errNoText, errLine: 7},
		}},
		{"empty.txt", []want{{errIs: ErrEmpty, errText: "empty.txt: no articles"}}},
		{"invalid.txt", []want{{errIs: ErrEncoding, errText: "invalid.txt:2: not UTF-8 or GB18030 text", errLine: 2}}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			check(t, readFile(t, tc.file, Options{}), tc.wants)
		})
	}
}

// TestSeedID pins the id of the seed article: ids are stored in the graph,
// so a change in reading that changes them orphans stored articles.
func TestSeedID(t *testing.T) {
	items := readFile(t, "000_bed786543f93036c.txt", Options{})
	if len(items) != 1 || items[0].Err != nil {
		t.Fatalf("got %+v", items)
	}
	if got, want := items[0].Article.ID, "article:f5bb1ae669c569b1"; got != want {
		t.Errorf("seed id = %s, want %s", got, want)
	}
	if n := len([]rune(items[0].Article.Text)); n != 4974 {
		t.Errorf("seed text has %d code points, want 4974", n)
	}
}

const gbSource = "标题: 𠮷野家引入智能点餐系统\n链接: https://example.com/gb\n总结: 𠮷野家（中国）宣布在门店引入基于大模型的智能点餐系统，顾客可用语音点餐。\n关键词: 智能点餐、大模型\n"

// TestGB18030Fixture checks that testdata/gb18030.txt is gbSource in
// GB18030 (with a four-byte character, 𠮷), and rewrites it with -update.
func TestGB18030Fixture(t *testing.T) {
	enc, _, err := transform.String(simplifiedchinese.GB18030.NewEncoder(), gbSource)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "gb18030.txt")
	if *update {
		if err := os.WriteFile(path, []byte(enc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != enc {
		t.Fatal("testdata/gb18030.txt is not gbSource in GB18030; run go test -run GB18030Fixture -update")
	}
	if bytes.Equal(got, []byte(gbSource)) || isASCII(got) {
		t.Fatal("fixture is not GB18030-encoded")
	}
}

func gb(t *testing.T, s string) string {
	t.Helper()
	out, _, err := transform.String(simplifiedchinese.GB18030.NewEncoder(), s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReadInline(t *testing.T) {
	utf16, _, err := transform.String(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder(), "标题: 双字节文件\n总结: 记事本保存的UTF-16文本。\n")
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("长", 61)
	tests := []struct {
		name  string
		input string
		opts  Options
		wants []want
	}{
		{"crlf.txt", "标题：全角冒号\r\n链接：https://example.com/x\r\n总结：第一行。\r\n第二行。\r\n", Options{},
			[]want{{title: "全角冒号", url: "https://example.com/x", text: "第一行。\n第二行。"}}},
		{"utf16.txt", utf16, Options{}, []want{{title: "双字节文件", text: "记事本保存的UTF-16文本。"}}},
		// A UTF-16 mark in front of bytes that are not UTF-16 (an unpaired
		// surrogate, an odd last byte) is refused, not read as nonsense.
		{"fake-utf16.txt", "\xff\xfe\x00\xd8a\x00b\x00", Options{}, []want{{errIs: ErrEncoding, errLine: 1, errText: "not UTF-16"}}},
		{"odd-utf16.txt", "\xff\xfe\xfd\x80\x81 abc \xc3\x28\n", Options{}, []want{{errIs: ErrEncoding, errLine: 1, errText: "not UTF-16"}}},
		{"gbk.jsonl", gb(t, `{"title": "国标编码", "text": "GB18030 的 JSON Lines。"}`+"\n"+`{"text": "第二行"}`+"\n"), Options{},
			[]want{{title: "国标编码", text: "GB18030 的 JSON Lines。"}, {noTitle: true, text: "第二行"}}},
		{"gbk.txt", gb(t, "国标纯文本标题\n\n正文第一段。\n"), Options{}, []want{{title: "国标纯文本标题", text: "正文第一段。"}}},
		{"bad.txt", "第一行。\n第二行。\n坏字节\xff\xfe\x80在这里\n", Options{},
			[]want{{errIs: ErrEncoding, errText: "bad.txt:3: not UTF-8 or GB18030 text", errLine: 3}}},
		// Valid GB18030 by accident, but damaged UTF-8: refused, not decoded into nonsense.
		{"damaged.txt", "人工智能\xb0\xa1", Options{}, []want{{errIs: ErrEncoding, errText: "damaged.txt:1: not UTF-8 or GB18030 text: invalid UTF-8", errLine: 1}}},
		{"nul.txt", "文本\x00二进制", Options{}, []want{{errIs: ErrEncoding, errText: "NUL", errLine: 1}}},
		{"blank.txt", " \n\t\n", Options{}, []want{{errIs: ErrEmpty}}},
		{"bom-only.json", "\xef\xbb\xbf", Options{}, []want{{errIs: ErrEmpty}}},
		{"empty.json", "[]", Options{}, []want{{errIs: ErrEmpty}}},
		{"-", `{"text": "标准输入"}`, Options{}, []want{{text: "标准输入", source: "-"}}},
		{"exact.json", `{"title": "有标题", "text": "\t缩进与全角ＡＢＣ\n"}`, Options{}, []want{{title: "有标题", text: "\t缩进与全角ＡＢＣ\n"}}},
		{"pretty.json", "{\n  \"title\": \"甲\",\n  \"text\": \"甲文\"\n}\n{\n  \"title\": \"乙\",\n  \"text\": \"乙文\"\n}\n", Options{},
			[]want{{title: "甲", text: "甲文"}, {title: "乙", text: "乙文"}}},
		{"nested.json", "{\"meta\": {}\n, \"text\": \"第一行只是对象的开头\"}", Options{}, []want{{text: "第一行只是对象的开头"}}},
		{"array-bad.json", "[\n {\"title\": \"甲\"},\n 42,\n {\"title\": \"乙\" \"text\": 1}\n]", Options{},
			[]want{{title: "甲"}, {errText: "array-bad.json:3: want a JSON object, got a number", errLine: 3}, {errText: "invalid JSON", errLine: 4}}},
		{"lines.json", "{\"title\": \"甲\"}\n{\"title\": 乙}\n{\"title\": \"丙\"}\n", Options{},
			[]want{{title: "甲"}, {errText: "invalid JSON", errLine: 2}, {title: "丙"}}},
		{"broken-pretty.json", "{\n  \"title\": \"甲\"\n  \"text\": \"乙\"\n}\n", Options{}, []want{{errText: "broken-pretty.json:3: invalid JSON", errLine: 3}}},
		{"types.json", `{"id": "", "title": "空id", "published": 20240101, "keywords": "人工智能 大模型", "industries": "Geoffrey Hinton", "technologies": null}`, Options{},
			[]want{{title: "空id", published: "20240101", keywords: []string{"人工智能", "大模型"}, industries: []string{"Geoffrey Hinton"}}}},
		{"big.txt", strings.Repeat("字", 100), Options{MaxFileBytes: 64}, []want{{errIs: ErrTooLarge, errText: "limit of 64 bytes"}}},
		{"big.jsonl", `{"text": "短"}` + "\n" + `{"text": "` + strings.Repeat("长", 40) + `"}` + "\n" + `{"text": "又短"}` + "\n", Options{MaxFileBytes: 64},
			[]want{{text: "短"}, {errIs: ErrTooLarge, errLine: 2}, {text: "又短"}}},
		{"big.json", `{"text": "短"}` + "\n" + `{"text": "` + strings.Repeat("长", 40) + `"}` + "\n", Options{MaxFileBytes: 64},
			[]want{{text: "短"}, {errIs: ErrTooLarge, errLine: 2}}},
		{"big-crawler.txt", "标题: 甲\n总结: " + strings.Repeat("长", 40) + "\n标题: 乙\n总结: 短。\n", Options{MaxFileBytes: 64},
			[]want{{errIs: ErrTooLarge, errLine: 1}, {title: "乙", text: "短。"}}},
		// Crawlers write the keys in other orders and leave some out; each
		// article keeps its own 链接 (its id comes from it).
		{"order.txt", "链接: https://e.com/1\n标题: 第一篇\n总结: 甲。\n链接: https://e.com/2\n标题: 第二篇\n总结: 乙。\n", Options{},
			[]want{{title: "第一篇", url: "https://e.com/1", text: "甲。"}, {title: "第二篇", url: "https://e.com/2", text: "乙。"}}},
		{"no-title.txt", "标题: 第一篇\n链接: https://e.com/1\n总结: 甲。\n链接: https://e.com/2\n总结: 乙。\n", Options{},
			[]want{{title: "第一篇", url: "https://e.com/1", text: "甲。"}, {noTitle: true, url: "https://e.com/2", text: "乙。"}}},
		{"no-url.txt", "标题: 第一篇\n总结: 甲。\n\n链接: https://e.com/2\n标题: 第二篇\n总结: 乙。\n\n关键词: 乙\n", Options{},
			[]want{{title: "第一篇", url: "", text: "甲。"}, {title: "第二篇", url: "https://e.com/2", text: "乙。", keywords: []string{"乙"}}}},
		// One article's text is bounded apart from the file: extraction holds it whole.
		{"long-article.txt", strings.Repeat("长", 100), Options{MaxArticleBytes: 200},
			[]want{{errIs: ErrTooLarge, errText: "the article's text is 300 bytes, over the limit of 200 bytes for one article; split it"}}},
		{"long-article.jsonl", `{"text": "短"}` + "\n" + `{"text": "` + strings.Repeat("长", 100) + `"}` + "\n" + `{"text": "又短"}` + "\n",
			Options{MaxArticleBytes: 200}, []want{{text: "短"}, {errIs: ErrTooLarge, errLine: 2}, {text: "又短"}}},
		{"long-article-crawler.txt", "标题: 甲\n总结: " + strings.Repeat("长", 100) + "\n标题: 乙\n总结: 短。\n", Options{MaxArticleBytes: 200},
			[]want{{errIs: ErrTooLarge, errLine: 1}, {title: "乙", text: "短。"}}},
		{"long-title.txt", long + "\n正文。", Options{}, []want{{noTitle: true, text: long + "\n正文。"}}},
		{"sentence.txt", "这是一个完整的句子。\n下一句。", Options{}, []want{{noTitle: true}}},
		{"question.txt", "我国为何要开展“人工智能+”行动？\n\n正文。", Options{}, []want{{title: "我国为何要开展“人工智能+”行动？", text: "正文。"}}},
		{"one-line.txt", "只有一行", Options{}, []want{{noTitle: true, text: "只有一行"}}},
		{"notitle.html", "<p>没有标题的片段，<i>斜体</i>。</p><p>第二段</p>", Options{}, []want{{noTitle: true, text: "没有标题的片段，斜体。\n第二段"}}},
		{"desc.html", `<html><head><title>只有描述</title><meta name="description" content="描述文字。"></head><body></body></html>`, Options{},
			[]want{{title: "只有描述", text: "描述文字。"}}},
		{"forced.txt", `{"text": "按纯文本读"}`, Options{Format: PlainText}, []want{{text: `{"text": "按纯文本读"}`}}},
		{"headless.txt", "链接: https://example.com/only-url\n", Options{}, []want{{errText: "neither 标题 nor 总结", errLine: 1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			check(t, collect(t, Read(context.Background(), tc.name, strings.NewReader(tc.input), tc.opts)), tc.wants)
		})
	}
}

func TestDamagedUTF8IsValidGB18030(t *testing.T) {
	// The premise of the damaged.txt case above.
	if _, ok := decodeGB18030([]byte("人工智能\xb0\xa1")); !ok {
		t.Fatal("test input is not valid GB18030")
	}
}

func TestSplitList(t *testing.T) {
	tests := map[string][]string{
		"人工智能,  智能制造,  大模型":  {"人工智能", "智能制造", "大模型"},
		"大模型、智能制造；汽车|芯片，芯片":  {"大模型", "智能制造", "汽车", "芯片"},
		"具身智能 机器人":           {"具身智能", "机器人"},
		"腾讯AI Lab":           {"腾讯AI Lab"},
		"Geoffrey Hinton":    {"Geoffrey Hinton"},
		"nan":                nil,
		" , ，":               nil,
		"人工智能　大模型":           {"人工智能", "大模型"},
		"AlphaGo, 围棋":        {"AlphaGo", "围棋"},
		"NaN、深度学习":           {"深度学习"},
		"":                   nil,
		"\u00a0自然语言处理\u00a0": {"自然语言处理"},
	}
	for in, want := range tests {
		if got := splitList(in); !slices.Equal(got, want) {
			t.Errorf("splitList(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for f := Auto; f <= JSONLines; f++ {
		got, err := ParseFormat(strings.ToUpper(f.String()))
		if err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %v, %v", f, got, err)
		}
	}
	if _, err := ParseFormat("pdf"); err == nil {
		t.Error("ParseFormat(pdf) succeeded")
	}
}

func TestWalk(t *testing.T) {
	empty := t.TempDir()
	items := collect(t, Walk(context.Background(), []string{
		filepath.Join("testdata", "walk"),
		filepath.Join("testdata", "missing.txt"),
		"-",
		empty,
		filepath.Join("testdata", "walk", "a", "notes.csv"), // named explicitly: read as plain text
	}, Options{Stdin: strings.NewReader("标准输入的标题\n\n标准输入的正文。")}))
	check(t, items, []want{
		{title: "子目录文章一", source: filepath.Join("testdata", "walk", "a", "1.txt")},
		{title: "子目录文章二", source: filepath.Join("testdata", "walk", "a", "b", "2.md")},
		{title: "子目录文章三", source: filepath.Join("testdata", "walk", "a", "b", "3.jsonl")},
		{errIs: os.ErrNotExist, errText: "missing.txt: stat: no such file"},
		{title: "标准输入的标题", text: "标准输入的正文。", source: "-"},
		{errIs: ErrEmpty, errText: "no article files"},
		{text: "a,b"},
	})

	items = collect(t, Walk(context.Background(), []string{"-"}, Options{}))
	check(t, items, []want{{errText: "-: standard input not available"}})
}

// TestWalkLinks follows links to files and reports a link that leads
// nowhere by its name, between the articles read around it.
func TestWalkLinks(t *testing.T) {
	dir := t.TempDir()
	article := filepath.Join(dir, "1.txt")
	if err := os.WriteFile(article, []byte("链接的标题\n\n正文。"), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{"2.txt": article, "3.txt": filepath.Join(dir, "gone.txt")} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	check(t, collect(t, Walk(context.Background(), []string{dir}, Options{})), []want{
		{title: "链接的标题", source: article},
		{title: "链接的标题", source: filepath.Join(dir, "2.txt")},
		{errIs: os.ErrNotExist, errText: "3.txt: symbolic link: stat: no such file"},
	})
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var items []Item
	for it := range Walk(ctx, []string{"testdata"}, Options{}) {
		items = append(items, it)
		if len(items) == 2 {
			cancel()
		}
	}
	if len(items) != 3 || !errors.Is(items[2].Err, context.Canceled) {
		t.Fatalf("after cancel: got %d items, last %v; want 3 ending in context.Canceled", len(items), items[len(items)-1].Err)
	}

	// A consumer that stops early must not be called again.
	n := 0
	for range Walk(context.Background(), []string{"testdata"}, Options{}) {
		n++
		if n == 3 {
			break
		}
	}
	for range Read(context.Background(), "x.jsonl", strings.NewReader("{\"text\":\"a\"}\n{\"text\":\"b\"}\n"), Options{}) {
		break
	}
}

func TestIsArticleFile(t *testing.T) {
	for name, want := range map[string]bool{
		"a.txt": true, "b/c.JSONL": true, "d.html": true, "e.md": true, "f.csv": false,
		".hidden.txt": false, "noext": false, "g.ndjson": true, "h.png": false,
	} {
		if got := IsArticleFile(name); got != want {
			t.Errorf("IsArticleFile(%q) = %v", name, got)
		}
	}
}

// TestPathological reads inputs that would take quadratic time (or deep
// recursion) in a careless reader; each takes milliseconds here.
func TestPathological(t *testing.T) {
	const n = 1 << 20
	inputs := map[string]string{
		"brackets.md": "# 标题\n" + strings.Repeat("[", n),
		"links.md":    "# 标题\n" + strings.Repeat("[a](", n/4),
		"lt.html":     "<p>" + strings.Repeat("<", n),
		"nest.html":   "<html>" + strings.Repeat("<div><nav>", n/10),
		"deep.json":   strings.Repeat("[", n),
		"array.json":  "[" + strings.Repeat(`{"text":"甲"},`+"\n", n/16) + `{"text":"乙"}]`,
		"keys.txt":    strings.Repeat("标题: 甲\n", n/10),
		"list.txt":    "标题: 甲\n关键词: " + strings.Repeat("甲、", n/4),
	}
	for name, in := range inputs {
		items := collect(t, Read(context.Background(), name, strings.NewReader(in), Options{}))
		if len(items) == 0 {
			t.Errorf("%s: no items", name)
		}
	}
}
