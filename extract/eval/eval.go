// Package eval scores the extractor's named entities against labelled
// data in the CLUENER JSON-lines form
//
//	{"text": "…", "label": {"name": {"叶老桂": [[9, 11]]}, …}}
//
// (label spans are code points, end inclusive) with exact span matching,
// per label and micro-averaged. A Scheme maps the ontology's entity types
// to the data set's labels.
package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strings"
	"sync"

	"kg/extract"
	"kg/schema"
)

// Scheme is a labelling scheme: which label each entity type is scored
// as, and which labels make up the micro average.
type Scheme struct {
	Name   string                       `json:"name"`
	Labels map[schema.EntityType]string `json:"labels"`
	// Core are the labels of the micro average, in report order.
	Core []string `json:"core"`
}

var (
	// CLUENER is the CLUENER2020 scheme. Institutions and media are both
	// "organization"; address, book, game, movie and scene are not in
	// the micro average (address is still reported).
	CLUENER = Scheme{
		Name: "cluener",
		Labels: map[schema.EntityType]string{
			schema.Person: "name", schema.Company: "company", schema.GovernmentBody: "government",
			schema.Institution: "organization", schema.Media: "organization", schema.Title: "position",
			schema.Location: "address",
		},
		Core: []string{"name", "company", "organization", "government", "position"},
	}
	// Resume is the Resume NER scheme (NAME, ORG, TITLE; its other labels
	// such as EDU and CONT are not extracted).
	Resume = Scheme{
		Name: "resume",
		Labels: map[schema.EntityType]string{
			schema.Person: "NAME", schema.Title: "TITLE", schema.Company: "ORG",
			schema.Institution: "ORG", schema.GovernmentBody: "ORG", schema.Media: "ORG",
		},
		Core: []string{"NAME", "ORG", "TITLE"},
	}
)

// ParseScheme returns the scheme called name ("cluener" or "resume").
func ParseScheme(name string) (Scheme, error) {
	switch strings.ToLower(name) {
	case "cluener", "cluener2020":
		return CLUENER, nil
	case "resume", "resume_ner", "resumener":
		return Resume, nil
	}
	return Scheme{}, fmt.Errorf("eval: unknown scheme %q (want cluener or resume)", name)
}

// Mention is a labelled span: code points, end exclusive.
type Mention struct {
	Label string `json:"label"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Example is one labelled line.
type Example struct {
	Text string    `json:"text"`
	Gold []Mention `json:"gold"`
}

type rawLine struct {
	Text  *string                       `json:"text"`
	Label map[string]map[string][][]int `json:"label"`
}

// ParseLine reads one JSON line. Spans must lie inside the text and
// cover the mention they are listed under.
func ParseLine(b []byte) (Example, error) {
	var raw rawLine
	if err := json.Unmarshal(b, &raw); err != nil {
		return Example{}, err
	}
	if raw.Text == nil {
		return Example{}, errors.New(`no "text"`)
	}
	ex := Example{Text: *raw.Text}
	runes := []rune(ex.Text)
	for label, mentions := range raw.Label {
		for m, spans := range mentions {
			for _, sp := range spans {
				if len(sp) != 2 || sp[0] < 0 || sp[1] < sp[0] || sp[1] >= len(runes) {
					return Example{}, fmt.Errorf("label %s %q: bad span %v for a text of %d characters", label, m, sp, len(runes))
				}
				if got := string(runes[sp[0] : sp[1]+1]); got != m {
					return Example{}, fmt.Errorf("label %s %q: span %v covers %q", label, m, sp, got)
				}
				ex.Gold = append(ex.Gold, Mention{Label: label, Start: sp[0], End: sp[1] + 1,
					Text: string(runes[sp[0] : sp[1]+1])})
			}
		}
	}
	sortMentions(ex.Gold)
	return ex, nil
}

// Predict returns the mentions of doc under the scheme. Mentions nested
// in another mention are dropped, since the labelled data is flat: a
// nested name (北京大学 in 北京大学智能学院) only supports a relation.
func (s Scheme) Predict(doc schema.Document) []Mention {
	runes := []rune(doc.Text)
	var all []Mention
	for _, e := range doc.Entities {
		label, ok := s.Labels[e.Type]
		if !ok {
			continue
		}
		for _, m := range e.Mentions {
			if m.Start < 0 || m.End > len(runes) || m.Start >= m.End {
				continue
			}
			all = append(all, Mention{Label: label, Start: m.Start, End: m.End, Text: string(runes[m.Start:m.End])})
		}
	}
	// Outermost spans of any entity type (Technology, Product … included)
	// decide what is nested.
	var outer []schema.Span
	for _, e := range doc.Entities {
		outer = append(outer, e.Mentions...)
	}
	var out []Mention
	for _, m := range all {
		nested := false
		for _, o := range outer {
			if o.Start <= m.Start && m.End <= o.End && (o.End-o.Start) > (m.End-m.Start) {
				nested = true
				break
			}
		}
		if !nested {
			out = append(out, m)
		}
	}
	sortMentions(out)
	return dedupe(out)
}

func sortMentions(ms []Mention) {
	sort.Slice(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End < b.End
		}
		return a.Label < b.Label
	})
}

func dedupe(ms []Mention) []Mention {
	out := ms[:0]
	for i, m := range ms {
		if i > 0 && m == ms[i-1] {
			continue
		}
		out = append(out, m)
	}
	return out
}

// Counts are the exact-match counts of one label.
type Counts struct {
	Gold      int `json:"gold"`
	Predicted int `json:"predicted"`
	Correct   int `json:"correct"`
}

func (c *Counts) add(o Counts) {
	c.Gold += o.Gold
	c.Predicted += o.Predicted
	c.Correct += o.Correct
}

// Compare counts gold against predicted mentions per label. Only labels
// the scheme produces are counted: gold spans of other labels (book,
// movie …) can be neither found nor missed.
func (s Scheme) Compare(gold, pred []Mention) map[string]Counts {
	produced := make(map[string]bool)
	for _, l := range s.Labels {
		produced[l] = true
	}
	out := make(map[string]Counts)
	goldSet := make(map[Mention]bool)
	for _, g := range gold {
		if !produced[g.Label] {
			continue
		}
		k := Mention{Label: g.Label, Start: g.Start, End: g.End}
		if goldSet[k] {
			continue
		}
		goldSet[k] = true
		c := out[g.Label]
		c.Gold++
		out[g.Label] = c
	}
	for _, p := range pred {
		c := out[p.Label]
		c.Predicted++
		if goldSet[Mention{Label: p.Label, Start: p.Start, End: p.End}] {
			c.Correct++
		}
		out[p.Label] = c
	}
	return out
}

// Score is the result for one label (or the micro average).
type Score struct {
	Label string `json:"label"`
	Counts
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func newScore(label string, c Counts) Score {
	s := Score{Label: label, Counts: c}
	if c.Predicted > 0 {
		s.Precision = float64(c.Correct) / float64(c.Predicted)
	}
	if c.Gold > 0 {
		s.Recall = float64(c.Correct) / float64(c.Gold)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}

// LineError is a line that could not be scored.
type LineError struct {
	Line int    `json:"line"`
	Err  string `json:"error"`
}

func (e LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Err) }

// Report is the outcome of an evaluation.
type Report struct {
	Scheme    string      `json:"scheme"`
	Extractor string      `json:"extractor"`
	Lines     int         `json:"lines"`      // lines scored
	Labels    []Score     `json:"labels"`     // core labels first, then the others produced
	Micro     Score       `json:"micro"`      // over MicroOver
	MicroOver []string    `json:"micro_over"` // the scheme's core labels
	Errors    []LineError `json:"errors,omitempty"`
}

// Miss is a line the extractor got wrong: the gold mentions of the
// scheme's labels it did not predict and the mentions it predicted that
// are not gold. A span found with the wrong label is in both lists.
type Miss struct {
	Line     int       `json:"line"`
	Text     string    `json:"text"`
	Missed   []Mention `json:"missed,omitempty"`
	Spurious []Mention `json:"spurious,omitempty"`
}

// Misses returns what pred got wrong against gold, or ok false if nothing.
func (s Scheme) Misses(gold, pred []Mention) (missed, spurious []Mention, ok bool) {
	produced := make(map[string]bool)
	for _, l := range s.Labels {
		produced[l] = true
	}
	key := func(m Mention) Mention { return Mention{Label: m.Label, Start: m.Start, End: m.End} }
	predSet := make(map[Mention]bool)
	for _, p := range pred {
		predSet[key(p)] = true
	}
	goldSet := make(map[Mention]bool)
	for _, g := range gold {
		if !produced[g.Label] {
			continue
		}
		goldSet[key(g)] = true
		if !predSet[key(g)] {
			missed = append(missed, g)
		}
	}
	for _, p := range pred {
		if !goldSet[key(p)] {
			spurious = append(spurious, p)
		}
	}
	return missed, spurious, len(missed)+len(spurious) > 0
}

// Options adjusts an evaluation.
type Options struct {
	// Misses, if set, receives one JSON line (a Miss) for every scored
	// line with a missed or spurious mention, in input order: the raw
	// material of error analysis.
	Misses io.Writer
}

// NER scores x on the JSON lines of r. A line that is not valid JSON or
// whose spans do not fit its text is recorded in Report.Errors and the
// rest is still scored; NER then returns the full report together with an
// error naming the broken lines. Reading errors and a cancelled context
// end the evaluation.
func NER(ctx context.Context, x *extract.Extractor, r io.Reader, scheme Scheme, opts Options) (Report, error) {
	rep := Report{Scheme: scheme.Name, Extractor: extract.Version}
	type job struct {
		line int
		ex   Example
	}
	type result struct {
		counts map[string]Counts
		miss   *Miss
	}
	jobs := make(chan job)
	results := make(chan result)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				doc, err := x.Extract(ctx, schema.Article{Text: j.ex.Text})
				if err != nil {
					select {
					case errs <- fmt.Errorf("eval: line %d: %w", j.line, err):
					default:
					}
					continue
				}
				pred := scheme.Predict(doc)
				res := result{counts: scheme.Compare(j.ex.Gold, pred)}
				if opts.Misses != nil {
					if missed, spurious, ok := scheme.Misses(j.ex.Gold, pred); ok {
						res.miss = &Miss{Line: j.line, Text: j.ex.Text, Missed: missed, Spurious: spurious}
					}
				}
				results <- res
			}
		}()
	}
	total := make(map[string]Counts)
	var misses []*Miss
	done := make(chan struct{})
	go func() {
		for res := range results {
			for l, n := range res.counts {
				t := total[l]
				t.add(n)
				total[l] = t
			}
			if res.miss != nil {
				misses = append(misses, res.miss)
			}
			rep.Lines++
		}
		close(done)
	}()

	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	line := 0
	var readErr error
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		ex, err := ParseLine(b)
		if err != nil {
			rep.Errors = append(rep.Errors, LineError{Line: line, Err: err.Error()})
			continue
		}
		if ctx.Err() != nil {
			break
		}
		jobs <- job{line, ex}
	}
	if err := sc.Err(); err != nil {
		readErr = fmt.Errorf("eval: reading line %d: %w", line+1, err)
	}
	close(jobs)
	wg.Wait()
	close(results)
	<-done
	select {
	case err := <-errs:
		return rep, err
	default:
	}
	if readErr != nil {
		return rep, readErr
	}
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	rep.fill(scheme, total)
	if opts.Misses != nil {
		sort.Slice(misses, func(i, j int) bool { return misses[i].Line < misses[j].Line })
		enc := json.NewEncoder(opts.Misses)
		enc.SetEscapeHTML(false)
		for _, m := range misses {
			if err := enc.Encode(m); err != nil {
				return rep, fmt.Errorf("eval: writing misses: %w", err)
			}
		}
	}
	if len(rep.Errors) > 0 {
		errs := make([]error, 0, len(rep.Errors))
		for _, e := range rep.Errors {
			errs = append(errs, e)
		}
		return rep, fmt.Errorf("eval: %d broken line(s): %w", len(rep.Errors), errors.Join(errs...))
	}
	return rep, nil
}

// fill computes the per-label and micro scores from the counts.
func (rep *Report) fill(scheme Scheme, total map[string]Counts) {
	var micro Counts
	seen := make(map[string]bool)
	for _, l := range scheme.Core {
		rep.Labels = append(rep.Labels, newScore(l, total[l]))
		micro.add(total[l])
		seen[l] = true
	}
	var rest []string
	for _, l := range scheme.Labels {
		if !seen[l] {
			seen[l] = true
			rest = append(rest, l)
		}
	}
	sort.Strings(rest)
	for _, l := range rest {
		rep.Labels = append(rep.Labels, newScore(l, total[l]))
	}
	rep.Micro = newScore("micro", micro)
	rep.MicroOver = append([]string(nil), scheme.Core...)
}

// WriteText writes the report as an aligned table.
func (rep Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "scheme %s, extractor %s, %d lines scored", rep.Scheme, rep.Extractor, rep.Lines)
	if len(rep.Errors) > 0 {
		fmt.Fprintf(&b, ", %d broken", len(rep.Errors))
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "%-14s %7s %7s %7s %9s %7s %7s\n", "label", "gold", "pred", "correct", "precision", "recall", "f1")
	for _, s := range append(append([]Score(nil), rep.Labels...), rep.Micro) {
		fmt.Fprintf(&b, "%-14s %7d %7d %7d %9.3f %7.3f %7.3f\n", s.Label, s.Gold, s.Predicted, s.Correct,
			s.Precision, s.Recall, s.F1)
	}
	fmt.Fprintf(&b, "micro over %s\n", strings.Join(rep.MicroOver, ", "))
	for _, e := range rep.Errors {
		fmt.Fprintf(&b, "%s\n", e.Error())
	}
	_, err := io.WriteString(w, b.String())
	return err
}
