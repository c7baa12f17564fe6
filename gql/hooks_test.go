package gql

// Hooks for the tests of package gql_test.

// UseGraphQLGoOnly turns the direct executor off.
func (s *Service) UseGraphQLGoOnly() { s.graphqlGoOnly = true }

// Direct reports whether the direct executor made the response.
func (r Result) Direct() bool { return r.direct }
