package gql

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// static holds GraphiQL and React (UMD builds from npm, fetched by
// scripts/fetch-graphiql at pinned versions, with their licences), the
// page that starts GraphiQL, and the graph explorer (explorer/, plain ES
// modules, no build step): both work offline.
//
//go:embed static
var static embed.FS

// ServerOptions configure a Server.
type ServerOptions struct {
	Service *Service
	Tokens  []string // bearer tokens allowed to mutate; none switches mutations off
	Metrics *Metrics // the same as the Service's; nil serves no /metrics
	Logger  *slog.Logger
	// ShutdownGrace is how long in-flight requests may finish after the
	// context of Run ends (default 10 s).
	ShutdownGrace time.Duration
}

// Server is kg's HTTP server: the explorer at /, /graphql, /graphiql,
// /healthz, /readyz and /metrics.
type Server struct {
	svc     *Service
	tokens  tokens
	metrics *Metrics
	log     *slog.Logger
	grace   time.Duration
	mux     *http.ServeMux
}

// NewServer wires the routes.
func NewServer(o ServerOptions) (*Server, error) {
	if o.Service == nil {
		return nil, errors.New("gql: server without a service")
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.ShutdownGrace <= 0 {
		o.ShutdownGrace = 10 * time.Second
	}
	s := &Server{svc: o.Service, tokens: newTokens(o.Tokens), metrics: o.Metrics, log: o.Logger, grace: o.ShutdownGrace,
		mux: http.NewServeMux()}
	// Each page gets its own tree, so neither serves the other's files.
	assets, err := fs.Sub(static, "static")
	if err != nil {
		return nil, fmt.Errorf("gql: embedded files: %w", err)
	}
	graphiql, err := fs.Sub(static, "static/graphiql")
	if err != nil {
		return nil, fmt.Errorf("gql: embedded files: %w", err)
	}
	s.mux.HandleFunc("/graphql", s.handleGraphQL)
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	s.mux.HandleFunc("GET /readyz", s.handleReady)
	s.mux.HandleFunc("GET /export", s.handleExport)
	if o.Metrics != nil {
		s.mux.Handle("GET /metrics", o.Metrics.Handler())
	}
	s.mux.Handle("GET /graphiql/", securePage(http.StripPrefix("/graphiql/", http.FileServerFS(graphiql))))
	s.mux.HandleFunc("GET /graphiql", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/graphiql/", http.StatusFound)
	})
	if err := s.routeExplorer(assets); err != nil {
		return nil, err
	}
	return s, nil
}

// Handler is the server's routes, for http.Server or httptest.
func (s *Server) Handler() http.Handler { return s.mux }

// securePage keeps the explorer to its own origin: scripts, styles and
// requests go to this server only.
func securePage(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "+
			"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		h.ServeHTTP(w, r)
	})
}

// handleReady answers 200 when Neo4j answers a query, 503 when not; the
// driver's error goes to the log, not to the client.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	if err := s.svc.graph.Ping(ctx); err != nil {
		s.log.Warn("readiness: neo4j does not answer", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "neo4j": "unreachable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready", "neo4j": "ok"})
}

// Run serves on addr until ctx ends (SIGTERM or SIGINT in kg serve), then
// stops accepting, lets in-flight requests finish within the grace period
// and returns. ready, if not nil, gets the listening address once bound.
func (s *Server) Run(ctx context.Context, addr string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           s.mux,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    1 << 20,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	if ready != nil {
		ready(ln.Addr())
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down: finishing requests in flight", "grace", s.grace)
	sctx, cancel := context.WithTimeout(context.Background(), s.grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		_ = srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
