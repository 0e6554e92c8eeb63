package embeddedpg

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ErrUnavailable is matched (errors.Is) by the error Start returns when it
// finds neither a running server nor PostgreSQL binaries to start one.
var ErrUnavailable = errors.New("embeddedpg: no PostgreSQL available")

// Defaults of Options.
const (
	DefaultDatabase     = "cronica"
	DefaultProbeAddr    = "127.0.0.1:5432"
	DefaultProbeTimeout = 2 * time.Second
	DefaultStartTimeout = 60 * time.Second
)

// Options tune Start. The zero value probes 127.0.0.1:5432 and, failing
// that, needs DataDir for the private cluster.
type Options struct {
	// DataDir is Cronica's data directory; the private cluster lives in
	// DataDir/postgres. Relative paths are made absolute.
	DataDir string
	// Database is the application database created on the server; default
	// DefaultDatabase.
	Database string
	// Logger receives what Start and Stop do; default slog.Default().
	Logger *slog.Logger
	// ForcePrivate skips the local server and always runs the private
	// cluster (tests, or a machine whose shared server must not be used).
	ForcePrivate bool
	// ProbeAddr is the local server tried first; default DefaultProbeAddr.
	ProbeAddr string
	// ProbeTimeout bounds each probe connection; default DefaultProbeTimeout.
	ProbeTimeout time.Duration
	// BinDirs are the directories searched for initdb and pg_ctl, in order.
	// nil means $PATH, then /usr/lib/postgresql/*/bin, highest version
	// first; a non-nil empty slice searches nothing.
	BinDirs []string
	// StartTimeout bounds starting the private cluster; default
	// DefaultStartTimeout.
	StartTimeout time.Duration
}

func (o Options) withDefaults() Options {
	if o.Database == "" {
		o.Database = DefaultDatabase
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.ProbeAddr == "" {
		o.ProbeAddr = DefaultProbeAddr
	}
	if o.ProbeTimeout <= 0 {
		o.ProbeTimeout = DefaultProbeTimeout
	}
	if o.StartTimeout <= 0 {
		o.StartTimeout = DefaultStartTimeout
	}
	return o
}

// Database is a PostgreSQL database ready for Cronica.
type Database struct {
	// URL connects to the application database.
	URL string
	// Private is true when Start runs a private cluster (false when it uses
	// a server that was already running).
	Private bool
	// ClusterDir is the private cluster's data directory, empty otherwise.
	ClusterDir string
	// Stop stops the private cluster (pg_ctl stop -m fast). It is a no-op
	// for a server Start did not start, and safe to call more than once.
	Stop func(ctx context.Context) error
}

// Start returns a database for Cronica: on the local server at
// opts.ProbeAddr when one answers (user postgres), else on a private cluster
// it starts from the machine's PostgreSQL binaries. The caller must call
// Stop when it exits. When neither is possible the error matches
// ErrUnavailable and says, in one paragraph, what to install or set.
func Start(ctx context.Context, opts Options) (*Database, error) {
	opts = opts.withDefaults()
	log := opts.Logger
	probeErr := errors.New("not tried: the private cluster was requested")
	if !opts.ForcePrivate {
		db, err := useLocalServer(ctx, opts)
		if err == nil {
			log.Info("embeddedpg: using the PostgreSQL server already running", "addr", opts.ProbeAddr, "database", opts.Database)
			return db, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("embeddedpg: start: %w", ctx.Err())
		}
		probeErr = err
		log.Info("embeddedpg: no usable PostgreSQL server at the local address; trying a private cluster",
			"addr", opts.ProbeAddr, "reason", err.Error())
	}
	return startPrivate(ctx, opts, probeErr)
}

// useLocalServer connects to the server at opts.ProbeAddr as user postgres
// (database postgres, then test) and creates the application database.
func useLocalServer(ctx context.Context, opts Options) (*Database, error) {
	host, port, err := net.SplitHostPort(opts.ProbeAddr)
	if err != nil {
		return nil, fmt.Errorf("embeddedpg: probe address %q: %w", opts.ProbeAddr, err)
	}
	var errs []error
	for _, admin := range []string{"postgres", "test"} {
		adminURL := serverURL(host, port, admin)
		conn, err := connect(ctx, adminURL, opts.ProbeTimeout)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		err = createDatabase(ctx, conn, opts.Database)
		conn.Close(context.WithoutCancel(ctx))
		if err != nil {
			return nil, err
		}
		return &Database{URL: serverURL(host, port, opts.Database), Stop: func(context.Context) error { return nil }}, nil
	}
	return nil, errors.Join(errs...)
}

// serverURL is the URL of database db as user postgres without TLS.
func serverURL(host, port, db string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.User("postgres"),
		Host:     net.JoinHostPort(host, port),
		Path:     "/" + db,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// connect opens one connection with a connect timeout.
func connect(ctx context.Context, connURL string, timeout time.Duration) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(connURL)
	if err != nil {
		return nil, fmt.Errorf("embeddedpg: parse %s: %w", connURL, err)
	}
	cfg.ConnectTimeout = timeout
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("embeddedpg: connect %s: %w", redact(connURL), err)
	}
	return conn, nil
}

// createDatabase creates name unless it exists; a concurrent creator is fine.
func createDatabase(ctx context.Context, conn *pgx.Conn, name string) error {
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return fmt.Errorf("embeddedpg: look up database %s: %w", name, err)
	}
	if exists {
		return nil
	}
	_, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" ENCODING 'UTF8' TEMPLATE template0")
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P04" { // duplicate_database: created meanwhile
		return nil
	}
	if err != nil {
		return fmt.Errorf("embeddedpg: create database %s: %w", name, err)
	}
	return nil
}

// redact drops a password from a URL for logs and errors.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// onceStop makes stop idempotent: later calls return the first result.
func onceStop(stop func(ctx context.Context) error) func(ctx context.Context) error {
	var (
		once sync.Once
		err  error
	)
	return func(ctx context.Context) error {
		once.Do(func() { err = stop(ctx) })
		return err
	}
}

// portString formats a TCP port.
func portString(p int) string { return strconv.Itoa(p) }

// unavailableError is the one-paragraph explanation returned when there is
// no server to use and no binaries to start one.
func unavailableError(probeAddr string, probeErr, findErr error, clusterDir string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "no server answered at %s as user postgres (%s), and no PostgreSQL server binaries to run a private cluster were found (%v). ",
		probeAddr, shortCause(probeErr), findErr)
	b.WriteString("Install PostgreSQL (Debian/Ubuntu: apt-get install postgresql; Fedora: dnf install postgresql-server; macOS: brew install postgresql) ")
	fmt.Fprintf(&b, "so Cronica can run its own cluster in %s, ", clusterDir)
	b.WriteString("or point Cronica at a server you already have with CRONICA_DATABASE_URL=postgres://USER@HOST:5432/DBNAME?sslmode=disable.")
	return fmt.Errorf("%w: %s", ErrUnavailable, oneLine(b.String()))
}

// shortCause is the innermost useful part of a connection error: the
// network error or the server's message.
func shortCause(err error) string {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Err != nil {
		return opErr.Err.Error()
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Message
	}
	return err.Error()
}

// oneLine folds line breaks so the message stays one paragraph.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
