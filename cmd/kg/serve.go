package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"

	"kg/config"
	"kg/extract"
	"kg/gql"
	"kg/graph"
	"kg/schema"
)

func (a *app) serveCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the graph over GraphQL, with GraphiQL, health, readiness and metrics",
		Long: "Listen on http.addr and serve:\n" +
			"  /graphql    GraphQL (POST; GET for queries only); mutations need Authorization: Bearer <token> from auth.tokens\n" +
			"  /graphiql/  the GraphiQL explorer (works offline)\n" +
			"  /healthz    200 while the process runs\n" +
			"  /readyz     200 when Neo4j answers, 503 when not\n" +
			"  /metrics    Prometheus metrics\n" +
			"Limits come from limits.depth, limits.complexity, limits.body_bytes, limits.timeout and\n" +
			"limits.concurrency. The schema (constraints, indexes) is applied at start. SIGTERM or Ctrl-C\n" +
			"stops accepting requests and lets those in flight finish. See docs/GRAPHQL.md.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// A big response (a subgraph) allocates megabytes that die at
			// once, against a live heap of a few: at the default GOGC that
			// is a collection per request. GOGC set in the environment wins.
			if _, set := os.LookupEnv("GOGC"); !set {
				debug.SetGCPercent(400)
			}
			ctx := cmd.Context()
			metrics := gql.NewMetrics()
			s, err := a.openObservedStore(ctx, metrics.ObserveQuery)
			if err != nil {
				return err
			}
			defer s.Close(context.WithoutCancel(ctx))
			if _, err := s.Migrate(ctx); err != nil {
				return fmt.Errorf("apply schema on %s: %w", s.URI(), err)
			}
			svc, err := a.graphqlService(s, metrics)
			if err != nil {
				return err
			}
			srv, err := gql.NewServer(gql.ServerOptions{Service: svc, Tokens: a.cfg.Auth.Tokens, Metrics: metrics, Logger: a.log})
			if err != nil {
				return err
			}
			return srv.Run(ctx, a.cfg.HTTP.Addr, func(addr net.Addr) {
				a.log.Info("kg serve listening", "explorer", "http://"+addr.String()+"/",
					"graphql", "http://"+addr.String()+"/graphql", "graphiql", "http://"+addr.String()+"/graphiql/", "neo4j", s.URI())
				if len(a.cfg.Auth.Tokens) == 0 {
					a.log.Warn("mutations are disabled: no auth.tokens configured")
				}
			})
		},
	}
	cmd.Flags().String(config.FlagName("http.addr"), "", "listen address host:port (default from http.addr, 127.0.0.1:8080)")
	return cmd
}

// openObservedStore is openStore with a hook on every query of the read
// API, for the metrics of kg serve.
func (a *app) openObservedStore(ctx context.Context, observe func(string, time.Duration, error)) (*graph.Store, error) {
	n := a.cfg.Neo4j
	return graph.Open(ctx, graph.Options{
		URI: n.URI, User: n.User, Password: n.Password, Database: n.Database,
		MaxPoolSize: n.MaxPoolSize, ConnectTimeout: n.ConnectTimeout, AcquireTimeout: n.AcquireTimeout,
		MaxRetryTime: n.MaxRetryTime, Logger: a.log, Observe: observe,
	})
}

// graphqlService builds the GraphQL service of kg serve and kg query, with
// the ingest pipeline of kg ingest behind ingestArticle.
func (a *app) graphqlService(s *graph.Store, metrics *gql.Metrics) (*gql.Service, error) {
	x, err := a.extractor()
	if err != nil {
		return nil, err
	}
	l := a.cfg.Limits
	return gql.New(gql.Options{
		Graph: s, Ingester: pipeline{x: x, store: s}, Logger: a.log, Metrics: metrics,
		Limits: gql.Limits{Depth: l.Depth, Complexity: l.Complexity, BodyBytes: l.BodyBytes, Timeout: l.Timeout,
			Concurrency: l.Concurrency},
	})
}

// pipeline is the ingest pipeline for one article: extract, then write in
// one transaction, exactly as kg ingest does per article.
type pipeline struct {
	x     *extract.Extractor
	store *graph.Store
}

func (p pipeline) IngestArticle(ctx context.Context, a schema.Article) (gql.IngestResult, error) {
	doc, err := p.x.Extract(ctx, a)
	if err != nil {
		return gql.IngestResult{}, fmt.Errorf("extract article %s: %w", a.ID, err)
	}
	res, err := p.store.Write(ctx, []schema.Document{doc})
	if err != nil {
		return gql.IngestResult{}, err
	}
	out := gql.IngestResult{ID: doc.ID, Relations: len(doc.Relations), Statements: len(doc.Statements)}
	if len(res) > 0 {
		out.Status = res[0].Status
	}
	for _, e := range doc.Entities {
		if e.Type != schema.Title {
			out.Entities++
		}
	}
	return out, nil
}
