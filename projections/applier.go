package projections

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/projections/feed"
)

// Message metadata the runner adds: the run a message belongs to (a
// message of an earlier run, before a restart, is acknowledged and
// ignored), and the mark of a flush message, which carries no event and
// asks the applier to commit what it holds.
const (
	metaGeneration = "cronica_projector_run"
	metaFlush      = "cronica_flush"
)

// Metrics receives the runtime's counters. internal/metrics implements it.
type Metrics interface {
	Applied(projector string, events int)
	Parked(projector string)
}

type pendingEvent struct {
	event    eventstore.RecordedEvent
	before   eventstore.Position // the position reached just before it
	beforeAt time.Time           // and its recorded_at
	parked   bool                // parked under Skip: never applied
}

// applyError names the event whose Apply failed (or panicked): the poison
// path parks that event, whichever message was in hand when it failed.
type applyError struct {
	event eventstore.RecordedEvent
	err   error
}

func (e *applyError) Error() string {
	return fmt.Sprintf("apply %s at %d (%s v%d): %v", e.event.Type, e.event.Position, e.event.StreamID, e.event.Version, e.err)
}

func (e *applyError) Unwrap() error { return e.err }

// applier is one projector's Watermill handler. It collects the events it
// is handed and writes them, with the checkpoint, in one short transaction
// per batch: when maxBatch events have come, or when the runner sends a
// flush message because the feed went idle. No transaction stays open
// between messages, so the projector never holds back the log's read
// horizon (see pgstore) for longer than a flush takes.
//
// A failing flush is an error of the message in hand: Watermill's Retry
// runs it again; when retries are spent, the poison path parks the event
// that failed (applyError), then skips it or halts by policy. It is safe
// for concurrent use.
type applier struct {
	pool    *pgxpool.Pool
	p       Projector
	tables  Tables
	log     *slog.Logger
	metrics Metrics
	restart func() // makes the runner start again from the checkpoint row

	maxBatch int
	attempts int // tries before an event is parked (retries + 1)

	mu         sync.Mutex
	gen        uint64
	pending    []pendingEvent // events to apply, of the types the projector handles
	unflushed  int            // events received since the last commit, of any type
	committed  eventstore.Position
	position   eventstore.Position // committed plus what is pending
	recordedAt time.Time
	halted     bool
	analyzer   analyzer
}

// reset starts run gen from checkpoint c, dropping what was pending.
func (a *applier) reset(gen uint64, c Checkpoint) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.gen, a.pending, a.unflushed, a.halted = gen, nil, 0, c.Halted
	a.committed, a.position, a.recordedAt = c.Position, c.Position, c.RecordedAt
}

// dirty reports whether events wait to be committed.
func (a *applier) dirty() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.position != a.committed && !a.halted
}

// handle takes one message: an event to collect, or a flush. It is the
// innermost Watermill handler.
func (a *applier) handle(msg *message.Message) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.currentRun(msg) {
		return nil
	}
	if msg.Metadata.Get(metaFlush) != "" {
		return a.flushLocked(msg.Context())
	}
	pos, err := feed.Position(msg)
	if err != nil {
		return fmt.Errorf("projections: %s: %w", a.p.Name, err)
	}
	if pos > a.position {
		e, err := feed.Event(msg)
		if err != nil {
			return fmt.Errorf("projections: %s: %w", a.p.Name, err)
		}
		if a.p.handles(e.Type) {
			a.pending = append(a.pending, pendingEvent{event: e, before: a.position, beforeAt: a.recordedAt})
		}
		a.position, a.recordedAt = e.Position, e.Metadata.RecordedAt
		a.unflushed++
	}
	if a.unflushed >= a.maxBatch {
		return a.flushLocked(msg.Context())
	}
	return nil
}

// flushOnStop commits what is pending when the runner stops with the lock
// still held; a failure is logged, and the events come again at the next
// start.
func (a *applier) flushOnStop() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.halted {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.flushLocked(ctx); err != nil {
		a.log.Warn("projection batch not committed at stop; it is applied again at the next start", "projector", a.p.Name, "error", err)
	}
}

// abandon drops what is pending: the lock was lost, so another instance may
// be running the projector.
func (a *applier) abandon() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.pending, a.unflushed, a.position = nil, 0, a.committed
}

func (a *applier) currentRun(msg *message.Message) bool {
	g, _ := strconv.ParseUint(msg.Metadata.Get(metaGeneration), 10, 64)
	return g == a.gen && !a.halted
}

// flushLocked writes the pending events and the checkpoint in one
// transaction. On failure nothing is written and the events stay pending.
func (a *applier) flushLocked(ctx context.Context) error {
	if a.position == a.committed {
		return nil
	}
	err := a.inBatchTx(ctx, func(tx pgx.Tx) error {
		if err := a.applyPending(ctx, tx, nil); err != nil {
			return err
		}
		return advanceCheckpoint(ctx, tx, a.p.Name, a.committed, a.position, a.recordedAt)
	})
	if errors.Is(err, errMoved) {
		return nil // the runner restarts from the row
	}
	if err != nil {
		return err
	}
	applied := len(a.pending)
	a.committedLocked(a.position)
	if err := a.analyzer.applied(ctx, a.pool, a.tables, applied); err != nil {
		a.log.Warn("projection tables not analyzed", "projector", a.p.Name, "error", err)
	}
	return nil
}

// inBatchTx runs fn in a transaction that first locks the checkpoint row
// and checks it is where this runner left it; a moved row (a rebuild swapped
// the model in) restarts the runner and returns errMoved.
func (a *applier) inBatchTx(ctx context.Context, fn func(pgx.Tx) error) error {
	tx, err := a.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("projections: %s: begin: %w", a.p.Name, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // a no-op after Commit; else the error that made us stop is the one to report
	var pos int64
	var state string
	if err := tx.QueryRow(ctx, `SELECT position, state FROM cronica_projection_checkpoints WHERE projector = $1 FOR UPDATE`,
		a.p.Name).Scan(&pos, &state); err != nil {
		return fmt.Errorf("projections: %s: lock the checkpoint: %w", a.p.Name, err)
	}
	if eventstore.Position(pos) != a.committed || state != "running" {
		a.restartLocked("the checkpoint moved")
		return errMoved
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("projections: %s: commit: %w", a.p.Name, err)
	}
	return nil
}

// applyPending applies the pending events but those parked and skip, with
// ApplyBatch when the projector has it, else (or when the batch fails, to
// find the event that fails) one by one under savepoints.
func (a *applier) applyPending(ctx context.Context, tx pgx.Tx, skip *eventstore.RecordedEvent) error {
	events := make([]eventstore.RecordedEvent, 0, len(a.pending))
	for _, pe := range a.pending {
		if !pe.parked && (skip == nil || pe.event.Position != skip.Position) {
			events = append(events, pe.event)
		}
	}
	if len(events) == 0 {
		return nil
	}
	if a.p.ApplyBatch != nil {
		if _, err := tx.Exec(ctx, "SAVEPOINT cronica_batch"); err != nil {
			return fmt.Errorf("projections: %s: %w", a.p.Name, err)
		}
		if err := safely(func() error { return a.p.ApplyBatch(ctx, tx, a.tables, events) }); err == nil {
			return nil
		}
		if _, err := tx.Exec(ctx, "ROLLBACK TO SAVEPOINT cronica_batch"); err != nil {
			return fmt.Errorf("projections: %s: %w", a.p.Name, err)
		}
	}
	for _, e := range events {
		if err := safely(func() error { return a.p.Apply(ctx, tx, a.tables, e) }); err != nil {
			return &applyError{event: e, err: err}
		}
	}
	return nil
}

// safely runs fn, turning a panic into an error.
func safely(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return fn()
}

func (a *applier) committedLocked(pos eventstore.Position) {
	if a.metrics != nil {
		n := 0
		for _, pe := range a.pending {
			if !pe.parked && pe.event.Position <= pos {
				n++
			}
		}
		a.metrics.Applied(a.p.Name, n)
	}
	kept := a.pending[:0]
	for _, pe := range a.pending {
		if pe.event.Position > pos {
			kept = append(kept, pe)
		}
	}
	a.pending, a.committed, a.unflushed = kept, pos, len(kept)
}

func (a *applier) restartLocked(why string) {
	a.log.Info("projector restarts from its checkpoint", "projector", a.p.Name, "why", why)
	a.pending, a.unflushed = nil, 0
	a.restart()
}

// parkAfterRetries is the poison path: the message's handling failed
// a.attempts times. If an event's Apply was the cause, that event is
// parked; under Skip the rest is committed past it, under Halt what came
// before it is committed and the projector stops there. Any other cause
// (the database is down) is returned: the message is nacked and comes back.
func (a *applier) parkAfterRetries(msg *message.Message, cause error) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	var ae *applyError
	if !a.currentRun(msg) || !errors.As(cause, &ae) {
		return cause
	}
	e := ae.event
	idx := -1
	for i, pe := range a.pending {
		if pe.event.Position == e.Position {
			idx = i
		}
	}
	if idx < 0 {
		return cause
	}
	ctx := msg.Context()
	log := a.log.With("projector", a.p.Name, "position", uint64(e.Position), "stream", e.StreamID, "version", e.Version,
		"type", e.Type, "error", ae.err)
	if a.p.Policy == Skip {
		err := a.inBatchTx(ctx, func(tx pgx.Tx) error {
			if err := a.applyPending(ctx, tx, &e); err != nil {
				return err
			}
			if err := park(ctx, tx, a.p.Name, e, ae.err, a.attempts); err != nil {
				return err
			}
			return advanceCheckpoint(ctx, tx, a.p.Name, a.committed, a.position, a.recordedAt)
		})
		if errors.Is(err, errMoved) {
			return nil
		}
		if err != nil {
			return err
		}
		a.pending[idx].parked = true
		a.committedLocked(a.position)
		a.parkedLocked()
		log.Error("projection event parked; the projector goes on")
		return nil
	}
	before, beforeAt := a.pending[idx].before, a.pending[idx].beforeAt
	head, tail := a.pending[:idx], a.pending[idx:]
	err := a.inBatchTx(ctx, func(tx pgx.Tx) error {
		a.pending = head
		defer func() { a.pending = append(head, tail...) }()
		if err := a.applyPending(ctx, tx, nil); err != nil {
			return err
		}
		if err := park(ctx, tx, a.p.Name, e, ae.err, a.attempts); err != nil {
			return err
		}
		if err := advanceCheckpoint(ctx, tx, a.p.Name, a.committed, before, beforeAt); err != nil {
			return err
		}
		reason := fmt.Sprintf("event at position %d (%s %s v%d) failed %d times: %v", e.Position, e.Type, e.StreamID, e.Version, a.attempts, ae.err)
		return halt(ctx, tx, a.p.Name, reason)
	})
	if errors.Is(err, errMoved) {
		return nil
	}
	if err != nil {
		return err
	}
	a.parkedLocked()
	a.halted, a.pending, a.committed, a.position = true, nil, before, before
	log.Error("projection event parked; the projector halts")
	a.restartLocked("halted")
	return nil
}

func (a *applier) parkedLocked() {
	if a.metrics != nil {
		a.metrics.Parked(a.p.Name)
	}
}
