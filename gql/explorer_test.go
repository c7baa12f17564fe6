package gql_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kg/schema"
)

const chromiumPath = "/usr/bin/chromium"

// screenshotPath is where the browser test leaves its picture of the
// explorer, relative to this package (the repository's bin/).
const screenshotPath = "../bin/screenshots/explorer.png"

func TestExplorerIsServedFromEmbeddedFiles(t *testing.T) {
	e := newEnv(t)
	page := e.do(http.MethodGet, "/", "", nil, "")
	if page.Status != http.StatusOK || !strings.Contains(page.Raw, `src="explorer/main.js"`) {
		t.Fatalf("/: %d %.300s", page.Status, page.Raw)
	}
	if csp := page.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("/ has the content security policy %q", csp)
	}
	for _, f := range []string{"main.js", "api.js", "view.js", "layout.js", "explorer.css"} {
		r := e.do(http.MethodGet, "/explorer/"+f, "", nil, "")
		ctype := r.Header.Get("Content-Type")
		// Browsers run a module only when it comes as JavaScript.
		wantType := map[bool]string{true: "text/css", false: "text/javascript"}[strings.HasSuffix(f, ".css")]
		if r.Status != http.StatusOK || len(r.Raw) < 200 || !strings.HasPrefix(ctype, wantType) || r.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("/explorer/%s: %d, %d bytes, %s", f, r.Status, len(r.Raw), ctype)
		}
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(e.srv.URL + "/explorer/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/" {
		t.Errorf("/explorer/ → %d %s, want a redirect to /", res.StatusCode, res.Header.Get("Location"))
	}

	// Offline: nothing in the explorer's files points at another server
	// (the SVG namespace is a name, not a request).
	files, err := filepath.Glob("static/explorer/*")
	if err != nil || len(files) < 5 {
		t.Fatalf("explorer files: %v %v", files, err)
	}
	url := regexp.MustCompile(`(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range url.FindAllString(string(b), -1) {
			if m != "http://www.w3.org" {
				t.Errorf("%s refers to %s: the explorer must work offline", f, m)
			}
		}
	}
}

// browserProblems collects what must not happen on the page: console
// errors, uncaught exceptions, failed loads and requests to other origins.
type browserProblems struct {
	mu   sync.Mutex
	list []string
}

func (p *browserProblems) add(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.list = append(p.list, fmt.Sprintf(format, args...))
}

func (p *browserProblems) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.list) == 0 {
		return "none"
	}
	return strings.Join(p.list, "\n  ")
}

func (p *browserProblems) watch(origin string) func(ev any) {
	return func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				p.add("console.%s: %s", ev.Type, strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			desc := ""
			if d.Exception != nil {
				desc = d.Exception.Description
			}
			p.add("exception at %s:%d: %s %s", d.URL, d.LineNumber+1, d.Text, desc)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				p.add("browser log: %s (%s)", ev.Entry.Text, ev.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			u := ev.Request.URL
			if !strings.HasPrefix(u, origin+"/") && !strings.HasPrefix(u, "data:") {
				p.add("request to another origin: %s", u)
			}
		case *network.EventLoadingFailed:
			// A link that turns into a download cancels its navigation;
			// that is how downloads work, not a failure.
			if !ev.Canceled {
				p.add("load failed: %s %s", ev.Type, ev.ErrorText)
			}
		}
	}
}

// newBrowser starts a headless Chromium that stays off the network: the
// flags switch off everything it would fetch on its own.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("the explorer test drives Chromium at %s: install chromium (apt-get install chromium): %v", chromiumPath, err)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.WindowSize(1280, 800),
		chromedp.UserDataDir(t.TempDir()),
	)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// The first run starts the browser and binds it to ctx; it must have no
	// deadline of its own.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	return ctx
}

// TestExplorerInChromium drives the explorer the way a reader does: search,
// read the panel, expand neighbours with the mouse and the keyboard, find a
// path, reload the shared URL, take a screenshot, export.
func TestExplorerInChromium(t *testing.T) {
	e := newEnv(t)
	id := map[string]string{}
	for _, n := range []string{"马修军", "北京大学", "月之暗面", "Kimi", "华为", "寒武纪", "小米"} {
		v, _ := at(e.ok(`query($n: String!) { entity(name: $n) { id } }`, map[string]any{"n": n}), "entity", "id").(string)
		if v == "" {
			t.Fatalf("the fixture lacks %s", n)
		}
		id[n] = v
	}
	bctx := newBrowser(t)
	problems := &browserProblems{}
	if err := chromedp.Listen(bctx, problems.watch(e.srv.URL)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(bctx, 60*time.Second)
	defer cancel()
	started := time.Now()

	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v\nbrowser problems:\n  %s", what, err, problems)
		}
	}
	// wait polls a JavaScript condition on the page.
	wait := func(what, cond string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(15*time.Second),
			chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
			status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('status').textContent`))
			t.Fatalf("waiting for %s: %v\nstatus line: %q\nbrowser problems:\n  %s", what, err, status, problems)
		}
	}
	eval := func(expr string) []string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	nodeSel := func(name string) string { return fmt.Sprintf(`#graph .node[data-id=%q]`, id[name]) }
	has := func(name string) string { return fmt.Sprintf(`document.querySelector(%q)`, nodeSel(name)) }
	const settled = `document.getElementById('graph').dataset.layout === 'done'`
	const nodeIDs = `[...document.querySelectorAll('#graph .node')].map(n => n.dataset.id).sort()`

	do("open the explorer", chromedp.Navigate(e.srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#entity-types input")))

	// "/" focuses the search; arrows and Enter pick a suggestion.
	do("press /", chromedp.KeyEvent("/"))
	if got := eval(`[document.activeElement.id]`); got[0] != "search" {
		t.Fatalf("after /, the focus is on %q, not the search box", got[0])
	}
	do("type 马修军", chromedp.SendKeys(chromedp.CSS("#search"), "马修军"))
	wait("the suggestion of 马修军", fmt.Sprintf(`document.querySelector('#search-list li[data-id=%q]')`, id["马修军"]))
	do("pick the suggestion", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
	wait("his node and panel", has("马修军")+` && `+settled+fmt.Sprintf(` && document.querySelector('#panel .entity[data-id=%q]')`, id["马修军"]))

	panel, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#panel")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"马修军", "人物", "任职", "副院长", "北京大学武汉人工智能研究院", "教授", "北京大学智能学院",
		"言论", "大模型的落地需要场景驱动", "马修军：大模型落地需要场景驱动"} {
		if !strings.Contains(panel, want) {
			t.Errorf("the panel of 马修军 lacks %q:\n%s", want, panel)
		}
	}
	if links := eval(`[...document.querySelectorAll('#panel a')].map(a => a.href)`); !slices.Contains(links, "https://example.com/news/20250820-ma") {
		t.Errorf("the panel links no source article: %v", links)
	}
	first := eval(nodeIDs)
	for _, n := range []string{"马修军", "北京大学"} {
		if !slices.Contains(first, id[n]) {
			t.Errorf("the neighbourhood of 马修军 lacks %s: %v", n, first)
		}
	}
	if slices.Contains(first, id["月之暗面"]) {
		t.Fatalf("月之暗面 is two hops from 马修军 and should not be drawn yet")
	}

	// A click on 北京大学 expands it: 月之暗面 (its partner) appears.
	do("click 北京大学", chromedp.Click(chromedp.CSS(nodeSel("北京大学")+" circle")))
	wait("the neighbours of 北京大学", has("月之暗面")+` && `+settled)
	second := eval(nodeIDs)
	if len(second) <= len(first) {
		t.Errorf("expanding 北京大学 drew %d nodes, before %d", len(second), len(first))
	}
	if hash := eval(`[decodeURIComponent(location.hash)]`)[0]; !strings.Contains(hash, "focus="+id["北京大学"]) || !strings.Contains(hash, id["马修军"]) {
		t.Errorf("the URL does not hold the view: %s", hash)
	}

	// The keyboard: Enter on a focused node expands it, and the focus stays.
	do("focus 月之暗面", chromedp.Focus(chromedp.CSS(nodeSel("月之暗面"))), chromedp.KeyEvent(kb.Enter))
	wait("Kimi, the product of 月之暗面", has("Kimi")+` && `+settled)
	if got := eval(`[document.activeElement.dataset.id || document.activeElement.id]`); got[0] != id["月之暗面"] {
		t.Errorf("after Enter the focus moved to %q", got[0])
	}

	// Filters: without 发布 (RELEASES) relations, or without products, Kimi goes.
	gone := func(name string) string { return "!" + has(name) + " && " + settled }
	for _, f := range []struct{ box, param string }{
		{`#relation-types input[value="RELEASES"]`, "types="},
		{`#entity-types input[value="PRODUCT"]`, "entityTypes="},
	} {
		do("filter with "+f.box, chromedp.Click(chromedp.CSS(f.box)))
		wait("Kimi to go with "+f.box, gone("Kimi")+` && location.hash.includes(`+fmt.Sprintf("%q", f.param)+`) && `+has("月之暗面"))
		do("unfilter with "+f.box, chromedp.Click(chromedp.CSS(f.box)))
		wait("Kimi to come back", has("Kimi")+` && !location.hash.includes(`+fmt.Sprintf("%q", f.param)+`) && `+settled)
	}

	// The path finder: 华为 → 寒武纪 → 小米, each pick with the keyboard or the mouse.
	do("type the start", chromedp.SendKeys(chromedp.CSS("#path-from"), "华为"))
	wait("the suggestion of 华为", fmt.Sprintf(`document.querySelector('#path-from-list li[data-id=%q]')`, id["华为"]))
	do("pick the start", chromedp.KeyEvent(kb.Enter))
	do("type the end", chromedp.SendKeys(chromedp.CSS("#path-to"), "小米"))
	wait("the suggestion of 小米", fmt.Sprintf(`document.querySelector('#path-to-list li[data-id=%q]')`, id["小米"]))
	do("pick the end", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#path-to-list li[data-id=%q]`, id["小米"]))))
	do("find the path", chromedp.Click(chromedp.CSS("#path-find")))
	const onPath = `[...document.querySelectorAll('#graph .node.on-path')].map(n => n.dataset.id).sort()`
	wait("the highlighted path", `document.querySelectorAll('#graph .link.on-path').length === 2 && `+settled)
	wantPath := []string{id["华为"], id["寒武纪"], id["小米"]}
	slices.Sort(wantPath)
	if got := eval(onPath); !slices.Equal(got, wantPath) {
		t.Errorf("highlighted path nodes %v, want 华为, 寒武纪, 小米 %v", got, wantPath)
	}
	if text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#panel .path-result"))); !strings.Contains(text, "2 跳") || !strings.Contains(text, "寒武纪") {
		t.Errorf("the panel does not describe the path: %q", text)
	}
	view := eval(nodeIDs)

	// The URL is the view: a reload draws the same nodes and path.
	do("reload", chromedp.Reload())
	wait("the view after a reload", `document.querySelectorAll('#graph .link.on-path').length === 2 && `+settled)
	if got := eval(nodeIDs); !slices.Equal(got, view) {
		t.Errorf("after a reload the graph has %d nodes, before %d", len(got), len(view))
	}
	if got := eval(`[document.getElementById('path-from').value, document.getElementById('path-to').value]`); got[0] == "" || got[1] == "" {
		t.Errorf("after a reload the path finder is empty: %q", got)
	}

	// The zoom buttons scale the drawing.
	const scale = `[document.querySelector('#graph .viewport').getAttribute('transform').match(/scale\(([0-9.]+)\)/)[1]]`
	before, _ := strconv.ParseFloat(eval(scale)[0], 64)
	do("zoom in", chromedp.Click(chromedp.CSS(`[data-zoom="in"]`)))
	if after, _ := strconv.ParseFloat(eval(scale)[0], 64); before <= 0 || after < 1.2*before {
		t.Errorf("zoom in: scale %v, before %v", after, before)
	}
	do("fit", chromedp.Click(chromedp.CSS(`[data-zoom="fit"]`)))

	// A click on a drawn node selects it: the panel shows 马修军 again, the
	// view stays.
	do("click 马修军", chromedp.Click(chromedp.CSS(nodeSel("马修军")+" circle")))
	wait("the panel of 马修军", fmt.Sprintf(`document.querySelector('#panel .entity[data-id=%q]') && `, id["马修军"])+settled)
	if got := eval(nodeIDs); !slices.Equal(got, view) {
		t.Errorf("selecting 马修军 changed the view from %d to %d nodes", len(view), len(got))
	}

	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(screenshotPath), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(screenshotPath, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	box := eval(`(() => { const r = document.getElementById('graph').getBoundingClientRect();
		return [r.left, r.top, r.right, r.bottom].map(v => String(Math.round(v))); })()`)
	checkGraphPixels(t, shot, box)

	// A URL may name entities; the page swaps the names for ids.
	do("open a URL with a name", chromedp.Navigate(e.srv.URL+"/#focus="+"北京大学"))
	wait("北京大学 from its name", has("北京大学")+` && `+has("月之暗面")+` && `+settled+
		fmt.Sprintf(` && location.hash === '#focus=%s' && document.querySelector('#panel .entity[data-id=%q]')`, id["北京大学"], id["北京大学"]))

	// Export: the GraphML link downloads the view as a file.
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: new(true)}); err != nil {
		t.Fatal(err)
	}
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	do("click the GraphML export", chromedp.Click(chromedp.CSS(`#exports a[data-format="graphml"]`)))
	file := ""
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("waiting for the download: %v\nbrowser problems:\n  %s", err, problems)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatalf("the download was canceled\nbrowser problems:\n  %s", problems)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			file = filepath.Join(dir, ev.GUID)
			break
		}
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if root, err := xmlRoot(b); err != nil || root != "graphml" {
		t.Errorf("the GraphML export is not GraphML (root %q, %v):\n%.500s", root, err, b)
	}
	for _, want := range []string{"马修军", "北京大学", "月之暗面"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("the GraphML export lacks %s", want)
		}
	}

	// The other export links answer with downloads too.
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Promise.all([...document.querySelectorAll('#exports a')].map(a =>
		fetch(a.href).then(r => a.dataset.format + ' ' + r.status + ' ' + (r.headers.get('Content-Disposition') || '').split(';')[0])))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"graphml", "svg", "markdown", "csv"} {
		if !slices.Contains(got, f+" 200 attachment") {
			t.Errorf("the %s export link does not download: %v", f, got)
		}
	}

	if problems.String() != "none" {
		t.Errorf("browser problems:\n  %s", problems)
	}
	t.Logf("explorer walk-through in %s; screenshot in %s", time.Since(started).Round(100*time.Millisecond), screenshotPath)
}

// xmlRoot parses a whole XML document and returns its root element's name.
func xmlRoot(b []byte) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	root := ""
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return root, nil
		}
		if err != nil {
			return root, err
		}
		if s, ok := tok.(xml.StartElement); ok && root == "" {
			root = s.Name.Local
		}
	}
}

// checkGraphPixels fails unless the graph area of the screenshot shows a
// graph: enough drawn pixels, and the colours of people, institutions and
// companies among them.
func checkGraphPixels(t *testing.T, shot []byte, box []string) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	var r [4]int
	for i, v := range box {
		if _, err := fmt.Sscan(v, &r[i]); err != nil {
			t.Fatalf("graph box %v: %v", box, err)
		}
	}
	area := image.Rect(r[0], r[1], r[2], r[3]).Intersect(img.Bounds())
	if area.Dx() < 300 || area.Dy() < 300 {
		t.Fatalf("the graph area is %v in a screenshot of %v", area, img.Bounds())
	}
	background := color.RGBA{0xfb, 0xfc, 0xfd, 0xff}
	typeColours := map[string]color.RGBA{} // the ontology's, which the page takes
	for _, typ := range []schema.EntityType{schema.Person, schema.Institution, schema.Company} {
		info, _ := typ.Info()
		c := color.RGBA{A: 0xff}
		if _, err := fmt.Sscanf(info.Color, "#%02x%02x%02x", &c.R, &c.G, &c.B); err != nil {
			t.Fatalf("colour of %s: %v", typ, err)
		}
		typeColours[info.GraphQL] = c
	}
	drawn := 0
	distinct := map[color.RGBA]bool{}
	seen := map[string]int{}
	for y := area.Min.Y; y < area.Max.Y; y++ {
		for x := area.Min.X; x < area.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			distinct[c] = true
			if !near(c, background, 6) {
				drawn++
			}
			for typ, tc := range typeColours {
				if near(c, tc, 4) {
					seen[typ]++
				}
			}
		}
	}
	share := float64(drawn) / float64(area.Dx()*area.Dy())
	if share < 0.01 || len(distinct) < 20 {
		t.Errorf("the graph area looks blank: %.2f%% drawn, %d colours", 100*share, len(distinct))
	}
	for typ := range typeColours {
		if seen[typ] < 30 {
			t.Errorf("the screenshot shows no %s node (%d pixels of its colour)", typ, seen[typ])
		}
	}
	t.Logf("graph area %v: %.1f%% drawn, %d colours", area, 100*share, len(distinct))
}

func near(a, b color.RGBA, d int) bool {
	diff := func(x, y uint8) int { return max(int(x)-int(y), int(y)-int(x)) }
	return diff(a.R, b.R) <= d && diff(a.G, b.G) <= d && diff(a.B, b.B) <= d
}
