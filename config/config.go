// Package config loads kg's one Config from defaults, a YAML file, KG_*
// environment variables and command-line flags, in rising precedence.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"
)

// Defaults match what scripts/neo4j runs, so a new user needs no configuration.
const (
	DefaultNeo4jURI      = "bolt://127.0.0.1:7687"
	DefaultNeo4jUser     = "neo4j"
	DefaultNeo4jPassword = "kg-local-dev"
	DefaultFile          = "kg.yaml"
	redacted             = "********"
)

// Config is everything kg can be told. Read it once at start-up; treat it as
// read-only afterwards.
type Config struct {
	Neo4j   Neo4j   `mapstructure:"neo4j" yaml:"neo4j"`
	HTTP    HTTP    `mapstructure:"http" yaml:"http"`
	Auth    Auth    `mapstructure:"auth" yaml:"auth"`
	Limits  Limits  `mapstructure:"limits" yaml:"limits"`
	Ingest  Ingest  `mapstructure:"ingest" yaml:"ingest"`
	Extract Extract `mapstructure:"extract" yaml:"extract"`
	Log     Log     `mapstructure:"log" yaml:"log"`
}

// Neo4j says where the graph lives and how to talk to it.
type Neo4j struct {
	URI            string        `mapstructure:"uri" yaml:"uri"`
	User           string        `mapstructure:"user" yaml:"user"`
	Password       string        `mapstructure:"password" yaml:"password"`
	Database       string        `mapstructure:"database" yaml:"database"`
	MaxPoolSize    int           `mapstructure:"max_pool_size" yaml:"max_pool_size"`
	ConnectTimeout time.Duration `mapstructure:"connect_timeout" yaml:"connect_timeout"`
	AcquireTimeout time.Duration `mapstructure:"acquire_timeout" yaml:"acquire_timeout"`
	MaxRetryTime   time.Duration `mapstructure:"max_retry_time" yaml:"max_retry_time"`
}

// HTTP configures kg serve.
type HTTP struct {
	Addr string `mapstructure:"addr" yaml:"addr"`
}

// Auth lists the bearer tokens allowed to mutate the graph.
type Auth struct {
	Tokens []string `mapstructure:"tokens" yaml:"tokens"`
}

// Limits bound what one request may cost.
type Limits struct {
	Depth      int           `mapstructure:"depth" yaml:"depth"`
	Complexity int           `mapstructure:"complexity" yaml:"complexity"`
	BodyBytes  int64         `mapstructure:"body_bytes" yaml:"body_bytes"`
	Timeout    time.Duration `mapstructure:"timeout" yaml:"timeout"`
	// Concurrency is how many requests execute at once (0: one per CPU).
	Concurrency int `mapstructure:"concurrency" yaml:"concurrency"`
}

// Ingest tunes kg ingest.
type Ingest struct {
	Workers int `mapstructure:"workers" yaml:"workers"`
	Batch   int `mapstructure:"batch" yaml:"batch"`
}

// Extract tunes extraction.
type Extract struct {
	Lexicon []string `mapstructure:"lexicon" yaml:"lexicon"`
}

// Log configures log/slog.
type Log struct {
	Level  string `mapstructure:"level" yaml:"level"`
	Format string `mapstructure:"format" yaml:"format"`
}

// defaults holds every key: viper only unmarshals environment variables for
// keys it knows, so a key missing here could not be set from KG_*.
var defaults = map[string]any{
	"neo4j.uri":             DefaultNeo4jURI,
	"neo4j.user":            DefaultNeo4jUser,
	"neo4j.password":        DefaultNeo4jPassword,
	"neo4j.database":        "neo4j",
	"neo4j.max_pool_size":   50,
	"neo4j.connect_timeout": "5s",
	"neo4j.acquire_timeout": "10s",
	"neo4j.max_retry_time":  "15s",
	"http.addr":             "127.0.0.1:8080",
	"auth.tokens":           []string{},
	"limits.depth":          8,
	"limits.complexity":     20000,
	"limits.body_bytes":     1 << 20,
	"limits.timeout":        "15s",
	"limits.concurrency":    0,
	"ingest.workers":        2,
	"ingest.batch":          50,
	"extract.lexicon":       []string{},
	"log.level":             "info",
	"log.format":            "text",
}

// Keys lists every configuration key, sorted.
func Keys() []string {
	keys := make([]string, 0, len(defaults))
	for k := range defaults {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// FlagName is the command-line flag for a key: neo4j.uri → neo4j-uri.
func FlagName(key string) string {
	return strings.NewReplacer(".", "-", "_", "-").Replace(key)
}

// EnvName is the environment variable for a key: neo4j.uri → KG_NEO4J_URI.
func EnvName(key string) string {
	return "KG_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

const flagKeyAnnotation = "kg-config-key"

// MarkFlag makes the flag set the configuration key when the user sets it,
// for flags whose name is not FlagName(key), such as ingest's --workers.
func MarkFlag(fs *pflag.FlagSet, flag, key string) error {
	if _, ok := defaults[key]; !ok {
		return fmt.Errorf("config: no key %q for flag --%s", key, flag)
	}
	return fs.SetAnnotation(flag, flagKeyAnnotation, []string{key})
}

func keyOfFlag(f *pflag.Flag) string {
	if k := f.Annotations[flagKeyAnnotation]; len(k) == 1 {
		return k[0]
	}
	for k := range defaults {
		if FlagName(k) == f.Name {
			return k
		}
	}
	return ""
}

// Load builds the Config. file is the --config path; when empty, kg.yaml in
// the working directory is read if it exists. flags may be nil; a flag
// named FlagName(key) overrides that key when the user set it.
func Load(file string, flags *pflag.FlagSet) (Config, error) {
	v := viper.New()
	for k, d := range defaults {
		v.SetDefault(k, d)
		if err := v.BindEnv(k, EnvName(k)); err != nil {
			return Config{}, fmt.Errorf("config: bind %s: %w", EnvName(k), err)
		}
	}
	if flags != nil {
		var err error
		flags.VisitAll(func(f *pflag.Flag) {
			key := keyOfFlag(f)
			if key != "" && err == nil {
				if e := v.BindPFlag(key, f); e != nil {
					err = fmt.Errorf("config: bind --%s: %w", f.Name, e)
				}
			}
		})
		if err != nil {
			return Config{}, err
		}
	}
	explicit := file != ""
	if !explicit {
		file = DefaultFile
	}
	v.SetConfigFile(file)
	v.SetConfigType("yaml")
	if err := v.ReadInConfig(); err != nil {
		if explicit || !errors.Is(err, fs.ErrNotExist) {
			return Config{}, fmt.Errorf("config file %s: %w", file, err)
		}
	}
	var c Config
	if err := v.UnmarshalExact(&c); err != nil {
		return Config{}, fmt.Errorf("config %s: %w", describe(v, explicit), err)
	}
	c.Auth.Tokens = splitList(c.Auth.Tokens)
	c.Extract.Lexicon = splitList(c.Extract.Lexicon)
	if err := c.Validate(); err != nil {
		return Config{}, fmt.Errorf("config %s: %w", describe(v, explicit), err)
	}
	return c, nil
}

func describe(v *viper.Viper, explicit bool) string {
	if f := v.ConfigFileUsed(); f != "" {
		if _, err := os.Stat(f); err == nil || explicit {
			return "(file " + f + ", KG_* environment, flags)"
		}
	}
	return "(KG_* environment, flags)"
}

// splitList accepts both YAML lists and comma-separated values from the
// environment or flags, and drops empty entries.
func splitList(in []string) []string {
	out := []string{}
	for _, s := range in {
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

var uriSchemes = []string{"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}

// Validate reports the first bad value, naming its key and how to set it.
func (c Config) Validate() error {
	u, err := url.Parse(c.Neo4j.URI)
	if err != nil || !slices.Contains(uriSchemes, u.Scheme) || u.Host == "" {
		return fieldErr("neo4j.uri", c.Neo4j.URI, "want scheme://host:port with scheme one of "+strings.Join(uriSchemes, ", "))
	}
	if c.Neo4j.User == "" {
		return fieldErr("neo4j.user", "", "must not be empty")
	}
	if c.Neo4j.Database == "" {
		return fieldErr("neo4j.database", "", "must not be empty")
	}
	for _, d := range []struct {
		key string
		val time.Duration
	}{
		{"neo4j.connect_timeout", c.Neo4j.ConnectTimeout}, {"neo4j.acquire_timeout", c.Neo4j.AcquireTimeout},
		{"neo4j.max_retry_time", c.Neo4j.MaxRetryTime}, {"limits.timeout", c.Limits.Timeout},
	} {
		if d.val <= 0 {
			return fieldErr(d.key, d.val.String(), "must be a positive duration such as 5s")
		}
	}
	if _, _, err := net.SplitHostPort(c.HTTP.Addr); err != nil {
		return fieldErr("http.addr", c.HTTP.Addr, "want host:port, e.g. 127.0.0.1:8080")
	}
	for _, n := range []struct {
		key string
		val int64
	}{
		{"neo4j.max_pool_size", int64(c.Neo4j.MaxPoolSize)}, {"limits.depth", int64(c.Limits.Depth)},
		{"limits.complexity", int64(c.Limits.Complexity)}, {"limits.body_bytes", c.Limits.BodyBytes},
		{"ingest.workers", int64(c.Ingest.Workers)},
	} {
		if n.val < 1 {
			return fieldErr(n.key, fmt.Sprint(n.val), "must be at least 1")
		}
	}
	if c.Limits.Concurrency < 0 {
		return fieldErr("limits.concurrency", fmt.Sprint(c.Limits.Concurrency), "must be 0 (one per CPU) or more")
	}
	if c.Ingest.Batch < 1 || c.Ingest.Batch > 10000 {
		return fieldErr("ingest.batch", fmt.Sprint(c.Ingest.Batch), "must be between 1 and 10000")
	}
	if !slices.Contains([]string{"debug", "info", "warn", "error"}, c.Log.Level) {
		return fieldErr("log.level", c.Log.Level, "want debug, info, warn or error")
	}
	if !slices.Contains([]string{"text", "json"}, c.Log.Format) {
		return fieldErr("log.format", c.Log.Format, "want text or json")
	}
	return nil
}

func fieldErr(key, value, why string) error {
	return fmt.Errorf("%s = %q: %s (set it in kg.yaml, with %s or with --%s)", key, value, why, EnvName(key), FlagName(key))
}

// Redacted returns a copy safe to print or log: the password and tokens are
// masked, and so is any password embedded in the URI.
func (c Config) Redacted() Config {
	if c.Neo4j.Password != "" {
		c.Neo4j.Password = redacted
	}
	tokens := make([]string, len(c.Auth.Tokens))
	for i := range tokens {
		tokens[i] = redacted
	}
	c.Auth.Tokens = tokens
	if u, err := url.Parse(c.Neo4j.URI); err == nil && u.User != nil {
		u.User = url.User(u.User.Username())
		c.Neo4j.URI = u.String()
	}
	return c
}

// YAML renders the configuration in the form of kg.yaml, durations as
// text (5s) so the output can be pasted back into a file.
func (c Config) YAML() ([]byte, error) {
	b, err := yaml.Marshal(asMap(reflect.ValueOf(c)))
	if err != nil {
		return nil, fmt.Errorf("render config: %w", err)
	}
	return b, nil
}

func asMap(v reflect.Value) any {
	if v.Type() == reflect.TypeOf(time.Duration(0)) {
		return time.Duration(v.Int()).String()
	}
	if v.Kind() != reflect.Struct {
		return v.Interface()
	}
	m := map[string]any{}
	for i := 0; i < v.NumField(); i++ {
		m[v.Type().Field(i).Tag.Get("yaml")] = asMap(v.Field(i))
	}
	return m
}
