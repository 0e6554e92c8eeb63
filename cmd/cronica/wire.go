package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/eventstore/esdb"
	"cronica/eventstore/pgstore"
	"cronica/eventstore/sealer"
	"cronica/internal/auth"
	"cronica/internal/embeddedpg"
	"cronica/internal/keyring"
	"cronica/notify"
	"cronica/projections"
	"cronica/projections/auditlog"
	"cronica/projections/chatview"
	"cronica/projections/identityview"
	"cronica/projections/notifyview"
	"cronica/projections/reportlog"
	"cronica/projections/searchindex/control"
	"cronica/projections/taskview"
	"cronica/projections/timeview"
	"cronica/reports/jobs"
	"cronica/writeapi"
)

// newLogger builds the process logger from the configuration.
func newLogger(cfg Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == LogFormatJSON {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// database is the resolved PostgreSQL database and what must be released
// with it.
type database struct {
	url  string
	pool *pgxpool.Pool
	// stopEmbedded stops the private cluster embeddedpg started; a no-op
	// otherwise.
	stopEmbedded func(context.Context) error
}

// openDatabase resolves the database (CRONICA_DATABASE_URL, or embeddedpg)
// and opens a pool on it.
func openDatabase(ctx context.Context, cfg Config, logger *slog.Logger) (*database, error) {
	db := &database{url: cfg.DatabaseURL, stopEmbedded: func(context.Context) error { return nil }}
	if db.url == "" {
		emb, err := embeddedpg.Start(ctx, embeddedpg.Options{DataDir: cfg.DataDir, Logger: logger})
		if err != nil {
			return nil, fmt.Errorf("database: %w", err)
		}
		db.url, db.stopEmbedded = emb.URL, emb.Stop
	}
	pool, err := pgxpool.New(ctx, db.url)
	if err == nil {
		pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err = pool.Ping(pingCtx)
		cancel()
		if err != nil {
			pool.Close()
		}
	}
	if err != nil {
		err = fmt.Errorf("database: connect %s: %w", redactURL(db.url), err)
		return nil, errors.Join(err, db.stopEmbedded(context.WithoutCancel(ctx)))
	}
	db.pool = pool
	logger.Info("database: connected", "url", redactURL(db.url))
	return db, nil
}

// close closes the pool, then stops the embedded cluster if there is one.
func (db *database) close(ctx context.Context) error {
	db.pool.Close()
	if err := db.stopEmbedded(ctx); err != nil {
		return fmt.Errorf("database: stop the embedded PostgreSQL: %w", err)
	}
	return nil
}

// migrateAll applies the PostgreSQL event store's migrations always (the
// schema stays current whichever adapter serves, so switching back to
// postgres never meets a stale database) and, when the event store is esdb,
// the esdb adapter's own (its durable idempotency keys).
func migrateAll(ctx context.Context, cfg Config, pool *pgxpool.Pool) error {
	for _, m := range []func(context.Context, *pgxpool.Pool) error{pgstore.Migrate, projections.Migrate, auditlog.Migrate, identityview.Migrate,
		timeview.Migrate, auth.Migrate, writeapi.Migrate, reportlog.Migrate, jobs.Migrate,
		notifyview.Migrate, notify.Migrate, keyring.Migrate, sealer.Migrate, taskview.Migrate, chatview.Migrate, control.Migrate} {
		if err := m(ctx, pool); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	if cfg.EventStore == EventStoreESDB {
		if err := esdb.Migrate(ctx, pool); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	return nil
}

// readModels is every projector Cronica runs, in one place: serve runs
// them, `projections status` and `projections rebuild` name them.
func readModels() []projections.Projector {
	return []projections.Projector{auditlog.Projector(), auditlog.ProjectsProjector(), identityview.Projector(), timeview.Projector(), reportlog.Projector(),
		notifyview.Projector(notifyMappers()...), taskview.Projector(), chatview.Projector()}
}

// eventStore is what cmd needs from an adapter: the port, a readiness
// check and a way to stop it. Both adapters satisfy it.
type eventStore interface {
	eventstore.Store
	Ping(ctx context.Context) error
	Close() error
}

// openStore opens the configured event store adapter.
func openStore(ctx context.Context, cfg Config, pool *pgxpool.Pool, logger *slog.Logger, now func() time.Time) (eventStore, error) {
	switch cfg.EventStore {
	case EventStoreESDB:
		s, err := esdb.New(ctx, esdb.Config{URL: cfg.EventStoreURL, Pool: pool, Now: now, Logger: logger})
		if err != nil {
			return nil, fmt.Errorf("event store: %w", err)
		}
		return s, nil
	default:
		s, err := pgstore.New(ctx, pool, pgstore.Options{Now: now, Logger: logger})
		if err != nil {
			return nil, fmt.Errorf("event store: %w", err)
		}
		return s, nil
	}
}

// redactURL hides a password in a database URL.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
