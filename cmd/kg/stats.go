package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"kg/graph"
	"kg/schema"
)

func (a *app) statsCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Count articles, entities by type and relations by type in the graph",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var st graph.Stats
			err := a.withStore(cmd.Context(), func(s *graph.Store) (err error) {
				st, err = s.Stats(cmd.Context())
				return err
			})
			if err != nil {
				return err
			}
			if asJSON {
				return a.printJSON(st)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintf(tw, "articles\t%d\t\n", st.Articles)
			fmt.Fprintf(tw, "statements\t%d\t\n", st.Statements)
			fmt.Fprintf(tw, "entities\t%d\t\n", st.Entities)
			for _, t := range schema.NodeTypes() {
				info, _ := t.Info()
				fmt.Fprintf(tw, "  %s %s\t%d\t\n", t, info.Chinese, st.EntitiesByType[t])
			}
			fmt.Fprintf(tw, "relations\t%d\t\n", st.Relations)
			for _, r := range schema.RelationTypes() {
				fmt.Fprintf(tw, "  %s %s\t%d\t\n", r.Type, r.Chinese, st.RelationsByType[r.Type])
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
