package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"kg/schema"
)

// The graph model, written by this file and read by the rest of the package:
//
//	(:Article {id, title, url, published, source, keywords, technologies, industries, text, contentHash, extractor, ingestedAt,
//	           relations: ["relation id<TAB>source id<TAB>target id", …]})
//	(:Entity:<Type> {id, type, name, key, aliases, aliasKeys, aliasText, manualAliases, mentionCount, articleCount, confidence, lastSeen})
//	(:Article)-[:MENTIONS {count, spans, aliases, confidence}]->(:Entity)
//	(:Article)-[:TAGGED {fields}]->(:Entity)            from the article's 关键词/AI技术/行业 metadata
//	(:Entity)-[:<RelationType> {id, title, confidence, articles, articleCount, evidence}]->(:Entity)
//	(:Article)-[:HAS_STATEMENT]->(:Statement {id, article, start, end, text, confidence})-[:SAID_BY]->(:Entity:Person)
//	(:Statement)-[:ABOUT]->(:Entity)
//	(:Merged {id, into, name})                          an entity merged away, see redirect.go
//
// An entity is supported by the articles that MENTION or TAG it; a relation
// by the article ids in its articles list, one evidence entry per sentence;
// articleCount is the list's size, kept so that ranking relations by support
// reads one number rather than each list. An entity's lastSeen is the
// newest published date of the articles supporting it ('' for none), kept
// so that sorting by recency reads one property rather than every article.
// Deleting an article removes exactly its support; what is left without
// support is deleted with it.

// WriteResult says what writing one document did.
type WriteResult struct {
	ID     string
	Status WriteStatus
}

// WriteStatus tells new, updated and unchanged articles apart.
type WriteStatus string

const (
	StatusNew       WriteStatus = "new"
	StatusUpdated   WriteStatus = "updated"
	StatusUnchanged WriteStatus = "unchanged"
)

// evidenceSep separates the fields of a stored evidence entry:
// article id, start, end, confidence, sentence text (last, so it may hold anything).
const evidenceSep = "\t"

// EvidenceEntry is a supporting sentence as a relation stores it in its
// evidence list; parseEvidence reads it back.
func EvidenceEntry(e Evidence) string {
	return strings.Join([]string{e.Article, strconv.Itoa(e.Start), strconv.Itoa(e.End),
		strconv.FormatFloat(e.Confidence, 'f', 3, 64), e.Text}, evidenceSep)
}

// SupportEntry is a relation as the articles supporting it list it, with
// its ends, so that a delete finds it between two known nodes.
func SupportEntry(relationID, source, target string) string {
	return strings.Join([]string{relationID, source, target}, evidenceSep)
}

// RelationID is the stable id of a relation: its type, ends and title.
func RelationID(t schema.RelationType, source, target, title string) string {
	sum := sha256.Sum256([]byte(string(t) + "\x00" + source + "\x00" + target + "\x00" + title))
	return "rel:" + hex.EncodeToString(sum[:8])
}

// StatementID is the stable id of a statement: its article and span.
func StatementID(article string, start, end int) string {
	sum := sha256.Sum256([]byte(article + "\x00" + strconv.Itoa(start) + "\x00" + strconv.Itoa(end)))
	return "stmt:" + hex.EncodeToString(sum[:8])
}

// storedHashesQuery reads what Fingerprint compares with, for a list of ids.
const storedHashesQuery = "UNWIND $ids AS id MATCH (a:Article {id: id}) RETURN a.id AS id, a.contentHash + '|' + a.extractor AS hash"

// ArticleHashes returns the stored content hash and extractor of each of the
// given articles that exists, so callers can skip unchanged ones before
// extracting them.
func (s *Store) ArticleHashes(ctx context.Context, ids []string) (map[string]string, error) {
	res, err := s.read(ctx, storedHashesQuery, map[string]any{"ids": ids})
	if err != nil {
		return nil, fmt.Errorf("read article hashes: %w", err)
	}
	return hashesOf(res.Records), nil
}

func hashesOf(recs []*neo4j.Record) map[string]string {
	out := make(map[string]string, len(recs))
	for _, r := range recs {
		out[str(r, "id")] = str(r, "hash")
	}
	return out
}

// Fingerprint is what ArticleHashes returns for the article once it is
// stored by that extractor version.
func Fingerprint(a schema.Article, extractor string) string {
	return schema.ContentHash(a) + "|" + extractor
}

// Write stores the documents in one transaction: all of their facts or
// none. An article already stored with the same content and extractor is
// left as it is; one stored with other content has its old facts replaced.
// Later documents with the id of an earlier one in the batch win.
func (s *Store) Write(ctx context.Context, docs []schema.Document) ([]WriteResult, error) {
	docs = lastByID(docs)
	if len(docs) == 0 {
		return nil, nil
	}
	for i := range docs {
		if err := checkDocument(&docs[i]); err != nil {
			return nil, err
		}
	}
	sess := s.drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db})
	defer sess.Close(ctx)
	out, err := neo4j.ExecuteWrite(ctx, sess, func(tx neo4j.ManagedTransaction) ([]WriteResult, error) {
		return writeTx(ctx, tx, docs)
	})
	if err != nil {
		return nil, fmt.Errorf("write %d articles (first %s): %w", len(docs), docs[0].ID, err)
	}
	return out, nil
}

func lastByID(docs []schema.Document) []schema.Document {
	at := map[string]int{}
	var out []schema.Document
	for _, d := range docs {
		if i, ok := at[d.ID]; ok {
			out[i] = d
			continue
		}
		at[d.ID] = len(out)
		out = append(out, d)
	}
	return out
}

// checkDocument refuses what would write a broken graph: labels and types
// outside the ontology, relations or statements that point nowhere, and
// values too long for the indexes they go into (ids, names, aliases, tags
// and dates are indexed; Neo4j refuses keys of more than about 8 KB, and
// a name of hundreds of characters is no name).
func checkDocument(d *schema.Document) error {
	if d.ID == "" {
		return fmt.Errorf("document from %s has no id", d.Source)
	}
	if err := checkLen("id", d.ID); err != nil {
		return fmt.Errorf("document from %s: %w", d.Source, err)
	}
	fields := []struct {
		name   string
		values []string
	}{{"published", []string{d.Published}}, {"keywords", d.Keywords}, {"technologies", d.Technologies}, {"industries", d.Industries}}
	for _, f := range fields {
		for i, v := range f.values {
			name := f.name
			if f.name != "published" {
				name = fmt.Sprintf("%s[%d]", f.name, i)
			}
			if err := checkLen(name, v); err != nil {
				return fmt.Errorf("article %s: %w", d.ID, err)
			}
		}
	}
	known := map[string]schema.EntityType{}
	for _, e := range d.Entities {
		if e.Type == schema.Title {
			continue
		}
		if !e.Type.Valid() {
			return fmt.Errorf("article %s: entity %q has unknown type %q", d.ID, e.Name, e.Type)
		}
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if err := checkLen("an entity name or alias", n); err != nil {
				return fmt.Errorf("article %s: %w", d.ID, err)
			}
		}
		known[e.ID] = e.Type
	}
	for _, r := range d.Relations {
		if !r.Type.Valid() {
			return fmt.Errorf("article %s: unknown relation type %q", d.ID, r.Type)
		}
		if _, ok := known[r.Source]; !ok {
			return fmt.Errorf("article %s: %s relation from unknown entity %s", d.ID, r.Type, r.Source)
		}
		if _, ok := known[r.Target]; !ok {
			return fmt.Errorf("article %s: %s relation to unknown entity %s", d.ID, r.Type, r.Target)
		}
	}
	for _, st := range d.Statements {
		if known[st.Speaker] != schema.Person {
			return fmt.Errorf("article %s: statement at %d by %s, which is not a person of the article", d.ID, st.Start, st.Speaker)
		}
	}
	return nil
}

func checkLen(what, s string) error {
	if n := utf8.RuneCountInString(s); n > MaxNameLen {
		return invalidf("%s is %d characters long; at most %d are stored", what, n, MaxNameLen)
	}
	return nil
}

func writeTx(ctx context.Context, tx neo4j.ManagedTransaction, docs []schema.Document) ([]WriteResult, error) {
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	stored, err := run(ctx, tx, storedHashesQuery, map[string]any{"ids": ids})
	if err != nil {
		return nil, fmt.Errorf("read stored articles: %w", err)
	}
	hashes := hashesOf(stored)

	var results []WriteResult
	var changed []schema.Document
	var replaced []string
	for _, d := range docs {
		h, ok := hashes[d.ID]
		switch {
		case !ok:
			results = append(results, WriteResult{d.ID, StatusNew})
		case h == Fingerprint(d.Article, d.Extractor):
			results = append(results, WriteResult{d.ID, StatusUnchanged})
			continue
		default:
			results = append(results, WriteResult{d.ID, StatusUpdated})
			replaced = append(replaced, d.ID)
		}
		changed = append(changed, d)
	}
	// Redirects are read before the replaced articles go: those may hold the
	// last support of an entity that others were merged into, and the new
	// versions bring it back.
	rd, err := readRedirects(ctx, tx, redirectCandidates(changed))
	if err != nil {
		return nil, err
	}
	for i := range changed {
		changed[i] = applyRedirects(changed[i], rd)
	}
	if len(replaced) > 0 {
		if err := deleteArticlesTx(ctx, tx, replaced); err != nil {
			return nil, err
		}
	}
	if len(changed) == 0 {
		return results, nil
	}
	rows := buildRows(changed, rd)
	if _, err := run(ctx, tx, `UNWIND $rows AS row
MERGE (a:Article {id: row.id})
SET a += row.props, a.ingestedAt = datetime()`, map[string]any{"rows": rows.articles}); err != nil {
		return nil, fmt.Errorf("write articles: %w", err)
	}
	if _, err := run(ctx, tx, entityQuery, map[string]any{"rows": rows.entities}); err != nil {
		return nil, fmt.Errorf("write entities: %w", err)
	}
	if _, err := run(ctx, tx, `UNWIND $rows AS row
MATCH (a:Article {id: row.article})
MATCH (e:Entity {id: row.entity})
CREATE (a)-[:MENTIONS {count: row.count, spans: row.spans, aliases: row.aliases, aliasKeys: row.aliasKeys, confidence: row.confidence}]->(e)
WITH e, row
SET e.mentionCount = e.mentionCount + row.count, e.articleCount = e.articleCount + 1
// Popular entities are hit by many rows: write only what changes.
FOREACH (_ IN CASE WHEN row.confidence > e.confidence THEN [1] ELSE [] END | SET e.confidence = row.confidence)
FOREACH (_ IN CASE WHEN row.published > coalesce(e.lastSeen, '') THEN [1] ELSE [] END | SET e.lastSeen = row.published)
FOREACH (x IN [x IN row.aliases WHERE NOT x IN e.aliases] | SET e.aliases = e.aliases + x, e.aliasText = e.aliasText + ' ' + x)
FOREACH (k IN [k IN row.aliasKeys WHERE NOT k IN e.aliasKeys] | SET e.aliasKeys = e.aliasKeys + k)`, map[string]any{"rows": rows.mentions}); err != nil {
		return nil, fmt.Errorf("write mentions: %w", err)
	}
	if _, err := run(ctx, tx, `UNWIND $rows AS row
MATCH (a:Article {id: row.article})
MATCH (e:Entity {id: row.entity})
CREATE (a)-[:TAGGED {fields: row.fields}]->(e)
FOREACH (_ IN CASE WHEN row.published > coalesce(e.lastSeen, '') THEN [1] ELSE [] END | SET e.lastSeen = row.published)
WITH a, e WHERE NOT (a)-[:MENTIONS]->(e)
SET e.articleCount = e.articleCount + 1`, map[string]any{"rows": rows.tags}); err != nil {
		return nil, fmt.Errorf("write tags: %w", err)
	}
	if _, err := run(ctx, tx, relationQuery, map[string]any{"rows": rows.relations}); err != nil {
		return nil, fmt.Errorf("write relations: %w", err)
	}
	if _, err := run(ctx, tx, `UNWIND $rows AS row
MATCH (a:Article {id: row.article})
MATCH (p:Entity {id: row.speaker})
CREATE (a)-[:HAS_STATEMENT]->(s:Statement {id: row.id, article: row.article, start: row.start, end: row.end, text: row.text,
  confidence: row.confidence})-[:SAID_BY]->(p)
WITH s, row
UNWIND row.about AS about
MATCH (e:Entity {id: about})
CREATE (s)-[:ABOUT]->(e)`, map[string]any{"rows": rows.statements}); err != nil {
		return nil, fmt.Errorf("write statements: %w", err)
	}
	return results, nil
}

type rowSet struct {
	articles   []map[string]any
	entities   []map[string]any
	mentions   []map[string]any
	tags       []map[string]any
	relations  []map[string]any
	statements []map[string]any
}

// Labels and relationship types cannot be parameters. Rather than one round
// trip per type, one query holds a branch per type of the schema enums, and
// each row takes the branch of its own type (checkDocument has checked it).
var (
	entityQuery   = typedQuery(entityHead, entityBranch, allEntityTypeNames())
	relationQuery = typedQuery(relationHead, relationBranch, allRelationTypeNames())
)

const entityHead = `UNWIND $rows AS row
MERGE (e:Entity {id: row.id})
ON CREATE SET e.type = row.type, e.name = row.name, e.key = row.key, e.aliases = [], e.aliasKeys = [], e.aliasText = '',
  e.manualAliases = [], e.manualAliasKeys = [], e.mentionCount = 0, e.articleCount = 0, e.confidence = 0.0, e.lastSeen = ''
`

const entityBranch = `SET e:%s`

const relationHead = `UNWIND $rows AS row
MATCH (s:Entity {id: row.source})
MATCH (t:Entity {id: row.target})
`

const relationBranch = `MERGE (s)-[r:%s {id: row.id}]->(t)
  ON CREATE SET r.title = row.title, r.articles = [], r.evidence = [], r.confidence = 0.0
  SET r.articles = r.articles + row.article,
      r.evidence = r.evidence + row.evidence,
      r.confidence = CASE WHEN row.confidence > r.confidence THEN row.confidence ELSE r.confidence END
  SET r.articleCount = size(r.articles)`

func typedQuery(head, branch string, types []string) string {
	var b strings.Builder
	b.WriteString(head)
	for _, t := range types {
		fmt.Fprintf(&b, "FOREACH (_ IN CASE WHEN row.type = '%s' THEN [1] ELSE [] END |\n  %s)\n", t, fmt.Sprintf(branch, t))
	}
	return b.String()
}

// buildRows turns documents into UNWIND parameters: maps and lists only, as
// the driver requires. The documents' own entities have had their
// redirects applied; rd redirects the entities that tags create.
func buildRows(docs []schema.Document, rd map[string]redirect) rowSet {
	var rs rowSet
	seenEntity := map[string]bool{}
	addEntity := func(t schema.EntityType, id, name string) {
		if seenEntity[id] {
			return
		}
		seenEntity[id] = true
		rs.entities = append(rs.entities, map[string]any{"id": id, "type": string(t), "name": name, "key": schema.FoldKey(name)})
	}
	for _, d := range docs {
		// The article lists the relations it supports with their ends, so a
		// delete finds them by expanding between two known nodes instead of
		// through every relation of every entity the article mentions.
		supports := make([]string, 0, len(d.Relations))
		for _, r := range d.Relations {
			supports = append(supports, SupportEntry(RelationID(r.Type, r.Source, r.Target, r.Title()), r.Source, r.Target))
		}
		slices.Sort(supports)
		rs.articles = append(rs.articles, map[string]any{"id": d.ID, "props": map[string]any{
			"title": d.Title, "url": d.URL, "published": d.Published, "source": d.Source,
			"keywords": nonNil(d.Keywords), "technologies": nonNil(d.Technologies), "industries": nonNil(d.Industries),
			"text": d.Text, "contentHash": schema.ContentHash(d.Article), "extractor": d.Extractor,
			"relations": slices.Compact(supports),
		}})
		text := []rune(d.Text)
		spansOf := map[string][]schema.Span{}
		for _, e := range dedupeEntities(d.Entities) {
			if len(e.Mentions) == 0 {
				continue // listed for a metadata tag only: written if tagRows links it
			}
			addEntity(e.Type, e.ID, e.Name)
			spansOf[e.ID] = e.Mentions
			flat := make([]int64, 0, 2*len(e.Mentions))
			for _, m := range e.Mentions {
				flat = append(flat, int64(m.Start), int64(m.End))
			}
			aliases := aliasesOf(e)
			keys := make([]string, len(aliases))
			for i, a := range aliases {
				keys[i] = schema.FoldKey(a)
			}
			rs.mentions = append(rs.mentions, map[string]any{"article": d.ID, "entity": e.ID, "count": int64(len(e.Mentions)),
				"spans": flat, "aliases": aliases, "aliasKeys": keys, "confidence": e.Confidence, "published": d.Published})
		}
		rs.tags = append(rs.tags, tagRows(d, rd, addEntity)...)
		for _, r := range d.Relations {
			id := RelationID(r.Type, r.Source, r.Target, r.Title())
			ev := make([]string, 0, len(r.Evidence))
			for _, sp := range r.Evidence {
				ev = append(ev, EvidenceEntry(Evidence{Article: d.ID, Start: sp.Start, End: sp.End,
					Confidence: r.Confidence, Text: substring(text, sp)}))
			}
			rs.relations = append(rs.relations, map[string]any{"id": id, "type": string(r.Type), "source": r.Source, "target": r.Target,
				"title": r.Title(), "article": d.ID, "evidence": ev, "confidence": r.Confidence})
		}
		for _, st := range d.Statements {
			var about []string
			for id, spans := range spansOf {
				if id == st.Speaker {
					continue
				}
				for _, sp := range spans {
					if sp.Start >= st.Start && sp.End <= st.End {
						about = append(about, id)
						break
					}
				}
			}
			slices.Sort(about)
			rs.statements = append(rs.statements, map[string]any{"id": StatementID(d.ID, st.Start, st.End), "article": d.ID,
				"speaker": st.Speaker, "start": int64(st.Start), "end": int64(st.End), "text": st.Text, "about": about,
				"confidence": st.Confidence})
		}
	}
	return rs
}

// dedupeEntities drops Title mentions (titles live on WORKS_AT) and joins
// entries of one entity that a careless producer listed twice, so that an
// article mentions an entity once.
func dedupeEntities(in []schema.Entity) []schema.Entity {
	at := map[string]int{}
	var out []schema.Entity
	for _, e := range in {
		if e.Type == schema.Title {
			continue
		}
		i, ok := at[e.ID]
		if !ok {
			at[e.ID] = len(out)
			e.Mentions = slices.Clone(e.Mentions)
			out = append(out, e)
			continue
		}
		out[i].Mentions = append(out[i].Mentions, e.Mentions...)
		out[i].Aliases = append(slices.Clone(out[i].Aliases), e.Aliases...)
		out[i].Confidence = max(out[i].Confidence, e.Confidence)
	}
	return out
}

// tagRows links an article to the entities its 关键词/AI技术/行业 metadata
// names. A name is resolved against the article's own entities first (by
// name or alias, any type: the extractor knows 人工智能 is a technology even
// when 行业 lists it); only an unknown AI技术 or 行业 name becomes a new
// Technology or Industry entity, supported by the tag alone.
func tagRows(d schema.Document, rd map[string]redirect, addEntity func(schema.EntityType, string, string)) []map[string]any {
	byKey := map[string]schema.Entity{}
	for _, e := range d.Entities {
		if e.Type == schema.Title {
			continue
		}
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if k := schema.FoldKey(n); byKey[k].ID == "" {
				byKey[k] = e
			}
		}
	}
	fields := map[string][]string{} // entity id → metadata fields naming it
	var order []string
	tag := func(field string, names []string, fallback schema.EntityType) {
		for _, name := range names {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			e, ok := byKey[schema.FoldKey(name)]
			if !ok {
				if fallback == "" {
					continue
				}
				e = mergedTagEntity(schema.Entity{ID: schema.EntityID(fallback, name), Type: fallback, Name: name}, rd)
			}
			id := e.ID
			addEntity(e.Type, id, e.Name)
			if _, ok := fields[id]; !ok {
				order = append(order, id)
			}
			if !slices.Contains(fields[id], field) {
				fields[id] = append(fields[id], field)
			}
		}
	}
	tag("technologies", d.Technologies, schema.Technology)
	tag("industries", d.Industries, schema.Industry)
	tag("keywords", d.Keywords, "")
	rows := make([]map[string]any, 0, len(order))
	for _, id := range order {
		rows = append(rows, map[string]any{"article": d.ID, "entity": id, "fields": fields[id], "published": d.Published})
	}
	return rows
}

func aliasesOf(e schema.Entity) []string {
	out := []string{}
	for _, a := range e.Aliases {
		if a != "" && a != e.Name && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// substring cuts a span of code points out of text, clamped to its bounds.
func substring(text []rune, sp schema.Span) string {
	start, end := max(0, min(sp.Start, len(text))), max(0, min(sp.End, len(text)))
	if start > end {
		return ""
	}
	return string(text[start:end])
}

func run(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}
