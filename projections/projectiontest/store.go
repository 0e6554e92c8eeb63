package projectiontest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore/pgstore"
	"cronica/projections"
	"cronica/test/pgtest"
)

// NewStore is a database of its own for a read model's tests (named after
// prefix), migrated for the event store, the projection runtime and the
// model (migrate), and a store on it whose clock starts at t0 and moves one
// second per append, so recorded times are known.
func NewStore(t testing.TB, prefix string, t0 time.Time, migrate func(context.Context, *pgxpool.Pool) error) (*pgxpool.Pool, *pgstore.Store) {
	t.Helper()
	pool, _ := pgtest.NewPool(t, prefix)
	ctx := context.Background()
	pgtest.Must(t, pgstore.Migrate(ctx, pool), "migrate eventstore")
	pgtest.Must(t, projections.Migrate(ctx, pool), "migrate projections")
	pgtest.Must(t, migrate(ctx, pool), "migrate "+prefix)
	var mu sync.Mutex
	clock := t0
	store, err := pgstore.New(ctx, pool, pgstore.Options{PollInterval: 50 * time.Millisecond, Now: func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(time.Second)
		return clock
	}})
	pgtest.Must(t, err, "new store")
	t.Cleanup(func() { store.Close() })
	return pool, store
}
