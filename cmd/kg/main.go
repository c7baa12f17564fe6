// Command kg builds a knowledge graph of China's AI industry from news
// articles in Neo4j and serves it over GraphQL. This package only wires
// config, extract, graph and gql together.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// forceExitAfter bounds how long kg may take to stop after Ctrl-C or
// SIGTERM: long enough for a write transaction to finish or roll back and
// for kg serve's graceful shutdown, short enough that a supervisor's one
// SIGTERM ends a kg blocked where no context reaches (opening a named pipe
// that nobody writes).
const forceExitAfter = 20 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // from now on a second signal ends the process at once
		time.Sleep(forceExitAfter)
		fmt.Fprintf(os.Stderr, "kg: still not stopped %s after the signal; exiting\n", forceExitAfter)
		os.Exit(1)
	}()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
