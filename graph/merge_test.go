package graph_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"kg/graph"
	"kg/graph/graphtest"
	"kg/schema"
)

// A second article writes 中国信通院 as an entity of its own: the duplicate
// that mergeEntities exists for.
func duplicateDoc() schema.Document {
	return newDoc("news-dup", "中国信通院发布报告，中国信通院与华为合作。").
		entity(schema.Institution, "中国信通院").entity(schema.Company, "华为").
		relation(schema.PartnersWith, schema.Institution, "中国信通院", schema.Company, "华为", "", "中国信通院与华为合作").doc
}

func TestMergeEntitiesMovesEverythingAndIsIdempotent(t *testing.T) {
	s := fixtureStore(t)
	opts := graphtest.Options(t)
	ctx := context.Background()
	write(t, s, duplicateDoc())
	dup := schema.EntityID(schema.Institution, "中国信通院")

	e, err := s.MergeEntities(ctx, idCAICT, []string{dup, dup, idCAICT, "institution:gone"})
	if err != nil {
		t.Fatal(err)
	}
	if e.ID != idCAICT || e.MentionCount != 4 || e.ArticleCount != 2 || !slices.Contains(e.Aliases, "中国信通院") ||
		!slices.Contains(e.ManualAliases, "中国信通院") {
		t.Errorf("merged entity: %+v", e)
	}
	rows := graphtest.Query(t, opts, `MATCH (e:Entity {id: $id}) RETURN count(e) AS n`, map[string]any{"id": dup})
	if rows[0]["n"] != int64(0) {
		t.Error("the merged entity must be gone")
	}
	rows = graphtest.Query(t, opts, `MATCH (:Entity {id: $id})-[r:PARTNERS_WITH]->(:Entity {id: $h}) RETURN r.id AS id, r.articles AS arts`,
		map[string]any{"id": idCAICT, "h": idHuawei})
	if len(rows) != 1 || rows[0]["id"] != graph.RelationID(schema.PartnersWith, idCAICT, idHuawei, "") {
		t.Errorf("moved relation: %v", rows)
	}
	hits, err := s.Search(ctx, "中国信通院", nil, 3)
	if err != nil || len(hits) == 0 || hits[0].Entity.ID != idCAICT {
		t.Errorf("search after merge: %+v %v", hits, err)
	}

	before := graphtest.Counts(t, opts)
	again, err := s.MergeEntities(ctx, idCAICT, []string{dup})
	if err != nil || again.MentionCount != e.MentionCount {
		t.Errorf("second merge: %+v %v", again, err)
	}
	if after := graphtest.Counts(t, opts); !maps.Equal(before, after) {
		t.Errorf("merging again changed the graph:\n%v\n%v", before, after)
	}
	if _, err := s.MergeEntities(ctx, "institution:nobody", []string{idPKU}); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("unknown target: %v", err)
	}

	// Deleting the duplicate's article keeps the merged name as an alias.
	if _, err := s.DeleteArticles(ctx, []string{"news-dup"}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.EntitiesByID(ctx, []string{idCAICT})
	if !slices.Contains(got[idCAICT].Aliases, "中国信通院") || got[idCAICT].MentionCount != 2 {
		t.Errorf("after deleting the duplicate's article: %+v", got[idCAICT])
	}
}

func TestMergeDropsLoopsAndJoinsRelations(t *testing.T) {
	s := fixtureStore(t)
	ctx := context.Background()
	opts := graphtest.Options(t)
	// Merging the Wuhan institute into 北京大学: its PART_OF 北京大学 would
	// loop; 马修军's WORKS_AT moves to 北京大学 with the title 副院长.
	e, err := s.MergeEntities(ctx, idPKU, []string{idWuhan})
	if err != nil {
		t.Fatal(err)
	}
	checkDerived(t, opts, "after the merge")
	rows := graphtest.Query(t, opts, `MATCH (p:Entity {id: $pku})-[r]-(p) RETURN count(r) AS n`, map[string]any{"pku": idPKU})
	if rows[0]["n"] != int64(0) {
		t.Errorf("self loops after merge: %v", rows)
	}
	rows = graphtest.Query(t, opts, `MATCH (:Person {name: '马修军'})-[r:WORKS_AT]->(:Entity {id: $pku}) RETURN r.title AS title ORDER BY title`,
		map[string]any{"pku": idPKU})
	if len(rows) != 2 || rows[0]["title"] != "副院长" || rows[1]["title"] != "教授" {
		t.Errorf("WORKS_AT after merge: %v", rows)
	}
	if !slices.Contains(e.ManualAliases, "北京大学武汉人工智能研究院") {
		t.Errorf("aliases: %+v", e)
	}
	sg, err := s.Subgraph(ctx, graph.SubgraphQuery{Centers: []string{idPKU}, Depth: 1, Limit: 50})
	if err != nil || !slices.Contains(names(sg.Entities), "武汉") {
		t.Errorf("LOCATED_IN must move to 北京大学: %v %v", names(sg.Entities), err)
	}
	rels, err := s.ArticleRelations(ctx, []string{"news-20250820-ma"}, 50)
	if err != nil || len(rels["news-20250820-ma"]) != 6 {
		t.Errorf("the interview's relations after the merge (one loop dropped): %d %v", len(rels["news-20250820-ma"]), err)
	}

	// The moved relations keep their support: deleting the interview, their
	// only article, removes them.
	if _, err := s.DeleteArticles(ctx, []string{"news-20250820-ma"}); err != nil {
		t.Fatal(err)
	}
	rows = graphtest.Query(t, opts, `MATCH (:Person {name: '马修军'})-[r:WORKS_AT]->(:Entity {id: $pku}) RETURN r.title AS title`,
		map[string]any{"pku": idPKU})
	if len(rows) != 1 || rows[0]["title"] != "教授" {
		t.Errorf("after deleting the interview, only the 教授 relation of another article may stay: %v", rows)
	}
	rows = graphtest.Query(t, opts, `MATCH ()-[r]->() WHERE r.articles IS NOT NULL AND size(r.articles) = 0 RETURN count(r) AS n`, nil)
	if rows[0]["n"] != int64(0) {
		t.Errorf("relations without support after the delete: %v", rows)
	}
	checkDerived(t, opts, "after the merge and the delete")
}

func TestAddAliasSurvivesDeletes(t *testing.T) {
	s := fixtureStore(t)
	ctx := context.Background()
	e, err := s.AddAlias(ctx, idPKU, "北大")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(e.Aliases, "北大") || !slices.Contains(e.ManualAliases, "北大") {
		t.Errorf("alias not stored: %+v", e)
	}
	again, err := s.AddAlias(ctx, idPKU, " 北大 ")
	if err != nil || len(again.Aliases) != len(e.Aliases) {
		t.Errorf("adding twice: %+v %v", again, err)
	}
	if same, err := s.AddAlias(ctx, idPKU, "北京大学"); err != nil || slices.Contains(same.Aliases, "北京大学") {
		t.Errorf("the name itself is no alias: %+v %v", same, err)
	}
	got, err := s.Resolve(ctx, []string{"北大"}, "")
	if err != nil || got["北大"].ID != idPKU {
		t.Errorf("lookup by the new alias: %+v %v", got, err)
	}
	if _, err := s.DeleteArticles(ctx, []string{"news-20250918-kimi"}); err != nil {
		t.Fatal(err)
	}
	got, err = s.Resolve(ctx, []string{"北大"}, "")
	if err != nil || got["北大"].ID != idPKU {
		t.Errorf("the alias must survive a delete: %+v %v", got, err)
	}
	for _, bad := range []string{"", "  ", "北\x00大", strings.Repeat("北", graph.MaxAliasLen+1)} {
		if _, err := s.AddAlias(ctx, idPKU, bad); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("AddAlias(%.20q): %v", bad, err)
		}
	}
	if _, err := s.AddAlias(ctx, "institution:nobody", "x"); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("unknown entity: %v", err)
	}
}

// A merge outlives the articles written before it: a later article that
// names a merged entity, in its text or in its metadata, writes to the
// entity it went into, and so does a new version of an older article.
func TestMergeRedirectsLaterArticles(t *testing.T) {
	s := fixtureStore(t)
	opts := graphtest.Options(t)
	ctx := context.Background()
	idChips := schema.EntityID(schema.Technology, "智能芯片")
	write(t, s, duplicateDoc(), newDoc("news-ai-chip", "AI芯片需求旺盛。").entity(schema.Technology, "AI芯片").doc)
	dup, aiChip := schema.EntityID(schema.Institution, "中国信通院"), schema.EntityID(schema.Technology, "AI芯片")
	for into, from := range map[string]string{idCAICT: dup, idChips: aiChip} {
		if _, err := s.MergeEntities(ctx, into, []string{from}); err != nil {
			t.Fatal(err)
		}
	}

	later := newDoc("news-later", "中国信通院与小米合作。中国信通院隶属于中国信息通信研究院。中国信通院与小米合作研发。").
		entity(schema.Institution, "中国信通院").entity(schema.Institution, "中国信息通信研究院").entity(schema.Company, "小米").
		relation(schema.PartnersWith, schema.Institution, "中国信通院", schema.Company, "小米", "", "中国信通院与小米合作。").
		relation(schema.PartnersWith, schema.Institution, "中国信通院", schema.Company, "小米", "", "中国信通院与小米合作研发。").
		relation(schema.PartOf, schema.Institution, "中国信通院", schema.Institution, "中国信息通信研究院", "", "中国信通院隶属于中国信息通信研究院。").doc
	later.Technologies = []string{"AI芯片"}
	write(t, s, later)
	check := func(when string) {
		t.Helper()
		rows := graphtest.Query(t, opts, `MATCH (e:Entity) WHERE e.id IN $ids RETURN count(e) AS n`, map[string]any{"ids": []string{dup, aiChip}})
		if rows[0]["n"] != int64(0) {
			t.Errorf("%s: a merged entity came back", when)
		}
		rows = graphtest.Query(t, opts, `MATCH (:Article {id: 'news-later'})-[m:MENTIONS]->(e:Entity) RETURN e.id AS id, m.count AS n, m.aliases AS aliases`, nil)
		if len(rows) != 2 {
			t.Errorf("%s: the later article mentions %v", when, rows)
		}
		for _, r := range rows {
			if r["id"] == idCAICT && (r["n"] != int64(4) || !slices.Contains(r["aliases"].([]any), any("中国信通院"))) {
				t.Errorf("%s: 中国信息通信研究院 must have all four mentions, the name written as an alias: %v", when, r)
			}
		}
		rows = graphtest.Query(t, opts, `MATCH (:Entity {id: $id})-[r:PARTNERS_WITH]->(:Entity {name: '小米'}) RETURN r.articles AS arts, size(r.evidence) AS ev`,
			map[string]any{"id": idCAICT})
		if len(rows) != 1 || len(rows[0]["arts"].([]any)) != 1 || rows[0]["ev"] != int64(2) {
			t.Errorf("%s: the two PARTNERS_WITH of the article must be one relation with one article and two sentences: %v", when, rows)
		}
		rows = graphtest.Query(t, opts, `MATCH (e:Entity {id: $id})-[r]-(e) RETURN count(r) AS n`, map[string]any{"id": idCAICT})
		if rows[0]["n"] != int64(0) {
			t.Errorf("%s: the PART_OF that loops after the redirect must be dropped", when)
		}
		rows = graphtest.Query(t, opts, `MATCH (:Article {id: 'news-later'})-[:TAGGED]->(e:Entity) RETURN e.id AS id`, nil)
		if len(rows) != 1 || rows[0]["id"] != idChips {
			t.Errorf("%s: the AI芯片 tag must go to 智能芯片: %v", when, rows)
		}
		checkDerived(t, opts, when)
	}
	check("after a later article")

	// A new version of the duplicate's own article, the last support of
	// nothing but still naming the merged entity.
	upd := duplicateDoc()
	upd.Text += "中国信通院发布白皮书。"
	upd.Entities[0].Mentions = graphtest.Spans(upd.Text, "中国信通院")
	if st := write(t, s, upd); st["news-dup"] != graph.StatusUpdated {
		t.Fatalf("update: %v", st)
	}
	check("after an update of an older article")

	// The merged id names the entity it went into, for lookups and further merges.
	got, err := s.Resolve(ctx, []string{dup}, "")
	if err != nil || got[dup].ID != idCAICT {
		t.Errorf("Resolve(merged id): %+v %v", got, err)
	}
	if byID, err := s.EntitiesByID(ctx, []string{dup, idHuawei}); err != nil || byID[dup].ID != idCAICT || byID[idHuawei].ID != idHuawei {
		t.Errorf("EntitiesByID(merged id): %+v %v", byID, err)
	}
	if e, err := s.MergeEntities(ctx, dup, []string{idPKU}); err != nil || e.ID != idCAICT {
		t.Errorf("merging into a merged id merges into its entity: %+v %v", e, err)
	}
	// A chain: what went into 北京大学 before now follows it into 中国信息通信研究院.
	if got, err := s.Resolve(ctx, []string{idPKU}, ""); err != nil || got[idPKU].ID != idCAICT {
		t.Errorf("Resolve after a second merge: %+v %v", got, err)
	}
}
