package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"kg/graph/graphtest"
)

func TestQueryCommand(t *testing.T) {
	s := graphtest.Open(t)
	graphtest.LoadFixture(t, s)
	t.Chdir(t.TempDir())

	out, errOut, code := kg(t, "query", `query($n: String!) { entity(name: $n) { name relations(types: [WORKS_AT]) { title target { name } } } }`,
		"--vars", `{"n": "马修军"}`)
	if code != 0 || !strings.Contains(out, `"name": "马修军"`) || !strings.Contains(out, "副院长") {
		t.Fatalf("kg query: exit %d\n%s\n%s", code, out, errOut)
	}
	out, _, code = kg(t, "query", `{ entity(name: "马修军") { nothing } }`)
	if code != 1 || !strings.Contains(out, "BAD_USER_INPUT") {
		t.Errorf("a bad query must print its errors and exit 1: %d\n%s", code, out)
	}
	if _, errOut, code := kg(t, "query", "{ stats { articles } }", "--vars", "[1]"); code != 1 || !strings.Contains(errOut, "--vars") {
		t.Errorf("bad --vars: %d %s", code, errOut)
	}

	// The default complexity lets the largest subgraph through with its relations' ends.
	big := `{ subgraph(centers: ["北京大学"], depth: 3, limit: 1000) { entities { id } relations { source { id } target { id } } } }`
	if out, errOut, code := kg(t, "query", big); code != 0 || !strings.Contains(out, "relations") {
		t.Errorf("the largest subgraph under the default limits: exit %d\n%.300s\n%s", code, out, errOut)
	}

	// ingestArticle runs the real extractor and writer, as kg ingest does.
	out, errOut, code = kg(t, "query", `mutation { ingestArticle(input: {id: "cli-1", title: "华为发布新款芯片",
  text: "华为今天发布了新款人工智能芯片。北京大学教授马修军表示，这将推动智能芯片国产化。"}) { id status entities article { entities { name } } } }`)
	if code != 0 {
		t.Fatalf("ingest: exit %d\n%s\n%s", code, out, errOut)
	}
	var res struct {
		Data struct {
			IngestArticle struct {
				ID, Status string
				Entities   int
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Data.IngestArticle.Status != "NEW" || res.Data.IngestArticle.Entities == 0 ||
		!strings.Contains(out, "华为") {
		t.Errorf("ingest through the pipeline: %v\n%s", err, out)
	}
}

func TestServeCommandServesAndStops(t *testing.T) {
	s := graphtest.Open(t)
	graphtest.LoadFixture(t, s)
	t.Chdir(t.TempDir())
	t.Setenv("KG_AUTH_TOKENS", "serve-test-token")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()

	ctx, stop := context.WithCancel(context.Background())
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve", "--http-addr", addr}, strings.NewReader(""), &out, &errb) }()
	base := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("kg serve did not become ready: %v\n%s", err, errb.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	post := func(q, tok string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(`{"query": `+q+`}`))
		req.Header.Set("Content-Type", "application/json")
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := post(`"{ entity(name: \"中国信通院\") { name } }"`, ""); code != 200 || !strings.Contains(body, "中国信息通信研究院") {
		t.Errorf("query: %d %s", code, body)
	}
	const m = `"mutation { addAlias(id: \"华为\", alias: \"华为技术\") { aliases } }"`
	if code, _ := post(m, ""); code != http.StatusUnauthorized {
		t.Errorf("mutation without token: %d", code)
	}
	if code, body := post(m, "serve-test-token"); code != 200 || !strings.Contains(body, "华为技术") {
		t.Errorf("mutation with token: %d %s", code, body)
	}
	res, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(b), `kg_neo4j_query_duration_seconds_count{query="resolve"}`) {
		t.Errorf("metrics of kg serve lack Neo4j query latency:\n%.2000s", b)
	}
	stop() // as SIGTERM does
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("kg serve exited %d after shutdown: %s", code, errb.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("kg serve did not stop")
	}
}

// Hostile input through the real extractor and writer: values too long for
// Neo4j's indexes are refused as the caller's mistake, naming the field,
// and change nothing; injection and control characters are stored as data.
func TestIngestArticleRefusesHostileValues(t *testing.T) {
	s := graphtest.Open(t)
	graphtest.LoadFixture(t, s)
	opts := graphtest.Options(t)
	t.Chdir(t.TempDir())
	const m = `mutation($in: ArticleInput!) { ingestArticle(input: $in) { id status } }`
	long := strings.Repeat("长", 10000)
	before := graphtest.Counts(t, opts)
	for field, in := range map[string]map[string]any{
		"technologies[0]": {"text": "华为发布了芯片。", "technologies": []string{long}},
		"industries[1]":   {"text": "华为发布了芯片。", "industries": []string{"制造业", long}},
		"keywords[0]":     {"text": "华为发布了芯片。", "keywords": []string{long}},
		"published":       {"text": "华为发布了芯片。", "published": long},
		"id":              {"id": long, "text": "华为发布了芯片。"},
	} {
		vars, _ := json.Marshal(map[string]any{"in": in})
		out, errOut, code := kg(t, "query", m, "--vars", string(vars))
		if code != 1 || !strings.Contains(out, "BAD_USER_INPUT") || !strings.Contains(out, field) || strings.Contains(out, "Neo.") {
			t.Errorf("%s of 10,000 characters: exit %d\n%.400s\n%.400s", field, code, out, errOut)
		}
	}
	if after := graphtest.Counts(t, opts); !maps.Equal(before, after) {
		t.Errorf("refused articles changed the graph:\n%v\n%v", before, after)
	}

	text := "'}) DETACH DELETE n // 华为\x01\x7f发布了\u202e芯片。MATCH (n) DETACH DELETE n"
	vars, _ := json.Marshal(map[string]any{"in": map[string]any{"id": "'}) DETACH DELETE n //", "title": "\x00", "text": text,
		"technologies": []string{"'}) DETACH DELETE n //"}}})
	out, errOut, code := kg(t, "query", m, "--vars", string(vars))
	if code != 0 || !strings.Contains(out, `"NEW"`) {
		t.Fatalf("hostile but valid article: exit %d\n%s\n%s", code, out, errOut)
	}
	rows := graphtest.Query(t, opts, `MATCH (a:Article {id: $id}) RETURN a.text AS text`, map[string]any{"id": "'}) DETACH DELETE n //"})
	if len(rows) != 1 || rows[0]["text"] != text {
		t.Errorf("the article must be stored as given: %v", rows)
	}
	if after := graphtest.Counts(t, opts); after[":Article"] != before[":Article"]+1 || after[":Entity"] < before[":Entity"] {
		t.Errorf("a hostile article must add itself and delete nothing: %v → %v", before, after)
	}
}
