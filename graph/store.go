// Package graph is the only part of kg that speaks Cypher: it opens the
// Neo4j driver, applies the schema, and reads and writes the graph.
package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/notifications"
)

// Options say how to reach Neo4j. cmd/kg fills them from kg's config.
type Options struct {
	URI            string // bolt://, neo4j:// (routing), with +s or +ssc for TLS
	User           string
	Password       string
	Database       string
	MaxPoolSize    int
	ConnectTimeout time.Duration // one TCP connect
	AcquireTimeout time.Duration // waiting for a pooled connection
	MaxRetryTime   time.Duration // retries of a transaction function
	Logger         *slog.Logger
	// Observe, when set, is called after each query of the read API and of
	// the GraphQL mutations, with the query's name (a fixed word of kg's,
	// never user input), its duration and its error. Metrics and the tests
	// that count round trips hook in here; it must be safe for concurrent use.
	Observe func(query string, d time.Duration, err error)
}

// Store is a handle on one Neo4j database. It is safe for concurrent use.
type Store struct {
	drv neo4j.DriverWithContext
	db  string
	uri string
	log *slog.Logger
	obs func(string, time.Duration, error)
}

// Open creates the driver and checks that the server answers and accepts
// the credentials. Failures are a *ConnectError that explains what to do.
// The check is bounded by ctx and by twice the connect timeout.
func Open(ctx context.Context, o Options) (*Store, error) {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Database == "" {
		o.Database = "neo4j"
	}
	drv, err := neo4j.NewDriverWithContext(o.URI, neo4j.BasicAuth(o.User, o.Password, ""), func(c *config.Config) {
		if o.MaxPoolSize > 0 {
			c.MaxConnectionPoolSize = o.MaxPoolSize
		}
		if o.ConnectTimeout > 0 {
			c.SocketConnectTimeout = o.ConnectTimeout
		}
		if o.AcquireTimeout > 0 {
			c.ConnectionAcquisitionTimeout = o.AcquireTimeout
		}
		if o.MaxRetryTime > 0 {
			c.MaxTransactionRetryTime = o.MaxRetryTime
		}
		c.Log = driverLog{o.Logger}
		c.UserAgent = "kg"
		c.TelemetryDisabled = true
		c.NotificationsMinSeverity = notifications.WarningLevel
	})
	if err != nil {
		return nil, &ConnectError{URI: redactURI(o.URI), User: o.User, Kind: BadURI, Err: err}
	}
	s := &Store{drv: drv, db: o.Database, uri: redactURI(o.URI), log: o.Logger, obs: o.Observe}
	wait := 2 * o.ConnectTimeout
	if wait <= 0 {
		wait = 10 * time.Second
	}
	cctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	if err := s.Ping(cctx); err != nil {
		_ = drv.Close(context.WithoutCancel(ctx))
		return nil, classify(s.uri, o.User, o.Database, err)
	}
	return s, nil
}

// Ping checks that the database answers a query.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.drv.VerifyConnectivity(ctx); err != nil {
		return err
	}
	// VerifyConnectivity does not touch the database; a query shows that it exists.
	_, err := neo4j.ExecuteQuery(ctx, s.drv, "RETURN 1", nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithReadersRouting())
	return err
}

// Close releases the driver's connections.
func (s *Store) Close(ctx context.Context) error { return s.drv.Close(ctx) }

// URI is the server address without credentials, for messages.
func (s *Store) URI() string { return s.uri }

// Database is the name of the database the store uses.
func (s *Store) Database() string { return s.db }

func (s *Store) read(ctx context.Context, cypher string, params map[string]any) (*neo4j.EagerResult, error) {
	return neo4j.ExecuteQuery(ctx, s.drv, cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithReadersRouting())
}

func (s *Store) write(ctx context.Context, cypher string, params map[string]any) (*neo4j.EagerResult, error) {
	return neo4j.ExecuteQuery(ctx, s.drv, cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithWritersRouting())
}

// FailureKind says why kg could not use Neo4j.
type FailureKind int

const (
	Unreachable FailureKind = iota
	AuthFailed
	NoDatabase
	BadURI
	Other
)

// ConnectError explains a failure to use Neo4j in one paragraph a user can
// act on. It never holds the password.
type ConnectError struct {
	URI  string
	User string
	DB   string
	Kind FailureKind
	Err  error
}

func (e *ConnectError) Error() string {
	switch e.Kind {
	case Unreachable:
		return fmt.Sprintf("cannot reach Neo4j at %s (%v). Is the server running? Start the local one with "+
			"`scripts/neo4j start` (or `make run`), or point kg at yours with KG_NEO4J_URI, --neo4j-uri "+
			"or neo4j.uri in kg.yaml.", e.URI, cause(e.Err))
	case AuthFailed:
		return fmt.Sprintf("Neo4j at %s refused the credentials of user %q (%v). Set the right password with "+
			"KG_NEO4J_PASSWORD or neo4j.password in kg.yaml. For the local server, `scripts/neo4j reset` "+
			"wipes its data and restores the default password.", e.URI, e.User, cause(e.Err))
	case NoDatabase:
		return fmt.Sprintf("Neo4j at %s has no database %q (%v). Community edition has only \"neo4j\"; "+
			"set neo4j.database or KG_NEO4J_DATABASE to a database that exists.", e.URI, e.DB, cause(e.Err))
	case BadURI:
		return fmt.Sprintf("cannot use Neo4j URI %s: %v. Use bolt://host:7687, neo4j://host:7687 or "+
			"neo4j+s://host for Aura.", e.URI, cause(e.Err))
	default:
		return fmt.Sprintf("Neo4j at %s: %v", e.URI, cause(e.Err))
	}
}

func (e *ConnectError) Unwrap() error { return e.Err }

// cause shortens driver errors to the part a user can read.
func cause(err error) string {
	var n *neo4j.Neo4jError
	if errors.As(err, &n) {
		return n.Msg
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "no answer in time"
	}
	return err.Error()
}

func classify(uri, user, db string, err error) error {
	e := &ConnectError{URI: uri, User: user, DB: db, Kind: Other, Err: err}
	var n *neo4j.Neo4jError
	var auth *neo4j.InvalidAuthenticationError
	switch {
	case errors.As(err, &n) && n.HasSecurityCode(), errors.As(err, &auth):
		e.Kind = AuthFailed
	case errors.As(err, &n) && n.Code == "Neo.ClientError.Database.DatabaseNotFound":
		e.Kind = NoDatabase
	case errors.As(err, &n):
		e.Kind = Other
	default:
		// Connectivity errors, time-outs and DNS failures all mean the
		// server could not be reached.
		e.Kind = Unreachable
	}
	return e
}

func redactURI(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URI)"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	return u.String()
}

// driverLog sends the driver's own messages to slog at debug level: they are
// for diagnosing the driver, and kg reports what matters itself.
type driverLog struct{ l *slog.Logger }

func (d driverLog) Error(name, id string, err error) {
	d.l.Debug("neo4j driver", "component", name, "id", id, "err", err)
}
func (d driverLog) Warnf(name, id, msg string, args ...any) {
	d.l.Debug("neo4j driver: "+fmt.Sprintf(msg, args...), "component", name, "id", id)
}
func (d driverLog) Infof(name, id, msg string, args ...any) {
	d.l.Debug("neo4j driver: "+fmt.Sprintf(msg, args...), "component", name, "id", id)
}
func (d driverLog) Debugf(name, id, msg string, args ...any) {
	d.l.Debug("neo4j driver: "+fmt.Sprintf(msg, args...), "component", name, "id", id)
}

// IsUnavailable reports whether err means Neo4j could not be reached or
// went away, as opposed to refusing a query: the caller may wait and retry.
func IsUnavailable(err error) bool {
	var ce *ConnectError
	if errors.As(err, &ce) {
		return ce.Kind == Unreachable
	}
	var n *neo4j.Neo4jError
	if errors.As(err, &n) {
		return n.IsRetriable()
	}
	var limit *neo4j.TransactionExecutionLimit
	var conn *neo4j.ConnectivityError
	return errors.As(err, &limit) || errors.As(err, &conn)
}
