package projections

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
)

// LogHead tells how far the log goes; pgstore.Store implements it.
type LogHead interface {
	Head(ctx context.Context) (eventstore.Position, time.Time, error)
	CountAfter(ctx context.Context, after eventstore.Position) (int64, error)
}

// Status is one projector's state for `cronica projections status`.
type Status struct {
	Name         string
	Policy       Policy
	Position     eventstore.Position
	LagEvents    int64
	LagSeconds   float64
	Parked       int64
	Halted       bool
	HaltedReason string
	UpdatedAt    time.Time
}

// Statuses reports every projector of projectors: checkpoint, lag in events
// and seconds behind the log's head, parked events, halted or not. A
// projector that never ran shows position 0.
func Statuses(ctx context.Context, pool *pgxpool.Pool, head LogHead, projectors []Projector) ([]Status, error) {
	checkpoints, err := Checkpoints(ctx, pool)
	if err != nil {
		return nil, err
	}
	_, headAt, err := head.Head(ctx)
	if err != nil {
		return nil, fmt.Errorf("projections: status: %w", err)
	}
	out := make([]Status, 0, len(projectors))
	for _, p := range projectors {
		c := checkpoints[p.Name]
		s := Status{Name: p.Name, Policy: p.Policy, Position: c.Position, Halted: c.Halted, HaltedReason: c.HaltedReason, UpdatedAt: c.UpdatedAt}
		if s.LagEvents, err = head.CountAfter(ctx, c.Position); err != nil {
			return nil, fmt.Errorf("projections: status: %w", err)
		}
		if s.LagEvents > 0 && !headAt.IsZero() {
			s.LagSeconds = max(headAt.Sub(c.RecordedAt).Seconds(), 0)
			if c.RecordedAt.IsZero() {
				s.LagSeconds = 0
			}
		}
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM cronica_projection_parked WHERE projector = $1`, p.Name).Scan(&s.Parked); err != nil {
			return nil, fmt.Errorf("projections: status: parked events of %s: %w", p.Name, err)
		}
		out = append(out, s)
	}
	return out, nil
}
