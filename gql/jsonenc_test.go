package gql

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
)

// FuzzJSONEncoding holds the direct executor's writers to encoding/json's
// bytes, which graphql-go's responses are written with.
func FuzzJSONEncoding(f *testing.F) {
	for _, s := range []string{"", "马修军", `"\<>&`, "\x00\x1f\b\f\n\r\t", "\u2028\u2029", "\xff\xfe", "a\xe4\xb8"} {
		f.Add(s, 0.0)
	}
	for _, x := range []float64{1, -0.5, 1e-7, 1e21, 123456789.125, math.SmallestNonzeroFloat64, math.MaxFloat64, 0.8} {
		f.Add("", x)
	}
	f.Fuzz(func(t *testing.T, s string, x float64) {
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("string %q: %s, encoding/json %s", s, got, want)
		}
		want, err := json.Marshal(x)
		got, ok := appendFloat(nil, x)
		if ok != (err == nil) || (ok && !bytes.Equal(got, want)) {
			t.Errorf("float %v: %s %v, encoding/json %s %v", x, got, ok, want, err)
		}
	})
}
