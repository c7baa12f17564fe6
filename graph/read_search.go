package graph

import (
	"context"
	"strings"
	"unicode"

	"kg/schema"
)

// MatchKind says why a search hit matched; kinds rank in this order.
type MatchKind string

const (
	MatchExact  MatchKind = "EXACT"  // the canonical name, folded
	MatchAlias  MatchKind = "ALIAS"  // an alias, folded
	MatchPrefix MatchKind = "PREFIX" // the canonical name starts with the query
	MatchText   MatchKind = "TEXT"   // full-text (cjk bigrams) over names and aliases
)

// SearchHit is one search result.
type SearchHit struct {
	Entity Entity
	Match  MatchKind
	Score  float64 // the full-text score; 0 for hits found only by key
}

// MaxSearchLen bounds search queries: the cjk analyzer turns every pair of
// characters into a clause, and Lucene refuses more than 1024 clauses.
const MaxSearchLen = 200

// Search finds entities by name and alias, Chinese-aware: the full-text
// index with the cjk analyzer matches any two consecutive characters of a
// name, so 芯片 finds 智能芯片. Exact names rank first, then aliases, then
// names starting with the query, then the full-text score; ties go to the
// most mentioned. The query is data: Lucene's operators and special
// characters in it are escaped.
func (s *Store) Search(ctx context.Context, text string, types []schema.EntityType, first int) ([]SearchHit, error) {
	if err := limit("first", first, 100); err != nil {
		return nil, err
	}
	text = strings.TrimSpace(strings.Map(dropControl, text))
	if text == "" {
		return nil, invalidf("the search query is empty")
	}
	if len([]rune(text)) > MaxSearchLen {
		return nil, invalidf("the search query is longer than %d characters", MaxSearchLen)
	}
	tn, err := entityTypeNames(types)
	if err != nil {
		return nil, err
	}
	lucene := ""
	if strings.ContainsFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		// Lower case makes AND, OR and NOT plain words; the analyzer
		// lower-cases anyway, so no match is lost.
		lucene = escapeLucene(strings.ToLower(text))
	}
	recs, err := s.query(ctx, "search", `CALL () {
  MATCH (e:Entity {key: $key}) RETURN e, 3 AS rank, 0.0 AS score
  UNION ALL
  MATCH (e:Entity) WHERE e.key STARTS WITH $key AND e.key <> $key
  WITH e ORDER BY e.mentionCount DESC LIMIT $candidates
  RETURN e, 1 AS rank, 0.0 AS score
  UNION ALL
  WITH 1 AS one WHERE $lucene <> ''
  CALL db.index.fulltext.queryNodes($index, $lucene, {limit: $candidates}) YIELD node, score
  RETURN node AS e, CASE WHEN `+aliasHit("$key", "$raw", "node")+` THEN 2 ELSE 0 END AS rank, score
}
WITH e, max(rank) AS rank, max(score) AS score
WHERE e.type IN $types
RETURN e`+entityProps+` AS e, rank, score
ORDER BY rank DESC, score DESC, e.mentionCount DESC, e.id
LIMIT $first`, map[string]any{
		"key": schema.FoldKey(text), "raw": text, "lucene": lucene, "index": FulltextIndex, "types": tn,
		"first": int64(first), "candidates": int64(min(5*first+20, 200)),
	})
	if err != nil {
		return nil, err
	}
	kinds := map[int64]MatchKind{3: MatchExact, 2: MatchAlias, 1: MatchPrefix, 0: MatchText}
	out := make([]SearchHit, 0, len(recs))
	for _, r := range recs {
		score, _ := val(r, "score").(float64)
		out = append(out, SearchHit{Entity: toEntity(val(r, "e")), Match: kinds[int64Of(r, "rank")], Score: score})
	}
	return out, nil
}

// escapeLucene makes text a literal for Lucene's query parser: every
// special character gets a backslash. Control characters are dropped.
func escapeLucene(text string) string {
	var b strings.Builder
	for _, r := range text {
		switch {
		case strings.ContainsRune(`\+-!():^[]"{}~*?|&/`, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case unicode.IsControl(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func dropControl(r rune) rune {
	if unicode.IsControl(r) {
		return ' '
	}
	return r
}
