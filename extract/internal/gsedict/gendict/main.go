// Command gendict writes gse's simplified-Chinese dictionary, exactly as gse
// loads it from its embedded data, in gsedict's compact form. Run it
// through go generate in extract/internal/gsedict after upgrading gse.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"

	"github.com/go-ego/gse"

	"kg/extract/internal/gsedict"
)

func main() {
	out := flag.String("o", "zh_s.bin", "file to write")
	flag.Parse()
	b, err := generate()
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		slog.Error("gendict", "err", err)
		os.Exit(1)
	}
}

// generate loads gse's embedded dictionary with the settings the extractor
// used when it segmented with gse itself (no HMM model) and encodes every
// token of it.
func generate() ([]byte, error) {
	seg := &gse.Segmenter{SkipLog: true, NotLoadHMM: true}
	if err := seg.LoadDictEmbed("zh_s"); err != nil {
		return nil, fmt.Errorf("gse dictionary zh_s: %w", err)
	}
	toks := seg.Dict.Tokens
	entries := make([]gsedict.Entry, len(toks))
	for i := range toks {
		entries[i] = gsedict.Entry{Word: toks[i].Text(), Freq: toks[i].Freq(), Pos: toks[i].Pos()}
	}
	return gsedict.Encode(entries)
}
