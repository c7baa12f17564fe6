package export

import (
	"encoding/json"
	"io"
)

// The JSON export is one object that three kinds of consumer read as it is:
// nodes and links are the node-link shape of d3-force and NetworkX
// (node_link_graph(data, edges="links")); elements is the shape of
// Cytoscape.js and Cytoscape's .cyjs import. README.md documents it.
type jsonDoc struct {
	Directed   bool            `json:"directed"`
	Multigraph bool            `json:"multigraph"`
	Graph      jsonMeta        `json:"graph"`
	Nodes      []jsonNode      `json:"nodes"`
	Links      []jsonLink      `json:"links"`
	Elements   jsonElements    `json:"elements"`
	Articles   []jsonArticle   `json:"articles"`
	Statements []jsonStatement `json:"statements"`
}

type jsonMeta struct {
	Title         string   `json:"title"`
	Centers       []string `json:"centers"`
	Truncated     bool     `json:"truncated"`
	EntityCount   int      `json:"entityCount"`
	RelationCount int      `json:"relationCount"`
}

type jsonNode struct {
	ID           string   `json:"id"`
	Label        string   `json:"label"`
	Type         string   `json:"type"`
	TypeLabel    string   `json:"typeLabel"`
	Aliases      []string `json:"aliases"`
	MentionCount int64    `json:"mentionCount"`
	ArticleCount int64    `json:"articleCount"`
	Confidence   float64  `json:"confidence"`
	Center       bool     `json:"center"`
	Color        string   `json:"color"`
	Articles     []string `json:"articles"`
	URLs         []string `json:"urls"`
}

type jsonLink struct {
	ID         string         `json:"id"`
	Key        string         `json:"key"`
	Source     string         `json:"source"`
	Target     string         `json:"target"`
	Type       string         `json:"type"`
	Label      string         `json:"label"`
	Title      string         `json:"title"`
	Confidence float64        `json:"confidence"`
	Articles   []string       `json:"articles"`
	URLs       []string       `json:"urls"`
	Evidence   []jsonEvidence `json:"evidence"`
}

type jsonEvidence struct {
	Article    string  `json:"article"`
	URL        string  `json:"url"`
	Start      int     `json:"start"`
	End        int     `json:"end"`
	Confidence float64 `json:"confidence"`
	Text       string  `json:"text"`
}

type jsonElements struct {
	Nodes []jsonData[jsonNode] `json:"nodes"`
	Edges []jsonData[jsonLink] `json:"edges"`
}

type jsonData[T any] struct {
	Data T `json:"data"`
}

type jsonArticle struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Published string `json:"published"`
	Source    string `json:"source"`
}

type jsonStatement struct {
	ID         string   `json:"id"`
	Speaker    string   `json:"speaker"`
	Article    string   `json:"article"`
	URL        string   `json:"url"`
	Start      int      `json:"start"`
	End        int      `json:"end"`
	Text       string   `json:"text"`
	Confidence float64  `json:"confidence"`
	About      []string `json:"about"`
}

func writeJSON(w io.Writer, g Graph) error {
	v := newView(g)
	doc := jsonDoc{Directed: true, Multigraph: true,
		Graph: jsonMeta{Title: g.Title, Centers: nonNil(g.Centers), Truncated: g.Truncated,
			EntityCount: len(g.Entities), RelationCount: len(g.Relations)},
		Nodes: []jsonNode{}, Links: []jsonLink{}, Articles: []jsonArticle{}, Statements: []jsonStatement{},
		Elements: jsonElements{Nodes: []jsonData[jsonNode]{}, Edges: []jsonData[jsonLink]{}}}
	for _, e := range g.Entities {
		arts := g.EntityArticles[e.ID]
		n := jsonNode{ID: e.ID, Label: e.Name, Type: string(e.Type), TypeLabel: typeLabel(e.Type), Aliases: nonNil(e.Aliases),
			MentionCount: e.MentionCount, ArticleCount: e.ArticleCount, Confidence: e.Confidence, Center: v.center[e.ID],
			Color: colour(e.Type), Articles: nonNil(arts), URLs: nonNil(v.urls(arts))}
		doc.Nodes = append(doc.Nodes, n)
		doc.Elements.Nodes = append(doc.Elements.Nodes, jsonData[jsonNode]{n})
	}
	for _, r := range g.Relations {
		l := jsonLink{ID: r.ID, Key: r.ID, Source: r.Source, Target: r.Target, Type: string(r.Type), Label: edgeLabel(r),
			Title: r.Title, Confidence: r.Confidence, Articles: nonNil(r.Articles), URLs: nonNil(v.urls(r.Articles)),
			Evidence: []jsonEvidence{}}
		for _, ev := range r.Evidence {
			l.Evidence = append(l.Evidence, jsonEvidence{Article: ev.Article, URL: v.articles[ev.Article].URL,
				Start: ev.Start, End: ev.End, Confidence: ev.Confidence, Text: ev.Text})
		}
		doc.Links = append(doc.Links, l)
		doc.Elements.Edges = append(doc.Elements.Edges, jsonData[jsonLink]{l})
	}
	for _, a := range g.Articles {
		doc.Articles = append(doc.Articles, jsonArticle{ID: a.ID, Title: a.Title, URL: a.URL, Published: a.Published, Source: a.Source})
	}
	for _, s := range g.Statements {
		doc.Statements = append(doc.Statements, jsonStatement{ID: s.ID, Speaker: s.Speaker, Article: s.Article,
			URL: v.articles[s.Article].URL, Start: s.Start, End: s.End, Text: s.Text, Confidence: s.Confidence, About: nonNil(s.About)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
