// Package ingest runs the pipeline from read articles to the graph: it skips
// articles already stored unchanged, extracts the rest in a worker pool, and
// writes them in batched transactions, retrying while Neo4j is away.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"iter"
	"log/slog"
	"sync"
	"time"

	"kg/extract/reader"
	"kg/graph"
	"kg/schema"
)

// Extractor turns an article into its document of facts.
type Extractor interface {
	Extract(ctx context.Context, a schema.Article) (schema.Document, error)
}

// Store is the part of the graph that ingestion writes to.
type Store interface {
	ArticleHashes(ctx context.Context, ids []string) (map[string]string, error)
	Write(ctx context.Context, docs []schema.Document) ([]graph.WriteResult, error)
}

// Options tune one run.
type Options struct {
	Workers int // extraction goroutines
	Batch   int // articles per write transaction
	// Shard and Shards split one corpus across machines: an article is
	// ingested here when a hash of its id modulo Shards is Shard.
	Shard, Shards int
	// DryRun extracts but neither reads nor writes the graph; Store may be nil.
	DryRun bool
	// ExtractorVersion tells unchanged articles from ones to extract again.
	ExtractorVersion string
	// RetryFor bounds how long a write waits for Neo4j to come back.
	RetryFor time.Duration
	// Progress, if set, is called with the running totals after every batch.
	Progress func(Summary)
	Log      *slog.Logger
}

// Failure is one input that could not be ingested.
type Failure struct {
	Input  string `json:"input"`  // the file to read again, "-" for standard input
	Source string `json:"source"` // where exactly: file and line, or file and article id
	Err    string `json:"error"`
}

// Summary counts what a run did.
type Summary struct {
	Read       int           `json:"read"`
	New        int           `json:"new"`
	Unchanged  int           `json:"unchanged"`
	Updated    int           `json:"updated"`
	Failed     int           `json:"failed"`
	OtherShard int           `json:"otherShard"`
	Entities   int           `json:"entities"`   // entity mentions written, per article
	Relations  int           `json:"relations"`  // relations written
	Statements int           `json:"statements"` // statements written
	Notes      []string      `json:"notes"`      // e.g. empty files: not failures
	Failures   []Failure     `json:"failures"`
	Elapsed    time.Duration `json:"elapsed"`
}

// ErrUnavailable wraps the error of a run stopped because Neo4j stayed away.
var ErrUnavailable = errors.New("neo4j unavailable")

// Run ingests every item. Per-article problems are counted in the summary
// and the run goes on; the error is for what stops the whole run: the
// context ends, or Neo4j stays away longer than RetryFor. What was written
// before a stop stays written, so running the same input again finishes
// the job without doubling anything.
func Run(ctx context.Context, items iter.Seq[reader.Item], x Extractor, st Store, o Options) (Summary, error) {
	o = o.withDefaults()
	p := &pipeline{opts: o, x: x, st: st, start: time.Now()}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	toExtract := make(chan schema.Article, 2*o.Batch)
	toWrite := make(chan schema.Document, 2*o.Batch)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(toExtract)
		if err := p.read(ctx, items, toExtract); err != nil {
			cancel(err)
		}
	}()
	var workers sync.WaitGroup
	for range o.Workers {
		workers.Add(1)
		go func() {
			defer workers.Done()
			p.extract(ctx, toExtract, toWrite)
		}()
	}
	go func() { workers.Wait(); close(toWrite) }()
	if err := p.write(ctx, toWrite); err != nil {
		cancel(err)
	}
	// Drain so that the reader and workers can finish after a stop.
	for range toWrite {
	}
	wg.Wait()
	sum := p.summary()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return sum, err
	}
	if ctx.Err() != nil {
		return sum, ctx.Err()
	}
	return sum, nil
}

func (o Options) withDefaults() Options {
	if o.Workers < 1 {
		o.Workers = 1
	}
	if o.Batch < 1 {
		o.Batch = 50
	}
	if o.Shards < 1 {
		o.Shards, o.Shard = 1, 0
	}
	if o.RetryFor <= 0 {
		o.RetryFor = time.Minute
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	return o
}

type pipeline struct {
	opts  Options
	x     Extractor
	st    Store
	start time.Time

	mu  sync.Mutex
	sum Summary
}

func (p *pipeline) summary() Summary {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.sum
	s.Notes = append([]string(nil), s.Notes...)
	s.Failures = append([]Failure(nil), s.Failures...)
	s.Elapsed = time.Since(p.start)
	return s
}

func (p *pipeline) update(f func(*Summary)) {
	p.mu.Lock()
	f(&p.sum)
	p.mu.Unlock()
}

func (p *pipeline) fail(input, source string, err error) {
	p.opts.Log.Debug("ingest failed", "source", source, "err", err)
	p.update(func(s *Summary) {
		s.Failed++
		s.Failures = append(s.Failures, Failure{Input: input, Source: source, Err: err.Error()})
	})
}

func (p *pipeline) failArticle(a *schema.Article, err error) {
	p.fail(a.Source, a.Source+" (article "+a.ID+")", err)
}

// InShard reports whether the article with this id belongs to shard i of n.
func InShard(id string, i, n int) bool {
	if n <= 1 {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32()%uint32(n)) == i
}

// read streams items, drops other shards' articles, and drops articles
// stored unchanged before anyone spends time extracting them.
func (p *pipeline) read(ctx context.Context, items iter.Seq[reader.Item], out chan<- schema.Article) error {
	var batch []schema.Article
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		todo, err := p.changed(ctx, batch)
		batch = batch[:0]
		if err != nil {
			return err
		}
		for _, a := range todo {
			select {
			case out <- a:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	}
	for it := range items {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if it.Err != nil {
			if errors.Is(it.Err, reader.ErrEmpty) {
				p.update(func(s *Summary) { s.Notes = append(s.Notes, it.Err.Error()) })
				continue
			}
			p.update(func(s *Summary) { s.Read++ })
			input, source := sourceOf(it.Err)
			p.fail(input, source, it.Err)
			continue
		}
		p.update(func(s *Summary) { s.Read++ })
		if !InShard(it.Article.ID, p.opts.Shard, p.opts.Shards) {
			p.update(func(s *Summary) { s.OtherShard++ })
			continue
		}
		batch = append(batch, it.Article)
		if len(batch) >= p.opts.Batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

func sourceOf(err error) (input, source string) {
	var re *reader.Error
	if errors.As(err, &re) {
		if re.Line > 0 {
			return re.Name, fmt.Sprintf("%s:%d", re.Name, re.Line)
		}
		return re.Name, re.Name
	}
	return "", "input"
}

// changed returns the articles of the batch that are not stored with the
// same content by the same extractor version.
func (p *pipeline) changed(ctx context.Context, batch []schema.Article) ([]schema.Article, error) {
	if p.opts.DryRun {
		return append([]schema.Article(nil), batch...), nil
	}
	ids := make([]string, len(batch))
	for i, a := range batch {
		ids[i] = a.ID
	}
	var stored map[string]string
	err := p.retry(ctx, "read stored articles", func() error {
		var err error
		stored, err = p.st.ArticleHashes(ctx, ids)
		return err
	})
	if err != nil {
		return nil, err
	}
	var todo []schema.Article
	unchanged := 0
	for _, a := range batch {
		if stored[a.ID] == graph.Fingerprint(a, p.opts.ExtractorVersion) {
			unchanged++
			continue
		}
		todo = append(todo, a)
	}
	p.update(func(s *Summary) { s.Unchanged += unchanged })
	return todo, nil
}

func (p *pipeline) extract(ctx context.Context, in <-chan schema.Article, out chan<- schema.Document) {
	for a := range in {
		doc, err := p.x.Extract(ctx, a)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			p.failArticle(&a, fmt.Errorf("extract: %w", err))
			continue
		}
		select {
		case out <- doc:
		case <-ctx.Done():
			return
		}
	}
}

func (p *pipeline) write(ctx context.Context, in <-chan schema.Document) error {
	var batch []schema.Document
	for doc := range in {
		batch = append(batch, doc)
		if len(batch) >= p.opts.Batch {
			if err := p.writeBatch(ctx, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if ctx.Err() != nil {
		return nil
	}
	return p.writeBatch(ctx, batch)
}

// writeBatch writes a batch in one transaction. When Neo4j refuses it for
// another reason than being away, the articles are written one by one so
// that only the bad one fails.
func (p *pipeline) writeBatch(ctx context.Context, batch []schema.Document) error {
	if len(batch) == 0 {
		return nil
	}
	if p.opts.DryRun {
		for i := range batch {
			p.count(&batch[i], graph.StatusNew)
		}
		p.progress()
		return nil
	}
	err := p.writeDocs(ctx, batch)
	if err != nil && !errors.Is(err, ErrUnavailable) && len(batch) > 1 && ctx.Err() == nil {
		for i := range batch {
			if err := p.writeDocs(ctx, batch[i:i+1]); err != nil {
				if errors.Is(err, ErrUnavailable) || ctx.Err() != nil {
					return err
				}
				p.failArticle(&batch[i].Article, err)
			}
		}
		err = nil
	} else if err != nil && !errors.Is(err, ErrUnavailable) && ctx.Err() == nil {
		p.failArticle(&batch[0].Article, err)
		err = nil
	}
	p.progress()
	return err
}

func (p *pipeline) writeDocs(ctx context.Context, docs []schema.Document) error {
	var res []graph.WriteResult
	err := p.retry(ctx, "write", func() error {
		var err error
		res, err = p.st.Write(ctx, docs)
		return err
	})
	if err != nil {
		return err
	}
	status := map[string]graph.WriteStatus{}
	for _, r := range res {
		status[r.ID] = r.Status
	}
	seen := map[string]bool{}
	for i := len(docs) - 1; i >= 0; i-- { // the last of an id is the one written
		if !seen[docs[i].ID] {
			seen[docs[i].ID] = true
			p.count(&docs[i], status[docs[i].ID])
		}
	}
	return nil
}

func (p *pipeline) count(d *schema.Document, st graph.WriteStatus) {
	p.update(func(s *Summary) {
		switch st {
		case graph.StatusNew:
			s.New++
		case graph.StatusUpdated:
			s.Updated++
		case graph.StatusUnchanged:
			s.Unchanged++
			return
		}
		for _, e := range d.Entities {
			if e.Type != schema.Title {
				s.Entities++
			}
		}
		s.Relations += len(d.Relations)
		s.Statements += len(d.Statements)
	})
}

func (p *pipeline) progress() {
	if p.opts.Progress != nil {
		p.opts.Progress(p.summary())
	}
}

// retry runs op until it succeeds, fails for a reason other than Neo4j
// being away, or RetryFor has passed, backing off from one second.
func (p *pipeline) retry(ctx context.Context, what string, op func() error) error {
	deadline := time.Now().Add(p.opts.RetryFor)
	wait := time.Second
	for attempt := 1; ; attempt++ {
		err := op()
		if err == nil || !graph.IsUnavailable(err) {
			return err
		}
		if time.Now().Add(wait).After(deadline) {
			return fmt.Errorf("%w: %s gave up after %d attempts in %s: %v", ErrUnavailable, what, attempt,
				p.opts.RetryFor, err)
		}
		p.opts.Log.Warn("neo4j unavailable, retrying", "op", what, "attempt", attempt, "wait", wait, "err", err)
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return ctx.Err()
		}
		wait = min(2*wait, 15*time.Second)
	}
}
