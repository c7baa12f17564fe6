// Command kg builds a knowledge graph of China's AI industry from news
// articles in Neo4j and serves it over GraphQL. This package only wires
// config, extract, graph and gql together.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
