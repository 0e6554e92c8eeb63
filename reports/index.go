package reports

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
)

// Index says where to look in the log: the head the index has passed, the
// position at an instant, and the streams of an organisation. It never
// gives a figure: every fact of a report is folded from the streams
// themselves. Implementations are safe for concurrent use.
type Index interface {
	// Head is the position up to which the index is complete: every event
	// at or before it is committed and indexed.
	Head(ctx context.Context) (eventstore.Position, error)
	// At is the last position at or before head whose event was recorded
	// at or before t, with that event's time; ErrNoEvents when none.
	At(ctx context.Context, t time.Time, head eventstore.Position) (eventstore.Position, time.Time, error)
	// TimeOf is the recorded time of the event at position p (the last one
	// before it when p is not an event's); ErrNoEvents when none.
	TimeOf(ctx context.Context, p eventstore.Position) (time.Time, error)
	// Streams are the ids of orgID's streams of category with an event at
	// or before upTo, sorted.
	Streams(ctx context.Context, orgID, category string, upTo eventstore.Position) ([]string, error)
}

// LogIndex is the Index over the audit_log read model: one row per event
// of the log, never updated, so its rows at or before a position are the
// same whenever they are read once the projector has passed it.
type LogIndex struct {
	pool *pgxpool.Pool
}

// NewLogIndex reads the audit_log read model through pool.
func NewLogIndex(pool *pgxpool.Pool) *LogIndex { return &LogIndex{pool: pool} }

// auditLogProjector is the checkpoint row of the audit_log projector.
const auditLogProjector = "audit_log"

// Head implements Index: the audit_log projector's checkpoint.
func (x *LogIndex) Head(ctx context.Context) (eventstore.Position, error) {
	var p int64
	err := x.pool.QueryRow(ctx, `SELECT position FROM cronica_projection_checkpoints WHERE projector = $1`, auditLogProjector).Scan(&p)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("reports: index head: %w", err)
	}
	return eventstore.Position(p), nil
}

// At implements Index.
func (x *LogIndex) At(ctx context.Context, t time.Time, head eventstore.Position) (eventstore.Position, time.Time, error) {
	var (
		p  int64
		at time.Time
	)
	err := x.pool.QueryRow(ctx, `SELECT position, recorded_at FROM audit_log
		WHERE recorded_at <= $1 AND position <= $2 ORDER BY recorded_at DESC, position DESC LIMIT 1`, t, int64(head)).Scan(&p, &at)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, time.Time{}, fmt.Errorf("%w: no event was recorded by %s", ErrNoEvents, t.UTC().Format(time.RFC3339))
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("reports: index position at %s: %w", t, err)
	}
	// The log's order is its positions; an event recorded earlier but
	// placed later (a slow commit) is not in a prefix ending before it.
	return eventstore.Position(p), at.UTC(), nil
}

// TimeOf implements Index.
func (x *LogIndex) TimeOf(ctx context.Context, p eventstore.Position) (time.Time, error) {
	var at time.Time
	err := x.pool.QueryRow(ctx, `SELECT recorded_at FROM audit_log WHERE position <= $1 ORDER BY position DESC LIMIT 1`,
		int64(p)).Scan(&at)
	if errors.Is(err, pgx.ErrNoRows) {
		return time.Time{}, fmt.Errorf("%w: position %d is before the first event", ErrNoEvents, p)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("reports: index time of %d: %w", p, err)
	}
	return at.UTC(), nil
}

// Streams implements Index.
func (x *LogIndex) Streams(ctx context.Context, orgID, category string, upTo eventstore.Position) ([]string, error) {
	rows, err := x.pool.Query(ctx, `SELECT DISTINCT stream_id FROM audit_log
		WHERE category = $1 AND org_id = $2 AND position <= $3 ORDER BY stream_id`, category, orgID, int64(upTo))
	if err != nil {
		return nil, fmt.Errorf("reports: index streams of %s in %s: %w", category, orgID, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("reports: index streams of %s in %s: %w", category, orgID, err)
	}
	return ids, nil
}
