package main

import (
	"bytes"
	"os"
	"testing"
)

// The committed dictionary must be what gse's embedded one gives today,
// so that upgrading gse without regenerating fails here.
func TestCommittedDictionaryIsCurrent(t *testing.T) {
	want, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../zh_s.bin")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("extract/internal/gsedict/zh_s.bin (%d bytes) differs from what gse gives (%d bytes): run go generate ./extract/internal/gsedict",
			len(got), len(want))
	}
}
