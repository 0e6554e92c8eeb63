package projections

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
)

// Checkpoint is a projector's row in cronica_projection_checkpoints.
type Checkpoint struct {
	Projector    string
	Position     eventstore.Position
	RecordedAt   time.Time // of the event at Position; zero before the first
	Halted       bool
	HaltedReason string
	UpdatedAt    time.Time
}

// errMoved: the checkpoint row is not where this runner left it (a rebuild
// swapped the model in, or another runner wrote it): start again from it.
var errMoved = errors.New("projections: checkpoint moved under the runner")

// ensureCheckpoint creates the projector's row at position 0 if missing and
// returns it.
func ensureCheckpoint(ctx context.Context, pool *pgxpool.Pool, name string) (Checkpoint, error) {
	if _, err := pool.Exec(ctx, `INSERT INTO cronica_projection_checkpoints (projector) VALUES ($1) ON CONFLICT DO NOTHING`, name); err != nil {
		return Checkpoint{}, fmt.Errorf("projections: %s: create checkpoint: %w", name, err)
	}
	return readCheckpoint(ctx, pool, name)
}

type queryer interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func readCheckpoint(ctx context.Context, q queryer, name string) (Checkpoint, error) {
	c := Checkpoint{Projector: name}
	var pos int64
	var at *time.Time
	var state string
	err := q.QueryRow(ctx, `SELECT position, recorded_at, state, halted_reason, updated_at
		FROM cronica_projection_checkpoints WHERE projector = $1`, name).Scan(&pos, &at, &state, &c.HaltedReason, &c.UpdatedAt)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("projections: %s: read checkpoint: %w", name, err)
	}
	c.Position, c.Halted = eventstore.Position(pos), state == "halted"
	if at != nil {
		c.RecordedAt = at.UTC()
	}
	return c, nil
}

// Checkpoints returns every projector's checkpoint, by name.
func Checkpoints(ctx context.Context, pool *pgxpool.Pool) (map[string]Checkpoint, error) {
	rows, err := pool.Query(ctx, `SELECT projector FROM cronica_projection_checkpoints ORDER BY projector`)
	if err != nil {
		return nil, fmt.Errorf("projections: list checkpoints: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("projections: list checkpoints: %w", err)
	}
	out := make(map[string]Checkpoint, len(names))
	for _, n := range names {
		c, err := readCheckpoint(ctx, pool, n)
		if err != nil {
			return nil, err
		}
		out[n] = c
	}
	return out, nil
}

// advanceCheckpoint moves the checkpoint from expected to pos inside tx.
// It fails with errMoved when the row is no longer at expected.
func advanceCheckpoint(ctx context.Context, tx pgx.Tx, name string, expected, pos eventstore.Position, at time.Time) error {
	tag, err := tx.Exec(ctx, `UPDATE cronica_projection_checkpoints
		SET position = $3, recorded_at = $4, updated_at = now()
		WHERE projector = $1 AND position = $2 AND state = 'running'`,
		name, int64(expected), int64(pos), at)
	if err != nil {
		return fmt.Errorf("projections: %s: advance checkpoint: %w", name, err)
	}
	if tag.RowsAffected() != 1 {
		return errMoved
	}
	return nil
}

// execer runs a statement: a transaction or the pool.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// park records an event the projector could not apply, inside tx (or,
// for a projector run outside the runtime, on the pool).
func park(ctx context.Context, tx execer, name string, e eventstore.RecordedEvent, cause error, attempts int) error {
	_, err := tx.Exec(ctx, `INSERT INTO cronica_projection_parked
		(projector, position, stream_id, version, event_id, type, error, attempts)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (projector, position) DO UPDATE SET error = EXCLUDED.error, attempts = EXCLUDED.attempts, parked_at = now()`,
		name, int64(e.Position), e.StreamID, int64(e.Version), e.ID, e.Type, cause.Error(), attempts)
	if err != nil {
		return fmt.Errorf("projections: %s: park event at %d: %w", name, e.Position, err)
	}
	return nil
}

// halt marks the projector halted at its current checkpoint, inside tx.
func halt(ctx context.Context, tx pgx.Tx, name, reason string) error {
	_, err := tx.Exec(ctx, `UPDATE cronica_projection_checkpoints
		SET state = 'halted', halted_reason = $2, updated_at = now() WHERE projector = $1`, name, reason)
	if err != nil {
		return fmt.Errorf("projections: %s: halt: %w", name, err)
	}
	return nil
}
