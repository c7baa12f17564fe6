package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// The CSV export is three files with the headers of neo4j-admin database
// import (one id space; arrays split at ';', the tool's default):
//
//	neo4j-admin database import full --nodes=nodes.csv --nodes=articles.csv --relationships=relationships.csv neo4j
//
// Array elements and fields must not hold the delimiter or line breaks for
// that tool, so ';' in a value becomes '；' (%3B in urls) and line breaks
// become spaces.

// CSVHeaders are the header rows of the CSV files, by file name.
func CSVHeaders() map[string][]string {
	return map[string][]string{
		"nodes.csv": {"id:ID", "name", "type", "typeLabel", "aliases:string[]", "mentionCount:long", "articleCount:long",
			"confidence:double", "center:boolean", "articles:string[]", "urls:string[]", ":LABEL"},
		"articles.csv": {"id:ID", "title", "url", "published", "source", ":LABEL"},
		"relationships.csv": {":START_ID", ":END_ID", ":TYPE", "id", "label", "title", "confidence:double",
			"articles:string[]", "urls:string[]", "evidence:string[]"},
	}
}

func csvFiles(g Graph) []File {
	v := newView(g)
	h := CSVHeaders()
	nodes := [][]string{h["nodes.csv"]}
	for _, e := range g.Entities {
		arts := g.EntityArticles[e.ID]
		nodes = append(nodes, []string{e.ID, e.Name, string(e.Type), typeLabel(e.Type), csvArray(e.Aliases, false),
			strconv.FormatInt(e.MentionCount, 10), strconv.FormatInt(e.ArticleCount, 10), csvFloat(e.Confidence),
			strconv.FormatBool(v.center[e.ID]), csvArray(arts, false), csvArray(v.urls(arts), true), "Entity;" + string(e.Type)})
	}
	articles := [][]string{h["articles.csv"]}
	for _, a := range g.Articles {
		articles = append(articles, []string{a.ID, a.Title, csvURL(a.URL), a.Published, a.Source, "Article"})
	}
	rels := [][]string{h["relationships.csv"]}
	for _, r := range g.Relations {
		ev := make([]string, len(r.Evidence))
		for i, e := range r.Evidence {
			ev[i] = e.Article + ": " + e.Text
		}
		rels = append(rels, []string{r.Source, r.Target, string(r.Type), r.ID, edgeLabel(r), r.Title, csvFloat(r.Confidence),
			csvArray(r.Articles, false), csvArray(v.urls(r.Articles), true), csvArray(ev, false)})
	}
	return []File{
		{Name: "articles.csv", Content: csvBytes(articles)},
		{Name: "nodes.csv", Content: csvBytes(nodes)},
		{Name: "relationships.csv", Content: csvBytes(rels)},
	}
}

func csvBytes(rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	oneLine := strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")
	for _, row := range rows {
		out := make([]string, len(row))
		for i, f := range row {
			out[i] = oneLine.Replace(f)
		}
		_ = w.Write(out) // a bytes.Buffer does not fail
	}
	w.Flush()
	return b.Bytes()
}

func csvArray(l []string, urls bool) string {
	out := make([]string, len(l))
	for i, s := range l {
		if urls {
			out[i] = csvURL(s)
		} else {
			out[i] = strings.ReplaceAll(s, ";", "；")
		}
	}
	return strings.Join(out, ";")
}

func csvURL(u string) string { return strings.ReplaceAll(u, ";", "%3B") }

func csvFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func writeCSVZip(w io.Writer, g Graph) error {
	// Every zipped file has the same modification time, so the same graph
	// gives the same bytes.
	zipEpoch := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, f := range csvFiles(g) {
		fw, err := z.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: zipEpoch})
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.Content); err != nil {
			return err
		}
	}
	if err := z.Close(); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}
