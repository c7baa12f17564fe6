package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"kg/gql"
)

func (a *app) queryCommand() *cobra.Command {
	var vars, operation string
	cmd := &cobra.Command{
		Use:   "query 'GRAPHQL' [--vars JSON]",
		Short: "Run a GraphQL query or mutation against Neo4j in-process and print the JSON result",
		Long: "Run one GraphQL request with the schema of kg serve, without a server, and print its JSON response\n" +
			"({\"data\": …, \"errors\": […]}). GRAPHQL is the document itself, - to read it from standard input, or\n" +
			"@FILE. Mutations run without a token: whoever runs kg here can reach Neo4j anyway. The exit code is\n" +
			"1 when the response has errors. Example:\n" +
			"  kg query 'query($n: String!) { entity(name: $n) { name relations { type target { name } } } }' --vars '{\"n\": \"马修军\"}'",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			doc, err := a.readDocument(args[0])
			if err != nil {
				return err
			}
			req := gql.Request{Query: doc, OperationName: operation}
			if vars != "" {
				if err := json.Unmarshal([]byte(vars), &req.Variables); err != nil {
					return fmt.Errorf("--vars must be a JSON object: %w", err)
				}
			}
			ctx := cmd.Context()
			s, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close(context.WithoutCancel(ctx))
			svc, err := a.graphqlService(s, nil)
			if err != nil {
				return err
			}
			res := svc.Execute(ctx, req, gql.Caller{MayMutate: true})
			enc := json.NewEncoder(a.stdout)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			if err := enc.Encode(res.Response); err != nil {
				return err
			}
			if len(res.Response.Errors) > 0 {
				return exitError{1}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&vars, "vars", "", "variables as a JSON object")
	cmd.Flags().StringVar(&operation, "operation", "", "the operation to run when the document has several")
	return cmd
}

// readDocument takes the query from the argument, standard input (-) or a
// file (@path).
func (a *app) readDocument(arg string) (string, error) {
	switch {
	case arg == "-":
		b, err := io.ReadAll(a.stdin)
		if err != nil {
			return "", fmt.Errorf("read the query from standard input: %w", err)
		}
		return string(b), nil
	case strings.HasPrefix(arg, "@"):
		b, err := os.ReadFile(arg[1:])
		if err != nil {
			return "", fmt.Errorf("read the query: %w", err)
		}
		return string(b), nil
	}
	return arg, nil
}
