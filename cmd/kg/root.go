package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/spf13/cobra"

	"kg/config"
	"kg/graph"
)

// Version is kg's release version.
const Version = "0.1.0-dev"

// app carries what every command needs; it is built once per run.
type app struct {
	stdin      io.Reader
	stdout     io.Writer
	stderr     io.Writer
	configFile string
	cfg        config.Config
	log        *slog.Logger
	setupErr   error
}

// exitError carries an exit code other than 1 without printing anything more.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	fmt.Fprintln(stderr, "kg: "+err.Error())
	return 1
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "kg",
		Short: "Build and query a knowledge graph of China's AI industry from news articles",
		Long: "kg extracts experts, organisations, companies, technologies, policies and who said what from Chinese\n" +
			"news articles, stores them in Neo4j with the evidence for every fact, and serves the graph over GraphQL.",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return a.load(cmd)
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&a.configFile, "config", "", "configuration file (default: ./kg.yaml when it exists)")
	pf.String(config.FlagName("neo4j.uri"), "", "Neo4j URI (bolt://, neo4j://, neo4j+s://)")
	pf.String(config.FlagName("neo4j.user"), "", "Neo4j user")
	pf.String(config.FlagName("neo4j.database"), "", "Neo4j database")
	pf.String(config.FlagName("log.level"), "", "log level: debug, info, warn, error")
	pf.String(config.FlagName("log.format"), "", "log format: text or json")

	root.AddCommand(a.versionCommand(), a.configCommand(), a.schemaCommand(), a.statsCommand(),
		a.extractCommand(), a.ingestCommand(), a.deleteCommand(), a.generateCommand(),
		a.evalCommand(), a.serveCommand(), a.queryCommand(), a.exportCommand())
	return root
}

// load reads the configuration once the flags are parsed.
func (a *app) load(cmd *cobra.Command) error {
	if a.setupErr != nil {
		return a.setupErr
	}
	cfg, err := config.Load(a.configFile, cmd.Flags())
	if err != nil {
		return err
	}
	a.cfg = cfg
	level := map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}[cfg.Log.Level]
	hopts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(a.stderr, hopts)
	if cfg.Log.Format == "json" {
		h = slog.NewJSONHandler(a.stderr, hopts)
	}
	a.log = slog.New(h)
	return nil
}

// withStore connects to Neo4j for the length of fn.
func (a *app) withStore(ctx context.Context, fn func(*graph.Store) error) error {
	s, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer s.Close(context.WithoutCancel(ctx))
	return fn(s)
}

// printJSON writes v indented, as every --json flag promises.
func (a *app) printJSON(v any) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// openStore connects to Neo4j; its errors are the one-paragraph explanations
// of graph.ConnectError.
func (a *app) openStore(ctx context.Context) (*graph.Store, error) {
	n := a.cfg.Neo4j
	return graph.Open(ctx, graph.Options{
		URI: n.URI, User: n.User, Password: n.Password, Database: n.Database,
		MaxPoolSize: n.MaxPoolSize, ConnectTimeout: n.ConnectTimeout, AcquireTimeout: n.AcquireTimeout,
		MaxRetryTime: n.MaxRetryTime, Logger: a.log,
	})
}

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print kg's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(a.stdout, "kg %s\n", Version)
			return err
		},
	}
}

func (a *app) configCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Print the effective configuration (secrets masked)",
		Long: "Print the configuration kg would use, after defaults, the config file, KG_* environment variables\n" +
			"and flags. The Neo4j password and auth tokens are masked. Keys:\n  " + strings.Join(config.Keys(), "\n  "),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := a.cfg.Redacted().YAML()
			if err != nil {
				return err
			}
			_, err = a.stdout.Write(b)
			return err
		},
	}
}
