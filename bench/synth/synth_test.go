package synth

import (
	"strings"
	"testing"
)

func TestDeterministicAndGrowing(t *testing.T) {
	a, b := New(1), New(1)
	names := map[string]bool{}
	for i := range 400 {
		x, y := a.Next(), b.Next()
		if x.Text != y.Text || x.ID != y.ID {
			t.Fatalf("article %d differs between two generators of one seed", i)
		}
		if x.Title == "" || len(x.Text) < 60 || !strings.HasPrefix(x.ID, "synth-") {
			t.Fatalf("article %d incomplete: %+v", i, x)
		}
		names[x.Title] = true
	}
	if len(a.people) < 100 || len(a.orgs) < 50 {
		t.Errorf("the pools must grow with N: %d people, %d organisations after 400 articles", len(a.people), len(a.orgs))
	}
	if len(names) < 200 {
		t.Errorf("only %d distinct titles in 400 articles", len(names))
	}
	if New(2).Next().Text == New(1).Next().Text {
		t.Error("another seed gave the same first article")
	}
}
