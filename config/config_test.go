package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

// clearEnv hides any KG_* variable of the developer's shell from the test.
func clearEnv(t *testing.T) {
	for _, k := range Keys() {
		if _, ok := os.LookupEnv(EnvName(k)); ok {
			t.Setenv(EnvName(k), "")
			os.Unsetenv(EnvName(k))
		}
	}
}

func writeFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "kg.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func flagSet(t *testing.T, args ...string) *pflag.FlagSet {
	t.Helper()
	fs := pflag.NewFlagSet("kg", pflag.ContinueOnError)
	fs.String(FlagName("neo4j.uri"), DefaultNeo4jURI, "")
	fs.String(FlagName("http.addr"), "127.0.0.1:9999", "")
	fs.Int(FlagName("ingest.workers"), 2, "")
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestDefaultsWithoutAnyConfiguration(t *testing.T) {
	clearEnv(t)
	t.Chdir(t.TempDir()) // no kg.yaml here
	c, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Neo4j.URI != DefaultNeo4jURI || c.Neo4j.User != "neo4j" || c.Neo4j.Password != DefaultNeo4jPassword ||
		c.Neo4j.Database != "neo4j" || c.HTTP.Addr != "127.0.0.1:8080" || c.Limits.Timeout != 15*time.Second {
		t.Errorf("defaults: %+v", c)
	}
}

func TestPrecedence(t *testing.T) {
	file := writeFile(t, "neo4j:\n  uri: bolt://file:1\nhttp:\n  addr: file:1\ningest:\n  workers: 3\n  batch: 7\n")
	tests := []struct {
		name      string
		env       map[string]string
		args      []string
		uri, addr string
		workers   int
		batch     int
	}{
		{"file over default", nil, nil, "bolt://file:1", "file:1", 3, 7},
		{"env over file", map[string]string{"KG_NEO4J_URI": "neo4j://env:2", "KG_INGEST_BATCH": "9"}, nil, "neo4j://env:2", "file:1", 3, 9},
		{"flag over env", map[string]string{"KG_NEO4J_URI": "neo4j://env:2"}, []string{"--neo4j-uri=bolt://flag:3", "--ingest-workers=5"}, "bolt://flag:3", "file:1", 5, 7},
		{"unset flag default loses to file", nil, []string{}, "bolt://file:1", "file:1", 3, 7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			c, err := Load(file, flagSet(t, tc.args...))
			if err != nil {
				t.Fatal(err)
			}
			if c.Neo4j.URI != tc.uri || c.HTTP.Addr != tc.addr || c.Ingest.Workers != tc.workers || c.Ingest.Batch != tc.batch {
				t.Errorf("got uri=%s addr=%s workers=%d batch=%d", c.Neo4j.URI, c.HTTP.Addr, c.Ingest.Workers, c.Ingest.Batch)
			}
		})
	}
}

// Every key must be settable from the environment: viper's Unmarshal
// ignores variables of keys it was never told about.
func TestEveryKeyFromEnv(t *testing.T) {
	values := map[string]string{
		"neo4j.uri": "neo4j+s://x.example:7687", "neo4j.user": "u", "neo4j.password": "p4ssw0rd!",
		"neo4j.database": "db", "neo4j.max_pool_size": "7", "neo4j.connect_timeout": "1s",
		"neo4j.acquire_timeout": "2s", "neo4j.max_retry_time": "3s", "http.addr": "0.0.0.0:1",
		"auth.tokens": "a,b", "limits.depth": "4", "limits.complexity": "99", "limits.body_bytes": "1000",
		"limits.timeout": "4s", "limits.concurrency": "3", "ingest.workers": "6", "ingest.batch": "11", "extract.lexicon": "x.tsv,y.tsv",
		"log.level": "debug", "log.format": "json",
	}
	if len(values) != len(Keys()) {
		t.Fatalf("test covers %d keys, config has %d: add the new key here", len(values), len(Keys()))
	}
	clearEnv(t)
	t.Chdir(t.TempDir())
	for k, v := range values {
		t.Setenv(EnvName(k), v)
	}
	c, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Neo4j: Neo4j{URI: "neo4j+s://x.example:7687", User: "u", Password: "p4ssw0rd!", Database: "db", MaxPoolSize: 7,
			ConnectTimeout: time.Second, AcquireTimeout: 2 * time.Second, MaxRetryTime: 3 * time.Second},
		HTTP:    HTTP{Addr: "0.0.0.0:1"},
		Auth:    Auth{Tokens: []string{"a", "b"}},
		Limits:  Limits{Depth: 4, Complexity: 99, BodyBytes: 1000, Timeout: 4 * time.Second, Concurrency: 3},
		Ingest:  Ingest{Workers: 6, Batch: 11},
		Extract: Extract{Lexicon: []string{"x.tsv", "y.tsv"}},
		Log:     Log{Level: "debug", Format: "json"},
	}
	if got, exp := strings.Join(fmtConfig(c), "\n"), strings.Join(fmtConfig(want), "\n"); got != exp {
		t.Errorf("from env:\n%s\nwant:\n%s", got, exp)
	}
}

func fmtConfig(c Config) []string {
	return []string{c.Neo4j.URI, c.Neo4j.User, c.Neo4j.Password, c.Neo4j.Database, c.HTTP.Addr,
		strings.Join(c.Auth.Tokens, "|"), strings.Join(c.Extract.Lexicon, "|"), c.Log.Level, c.Log.Format,
		c.Neo4j.ConnectTimeout.String(), c.Neo4j.AcquireTimeout.String(), c.Neo4j.MaxRetryTime.String(),
		c.Limits.Timeout.String(), strings.Repeat("x", c.Neo4j.MaxPoolSize), strings.Repeat("d", c.Limits.Depth),
		strings.Repeat("c", c.Limits.Complexity), strings.Repeat("b", int(c.Limits.BodyBytes)),
		strings.Repeat("w", c.Ingest.Workers), strings.Repeat("n", c.Ingest.Batch)}
}

func TestBadValues(t *testing.T) {
	tests := []struct {
		env, value string
		wantInErr  []string
	}{
		{"KG_NEO4J_URI", "http://localhost:7474", []string{"neo4j.uri", "KG_NEO4J_URI", "--neo4j-uri", "bolt"}},
		{"KG_NEO4J_URI", "bolt://", []string{"neo4j.uri"}},
		{"KG_INGEST_BATCH", "0", []string{"ingest.batch", "between 1 and 10000"}},
		{"KG_INGEST_WORKERS", "many", []string{"workers"}},
		{"KG_LOG_LEVEL", "loud", []string{"log.level", "debug"}},
		{"KG_HTTP_ADDR", "8080", []string{"http.addr", "host:port"}},
		{"KG_LIMITS_TIMEOUT", "-1s", []string{"limits.timeout", "positive"}},
		{"KG_LIMITS_TIMEOUT", "soon", []string{"timeout"}},
		{"KG_LIMITS_CONCURRENCY", "-1", []string{"limits.concurrency", "one per CPU"}},
	}
	for _, tc := range tests {
		t.Run(tc.env+"="+tc.value, func(t *testing.T) {
			clearEnv(t)
			t.Chdir(t.TempDir())
			t.Setenv(tc.env, tc.value)
			_, err := Load("", nil)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.wantInErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestFileErrors(t *testing.T) {
	clearEnv(t)
	if _, err := Load(filepath.Join(t.TempDir(), "missing.yaml"), nil); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("missing explicit file: %v", err)
	}
	if _, err := Load(writeFile(t, "neo4j: [unclosed\n"), nil); err == nil || !strings.Contains(err.Error(), "kg.yaml") {
		t.Errorf("broken YAML: %v", err)
	}
	if _, err := Load(writeFile(t, "neo4j:\n  urii: bolt://x:1\n"), nil); err == nil || !strings.Contains(err.Error(), "urii") {
		t.Errorf("misspelled key: %v", err)
	}
}

func TestRedacted(t *testing.T) {
	c := Config{Neo4j: Neo4j{URI: "neo4j+s://admin:hunter22@db.example:7687", Password: "hunter22"},
		Auth: Auth{Tokens: []string{"tok-secret"}}}
	r := c.Redacted()
	all := strings.Join(fmtConfig(r), " ")
	for _, secret := range []string{"hunter22", "tok-secret"} {
		if strings.Contains(all, secret) {
			t.Errorf("redacted config still holds %q: %s", secret, all)
		}
	}
	if c.Neo4j.Password != "hunter22" || c.Auth.Tokens[0] != "tok-secret" {
		t.Error("Redacted changed the original")
	}
	if !strings.Contains(r.Neo4j.URI, "admin@db.example") {
		t.Errorf("URI lost its user and host: %s", r.Neo4j.URI)
	}
}

func TestYAMLRoundTrip(t *testing.T) {
	clearEnv(t)
	t.Chdir(t.TempDir())
	t.Setenv("KG_LIMITS_TIMEOUT", "7s")
	c, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.YAML()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "timeout: 7s") || !strings.Contains(string(b), "uri: "+DefaultNeo4jURI) {
		t.Errorf("YAML:\n%s", b)
	}
	os.Unsetenv("KG_LIMITS_TIMEOUT")
	back, err := Load(writeFile(t, string(b)), nil)
	if err != nil {
		t.Fatalf("printed config does not load back: %v\n%s", err, b)
	}
	if back.Limits.Timeout != 7*time.Second || back.Neo4j != c.Neo4j {
		t.Errorf("round trip: %+v", back)
	}
}

func TestMarkFlagBindsAnotherName(t *testing.T) {
	clearEnv(t)
	t.Chdir(t.TempDir())
	fs := pflag.NewFlagSet("ingest", pflag.ContinueOnError)
	fs.Int("workers", 2, "")
	if err := MarkFlag(fs, "workers", "ingest.workers"); err != nil {
		t.Fatal(err)
	}
	if err := MarkFlag(fs, "workers", "ingest.nope"); err == nil {
		t.Error("MarkFlag accepted an unknown key")
	}
	t.Setenv("KG_INGEST_WORKERS", "3")
	if err := fs.Parse([]string{"--workers=7"}); err != nil {
		t.Fatal(err)
	}
	c, err := Load("", fs)
	if err != nil {
		t.Fatal(err)
	}
	if c.Ingest.Workers != 7 {
		t.Errorf("workers = %d, want the flag's 7", c.Ingest.Workers)
	}
}
