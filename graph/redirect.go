package graph

import (
	"context"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"kg/schema"
)

// A merge is a decision about the world ("中国信通院 is 中国信息通信研究院"),
// so it must outlive the articles that were written before it: a later
// article that names the merged entity again would otherwise bring it back
// under its own stable id. MergeEntities leaves a redirect for every entity
// it folds away,
//
//	(:Merged {id, into, name})
//
// and Write sends what articles say of a merged id to the entity it was
// merged into. A redirect is a decision, not an article's fact, so deletes
// leave it; it is followed only while its target exists and the merged id
// is no entity of its own (written while the target was gone), so that a
// redirect never splits one entity's mentions over two.

// redirect is where a merged entity id now points.
type redirect struct {
	into string
	typ  schema.EntityType
	name string
}

// readRedirects returns, for those of ids that were merged away, the
// entity they now belong to.
func readRedirects(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) (map[string]redirect, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	recs, err := run(ctx, tx, `UNWIND $ids AS id
MATCH (m:Merged {id: id})
MATCH (e:Entity {id: m.into})
WHERE NOT EXISTS { MATCH (:Entity {id: id}) }
RETURN id, e.id AS into, e.type AS type, e.name AS name`, map[string]any{"ids": ids})
	if err != nil {
		return nil, fmt.Errorf("read merged entities: %w", err)
	}
	if len(recs) == 0 {
		return nil, nil
	}
	out := make(map[string]redirect, len(recs))
	for _, r := range recs {
		out[str(r, "id")] = redirect{into: str(r, "into"), typ: schema.EntityType(str(r, "type")), name: str(r, "name")}
	}
	return out, nil
}

// redirectCandidates lists every entity id the documents may write: their
// entities and the Technology and Industry entities that their metadata
// tags can create (tagRows).
func redirectCandidates(docs []schema.Document) []string {
	var ids []string
	for _, d := range docs {
		for _, e := range d.Entities {
			if e.Type != schema.Title {
				ids = append(ids, e.ID)
			}
		}
		for _, n := range d.Technologies {
			ids = append(ids, schema.EntityID(schema.Technology, n))
		}
		for _, n := range d.Industries {
			ids = append(ids, schema.EntityID(schema.Industry, n))
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// applyRedirects rewrites a document so that it speaks of the entities its
// merged ids were merged into. The name the article used stays as an alias
// of its mention; relations that now loop are dropped, and relations that
// became one are joined, so that an article supports a relation once.
func applyRedirects(d schema.Document, rd map[string]redirect) schema.Document {
	if len(rd) == 0 {
		return d
	}
	to := func(id string) string {
		if r, ok := rd[id]; ok {
			return r.into
		}
		return id
	}
	ents := make([]schema.Entity, len(d.Entities))
	for i, e := range d.Entities {
		if r, ok := rd[e.ID]; ok && e.Type != schema.Title {
			e.Aliases = append([]string{e.Name}, e.Aliases...)
			e.ID, e.Type, e.Name = r.into, r.typ, r.name
		}
		ents[i] = e
	}
	d.Entities = ents

	rels := make([]schema.Relation, 0, len(d.Relations))
	at := map[string]int{}
	for _, r := range d.Relations {
		r.Source, r.Target = to(r.Source), to(r.Target)
		if r.Source == r.Target {
			continue
		}
		id := RelationID(r.Type, r.Source, r.Target, r.Title())
		if i, ok := at[id]; ok {
			rels[i].Evidence = append(slices.Clone(rels[i].Evidence), r.Evidence...)
			rels[i].Confidence = max(rels[i].Confidence, r.Confidence)
			continue
		}
		at[id] = len(rels)
		rels = append(rels, r)
	}
	d.Relations = rels

	sts := make([]schema.Statement, len(d.Statements))
	for i, st := range d.Statements {
		st.Speaker = to(st.Speaker)
		sts[i] = st
	}
	d.Statements = sts
	return d
}

// mergedTagEntity is the entity a metadata tag names once redirects are
// followed.
func mergedTagEntity(e schema.Entity, rd map[string]redirect) schema.Entity {
	if r, ok := rd[e.ID]; ok {
		return schema.Entity{ID: r.into, Type: r.typ, Name: r.name}
	}
	return e
}
