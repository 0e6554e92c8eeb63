package projections

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
)

// DefaultMaxRetries is how many times the runtime retries a failing event
// before parking it (Config.MaxRetries unset): an event is parked after
// DefaultMaxRetries+1 failed attempts. Projectors run outside the runtime
// (the search index) park after as many.
const DefaultMaxRetries = 3

// ParkedStore records, in cronica_projection_parked, the events of a
// projector run outside the Runtime (the search index, whose checkpoint
// lives in its index) that it could not apply: the same rows the runtime
// writes for its own projectors, so `cronica projections status` and
// /metrics count them alike. It is safe for concurrent use.
type ParkedStore struct {
	pool *pgxpool.Pool
}

// NewParkedStore returns the store of parked events on pool.
func NewParkedStore(pool *pgxpool.Pool) ParkedStore { return ParkedStore{pool: pool} }

// Park records that projector parked e after attempts failed attempts, the
// last failing with cause. Parking an event again updates its row.
func (s ParkedStore) Park(ctx context.Context, projector string, e eventstore.RecordedEvent, cause error, attempts int) error {
	return park(ctx, s.pool, projector, e, cause, attempts)
}

// Unpark forgets the events projector parked at or below upTo, but those at
// the positions in keep: a rebuild that reached upTo parked exactly keep
// (and parked them first), as the runtime's rebuild replaces its parked
// rows when it swaps the new model in.
func (s ParkedStore) Unpark(ctx context.Context, projector string, upTo eventstore.Position, keep []eventstore.Position) error {
	kept := make([]int64, len(keep))
	for i, p := range keep {
		kept[i] = int64(p)
	}
	_, err := s.pool.Exec(ctx, `DELETE FROM cronica_projection_parked
		WHERE projector = $1 AND position <= $2 AND NOT (position = ANY($3))`, projector, int64(upTo), kept)
	if err != nil {
		return fmt.Errorf("projections: %s: unpark up to %d: %w", projector, upTo, err)
	}
	return nil
}

// Count is how many events projector has parked.
func (s ParkedStore) Count(ctx context.Context, projector string) (int64, error) {
	var n int64
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM cronica_projection_parked WHERE projector = $1`, projector).Scan(&n); err != nil {
		return 0, fmt.Errorf("projections: parked events of %s: %w", projector, err)
	}
	return n, nil
}
