package main

import (
	"bufio"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"kg/bench/synth"
)

func (a *app) generateCommand() *cobra.Command {
	var (
		n    int
		seed uint64
	)
	cmd := &cobra.Command{
		Use:   "generate [--n N] [--seed S]",
		Short: "Write N synthetic news articles as JSON Lines, for benchmarks",
		Long: "Write synthetic but realistic Chinese AI-industry articles (interviews, product launches, policy\n" +
			"news, investments) as JSON Lines that `kg ingest` and `kg extract` read. New people, organisations\n" +
			"and products keep appearing, so the graph grows with N. The same seed gives the same articles.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n < 0 {
				return fmt.Errorf("--n %d: want 0 or more", n)
			}
			w := bufio.NewWriter(a.stdout)
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			g := synth.New(seed)
			for range n {
				if err := enc.Encode(g.Next()); err != nil {
					return err
				}
			}
			return w.Flush()
		},
	}
	cmd.Flags().IntVar(&n, "n", 1000, "number of articles")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "random seed")
	return cmd
}
