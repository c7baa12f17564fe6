package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"kg/config"
	"kg/extract"
	"kg/extract/reader"
	"kg/graph"
	"kg/ingest"
)

func (a *app) ingestCommand() *cobra.Command {
	var (
		shard      string
		dryRun     bool
		asJSON     bool
		failedList string
	)
	cmd := &cobra.Command{
		Use:   "ingest PATH...|-",
		Short: "Extract articles and store their facts in Neo4j (idempotent, resumable)",
		Long: "Read articles as `kg extract` does, extract them in a worker pool and write them to Neo4j in\n" +
			"batched transactions, one article all or nothing. Articles already stored with the same content\n" +
			"are skipped; an article id with new content replaces its old facts. A bad file is reported and the\n" +
			"rest goes on (exit code 1 at the end). If Neo4j goes away, kg retries for a while, then stops:\n" +
			"run the same command again to finish, nothing is lost or doubled.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, paths []string) error {
			i, n, err := parseShard(shard)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			x, err := a.extractor()
			if err != nil {
				return err
			}
			opts := ingest.Options{
				Workers: a.cfg.Ingest.Workers, Batch: a.cfg.Ingest.Batch, Shard: i, Shards: n, DryRun: dryRun,
				ExtractorVersion: extract.Version, Log: a.log,
			}
			var st ingest.Store
			if !dryRun {
				s, err := a.openStore(ctx)
				if err != nil {
					return err
				}
				defer s.Close(context.WithoutCancel(ctx))
				if _, err := s.Migrate(ctx); err != nil {
					return fmt.Errorf("apply schema on %s: %w", s.URI(), err)
				}
				st = s
			}
			stopProgress := a.showProgress(ctx, paths, &opts)
			sum, runErr := ingest.Run(ctx, reader.Walk(ctx, paths, a.readOptions()), x, st, opts)
			stopProgress()
			if err := a.reportIngest(sum, asJSON, dryRun); err != nil {
				return err
			}
			if failedList != "" {
				if err := writeFailedList(failedList, sum); err != nil {
					return err
				}
			}
			if runErr != nil {
				return fmt.Errorf("ingest stopped: %w. What was written stays written; run the same command "+
					"again to finish (stored articles are skipped)", runErr)
			}
			if sum.Failed > 0 {
				return exitError{1}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.Int("workers", 0, "extraction workers (default from ingest.workers)")
	f.Int("batch", 0, "articles per write transaction (default from ingest.batch)")
	f.StringVar(&shard, "shard", "", "ingest only shard i of n (i/n, 0-based), to split a corpus across machines")
	f.BoolVar(&dryRun, "dry-run", false, "extract and count, write nothing, do not connect to Neo4j")
	f.BoolVar(&asJSON, "json", false, "print the summary as JSON")
	f.StringVar(&failedList, "failed-list", "", "write the inputs that failed to this file, one per line, for a re-run")
	a.mark(f, "workers", "ingest.workers")
	a.mark(f, "batch", "ingest.batch")
	return cmd
}

// mark binds a flag to a configuration key; an error is kept for the
// command to report, since it is a mistake in kg, caught by its tests.
func (a *app) mark(f *pflag.FlagSet, flag, key string) {
	if err := config.MarkFlag(f, flag, key); err != nil && a.setupErr == nil {
		a.setupErr = err
	}
}

func parseShard(s string) (int, int, error) {
	if s == "" {
		return 0, 1, nil
	}
	is, ns, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(is)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("--shard %q: want i/n with 0 <= i < n, e.g. 0/4", s)
	}
	return i, n, nil
}

// showProgress draws a bar on a terminal and logs a line every ten seconds
// otherwise. It returns the function that stops it.
func (a *app) showProgress(ctx context.Context, paths []string, opts *ingest.Options) func() {
	if f, ok := a.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		total := -1
		if !slices.Contains(paths, "-") {
			total = 0 // counting is a quick read of the input, worth it for an ETA
			for it := range reader.Walk(ctx, paths, a.readOptions()) {
				if it.Err == nil {
					total++
				}
			}
		}
		bar := progressbar.NewOptions(total, progressbar.OptionSetWriter(a.stderr), progressbar.OptionSetDescription("ingest"),
			progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("articles"),
			progressbar.OptionSetPredictTime(true), progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
		opts.Progress = func(s ingest.Summary) { _ = bar.Set(s.New + s.Updated + s.Unchanged + s.Failed + s.OtherShard) }
		return func() { _ = bar.Finish() }
	}
	var last time.Time
	opts.Progress = func(s ingest.Summary) {
		if time.Since(last) < 10*time.Second {
			return
		}
		last = time.Now()
		done := s.New + s.Updated + s.Unchanged
		a.log.Info("ingest progress", "read", s.Read, "new", s.New, "updated", s.Updated, "unchanged", s.Unchanged,
			"failed", s.Failed, "articles_per_s", rate(done, s.Elapsed))
	}
	return func() {}
}

func rate(n int, d time.Duration) string {
	if d <= 0 {
		return "0"
	}
	return strconv.FormatFloat(float64(n)/d.Seconds(), 'f', 1, 64)
}

func (a *app) reportIngest(s ingest.Summary, asJSON, dryRun bool) error {
	if asJSON {
		return a.printJSON(s)
	}
	for _, n := range s.Notes {
		fmt.Fprintf(a.stderr, "kg: note: %s\n", n)
	}
	for _, f := range s.Failures {
		fmt.Fprintf(a.stderr, "kg: failed: %s: %s\n", f.Source, f.Err)
	}
	verb := "wrote"
	if dryRun {
		verb = "dry run, would write"
	}
	done := s.New + s.Updated + s.Unchanged
	_, err := fmt.Fprintf(a.stdout, "read %d articles in %s (%s articles/s): %d new, %d updated, %d unchanged, %d failed, %d in other shards\n"+
		"%s %d entity mentions, %d relations, %d statements\n",
		s.Read, s.Elapsed.Round(time.Millisecond), rate(done, s.Elapsed), s.New, s.Updated, s.Unchanged, s.Failed, s.OtherShard,
		verb, s.Entities, s.Relations, s.Statements)
	return err
}

func writeFailedList(path string, s ingest.Summary) error {
	var b strings.Builder
	seen := map[string]bool{}
	for _, f := range s.Failures {
		if f.Input != "" && !seen[f.Input] {
			seen[f.Input] = true
			b.WriteString(f.Input + "\n")
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("--failed-list: %w", err)
	}
	return nil
}

func (a *app) deleteCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "delete ARTICLE_ID...",
		Short: "Remove articles and exactly their support from the graph",
		Long: "Delete the articles with these ids. Entities and relations that other articles support stay,\n" +
			"with only the other articles' evidence; what no article supports any more is removed.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, ids []string) error {
			var found []string
			err := a.withStore(cmd.Context(), func(s *graph.Store) (err error) {
				found, err = s.DeleteArticles(cmd.Context(), ids)
				return err
			})
			if err != nil {
				return err
			}
			for _, id := range ids {
				if !slices.Contains(found, id) {
					fmt.Fprintf(a.stderr, "kg: note: no article %q\n", id)
				}
			}
			_, err = fmt.Fprintf(a.stdout, "deleted %d article(s)\n", len(found))
			return err
		},
	}
}
