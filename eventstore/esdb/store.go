package esdb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
)

// Config is what New needs. URL and Pool are required.
type Config struct {
	// URL is the esdb://, esdb+discover://, kurrentdb:// or
	// kurrentdb+discover:// connection string (CRONICA_EVENTSTORE_URL).
	URL string
	// Pool is the PostgreSQL database that keeps the idempotency keys
	// durably; it must be migrated (Migrate). The store does not close it.
	Pool *pgxpool.Pool
	// Now is the server clock that stamps recorded_at; default time.Now.
	Now func() time.Time
	// Logger receives the store's and the client's logs; default
	// slog.Default().
	Logger *slog.Logger
}

// Store is the EventStoreDB/KurrentDB event store. It is safe for concurrent
// use; see eventstore.Store for the ordering guarantees.
type Store struct {
	conn *conn
	keys keys
	now  func() time.Time
	log  *slog.Logger
}

var _ eventstore.Store = (*Store)(nil)

// New connects lazily to the server in cfg.URL (the first call dials it) and
// checks that the idempotency table exists.
func New(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.Pool == nil {
		return nil, errors.New("esdb: new: Config.Pool is nil: idempotency keys need PostgreSQL")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	url, err := clientURL(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("esdb: new: %w", err)
	}
	conf, err := esdb.ParseConnectionString(url)
	if err != nil { // its message may quote the password: keep only a redacted copy
		return nil, fmt.Errorf("esdb: new: parse connection string: %w", errors.New(redact(url, err.Error())))
	}
	conf.Logger = clientLogger(cfg.Logger)
	k := keys{pool: cfg.Pool}
	if err := k.check(ctx); err != nil {
		return nil, fmt.Errorf("esdb: new: %w", err)
	}
	c, err := newConn(conf)
	if err != nil {
		return nil, fmt.Errorf("esdb: new: %w", err)
	}
	return &Store{conn: c, keys: k, now: cfg.Now, log: cfg.Logger}, nil
}

// Ping reads the last event of $all: one real round trip to the server.
func (s *Store) Ping(ctx context.Context) error {
	client, err := s.conn.get()
	if err != nil {
		return fmt.Errorf("esdb: ping: %w", err)
	}
	rs, err := client.ReadAll(ctx, esdb.ReadAllOptions{Direction: esdb.Backwards, From: esdb.End{}}, 1)
	if err != nil {
		s.conn.failed(client, err)
		return fmt.Errorf("esdb: ping: %w", err)
	}
	defer rs.Close()
	if _, err := rs.Recv(); err != nil && !errors.Is(err, io.EOF) {
		s.conn.failed(client, err)
		return fmt.Errorf("esdb: ping: %w", err)
	}
	return nil
}

// Close closes the connection to the server; open subscriptions end. It is
// idempotent and does not close the PostgreSQL pool.
func (s *Store) Close() error {
	if err := s.conn.close(); err != nil {
		return fmt.Errorf("esdb: close: %w", err)
	}
	return nil
}

// clientLogger routes the client's log lines to logger. The client reports
// ordinary events (a subscription closed by its owner, a reconnection) as
// errors, so they are logged one level lower.
func clientLogger(logger *slog.Logger) esdb.LoggingFunc {
	return func(level esdb.LogLevel, format string, args ...any) {
		l := slog.LevelDebug
		switch level {
		case esdb.LogWarn:
			l = slog.LevelInfo
		case esdb.LogError:
			l = slog.LevelWarn
		}
		msg := format
		if len(args) > 0 && strings.Contains(format, "%") { // some client calls pass no arguments for no verbs
			msg = fmt.Sprintf(format, args...)
		}
		logger.Log(context.Background(), l, "esdb client: "+msg)
	}
}
