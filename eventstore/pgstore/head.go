package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/eventstore"
)

// Head is the position and recorded_at of the last event a reader may see
// now (below the frontier, see frontierSQL), or Start and the zero time for an empty
// log. Projection lag is measured against it.
func (s *Store) Head(ctx context.Context) (eventstore.Position, time.Time, error) {
	var pos int64
	var at *time.Time
	err := s.pool.QueryRow(ctx, `SELECT position, recorded_at FROM cronica_events
		 WHERE position < `+frontierSQL+` ORDER BY position DESC LIMIT 1`).Scan(&pos, &at)
	if err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return eventstore.Start, time.Time{}, nil
		}
		return 0, time.Time{}, fmt.Errorf("pgstore: head: %w", err)
	}
	return eventstore.Position(pos), at.UTC(), nil
}

// CountAfter is the number of events a reader may see after position after:
// a projection's lag in events.
func (s *Store) CountAfter(ctx context.Context, after eventstore.Position) (int64, error) {
	var n int64
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM cronica_events
		 WHERE position > $1 AND position < `+frontierSQL,
		int64(min(uint64(after), 1<<63-1))).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("pgstore: count after %d: %w", after, err)
	}
	return n, nil
}
