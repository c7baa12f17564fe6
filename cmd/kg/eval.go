package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"kg/extract/eval"
)

func (a *app) evalCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "eval",
		Short: "Measure extraction quality against labelled data",
	}
	var (
		scheme string
		asJSON bool
		misses string
	)
	ner := &cobra.Command{
		Use:   "ner [--scheme cluener|resume] [--misses OUT] FILE|-",
		Short: "Score entity extraction on CLUENER-style JSON Lines: precision, recall, F1 per type",
		Long: "Read JSON Lines of {\"text\", \"label\": {type: {mention: [[start, end_inclusive]]}}} (CLUENER2020,\n" +
			"Resume NER), extract each text and score exact span matches per label. kg's types map to\n" +
			"CLUENER as Person→name, Company→company, GovernmentBody→government, Institution and\n" +
			"Media→organization, Title→position, Location→address; to Resume NER as Person→NAME,\n" +
			"organisations→ORG, Title→TITLE. A broken line is reported with its number and skipped.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sch, err := eval.ParseScheme(scheme)
			if err != nil {
				return err
			}
			x, err := a.extractor()
			if err != nil {
				return err
			}
			var r io.Reader = a.stdin
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return fmt.Errorf("eval: %w", err)
				}
				defer f.Close()
				r = f
			}
			// Broken lines come back as an error beside a report of the rest:
			// print the report, then fail.
			var opts eval.Options
			if misses != "" {
				mf, err := os.Create(misses)
				if err != nil {
					return fmt.Errorf("eval: misses: %w", err)
				}
				defer mf.Close()
				mw := bufio.NewWriter(mf)
				defer mw.Flush()
				opts.Misses = mw
			}
			rep, evalErr := eval.NER(cmd.Context(), x, r, sch, opts)
			if asJSON {
				err = a.printJSON(rep)
			} else {
				err = rep.WriteText(a.stdout)
			}
			if evalErr != nil {
				return fmt.Errorf("eval %s: %w", args[0], evalErr)
			}
			return err
		},
	}
	ner.Flags().StringVar(&scheme, "scheme", "cluener", "label scheme: cluener or resume")
	ner.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	ner.Flags().StringVar(&misses, "misses", "", "write every line with a missed or spurious mention to this file, as JSON Lines")
	cmd.AddCommand(ner)
	return cmd
}
