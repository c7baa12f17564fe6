package graph_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"kg/graph"
	"kg/graph/graphtest"
	"kg/schema"
)

var (
	idMa     = schema.EntityID(schema.Person, "马修军")
	idPKU    = schema.EntityID(schema.Institution, "北京大学")
	idWuhan  = schema.EntityID(schema.Institution, "北京大学武汉人工智能研究院")
	idCAICT  = schema.EntityID(schema.Institution, "中国信息通信研究院")
	idHuawei = schema.EntityID(schema.Company, "华为")
	idXiaomi = schema.EntityID(schema.Company, "小米")
	idCambr  = schema.EntityID(schema.Company, "寒武纪")
	idChips  = schema.EntityID(schema.Technology, "智能芯片")
	idPolicy = schema.EntityID(schema.Policy, "“人工智能+”行动")
	idMIIT   = schema.EntityID(schema.GovernmentBody, "工业和信息化部")
	idKimi   = schema.EntityID(schema.Product, "Kimi")
)

func fixtureStore(t *testing.T) *graph.Store {
	t.Helper()
	s := graphtest.Open(t)
	graphtest.LoadFixture(t, s)
	return s
}

func names(es []graph.Entity) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Name
	}
	return out
}

func TestResolveByIDNameAndAlias(t *testing.T) {
	s := fixtureStore(t)
	ctx := context.Background()
	got, err := s.Resolve(ctx, []string{"马修军", "中国信通院", "ＫＩＭＩ", idHuawei, "没有这个人", "'}) DETACH DELETE n //", ""}, "")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"马修军": idMa, "中国信通院": idCAICT, "ＫＩＭＩ": idKimi, idHuawei: idHuawei}
	for ref, id := range want {
		if got[ref].ID != id {
			t.Errorf("Resolve(%q) = %q, want %q", ref, got[ref].ID, id)
		}
	}
	if len(got) != len(want) {
		t.Errorf("unexpected matches: %v", got)
	}
	if got, err := s.Resolve(ctx, []string{"马修军"}, schema.Company); err != nil || len(got) != 0 {
		t.Errorf("a type restriction must exclude other types: %v %v", got, err)
	}
	if _, err := s.Resolve(ctx, []string{strings.Repeat("长", 10000)}, ""); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("a 10,000-character name must be refused as invalid input, got %v", err)
	}
}

func TestEntitiesPagesAreKeysetStable(t *testing.T) {
	s := fixtureStore(t)
	ctx := context.Background()
	for _, sort := range []graph.EntitySort{graph.ByMentions, graph.ByName, graph.ByRecent} {
		all, err := s.Entities(ctx, graph.EntityFilter{}, sort, graph.MaxPage, "")
		if err != nil {
			t.Fatalf("%s: %v", sort, err)
		}
		var paged []string
		after := ""
		for {
			p, err := s.Entities(ctx, graph.EntityFilter{}, sort, 4, after)
			if err != nil {
				t.Fatalf("%s page: %v", sort, err)
			}
			paged = append(paged, names(p.Items)...)
			if !p.HasNext {
				break
			}
			after = p.Cursors[len(p.Cursors)-1]
		}
		if !slices.Equal(paged, names(all.Items)) {
			t.Errorf("%s: pages %v differ from one list %v", sort, paged, names(all.Items))
		}
	}
	all, _ := s.Entities(ctx, graph.EntityFilter{}, graph.ByMentions, graph.MaxPage, "")
	if !slices.IsSortedFunc(all.Items, func(a, b graph.Entity) int { return int(b.MentionCount - a.MentionCount) }) {
		t.Errorf("most mentioned first: %v", names(all.Items))
	}
	recent, _ := s.Entities(ctx, graph.EntityFilter{}, graph.ByRecent, graph.MaxPage, "")
	if len(recent.Items) == 0 || recent.Items[0].LastSeen == "" ||
		!slices.IsSortedFunc(recent.Items, func(a, b graph.Entity) int { return strings.Compare(b.LastSeen, a.LastSeen) }) {
		t.Errorf("most recently seen first: %v", recent.Items)
	}
	n, err := s.CountEntities(ctx, graph.EntityFilter{})
	if err != nil || n != int64(len(all.Items)) {
		t.Errorf("count %d, %v; list has %d", n, err, len(all.Items))
	}

	// A new entity sorting before the cursor must not shift the next page,
	// in every order: AAA公司 sorts first by name, by mentions (said ten
	// times) and by date (the newest article).
	var cursors, pages = map[graph.EntitySort]string{}, map[graph.EntitySort][]string{}
	for _, sort := range []graph.EntitySort{graph.ByMentions, graph.ByName, graph.ByRecent} {
		first, _ := s.Entities(ctx, graph.EntityFilter{}, sort, 3, "")
		cursors[sort] = first.Cursors[2]
		next, _ := s.Entities(ctx, graph.EntityFilter{}, sort, 3, cursors[sort])
		pages[sort] = names(next.Items)
	}
	ins := newDoc("insert", strings.Repeat("AAA公司成立。", 10)).entity(schema.Company, "AAA公司").doc
	ins.Published = "2099-01-01"
	write(t, s, ins)
	for sort, cur := range cursors {
		top, _ := s.Entities(ctx, graph.EntityFilter{}, sort, 1, "")
		after, _ := s.Entities(ctx, graph.EntityFilter{}, sort, 3, cur)
		if names(top.Items)[0] != "AAA公司" || !slices.Equal(pages[sort], names(after.Items)) {
			t.Errorf("%s: an insert before the cursor moved the page: %v → %v (top %v)", sort, pages[sort], names(after.Items), names(top.Items))
		}
	}
	first, _ := s.Entities(ctx, graph.EntityFilter{}, graph.ByName, 3, "")

	if _, err := s.Entities(ctx, graph.EntityFilter{}, graph.ByName, 3, "not-a-cursor"); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("bad cursor: %v", err)
	}
	if _, err := s.Entities(ctx, graph.EntityFilter{}, graph.ByName, 3, first.Cursors[0]); err != nil {
		t.Errorf("own cursor: %v", err)
	}
	mentions, _ := s.Entities(ctx, graph.EntityFilter{}, graph.ByMentions, 3, "")
	if _, err := s.Entities(ctx, graph.EntityFilter{}, graph.ByName, 3, mentions.Cursors[0]); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("a cursor of another sort order must be refused: %v", err)
	}
}

func TestEntityFilters(t *testing.T) {
	s := fixtureStore(t)
	ctx := context.Background()
	tests := []struct {
		name string
		f    graph.EntityFilter
		want []string
	}{
		{"type and name", graph.EntityFilter{Types: []schema.EntityType{schema.Institution}, NameContains: "北京大学"},
			[]string{"北京大学", "北京大学智能学院", "北京大学武汉人工智能研究院"}},
		{"alias contains", graph.EntityFilter{NameContains: "信通院"}, []string{"中国信息通信研究院"}},
		{"article", graph.EntityFilter{Article: "news-20251010-cambricon", Types: []schema.EntityType{schema.Company}},
			[]string{"华为", "寒武纪", "小米"}},
		{"published range", graph.EntityFilter{Types: []schema.EntityType{schema.Person}, PublishedFrom: "2025-09-01", PublishedTo: "2025-09-30"},
			[]string{"李伟", "马修军"}},
		{"min mentions", graph.EntityFilter{Types: []schema.EntityType{schema.Person}, MinMentions: 3}, []string{"马修军"}},
	}
	for _, tc := range tests {
		p, err := s.Entities(ctx, tc.f, graph.ByName, 50, "")
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got := names(p.Items)
		slices.Sort(got)
		slices.Sort(tc.want)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
		n, err := s.CountEntities(ctx, tc.f)
		if err != nil || n != int64(len(tc.want)) {
			t.Errorf("%s: count %d %v", tc.name, n, err)
		}
	}
	if _, err := s.Entities(ctx, graph.EntityFilter{Types: []schema.EntityType{"Person) DETACH DELETE n //"}}, graph.ByName, 5, ""); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("unknown type: %v", err)
	}
}

func TestSearchRanksExactAliasPrefixText(t *testing.T) {
	s := fixtureStore(t)
	ctx := context.Background()
	hits, err := s.Search(ctx, "北京大学", nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) < 3 || hits[0].Entity.ID != idPKU || hits[0].Match != graph.MatchExact || hits[1].Match != graph.MatchPrefix {
		t.Errorf("北京大学: %+v", hits)
	}
	hits, err = s.Search(ctx, "中国信通院", nil, 5)
	if err != nil || len(hits) == 0 || hits[0].Entity.ID != idCAICT || hits[0].Match != graph.MatchAlias {
		t.Errorf("alias: %+v %v", hits, err)
	}
	hits, err = s.Search(ctx, "芯片", []schema.EntityType{schema.Technology}, 5)
	if err != nil || len(hits) != 1 || hits[0].Entity.ID != idChips || hits[0].Match != graph.MatchText || hits[0].Score <= 0 {
		t.Errorf("芯片 (full text, cjk bigram): %+v %v", hits, err)
	}
	hits, err = s.Search(ctx, "kimi", nil, 5)
	if err != nil || len(hits) == 0 || hits[0].Entity.ID != idKimi || hits[0].Match != graph.MatchExact {
		t.Errorf("folded latin: %+v %v", hits, err)
	}
	for _, q := range []string{`'}) DETACH DELETE n //`, `a:b AND (c OR "`, `*`, `\`, `~1^2 [x TO y] {a} !b -c +d && || /re/`,
		"北京\x00大学\x1b", "NOT OR AND", strings.Repeat("芯", 200)} {
		if _, err := s.Search(ctx, q, nil, 5); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
	}
	for _, q := range []string{"", "   ", strings.Repeat("芯", 10000)} {
		if _, err := s.Search(ctx, q, nil, 5); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("Search(%.20q) must be invalid input, got %v", q, err)
		}
	}
}

func TestEntityNeighbourhoodReads(t *testing.T) {
	s := fixtureStore(t)
	ctx := context.Background()
	arts, err := s.EntityArticles(ctx, []string{idMa, idKimi}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(arts[idMa]) != 3 || arts[idMa][0].ID != "news-20251020-chips" || arts[idMa][0].HasText {
		t.Errorf("articles of 马修军, newest first, without text: %+v", arts[idMa])
	}
	if len(arts[idKimi]) != 1 {
		t.Errorf("articles of Kimi: %+v", arts[idKimi])
	}

	rels, err := s.EntityRelations(ctx, []string{idMa}, graph.RelationQuery{Types: []schema.RelationType{schema.WorksAt}, Direction: graph.Outgoing, First: 10})
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]string{}
	for _, r := range rels[idMa] {
		titles[r.TargetEntity.Name] = r.Title
		if len(r.Evidence) == 0 || r.Evidence[0].Text == "" || r.SourceEntity.ID != idMa {
			t.Errorf("relation lacks evidence or ends: %+v", r)
		}
	}
	if titles["北京大学武汉人工智能研究院"] != "副院长" || titles["北京大学智能学院"] != "教授" || titles["北京大学"] != "教授" {
		t.Errorf("WORKS_AT titles of 马修军: %v", titles)
	}
	in, err := s.EntityRelations(ctx, []string{idChips}, graph.RelationQuery{Types: []schema.RelationType{schema.Develops}, Direction: graph.Incoming, First: 10})
	if err != nil {
		t.Fatal(err)
	}
	var devs []string
	for _, r := range in[idChips] {
		devs = append(devs, r.SourceEntity.Name)
	}
	slices.Sort(devs)
	if !slices.Equal(devs, []string{"华为", "寒武纪"}) {
		t.Errorf("who develops 智能芯片: %v", devs)
	}

	nb, err := s.EntityNeighbors(ctx, []string{idPKU}, graph.NeighborQuery{First: 10})
	if err != nil {
		t.Fatal(err)
	}
	got := names(nb[idPKU])
	slices.Sort(got)
	if !slices.Equal(got, []string{"北京大学智能学院", "北京大学武汉人工智能研究院", "月之暗面", "马修军"}) {
		t.Errorf("neighbours of 北京大学: %v", got)
	}

	rel, err := s.EntityRelated(ctx, []string{idCambr}, []schema.EntityType{schema.Company}, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(rel[idCambr]) != 2 || rel[idCambr][0].Entity.ID != idHuawei || rel[idCambr][0].Shared != 2 {
		t.Errorf("companies co-mentioned with 寒武纪: %+v", rel[idCambr])
	}

	said, err := s.EntityStatements(ctx, []string{idMa}, false, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(said[idMa]) != 4 || said[idMa][0].Article != "news-20251020-chips" || said[idMa][0].Confidence != 0.9 {
		t.Errorf("statements of 马修军: %+v", said[idMa])
	}
	about, err := s.EntityStatements(ctx, []string{idPolicy}, true, 10)
	if err != nil {
		t.Fatal(err)
	}
	var speakers []string
	for _, st := range about[idPolicy] {
		speakers = append(speakers, st.Speaker)
	}
	slices.Sort(speakers)
	if want := []string{schema.EntityID(schema.Person, "李伟"), idMa}; !slices.Equal(speakers, want) {
		slices.Sort(want)
		if !slices.Equal(speakers, want) {
			t.Errorf("who comments on the policy: %v", speakers)
		}
	}
}

func TestArticleReads(t *testing.T) {
	s := fixtureStore(t)
	ctx := context.Background()
	p, err := s.Articles(ctx, graph.ArticleFilter{}, 2, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 2 || !p.HasNext || p.Items[0].ID != "news-20251020-chips" {
		t.Errorf("newest first: %+v", p)
	}
	var ids []string
	for after := ""; ; {
		p, err := s.Articles(ctx, graph.ArticleFilter{Entity: idMIIT}, 1, after)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range p.Items {
			ids = append(ids, a.ID)
		}
		if !p.HasNext {
			break
		}
		after = p.Cursors[0]
	}
	if !slices.Equal(ids, []string{"news-20251020-chips", "news-20250905-miit"}) {
		t.Errorf("articles about 工业和信息化部: %v", ids)
	}
	if n, err := s.CountArticles(ctx, graph.ArticleFilter{PublishedFrom: "2025-10-01", PublishedTo: "2025-12-31"}); n != 2 || err != nil {
		t.Errorf("articles this quarter: %d %v", n, err)
	}
	full, err := s.ArticlesByID(ctx, []string{"news-20250905-miit", "missing"}, true)
	if err != nil || len(full) != 1 || !strings.Contains(full["news-20250905-miit"].Text, "中国信通院") {
		t.Errorf("by id with text: %+v %v", full, err)
	}
	ents, err := s.ArticleEntities(ctx, []string{"news-20250905-miit"}, nil, 50)
	if err != nil || len(ents["news-20250905-miit"]) != 8 {
		t.Errorf("entities of the policy article: %+v %v", ents, err)
	}
	rels, err := s.ArticleRelations(ctx, []string{"news-20250905-miit"}, 50)
	if err != nil || len(rels["news-20250905-miit"]) != 2 {
		t.Errorf("relations of the policy article: %+v %v", rels, err)
	}
	sts, err := s.ArticleStatements(ctx, []string{"news-20250820-ma"})
	if err != nil || len(sts["news-20250820-ma"]) != 2 || sts["news-20250820-ma"][0].Speaker != idMa {
		t.Errorf("statements of the interview: %+v %v", sts, err)
	}

	page, err := s.Relations(ctx, graph.RelationFilter{Types: []schema.RelationType{schema.WorksAt}, TitleContains: "副院长"}, 10, "")
	if err != nil || len(page.Items) != 2 {
		t.Errorf("vice presidents: %+v %v", page, err)
	}
	for _, f := range []graph.RelationFilter{{Source: idMa}, {Target: idPKU}, {Entity: idCambr}, {Article: "news-20251010-cambricon"}, {}} {
		all, err := s.Relations(ctx, f, graph.MaxPage, "")
		if err != nil {
			t.Fatal(err)
		}
		var paged []string
		for after := ""; ; {
			p, err := s.Relations(ctx, f, 2, after)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range p.Items {
				paged = append(paged, r.ID)
			}
			if !p.HasNext {
				break
			}
			after = p.Cursors[len(p.Cursors)-1]
		}
		n, err := s.CountRelations(ctx, f)
		if err != nil || int(n) != len(all.Items) || len(paged) != len(all.Items) || len(all.Items) == 0 {
			t.Errorf("%+v: count %d, paged %d, all %d, %v", f, n, len(paged), len(all.Items), err)
		}
	}
}

func TestPathsAndSubgraph(t *testing.T) {
	s := fixtureStore(t)
	ctx := context.Background()
	p, err := s.ShortestPath(ctx, idHuawei, idXiaomi, 4, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p == nil || !slices.Equal(names(p.Entities), []string{"华为", "寒武纪", "小米"}) || len(p.Relations) != 2 {
		t.Fatalf("华为 → 小米: %+v", p)
	}
	if p, err := s.ShortestPath(ctx, idHuawei, idXiaomi, 4, []schema.RelationType{schema.WorksAt}); p != nil || err != nil {
		t.Errorf("no path over WORKS_AT only: %+v %v", p, err)
	}
	if p, err := s.ShortestPath(ctx, idHuawei, idHuawei, 4, nil); err != nil || p == nil || len(p.Entities) != 1 {
		t.Errorf("path to itself: %+v %v", p, err)
	}
	paths, err := s.Paths(ctx, idHuawei, idXiaomi, 4, nil, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 2 || len(paths[0].Relations) != 2 || len(paths[1].Relations) < 2 {
		t.Errorf("paths 华为 → 小米: %d", len(paths))
	}
	for _, p := range paths {
		if len(p.Entities) != len(p.Relations)+1 {
			t.Errorf("malformed path %+v", p)
		}
	}
	if _, err := s.ShortestPath(ctx, idHuawei, idXiaomi, 99, nil); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("maxHops bound: %v", err)
	}

	sg, err := s.Subgraph(ctx, graph.SubgraphQuery{Centers: []string{idPKU}, Depth: 2, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	got := names(sg.Entities)
	for _, want := range []string{"北京大学", "马修军", "月之暗面", "Kimi", "武汉", "北京大学武汉人工智能研究院"} {
		if !slices.Contains(got, want) {
			t.Errorf("2-hop neighbourhood of 北京大学 lacks %s: %v", want, got)
		}
	}
	if sg.Truncated || len(sg.Relations) < 6 {
		t.Errorf("subgraph: truncated %v, %d relations", sg.Truncated, len(sg.Relations))
	}
	for _, r := range sg.Relations {
		if !slices.ContainsFunc(sg.Entities, func(e graph.Entity) bool { return e.ID == r.Source }) ||
			!slices.ContainsFunc(sg.Entities, func(e graph.Entity) bool { return e.ID == r.Target }) {
			t.Errorf("relation %s leaves the subgraph", r.ID)
		}
	}
	small, err := s.Subgraph(ctx, graph.SubgraphQuery{Centers: []string{idPKU}, Depth: 3, Limit: 3})
	if err != nil || len(small.Entities) != 3 || !small.Truncated {
		t.Errorf("limit 3: %d entities, truncated %v, %v", len(small.Entities), small.Truncated, err)
	}
	orgs, err := s.Subgraph(ctx, graph.SubgraphQuery{Centers: []string{idPKU}, Depth: 2, Limit: 50,
		EntityTypes: []schema.EntityType{schema.Institution, schema.Company}})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range orgs.Entities {
		if e.Type != schema.Institution && e.Type != schema.Company {
			t.Errorf("entity type filter let %s (%s) in", e.Name, e.Type)
		}
	}
}
