package export

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"kg/graph"
	"kg/schema"
)

// The Cypher export rebuilds the subgraph in kg's own model (see
// graph/write.go): kg's constraints and indexes, then one statement a line
// for every article, entity, mention, relation and statement. Every
// statement MERGEs on ids, so running the script twice changes nothing,
// and kg (and another export) reads the rebuilt graph as it read the
// original. Counts (mentionCount, articleCount) and lastSeen are those of the source
// graph. Labels and relationship types come from the schema enums, checked
// by normalized; every value is a literal escaped by cypherString.

func writeCypher(w io.Writer, g Graph) error {
	v := newView(g)
	var b bytes.Buffer
	fmt.Fprintf(&b, "// kg export: %s\n", oneLine(g.Title))
	fmt.Fprintf(&b, "// %d entities, %d relations, %d articles, %d statements. Run it into a Neo4j 5, for example:\n",
		len(g.Entities), len(g.Relations), len(g.Articles), len(g.Statements))
	b.WriteString("//   cypher-shell -u neo4j -p PASSWORD -f this-file.cypher\n")
	for _, m := range graph.Migrations() {
		b.WriteString(m.Cypher + ";\n")
	}
	supports := map[string][]string{} // article id → relations it supports, as the graph lists them
	for _, r := range g.Relations {
		for _, a := range r.Articles {
			supports[a] = append(supports[a], graph.SupportEntry(r.ID, r.Source, r.Target))
		}
	}
	for _, a := range g.Articles {
		fmt.Fprintf(&b, "MERGE (a:Article {id: %s}) SET a.title = %s, a.url = %s, a.published = %s, a.source = %s, a.relations = %s;\n",
			cypherString(a.ID), cypherString(a.Title), cypherString(a.URL), cypherString(a.Published), cypherString(a.Source),
			cypherList(sortedCopy(supports[a.ID])))
	}
	for _, e := range g.Entities {
		aliasText := ""
		for _, a := range e.Aliases {
			aliasText += " " + a
		}
		fmt.Fprintf(&b, "MERGE (e:Entity {id: %s}) SET e:%s, e.type = %s, e.name = %s, e.key = %s, e.aliases = %s, e.aliasKeys = %s, "+
			"e.aliasText = %s, e.manualAliases = %s, e.manualAliasKeys = %s, e.mentionCount = %d, e.articleCount = %d, e.confidence = %s, e.lastSeen = %s;\n",
			cypherString(e.ID), e.Type, cypherString(string(e.Type)), cypherString(e.Name), cypherString(schema.FoldKey(e.Name)),
			cypherList(e.Aliases), cypherList(foldKeys(e.Aliases)), cypherString(aliasText), cypherList(e.ManualAliases),
			cypherList(foldKeys(e.ManualAliases)),
			e.MentionCount, e.ArticleCount, cypherFloat(e.Confidence), cypherString(e.LastSeen))
	}
	for _, e := range g.Entities {
		for _, a := range g.EntityArticles[e.ID] {
			if _, ok := v.articles[a]; ok {
				fmt.Fprintf(&b, "MATCH (a:Article {id: %s}), (e:Entity {id: %s}) MERGE (a)-[:%s]->(e);\n",
					cypherString(a), cypherString(e.ID), schema.Mentions)
			}
		}
	}
	for _, r := range g.Relations {
		ev := make([]string, len(r.Evidence))
		for i, e := range r.Evidence {
			ev[i] = graph.EvidenceEntry(e)
		}
		fmt.Fprintf(&b, "MATCH (s:Entity {id: %s}), (t:Entity {id: %s}) MERGE (s)-[r:%s {id: %s}]->(t) "+
			"SET r.title = %s, r.confidence = %s, r.articles = %s, r.articleCount = %d, r.evidence = %s;\n",
			cypherString(r.Source), cypherString(r.Target), r.Type, cypherString(r.ID),
			cypherString(r.Title), cypherFloat(r.Confidence), cypherList(r.Articles), len(r.Articles), cypherList(ev))
	}
	for _, s := range g.Statements {
		if _, ok := v.articles[s.Article]; !ok {
			continue
		}
		fmt.Fprintf(&b, "MERGE (st:Statement {id: %s}) SET st.article = %s, st.start = %d, st.end = %d, st.text = %s, st.confidence = %s "+
			"WITH st MATCH (a:Article {id: %s}) MERGE (a)-[:%s]->(st) WITH st MATCH (p:Entity {id: %s}) MERGE (st)-[:%s]->(p);\n",
			cypherString(s.ID), cypherString(s.Article), s.Start, s.End, cypherString(s.Text), cypherFloat(s.Confidence),
			cypherString(s.Article), schema.HasStatement, cypherString(s.Speaker), schema.SaidBy)
		for _, about := range s.About {
			fmt.Fprintf(&b, "MATCH (st:Statement {id: %s}), (e:Entity {id: %s}) MERGE (st)-[:%s]->(e);\n",
				cypherString(s.ID), cypherString(about), schema.About)
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// cypherString is s as a single-quoted Cypher string literal: backslash,
// quote and control characters escaped, so a value can neither end the
// literal nor break the one-statement-a-line layout.
func cypherString(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\'':
			b.WriteString(`\'`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x2028 || r == 0x2029 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

func cypherList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = cypherString(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// cypherFloat keeps a float a float in Cypher: 1 would be an integer.
func cypherFloat(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "0.0" // Cypher has no literal for them; confidences are never either
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEIN") {
		s += ".0"
	}
	return s
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func foldKeys(names []string) []string {
	keys := make([]string, len(names))
	for i, n := range names {
		keys[i] = schema.FoldKey(n)
	}
	return keys
}
