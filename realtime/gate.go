package realtime

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/eventstore"
)

// Gate holds an event back until the read models that reflect it have
// committed it, so a client that refetches on a push reads the change.
// Implementations must be safe for concurrent use.
type Gate interface {
	// Wait returns nil once every read model reflecting e has committed it,
	// or ctx's error.
	Wait(ctx context.Context, e eventstore.RecordedEvent) error
}

// ReadModel names a projector and the event types it applies (none: every
// type), as projections.Projector does.
type ReadModel struct {
	Name  string
	Types []string
}

// Querier runs a query; a *pgxpool.Pool is one.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// Gate defaults.
const (
	// DefaultGatePoll is how often a waiting CheckpointGate reads the
	// checkpoints.
	DefaultGatePoll = 2 * time.Millisecond
	// gateWarnAfter is how long a wait lasts before it is logged (and then
	// again at each such interval).
	gateWarnAfter = 10 * time.Second
)

// CheckpointGate is the Gate over the projection checkpoints
// (cronica_projection_checkpoints), the rows each projector commits with
// its read model: an event waits until every projector whose types include
// it has its checkpoint at or past it. While an event waits it reads all
// checkpoints every poll interval, in one query shared by every waiter; an
// event already passed waits for nothing.
//
// A halted projector does not hold events back: it will not pass them
// until an operator rebuilds it, and pushes that wait for it would wait as
// long; its reads answer projection_lagging meanwhile. It is logged.
type CheckpointGate struct {
	q      Querier
	byType map[string][]string // projectors of one event type
	all    []string            // projectors of every type
	poll   time.Duration
	log    *slog.Logger

	mu      sync.Mutex
	known   map[string]checkpoint
	readAt  time.Time // when known was read
	reading chan struct{}
	warned  map[string]bool
}

type checkpoint struct {
	position eventstore.Position
	halted   bool
}

// NewCheckpointGate is a CheckpointGate over models' checkpoints read
// through q, polling every poll (0: DefaultGatePoll).
func NewCheckpointGate(q Querier, models []ReadModel, poll time.Duration, logger *slog.Logger) *CheckpointGate {
	if poll <= 0 {
		poll = DefaultGatePoll
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	g := &CheckpointGate{q: q, byType: map[string][]string{}, poll: poll, log: logger, known: map[string]checkpoint{},
		warned: map[string]bool{}}
	for _, m := range models {
		if len(m.Types) == 0 {
			g.all = append(g.all, m.Name)
			continue
		}
		for _, t := range m.Types {
			if !slices.Contains(g.byType[t], m.Name) {
				g.byType[t] = append(g.byType[t], m.Name)
			}
		}
	}
	return g
}

// Projectors is the projectors an event of type t waits for.
func (g *CheckpointGate) Projectors(t string) []string {
	return append(slices.Clone(g.all), g.byType[t]...)
}

// Wait implements Gate.
func (g *CheckpointGate) Wait(ctx context.Context, e eventstore.RecordedEvent) error {
	names := g.Projectors(e.Type)
	if len(names) == 0 {
		return nil
	}
	started := time.Now()
	warnAt := started.Add(gateWarnAfter)
	for {
		behind, asked := g.behind(names, e.Position)
		if behind == "" {
			return nil
		}
		if now := time.Now(); now.After(warnAt) {
			g.log.Warn("realtime: a push waits for a read model", "projector", behind, "position", uint64(e.Position),
				"type", e.Type, "waited", now.Sub(started).Round(time.Second))
			warnAt = now.Add(gateWarnAfter)
		}
		if err := g.refresh(ctx, asked); err != nil {
			return err
		}
	}
}

// behind is the first projector of names not yet at pos ("" when none),
// and when the checkpoints it judged by were read.
func (g *CheckpointGate) behind(names []string, pos eventstore.Position) (string, time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, n := range names {
		cp := g.known[n]
		if cp.halted {
			if !g.warned[n] {
				g.warned[n] = true
				g.log.Warn("realtime: projector halted; pushes do not wait for it", "projector", n)
			}
			continue
		}
		g.warned[n] = false
		if cp.position < pos {
			return n, g.readAt
		}
	}
	return "", g.readAt
}

// refresh reads the checkpoints again, unless they were read after asked
// (another waiter did it meanwhile); reads are at least the poll interval
// apart, and one at a time.
func (g *CheckpointGate) refresh(ctx context.Context, asked time.Time) error {
	for {
		g.mu.Lock()
		if g.readAt.After(asked) {
			g.mu.Unlock()
			return nil
		}
		if wait := g.reading; wait != nil {
			g.mu.Unlock()
			select {
			case <-wait:
				continue
			case <-ctx.Done():
				return fmt.Errorf("realtime: gate: %w", ctx.Err())
			}
		}
		done := make(chan struct{})
		g.reading = done
		next := g.readAt.Add(g.poll)
		g.mu.Unlock()
		err := g.read(ctx, next)
		g.mu.Lock()
		g.reading = nil
		g.mu.Unlock()
		close(done)
		return err
	}
}

// read sleeps until next, then reads every checkpoint.
func (g *CheckpointGate) read(ctx context.Context, next time.Time) error {
	if d := time.Until(next); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("realtime: gate: %w", ctx.Err())
		}
	}
	readAt := time.Now()
	rows, err := g.q.Query(ctx, `SELECT projector, position, state = 'halted' FROM cronica_projection_checkpoints`)
	if err != nil {
		return fmt.Errorf("realtime: gate: read checkpoints: %w", err)
	}
	known := map[string]checkpoint{}
	for rows.Next() {
		var (
			name   string
			pos    int64
			halted bool
		)
		if err := rows.Scan(&name, &pos, &halted); err != nil {
			rows.Close()
			return fmt.Errorf("realtime: gate: read checkpoints: %w", err)
		}
		known[name] = checkpoint{position: eventstore.Position(max(pos, 0)), halted: halted}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("realtime: gate: read checkpoints: %w", err)
	}
	g.mu.Lock()
	g.known, g.readAt = known, readAt
	g.mu.Unlock()
	return nil
}
