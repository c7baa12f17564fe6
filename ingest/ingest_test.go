package ingest_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"kg/bench/synth"
	"kg/extract"
	"kg/extract/reader"
	"kg/graph"
	"kg/graph/graphtest"
	"kg/ingest"
	"kg/schema"
)

const seed = "../examples/000_bed786543f93036c.txt"

func extractor(t *testing.T) *extract.Extractor {
	t.Helper()
	x, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func run(t *testing.T, st ingest.Store, paths []string, o ingest.Options) ingest.Summary {
	t.Helper()
	ctx := context.Background()
	o.ExtractorVersion = extract.Version
	sum, err := ingest.Run(ctx, reader.Walk(ctx, paths, reader.Options{}), extractor(t), st, o)
	if err != nil {
		t.Fatalf("ingest %v: %v", paths, err)
	}
	return sum
}

// corpus writes n generated articles as JSON Lines and returns the path.
func corpus(t *testing.T, n int) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "synth.jsonl")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g := synth.New(7)
	enc := json.NewEncoder(f)
	for range n {
		if err := enc.Encode(g.Next()); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func TestSeedTwiceChangesNothing(t *testing.T) {
	s := graphtest.Open(t)
	opts := graphtest.Options(t)
	first := run(t, s, []string{seed}, ingest.Options{Workers: 2, Batch: 10})
	if first.Read != 1 || first.New != 1 || first.Failed != 0 || first.Entities == 0 || first.Relations == 0 || first.Statements == 0 {
		t.Fatalf("first ingest: %+v", first)
	}
	before := graphtest.Counts(t, opts)
	again := run(t, s, []string{seed}, ingest.Options{Workers: 2, Batch: 10})
	if again.Unchanged != 1 || again.New != 0 || again.Entities != 0 {
		t.Errorf("second ingest: %+v", again)
	}
	if after := graphtest.Counts(t, opts); !maps.Equal(before, after) {
		t.Errorf("second ingest changed the graph:\nbefore %v\nafter  %v", before, after)
	}
}

func TestStatsMatchTheExtraction(t *testing.T) {
	s := graphtest.Open(t)
	run(t, s, []string{seed}, ingest.Options{Workers: 1, Batch: 1})
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	want := map[schema.EntityType]int64{}
	for it := range reader.Walk(ctx, []string{seed}, reader.Options{}) {
		doc, err := extractor(t).Extract(ctx, it.Article)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range doc.Entities {
			if e.Type != schema.Title {
				want[e.Type]++
			}
		}
	}
	for _, typ := range schema.NodeTypes() {
		if st.EntitiesByType[typ] != want[typ] {
			t.Errorf("%s: stats %d, kg extract %d", typ, st.EntitiesByType[typ], want[typ])
		}
	}
}

func TestEditedArticleReplacesItsFacts(t *testing.T) {
	s := graphtest.Open(t)
	opts := graphtest.Options(t)
	dir := t.TempDir()
	raw, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	// The same article (same 链接, so the same id) with one name changed.
	orig := filepath.Join(dir, "seed.txt")
	if err := os.WriteFile(orig, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, s, []string{orig}, ingest.Options{Workers: 2, Batch: 5})
	edited := strings.ReplaceAll(string(raw), "雷军", "林志远")
	if err := os.WriteFile(orig, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := run(t, s, []string{orig}, ingest.Options{Workers: 2, Batch: 5})
	if sum.Updated != 1 {
		t.Fatalf("edited article: %+v", sum)
	}
	updated := graphtest.Counts(t, opts)
	if gone := graphtest.Query(t, opts, "MATCH (p:Person {name: '雷军'}) RETURN p", nil); len(gone) != 0 {
		t.Errorf("雷军 is no longer in the article and must be gone: %v", gone)
	}
	graphtest.Wipe(t, opts)
	run(t, s, []string{orig}, ingest.Options{Workers: 2, Batch: 5})
	if fresh := graphtest.Counts(t, opts); !maps.Equal(updated, fresh) {
		t.Errorf("re-ingesting the edit differs from ingesting it fresh:\nupdated %v\nfresh   %v", updated, fresh)
	}
}

func TestBadInputIsReportedAndTheRestGoesOn(t *testing.T) {
	s := graphtest.Open(t)
	dir := t.TempDir()
	raw, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"good.txt": raw,
		"broken.jsonl": []byte(`{"id": "j1", "title": "小米发布", "text": "小米公司发布了小米SU7。"}` + "\n" + `{"id": "j2", "text": ` + "\n" +
			`{"id": "j3", "title": "华为", "text": "华为发布了昇腾芯片。"}` + "\n"),
		"empty.txt":   {},
		"invalid.txt": append([]byte("标题: 坏文件\n总结: 开头"), 0xff, 0xff, 0xfe, 0x00, 0xc3),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sum := run(t, s, []string{dir}, ingest.Options{Workers: 2, Batch: 2})
	if sum.New != 3 || sum.Failed != 2 || len(sum.Notes) != 1 {
		t.Fatalf("summary: %+v", sum)
	}
	var sources []string
	for _, f := range sum.Failures {
		sources = append(sources, f.Source)
	}
	joined := strings.Join(sources, " ")
	if !strings.Contains(joined, "broken.jsonl:2") || !strings.Contains(joined, "invalid.txt") {
		t.Errorf("failures must name the file and line: %v", sum.Failures)
	}
}

func TestShardsSplitTheCorpusExactly(t *testing.T) {
	s := graphtest.Open(t)
	opts := graphtest.Options(t)
	path := corpus(t, 30)
	total := 0
	for i := range 3 {
		sum := run(t, s, []string{path}, ingest.Options{Workers: 2, Batch: 7, Shard: i, Shards: 3})
		if sum.New == 0 || sum.New+sum.OtherShard != 30 {
			t.Errorf("shard %d/3: %+v", i, sum)
		}
		total += sum.New
	}
	if total != 30 {
		t.Errorf("the shards ingested %d articles, want 30", total)
	}
	sharded := graphtest.Counts(t, opts)
	graphtest.Wipe(t, opts)
	run(t, s, []string{path}, ingest.Options{Workers: 2, Batch: 7})
	if whole := graphtest.Counts(t, opts); !maps.Equal(sharded, whole) {
		t.Errorf("three shards differ from one run:\nsharded %v\nwhole   %v", sharded, whole)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	graphtest.Open(t)
	sum := run(t, nil, []string{seed, corpus(t, 5)}, ingest.Options{Workers: 2, DryRun: true})
	if sum.New != 6 || sum.Entities == 0 {
		t.Errorf("dry run: %+v", sum)
	}
	if c := graphtest.Counts(t, graphtest.Options(t)); c["nodes"] != 0 {
		t.Errorf("dry run wrote %v", c)
	}
}

// An ingest that loses Neo4j half-way stops with ErrUnavailable; running it
// again finishes the job, and the graph is the same as after a clean run.
func TestInterruptedIngestResumes(t *testing.T) {
	s := graphtest.Open(t)
	opts := graphtest.Options(t)
	path := corpus(t, 60)

	proxy := graphtest.NewProxy(t, opts.URI)
	popts := opts
	popts.URI = proxy.URI()
	popts.MaxRetryTime = time.Second
	via, err := graph.Open(context.Background(), popts)
	if err != nil {
		t.Fatal(err)
	}
	defer via.Close(context.Background())

	ctx := context.Background()
	var once sync.Once
	_, err = ingest.Run(ctx, reader.Walk(ctx, []string{path}, reader.Options{}), extractor(t), via, ingest.Options{
		Workers: 2, Batch: 5, ExtractorVersion: extract.Version, RetryFor: 2 * time.Second,
		Progress: func(s ingest.Summary) {
			if s.New >= 10 {
				once.Do(proxy.Cut) // Neo4j "goes away" after two batches
			}
		},
	})
	if !errors.Is(err, ingest.ErrUnavailable) {
		t.Fatalf("want ErrUnavailable after losing Neo4j, got %v", err)
	}
	partial := graphtest.Counts(t, opts)
	if partial[":Article"] == 0 || partial[":Article"] >= 60 {
		t.Fatalf("the interruption should leave a part written: %v", partial)
	}

	resumed := run(t, s, []string{path}, ingest.Options{Workers: 2, Batch: 5})
	if resumed.Unchanged != int(partial[":Article"]) || resumed.New != 60-int(partial[":Article"]) {
		t.Errorf("resumed run: %+v (partial had %d articles)", resumed, partial[":Article"])
	}
	afterResume := graphtest.Counts(t, opts)
	graphtest.Wipe(t, opts)
	run(t, s, []string{path}, ingest.Options{Workers: 2, Batch: 5})
	if clean := graphtest.Counts(t, opts); !maps.Equal(afterResume, clean) {
		t.Errorf("interrupted and resumed differs from a clean run:\nresumed %v\nclean   %v", afterResume, clean)
	}
}
