package graph

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"kg/schema"
)

// The read API: lookups, filtered pages, search, neighbourhoods, paths and
// subgraphs, in the graph model that write.go describes. Every method takes
// its ids as a batch where a caller may need many at once (GraphQL resolvers
// batch per request), bounds what it returns, and builds Cypher only from
// constants and schema enums: user input travels as parameters.

// Entity is an entity node as stored.
type Entity struct {
	ID            string
	Type          schema.EntityType
	Name          string
	Aliases       []string
	ManualAliases []string
	MentionCount  int64
	ArticleCount  int64
	Confidence    float64
	LastSeen      string // the newest published date of its articles, "" when none has one
}

// Article is an article node as stored. List reads leave Text empty and
// HasText false, since texts are long and rarely wanted in lists.
type Article struct {
	ID           string
	Title        string
	URL          string
	Published    string
	Source       string
	Keywords     []string
	Technologies []string
	Industries   []string
	Text         string
	HasText      bool
	Extractor    string
	IngestedAt   time.Time
}

// Relation is a relationship between two entities, of a type of the
// ontology, with the evidence of every article that supports it.
type Relation struct {
	ID         string
	Type       schema.RelationType
	Source     string // entity id
	Target     string // entity id
	Title      string // job title of WORKS_AT, else ""
	Confidence float64
	Articles   []string
	Evidence   []Evidence
	// SourceEntity and TargetEntity are filled by reads that fetch the ends
	// in the same round trip, so callers need not look them up again.
	SourceEntity, TargetEntity *Entity
}

// Evidence is one sentence of one article that supports a relation.
type Evidence struct {
	Article    string
	Start, End int // code points into the article's text
	Confidence float64
	Text       string
}

// Statement is what a person said in an article.
type Statement struct {
	ID         string
	Article    string
	Speaker    string // entity id
	Start, End int
	Text       string
	About      []string // ids of the entities the statement names
	Confidence float64  // 0 for statements stored before kg kept it
}

// ErrInvalid marks errors caused by the caller's input (a bad cursor, an
// out-of-range limit, an unknown id in a mutation): the message is safe to
// show to the user and says what to change.
var ErrInvalid = errors.New("invalid input")

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// IsTimeout reports whether err means a query ran out of time: the caller's
// deadline or the transaction timeout that Neo4j enforces from it.
func IsTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var n *neo4j.Neo4jError
	return errors.As(err, &n) && strings.Contains(n.Code, "TransactionTimedOut")
}

// txTimeout hands the caller's deadline to Neo4j, so that the server stops
// working on a query nobody waits for any more; the driver alone would only
// stop waiting.
func txTimeout(ctx context.Context) func(*neo4j.TransactionConfig) {
	return func(c *neo4j.TransactionConfig) {
		if d, ok := ctx.Deadline(); ok {
			c.Timeout = max(time.Until(d), time.Millisecond)
		}
	}
}

func (s *Store) observe(name string, start time.Time, err error) {
	if s.obs != nil {
		s.obs(name, time.Since(start), err)
	}
}

// query runs one read query as an auto-commit transaction. name labels it
// for the observer and in errors. A single read needs no explicit
// transaction, and the BEGIN and COMMIT that ExecuteQuery adds cost a small
// lookup a third of its time (1.1 → 0.8 ms, serially, the two processes
// together). The driver retries only transaction functions, so a retryable
// failure (a pooled connection lost when Neo4j restarted) is tried again
// here.
func (s *Store) query(ctx context.Context, name, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	start := time.Now()
	var recs []*neo4j.Record
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if recs, err = s.autoCommitRead(ctx, cypher, params); err == nil || !neo4j.IsRetryable(err) || ctx.Err() != nil {
			break
		}
	}
	s.observe(name, start, err)
	if err != nil {
		if ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
			// The driver reports a read cut off by the deadline as a lost
			// connection that does not unwrap; say what happened.
			return nil, fmt.Errorf("%s: %w: %w", name, ctx.Err(), err)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return recs, nil
}

func (s *Store) autoCommitRead(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	// graphql-go answers at a request's deadline and leaves its resolvers
	// running: past the deadline they must not reach for a connection of a
	// driver that may be closing.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sess := s.drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeRead,
		BookmarkManager: s.drv.ExecuteQueryBookmarkManager()})
	defer sess.Close(context.WithoutCancel(ctx))
	res, err := sess.Run(ctx, cypher, params, txTimeout(ctx))
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// writeTx runs a mutation's queries in one transaction, retried by the
// driver on transient failures, so every mutation must be idempotent.
func (s *Store) writeTx(ctx context.Context, name string, fn func(q func(cypher string, params map[string]any) ([]*neo4j.Record, error)) error) error {
	sess := s.drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db})
	defer sess.Close(context.WithoutCancel(ctx))
	start := time.Now()
	_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return nil, fn(func(cypher string, params map[string]any) ([]*neo4j.Record, error) {
			return run(ctx, tx, cypher, params)
		})
	}, txTimeout(ctx))
	s.observe(name, start, err)
	return err
}

// entityProps is the projection every entity read returns, so that one
// mapper reads them all.
const entityProps = "{.id, .type, .name, .aliases, .manualAliases, .mentionCount, .articleCount, .confidence, .lastSeen}"

// articleListProps leaves out the text; articleProps has it.
const (
	articleListProps = "{.id, .title, .url, .published, .source, .keywords, .technologies, .industries, .extractor, .ingestedAt}"
	articleProps     = "{.id, .title, .url, .published, .source, .keywords, .technologies, .industries, .extractor, .ingestedAt, .text}"
)

// relationProps projects a relationship bound to r between s and t.
const relationProps = "{id: r.id, type: type(r), source: s.id, target: t.id, title: r.title, confidence: r.confidence, articles: r.articles, evidence: r.evidence}"

// relationSupport is the number of articles behind a relationship r; the
// list's size for relations stored before articleCount was.
const relationSupport = "coalesce(r.articleCount, size(r.articles))"

func toEntity(v any) Entity {
	m, _ := v.(map[string]any)
	return Entity{
		ID: mstr(m, "id"), Type: schema.EntityType(mstr(m, "type")), Name: mstr(m, "name"),
		Aliases: mstrs(m, "aliases"), ManualAliases: mstrs(m, "manualAliases"),
		MentionCount: mint(m, "mentionCount"), ArticleCount: mint(m, "articleCount"), Confidence: mfloat(m, "confidence"),
		LastSeen: mstr(m, "lastSeen"),
	}
}

func toArticle(v any) Article {
	m, _ := v.(map[string]any)
	a := Article{
		ID: mstr(m, "id"), Title: mstr(m, "title"), URL: mstr(m, "url"), Published: mstr(m, "published"),
		Source: mstr(m, "source"), Keywords: mstrs(m, "keywords"), Technologies: mstrs(m, "technologies"),
		Industries: mstrs(m, "industries"), Extractor: mstr(m, "extractor"),
	}
	if t, ok := m["text"].(string); ok {
		a.Text, a.HasText = t, true
	}
	if t, ok := m["ingestedAt"].(time.Time); ok {
		a.IngestedAt = t
	}
	return a
}

func toRelation(v any) Relation {
	m, _ := v.(map[string]any)
	r := Relation{
		ID: mstr(m, "id"), Type: schema.RelationType(mstr(m, "type")), Source: mstr(m, "source"), Target: mstr(m, "target"),
		Title: mstr(m, "title"), Confidence: mfloat(m, "confidence"), Articles: mstrs(m, "articles"),
	}
	r.Evidence = parseEvidences(mstrs(m, "evidence"))
	return r
}

func parseEvidences(stored []string) []Evidence {
	var out []Evidence
	for _, e := range stored {
		if ev, ok := parseEvidence(e); ok {
			out = append(out, ev)
		}
	}
	return out
}

func toStatement(v any) Statement {
	m, _ := v.(map[string]any)
	return Statement{
		ID: mstr(m, "id"), Article: mstr(m, "article"), Speaker: mstr(m, "speaker"),
		Start: int(mint(m, "start")), End: int(mint(m, "end")), Text: mstr(m, "text"), About: mstrs(m, "about"),
		Confidence: mfloat(m, "confidence"),
	}
}

// parseEvidence reads one stored evidence entry (see evidenceSep in
// write.go): article id, start, end, confidence, sentence.
func parseEvidence(s string) (Evidence, bool) {
	f := strings.SplitN(s, evidenceSep, 5)
	if len(f) != 5 {
		return Evidence{}, false
	}
	start, err1 := strconv.Atoi(f[1])
	end, err2 := strconv.Atoi(f[2])
	conf, err3 := strconv.ParseFloat(f[3], 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return Evidence{}, false
	}
	return Evidence{Article: f[0], Start: start, End: end, Confidence: conf, Text: f[4]}, true
}

func mstr(m map[string]any, k string) string    { return asStr(m[k]) }
func mstrs(m map[string]any, k string) []string { return asStrs(m[k]) }
func mint(m map[string]any, k string) int64     { return asInt(m[k]) }
func mfloat(m map[string]any, k string) float64 { return asFloat(m[k]) }

func asStr(v any) string {
	s, _ := v.(string)
	return s
}

func asStrs(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func asInt(v any) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case float64:
		return int64(n)
	}
	return 0
}

func asFloat(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int64:
		return float64(n)
	}
	return 0
}

func val(r *neo4j.Record, key string) any {
	v, _ := r.Get(key)
	return v
}

func int64Of(r *neo4j.Record, key string) int64 {
	v, _, _ := neo4j.GetRecordValue[int64](r, key)
	return v
}

// typeNames turns validated enum values into the strings Cypher compares
// type(r) and e.type with; unknown values are refused.
func relationTypeNames(ts []schema.RelationType) ([]string, error) {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		if !t.Valid() {
			return nil, invalidf("unknown relation type %q", t)
		}
		out = append(out, string(t))
	}
	if len(out) == 0 {
		return allRelationTypeNames(), nil
	}
	return out, nil
}

// allRelationTypeNames lists every extracted relation type of the ontology.
func allRelationTypeNames() []string {
	var out []string
	for _, t := range schema.RelationTypes() {
		out = append(out, string(t.Type))
	}
	return out
}

func entityTypeNames(ts []schema.EntityType) ([]string, error) {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		if info, ok := t.Info(); !ok || !info.Node {
			return nil, invalidf("unknown entity type %q", t)
		}
		out = append(out, string(t))
	}
	if len(out) == 0 {
		return allEntityTypeNames(), nil
	}
	return out, nil
}

// allEntityTypeNames lists every entity type that is a node in the graph.
func allEntityTypeNames() []string {
	var out []string
	for _, t := range schema.NodeTypes() {
		out = append(out, string(t))
	}
	return out
}

// limit checks a page size.
func limit(name string, n, maxN int) error {
	if n < 1 || n > maxN {
		return invalidf("%s must be between 1 and %d, got %d", name, maxN, n)
	}
	return nil
}
