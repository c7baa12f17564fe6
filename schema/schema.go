package schema

// Span is a range of Unicode code points in an article's text, end exclusive.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len is the number of code points in the span.
func (s Span) Len() int { return s.End - s.Start }

// Article is one news item as read, before extraction.
type Article struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	URL          string   `json:"url"`
	Published    string   `json:"published"`
	Source       string   `json:"source"` // file name or "-" for stdin
	Keywords     []string `json:"keywords"`
	Technologies []string `json:"technologies"`
	Industries   []string `json:"industries"`
	// Text is what every span of the extraction refers to.
	Text string `json:"text"`
}

// Entity is one distinct thing an article speaks of, with where it does.
type Entity struct {
	ID         string     `json:"id"`
	Type       EntityType `json:"type"`
	Name       string     `json:"name"`
	Aliases    []string   `json:"aliases"`
	Confidence float64    `json:"confidence"`
	Mentions   []Span     `json:"mentions"`
}

// Relation is a typed, directed fact between two entities of one article.
type Relation struct {
	Type       RelationType      `json:"type"`
	Source     string            `json:"source"` // entity id
	Target     string            `json:"target"` // entity id
	Properties map[string]string `json:"properties,omitempty"`
	Confidence float64           `json:"confidence"`
	Evidence   []Span            `json:"evidence"`
}

// Title returns the job title of a WORKS_AT relation, or "".
func (r Relation) Title() string { return r.Properties["title"] }

// Statement is what a person said in an article.
type Statement struct {
	Speaker    string  `json:"speaker"` // entity id
	Start      int     `json:"start"`
	End        int     `json:"end"`
	Text       string  `json:"text"`
	Confidence float64 `json:"confidence"` // that Speaker said Text
}

// Document is the extraction of one article: the `kg extract` contract.
type Document struct {
	Article
	Extractor  string      `json:"extractor"` // name and version of the extractor
	Entities   []Entity    `json:"entities"`
	Relations  []Relation  `json:"relations"`
	Statements []Statement `json:"statements"`
}

// EntityByID returns the document's entity with the given id.
func (d *Document) EntityByID(id string) (Entity, bool) {
	for _, e := range d.Entities {
		if e.ID == id {
			return e, true
		}
	}
	return Entity{}, false
}
