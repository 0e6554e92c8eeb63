package projections

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/eventstore"
)

// shadowSuffix names a rebuild's copy of a live table.
const shadowSuffix = "__rebuild"

// rebuildPage is how many events a rebuild reads and applies per
// transaction.
const rebuildPage = 5000

// RebuildProgress is reported after every page of a rebuild.
type RebuildProgress struct {
	Projector string
	Events    int64               // events read so far
	Position  eventstore.Position // last event read
	Head      eventstore.Position // the log's head when the rebuild started
	Swapped   bool                // the last report: the new model is live
}

// RebuildResult says what a rebuild did.
type RebuildResult struct {
	Events   int64
	Position eventstore.Position
	Parked   int
	Elapsed  time.Duration
}

// Rebuild builds projector name again from the start of the log, blue/green:
// into shadow copies of its tables while the live ones keep serving reads
// (and the live runner, if any, keeps them current), then, once caught up,
// swaps them in in one transaction: it locks the checkpoint row (the live
// runner's next batch waits), locks the live tables, applies the last
// events, renames the shadow tables over the live ones, and moves the
// checkpoint. Readers never see a half-built model; the live runner finds
// its checkpoint moved and carries on from the new one. An event that fails
// is parked under Skip and ends the rebuild with an error under Halt (the
// live model is untouched then).
func (rt *Runtime) Rebuild(ctx context.Context, name string, head eventstore.Position, progress func(RebuildProgress)) (RebuildResult, error) {
	start := time.Now()
	p, ok := rt.projector(name)
	if !ok {
		return RebuildResult{}, fmt.Errorf("projections: rebuild: no projector called %q", name)
	}
	if progress == nil {
		progress = func(RebuildProgress) {}
	}
	if _, err := ensureCheckpoint(ctx, rt.pool, name); err != nil {
		return RebuildResult{}, err
	}
	shadow, err := rt.createShadow(ctx, p)
	if err != nil {
		return RebuildResult{}, err
	}
	b := &rebuilder{rt: rt, p: p, tables: shadow, analyzer: analyzer{every: rt.cfg.AnalyzeEvery}}
	report := func(swapped bool) {
		progress(RebuildProgress{Projector: name, Events: b.events, Position: b.position, Head: head, Swapped: swapped})
	}
	for {
		n, err := b.page(ctx, rt.pool)
		if err != nil {
			return RebuildResult{}, err
		}
		if n == 0 {
			break
		}
		if err := b.analyzer.applied(ctx, rt.pool, b.tables, n); err != nil {
			rt.log.Warn("shadow tables not analyzed", "projector", name, "error", err)
		}
		report(false)
	}
	// The shadow tables go live with statistics of what they hold.
	if err := analyzeTables(ctx, rt.pool, b.tables); err != nil {
		rt.log.Warn("shadow tables not analyzed", "projector", name, "error", err)
	}
	if err := b.swap(ctx); err != nil {
		return RebuildResult{}, err
	}
	report(true)
	rt.log.Info("projection rebuilt", "projector", name, "events", b.events, "position", uint64(b.position),
		"parked", len(b.parked), "elapsed", time.Since(start))
	return RebuildResult{Events: b.events, Position: b.position, Parked: len(b.parked), Elapsed: time.Since(start)}, nil
}

func (rt *Runtime) projector(name string) (Projector, bool) {
	for _, p := range rt.projectors {
		if p.Name == name {
			return p, true
		}
	}
	return Projector{}, false
}

// createShadow makes an empty copy of every table of p, with the same
// columns, defaults, constraints and indexes.
func (rt *Runtime) createShadow(ctx context.Context, p Projector) (Tables, error) {
	t := make(Tables, len(p.Tables))
	for _, live := range p.Tables {
		shadow := live + shadowSuffix
		sql := fmt.Sprintf(`DROP TABLE IF EXISTS %[2]s; CREATE TABLE %[2]s (LIKE %[1]s INCLUDING ALL)`,
			pgx.Identifier{live}.Sanitize(), pgx.Identifier{shadow}.Sanitize())
		if _, err := rt.pool.Exec(ctx, sql); err != nil {
			return nil, fmt.Errorf("projections: rebuild %s: shadow of %s: %w", p.Name, live, err)
		}
		t[live] = shadow
	}
	return t, nil
}

type rebuilder struct {
	rt         *Runtime
	p          Projector
	tables     Tables
	events     int64
	position   eventstore.Position
	recordedAt time.Time
	parked     []parkedEvent
	analyzer   analyzer
}

type parkedEvent struct {
	event eventstore.RecordedEvent
	cause error
}

type execQuerier interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// page reads the next page of the log after the rebuild's position and
// applies it into the shadow tables in its own transaction (db), or inside
// the swap transaction.
func (b *rebuilder) page(ctx context.Context, db execQuerier) (int, error) {
	events, err := b.rt.store.ReadAll(ctx, b.position, rebuildPage)
	if err != nil || len(events) == 0 {
		return 0, err
	}
	tx, err := db.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("projections: rebuild %s: begin: %w", b.p.Name, err)
	}
	if err := b.apply(ctx, tx, events); err != nil {
		tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // reporting the cause
		return 0, err
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("projections: rebuild %s: commit: %w", b.p.Name, err)
	}
	last := events[len(events)-1]
	b.events += int64(len(events))
	b.position, b.recordedAt = last.Position, last.Metadata.RecordedAt
	return len(events), nil
}

// apply applies events with ApplyBatch when the projector has it. If that
// fails, the page is applied again event by event, each under a savepoint,
// so the failing event is found and parked (Skip) or named (Halt).
func (b *rebuilder) apply(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) error {
	mine := events[:0:0]
	for _, e := range events {
		if b.p.handles(e.Type) {
			mine = append(mine, e)
		}
	}
	if len(mine) == 0 {
		return nil
	}
	if b.p.ApplyBatch != nil {
		if _, err := tx.Exec(ctx, "SAVEPOINT cronica_batch"); err != nil {
			return fmt.Errorf("projections: rebuild %s: %w", b.p.Name, err)
		}
		if err := b.p.ApplyBatch(ctx, tx, b.tables, mine); err == nil {
			return nil
		}
		if _, err := tx.Exec(ctx, "ROLLBACK TO SAVEPOINT cronica_batch"); err != nil {
			return fmt.Errorf("projections: rebuild %s: %w", b.p.Name, err)
		}
	}
	for _, e := range mine {
		if err := b.applyOne(ctx, tx, e); err != nil {
			return err
		}
	}
	return nil
}

func (b *rebuilder) applyOne(ctx context.Context, tx pgx.Tx, e eventstore.RecordedEvent) (err error) {
	if _, err := tx.Exec(ctx, "SAVEPOINT cronica_event"); err != nil {
		return fmt.Errorf("projections: rebuild %s: %w", b.p.Name, err)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
		if err == nil {
			return
		}
		if b.p.Policy != Skip {
			err = fmt.Errorf("projections: rebuild %s: event at %d (%s %s v%d): %w", b.p.Name, e.Position, e.Type, e.StreamID, e.Version, err)
			return
		}
		if _, rbErr := tx.Exec(ctx, "ROLLBACK TO SAVEPOINT cronica_event"); rbErr != nil {
			err = fmt.Errorf("projections: rebuild %s: %w", b.p.Name, rbErr)
			return
		}
		b.parked = append(b.parked, parkedEvent{event: e, cause: err})
		err = nil
	}()
	return b.p.Apply(ctx, tx, b.tables, e)
}

// swap makes the shadow tables live; see Rebuild.
func (b *rebuilder) swap(ctx context.Context) error {
	tx, err := b.rt.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("projections: rebuild %s: swap: %w", b.p.Name, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // after Commit it is a no-op
	name := b.p.Name
	if _, err := tx.Exec(ctx, `SELECT 1 FROM cronica_projection_checkpoints WHERE projector = $1 FOR UPDATE`, name); err != nil {
		return fmt.Errorf("projections: rebuild %s: lock the checkpoint: %w", name, err)
	}
	for _, live := range b.p.Tables {
		if _, err := tx.Exec(ctx, "LOCK TABLE "+pgx.Identifier{live}.Sanitize()+" IN ACCESS EXCLUSIVE MODE"); err != nil {
			return fmt.Errorf("projections: rebuild %s: lock %s: %w", name, live, err)
		}
	}
	for {
		n, err := b.page(ctx, tx)
		if err != nil {
			return err
		}
		if n == 0 {
			break
		}
	}
	for _, live := range b.p.Tables {
		sql := fmt.Sprintf("ALTER TABLE %[1]s RENAME TO %[2]s; ALTER TABLE %[3]s RENAME TO %[1]s; DROP TABLE %[2]s",
			pgx.Identifier{live}.Sanitize(), pgx.Identifier{live + "__old"}.Sanitize(), pgx.Identifier{live + shadowSuffix}.Sanitize())
		if _, err := tx.Exec(ctx, sql); err != nil {
			return fmt.Errorf("projections: rebuild %s: swap %s: %w", name, live, err)
		}
	}
	var at any
	if !b.recordedAt.IsZero() {
		at = b.recordedAt
	}
	if _, err := tx.Exec(ctx, `UPDATE cronica_projection_checkpoints
		SET position = $2, recorded_at = $3, state = 'running', halted_reason = '', updated_at = now()
		WHERE projector = $1`, name, int64(b.position), at); err != nil {
		return fmt.Errorf("projections: rebuild %s: move the checkpoint: %w", name, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM cronica_projection_parked WHERE projector = $1`, name); err != nil {
		return fmt.Errorf("projections: rebuild %s: clear parked events: %w", name, err)
	}
	for _, pe := range b.parked {
		if err := park(ctx, tx, name, pe.event, pe.cause, 1); err != nil {
			return err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("projections: rebuild %s: commit the swap: %w", name, err)
	}
	return nil
}
