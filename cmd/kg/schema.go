package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"kg/graph"
	"kg/schema"
)

func (a *app) schemaCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Apply or show kg's graph schema and ontology",
	}
	apply := &cobra.Command{
		Use:   "apply",
		Short: "Create kg's constraints and indexes in Neo4j (idempotent)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withStore(cmd.Context(), func(s *graph.Store) error {
				res, err := s.Migrate(cmd.Context())
				if err != nil {
					return fmt.Errorf("schema apply on %s: %w", s.URI(), err)
				}
				created := 0
				tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
				for _, r := range res {
					state := "exists"
					if r.Created {
						state, created = "created", created+1
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Kind, r.Name, state)
				}
				if err := tw.Flush(); err != nil {
					return err
				}
				_, err = fmt.Fprintf(a.stdout, "%d created, %d already there, on %s (database %s)\n",
					created, len(res)-created, s.URI(), s.Database())
				return err
			})
		},
	}
	var asJSON bool
	show := &cobra.Command{
		Use:   "show",
		Short: "Print the ontology: entity and relation types in Chinese and English",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if asJSON {
				return a.printJSON(map[string]any{"entityTypes": schema.EntityTypes(), "relationTypes": schema.RelationTypes()})
			}
			return writeOntology(a.stdout)
		},
	}
	show.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(apply, show)
	return cmd
}

func writeOntology(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ENTITY TYPE\tGRAPHQL\t中文\tDESCRIPTION")
	for _, t := range schema.EntityTypes() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.Type, t.GraphQL, t.Chinese, t.English)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "RELATION TYPE\t中文\tFROM → TO\tDESCRIPTION")
	for _, r := range schema.RelationTypes() {
		fmt.Fprintf(tw, "%s\t%s\t%s → %s\t%s\n", r.Type, r.Chinese, joinTypes(r.Sources), joinTypes(r.Targets), r.English)
	}
	return tw.Flush()
}

func joinTypes(ts []schema.EntityType) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = string(t)
	}
	return strings.Join(s, "|")
}
