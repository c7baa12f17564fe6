package main

import (
	"archive/zip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kg/graph/graphtest"
)

// TestExport ingests the seed article with the real commands and exports
// it in every way the CLI offers.
func TestExport(t *testing.T) {
	graphtest.Open(t)
	if out, errOut, code := kg(t, "ingest", seedPath); code != 0 {
		t.Fatalf("ingest: exit %d\n%s%s", code, out, errOut)
	}
	dir := t.TempDir()

	out, errOut, code := kg(t, "export", "--center", "马修军", "--format", "json")
	if code != 0 {
		t.Fatalf("json: exit %d: %s", code, errOut)
	}
	var doc struct {
		Nodes []struct{ Label string } `json:"nodes"`
		Links []struct{ Title string } `json:"links"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Nodes) < 4 || !strings.Contains(out, `"title": "副院长"`) {
		t.Errorf("json on stdout: %v\n%s", err, out)
	}

	md := filepath.Join(dir, "report.md")
	if _, errOut, code := kg(t, "export", "--center", "马修军", "--format", "MARKDOWN", "--out", md, "--builtin-layout"); code != 0 {
		t.Fatalf("markdown: exit %d: %s", code, errOut)
	}
	report, _ := os.ReadFile(md)
	svg, err := os.ReadFile(filepath.Join(dir, "report.svg"))
	if err != nil || !strings.Contains(string(report), "![马修军](report.svg)") || !strings.Contains(string(svg), "马修军") {
		t.Errorf("the report does not show its picture next to it: %v\n%s", err, report)
	}

	csvDir := filepath.Join(dir, "csv")
	if _, errOut, code := kg(t, "export", "--center", "北京大学", "--depth", "2", "--format", "csv", "--out", csvDir); code != 0 {
		t.Fatalf("csv folder: exit %d: %s", code, errOut)
	}
	for name, want := range map[string]string{"nodes.csv": "北京大学", "relationships.csv": "副院长", "articles.csv": "baijiahao.baidu.com"} {
		if b, err := os.ReadFile(filepath.Join(csvDir, name)); err != nil || !strings.Contains(string(b), want) {
			t.Errorf("%s: %v", name, err)
		}
	}
	zipPath := filepath.Join(dir, "pku.zip")
	if _, errOut, code := kg(t, "export", "--center", "北京大学", "--format", "csv", "--out", zipPath); code != 0 {
		t.Fatalf("csv zip: exit %d: %s", code, errOut)
	}
	if z, err := zip.OpenReader(zipPath); err != nil || len(z.File) != 3 {
		t.Errorf("zip: %v", err)
	} else {
		z.Close()
	}

	out, _, code = kg(t, "export", "--from", "马修军", "--to", "北京大学", "--format", "dot")
	if code != 0 || !strings.HasPrefix(out, "digraph kg {") || !strings.Contains(out, "下属于") {
		t.Errorf("paths as dot: exit %d\n%s", code, out)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--center", "无此人", "--format", "json"}, `no entity has the id or name "无此人"; find the name with: kg query '{ search(query: "无此人")`},
		{[]string{"--center", "马修军", "--format", "pdf"}, "unknown export format"},
		{[]string{"--center", "马修军", "--format", "csv"}, "CSV is several files"},
		{[]string{"--center", "马修军", "--format", "json", "--depth", "7"}, "depth must be between 1 and 3"},
		{[]string{"--center", "马修军", "--format", "json", "--types", "LIKES"}, `--types: unknown relation type "LIKES"`},
		{[]string{"--format", "json"}, "give at least one center"},
	} {
		_, errOut, code := kg(t, append([]string{"export"}, tc.args...)...)
		if code != 1 || !strings.Contains(errOut, tc.want) {
			t.Errorf("kg export %v: exit %d, stderr %q; want %q", tc.args, code, errOut, tc.want)
		}
	}
}
