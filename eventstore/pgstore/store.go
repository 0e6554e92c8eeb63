package pgstore

import (
	"context"
	"embed"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/internal/postgres"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate applies the event store's migrations that are not applied yet.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if err := postgres.MigrateDir(ctx, pool, "eventstore", migrationFiles, "migrations"); err != nil {
		return fmt.Errorf("pgstore: migrate: %w", err)
	}
	return nil
}

// Options tune a Store. The zero value is usable.
type Options struct {
	// Now is the server clock that stamps recorded_at; default time.Now.
	Now func() time.Time
	// Logger receives the store's operational logs; default slog.Default().
	Logger *slog.Logger
	// PollInterval is how often idle live subscribers look for new events
	// when no notification arrives (the LISTEN/NOTIFY fallback); default
	// 500ms.
	PollInterval time.Duration
	// DisableListen turns LISTEN/NOTIFY off, leaving only in-process wake-ups
	// and polling. For tests of the fallback.
	DisableListen bool
}

// Store is the PostgreSQL event store. It is safe for concurrent use.
type Store struct {
	pool   *pgxpool.Pool
	now    func() time.Time
	log    *slog.Logger
	poll   time.Duration
	wake   *waker
	heads  *headCache
	notify chan eventstore.Position // to the NOTIFY sender; capacity 1, coalescing

	cancel    context.CancelFunc
	wg        sync.WaitGroup
	closeOnce sync.Once
}

var _ eventstore.Store = (*Store)(nil)

// headCacheSize bounds the streams whose last version and hash a Store
// remembers for the plain-INSERT append path (about 150 bytes each).
const headCacheSize = 1 << 16

// channelName is the LISTEN/NOTIFY channel appends announce themselves on.
const channelName = "cronica_events"

// New returns a store over pool and starts its notification goroutines. The
// schema must be migrated (Migrate). Close stops them; the pool stays open.
func New(ctx context.Context, pool *pgxpool.Pool, opts Options) (*Store, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = 500 * time.Millisecond
	}
	s := &Store{
		pool:   pool,
		now:    opts.Now,
		log:    opts.Logger.With("component", "pgstore"),
		poll:   opts.PollInterval,
		wake:   newWaker(),
		heads:  newHeadCache(headCacheSize),
		notify: make(chan eventstore.Position, 1),
	}
	if err := s.Ping(ctx); err != nil {
		return nil, err
	}
	bg, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s.cancel = cancel
	if !opts.DisableListen {
		s.wg.Add(2)
		go s.sendNotifications(bg)
		go s.listen(bg)
	}
	return s, nil
}

// Ping checks that the database answers and holds the event log.
func (s *Store) Ping(ctx context.Context) error {
	var ok bool
	if err := s.pool.QueryRow(ctx, `SELECT to_regclass('cronica_events') IS NOT NULL`).Scan(&ok); err != nil {
		return fmt.Errorf("pgstore: ping: %w", err)
	}
	if !ok {
		return fmt.Errorf("pgstore: ping: table cronica_events is missing: run `cronica migrate`")
	}
	return nil
}

// Close stops the notification goroutines and wakes every subscriber. It is
// idempotent and does not close the pool.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		if s.cancel != nil {
			s.cancel()
		}
		s.wg.Wait()
		s.wake.close()
	})
	return nil
}
