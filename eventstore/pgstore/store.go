package pgstore

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
)

// Options tune a Store. The zero value is usable.
type Options struct {
	// Now is the server clock that stamps recorded_at; default time.Now.
	Now func() time.Time
	// Logger receives the store's operational logs; default slog.Default().
	Logger *slog.Logger
	// PollInterval is how often live subscribers look for new events when
	// no notification arrives (the LISTEN/NOTIFY fallback); default 500ms.
	PollInterval time.Duration
}

// Store is the PostgreSQL event store.
type Store struct{}

var _ eventstore.Store = (*Store)(nil)

// New returns a store over pool. The schema must be migrated (Migrate).
func New(ctx context.Context, pool *pgxpool.Pool, opts Options) (*Store, error) {
	return nil, errors.New("pgstore: not implemented yet")
}

// Migrate applies the event store's migrations.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error { return errors.New("pgstore: not implemented yet") }

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error { return errors.New("pgstore: not implemented yet") }

// Close stops the store's background work. It does not close the pool.
func (s *Store) Close() error { return nil }

func (s *Store) Append(ctx context.Context, req eventstore.AppendRequest) (eventstore.AppendResult, error) {
	return eventstore.AppendResult{}, errors.New("pgstore: not implemented yet")
}
func (s *Store) ReadStream(ctx context.Context, stream string, from uint64, limit int) ([]eventstore.RecordedEvent, error) {
	return nil, errors.New("pgstore: not implemented yet")
}
func (s *Store) ReadAll(ctx context.Context, after eventstore.Position, limit int) ([]eventstore.RecordedEvent, error) {
	return nil, errors.New("pgstore: not implemented yet")
}
func (s *Store) Subscribe(ctx context.Context, after eventstore.Position) (eventstore.Subscription, error) {
	return nil, errors.New("pgstore: not implemented yet")
}
