package gql

// Checks on the query text, before graphql-go parses it. graphql-go's
// parser and validation recurse once per level of brackets and compare
// fields pairwise, so a small document could cost them minutes (measured
// on 2 cores before these checks: a list value nested 1,000 levels deep,
// 2 KB, took 17 s to validate, 53 s on a busier machine; selections nested
// 3,750 deep, 83 KB, 8.5 s; 50,000 repetitions of one field, 450 KB, 29 s).
// Neither the depth and complexity limits nor the timeout apply that
// early, so the text is bounded first, by a scan that costs one pass over
// its bytes.

// maxQueryTokens bounds the tokens (names, values, punctuation) of a
// document. graphql-go's validation costs 2 to 4 µs a token when all is
// well and up to ~10 µs a token when every token is an error (an unknown
// field, with its suggestions), so 10,000 tokens stay near 0.1 s. Clients
// send far less: GraphiQL's introspection query is 160 tokens, the
// explorer's largest query 95, and the documented examples at most 79.
// What grows faster than the tokens (fields repeated under one name,
// long literal lists, many operations spreading the same fragments) is
// bounded by validationBudget after parsing.
const maxQueryTokens = 10_000

// maxNesting is how deep braces, brackets and parentheses may nest in a
// document, for a depth limit. A query at the depth limit opens one brace
// per level of fields (depth − 1 of them, plus the operation's own); an
// inline fragment at every level doubles that; an argument opens its
// parenthesis, an input object and a list inside it (filter: {types:
// [...]}), and variable definitions a parenthesis and a list. 2 × depth + 8
// leaves room for all of them and a few levels more; it is never below 16,
// because introspection is not counted for depth and GraphiQL's
// introspection query nests 10 levels (its TypeRef fragment) whatever the
// limit.
func maxNesting(depth int) int { return max(2*depth+8, 16) }

// scanQuery checks the nesting and the number of tokens of a document,
// skipping strings, block strings and comments as GraphQL's lexer does. It
// does not check the syntax: a text it passes may still fail to parse, and
// parsing is then cheap. It stops at the first token past a limit.
func scanQuery(q string, depthLimit int) *Error {
	nestLimit := maxNesting(depthLimit)
	depth, tokens := 0, 0
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',':
			i++
			continue
		case c == 0xEF && i+2 < len(q) && q[i+1] == 0xBB && q[i+2] == 0xBF: // BOM
			i += 3
			continue
		case c == '#':
			for i < len(q) && q[i] != '\n' && q[i] != '\r' {
				i++
			}
			continue
		}
		tokens++
		if tokens > maxQueryTokens {
			return errorf(BadUserInput, "the query has more than %d tokens (names, values and punctuation); send a smaller query", maxQueryTokens)
		}
		start := i
		switch {
		case c == '"' && i+2 < len(q) && q[i+1] == '"' && q[i+2] == '"':
			i = blockStringEnd(q, i+3)
		case c == '"':
			i = stringEnd(q, i+1)
		case c == '{' || c == '[' || c == '(':
			depth++
			if depth > nestLimit {
				line, col := newLineIndex(q).at(start)
				return errorf(BadUserInput, "the query nests braces, brackets and parentheses more than %d levels deep (at line %d, column %d); "+
					"that is more than any query within the depth limit of %d (limits.depth) needs", nestLimit, line, col, depthLimit)
			}
			i++
		case c == '}' || c == ']' || c == ')':
			depth = max(depth-1, 0)
			i++
		case isNameByte(c) && !isDigit(c):
			for i++; i < len(q) && isNameByte(q[i]); i++ {
			}
		case isDigit(c) || c == '-':
			for i++; i < len(q) && (isDigit(q[i]) || q[i] == '.' || q[i] == 'e' || q[i] == 'E' || q[i] == '+' || q[i] == '-'); i++ {
			}
		case c == '.' && i+2 < len(q) && q[i+1] == '.' && q[i+2] == '.':
			i += 3
		default: // other punctuation; bytes that are no token fail to parse
			i++
		}
	}
	return nil
}

func isNameByte(c byte) bool {
	return c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || isDigit(c)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// stringEnd is the offset after the string whose content starts at i: its
// closing quote, or the end of its line (an unterminated string, which the
// parser then reports).
func stringEnd(q string, i int) int {
	for i < len(q) {
		switch q[i] {
		case '\\':
			i += 2
		case '"':
			return i + 1
		case '\n', '\r':
			return i
		default:
			i++
		}
	}
	return len(q)
}

// blockStringEnd is the offset after the block string whose content
// starts at i; \""" inside it is an escaped quote triple.
func blockStringEnd(q string, i int) int {
	for i < len(q) {
		switch {
		case q[i] == '\\' && i+3 < len(q) && q[i+1] == '"' && q[i+2] == '"' && q[i+3] == '"':
			i += 4
		case q[i] == '"' && i+2 < len(q) && q[i+1] == '"' && q[i+2] == '"':
			return i + 3
		default:
			i++
		}
	}
	return len(q)
}
