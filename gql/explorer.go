package gql

import (
	"fmt"
	"io/fs"
	"net/http"
)

// routeExplorer serves the graph explorer: its page at / and its scripts
// and styles under /explorer/, all from the embedded files. The page talks
// to the server only through /graphql and /export, like any other client.
func (s *Server) routeExplorer(assets fs.FS) error {
	page, err := fs.ReadFile(assets, "explorer/index.html")
	if err != nil {
		return fmt.Errorf("gql: explorer page: %w", err)
	}
	s.mux.Handle("GET /{$}", securePage(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		// The page names its scripts without a version, so a browser must
		// ask again after kg is upgraded.
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(page)
	})))
	// The page refers to its files relative to /, so it works at / only.
	s.mux.HandleFunc("GET /explorer/{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/", http.StatusFound)
	})
	s.mux.Handle("GET /explorer/", securePage(noCache(http.FileServerFS(assets))))
	return nil
}

func noCache(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		h.ServeHTTP(w, r)
	})
}
