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

// metaGeneration tags each message with the run of the projector it belongs
// to; a message of an earlier run (before a restart) is acknowledged and
// ignored.
const metaGeneration = "cronica_projector_run"

// Metrics receives the runtime's counters. internal/metrics implements it.
type Metrics interface {
	Applied(projector string, events int)
	Parked(projector string)
}

type pendingEvent struct {
	event  eventstore.RecordedEvent
	parked bool // parked under Skip: advances the checkpoint, never applied
}

// applier is one projector's Watermill handler. It applies events inside
// one open transaction and commits them with the checkpoint in batches:
// when maxBatch events are pending, when the batch is maxAge old, or when
// no new event came for idleFlush. Events applied but not committed stay in
// pending, so a rolled-back batch is replayed before the next event. It is
// safe for concurrent use by the handler and its flush timer.
type applier struct {
	pool    *pgxpool.Pool
	p       Projector
	tables  Tables
	types   map[string]bool
	log     *slog.Logger
	metrics Metrics
	restart func() // makes the runner start again from the checkpoint row

	maxBatch  int
	idleFlush time.Duration
	maxAge    time.Duration
	attempts  int // tries before an event is parked (retries + 1)

	mu         sync.Mutex
	gen        uint64
	tx         pgx.Tx
	batchStart time.Time
	pending    []pendingEvent
	committed  eventstore.Position // the checkpoint row, as this runner left it
	position   eventstore.Position // committed plus pending
	recordedAt time.Time
	halted     bool
	timer      *time.Timer
}

// reset starts run gen from checkpoint c, dropping any open batch.
func (a *applier) reset(gen uint64, c Checkpoint) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.rollbackLocked()
	a.gen, a.pending, a.halted = gen, nil, c.Halted
	a.committed, a.position, a.recordedAt = c.Position, c.Position, c.RecordedAt
}

// handle applies one event. It is the innermost Watermill handler.
func (a *applier) handle(msg *message.Message) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	e, skip, err := a.current(msg)
	if err != nil || skip {
		return err
	}
	if err := a.ensureTxLocked(msg.Context()); err != nil {
		return err
	}
	if a.types == nil || a.types[e.Type] {
		if err := a.p.Apply(msg.Context(), a.tx, a.tables, e); err != nil {
			a.rollbackLocked()
			return fmt.Errorf("projections: %s: apply %s at %d: %w", a.p.Name, e.Type, e.Position, err)
		}
	}
	a.pending = append(a.pending, pendingEvent{event: e})
	a.position, a.recordedAt = e.Position, e.Metadata.RecordedAt
	if len(a.pending) >= a.maxBatch || time.Since(a.batchStart) >= a.maxAge {
		a.commitLocked(msg.Context())
		return nil
	}
	a.armTimerLocked()
	return nil
}

// current decodes msg and says whether to skip it: a message of an earlier
// run, an event at or before the position already reached, or a halted
// projector.
func (a *applier) current(msg *message.Message) (eventstore.RecordedEvent, bool, error) {
	if g, _ := strconv.ParseUint(msg.Metadata.Get(metaGeneration), 10, 64); g != a.gen || a.halted {
		return eventstore.RecordedEvent{}, true, nil
	}
	pos, err := feed.Position(msg)
	if err != nil {
		return eventstore.RecordedEvent{}, false, fmt.Errorf("projections: %s: %w", a.p.Name, err)
	}
	if pos <= a.position {
		return eventstore.RecordedEvent{}, true, nil
	}
	e, err := feed.Event(msg)
	if err != nil {
		return eventstore.RecordedEvent{}, false, fmt.Errorf("projections: %s: %w", a.p.Name, err)
	}
	return e, false, nil
}

// ensureTxLocked opens the batch transaction if none is open: it locks the
// checkpoint row (so nothing else moves it during the batch), checks that
// the row is where this runner left it, and replays pending events that a
// rolled-back transaction lost.
func (a *applier) ensureTxLocked(ctx context.Context) error {
	if a.tx != nil {
		return nil
	}
	tx, err := a.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("projections: %s: begin: %w", a.p.Name, err)
	}
	var pos int64
	var state string
	err = tx.QueryRow(ctx, `SELECT position, state FROM cronica_projection_checkpoints WHERE projector = $1 FOR UPDATE`, a.p.Name).Scan(&pos, &state)
	if err == nil && (eventstore.Position(pos) != a.committed || state != "running") {
		err = errMoved
	}
	for i := 0; err == nil && i < len(a.pending); i++ {
		if pe := a.pending[i]; !pe.parked && (a.types == nil || a.types[pe.event.Type]) {
			err = a.p.Apply(ctx, tx, a.tables, pe.event)
		}
	}
	if err != nil {
		tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // the error that made us roll back is the one to report
		if errors.Is(err, errMoved) {
			a.restartLocked("the checkpoint moved")
		}
		return fmt.Errorf("projections: %s: open batch: %w", a.p.Name, err)
	}
	a.tx, a.batchStart = tx, time.Now()
	return nil
}

// commitLocked writes the checkpoint and commits the batch. On failure the
// batch stays pending, to be replayed into the next transaction; a flush is
// retried by the timer.
func (a *applier) commitLocked(ctx context.Context) bool {
	if a.tx == nil {
		return len(a.pending) == 0
	}
	err := advanceCheckpoint(ctx, a.tx, a.p.Name, a.committed, a.position, a.recordedAt)
	if err == nil {
		err = a.tx.Commit(ctx)
	}
	if err != nil {
		a.rollbackLocked()
		if errors.Is(err, errMoved) {
			a.restartLocked("the checkpoint moved")
			return false
		}
		a.log.Warn("projection batch not committed; retrying", "projector", a.p.Name, "events", len(a.pending), "error", err)
		a.armTimerLocked()
		return false
	}
	a.tx = nil
	if a.metrics != nil {
		a.metrics.Applied(a.p.Name, len(a.pending))
	}
	a.pending, a.committed = a.pending[:0], a.position
	a.stopTimerLocked()
	return true
}

// flush commits what is pending; the idle timer and the runner call it.
func (a *applier) flush(ctx context.Context) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.commitLocked(ctx)
}

// abandon rolls back the open batch without committing it: the lock was
// lost, so another instance may be running the projector.
func (a *applier) abandon() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.rollbackLocked()
	a.pending = nil
	a.stopTimerLocked()
}

func (a *applier) rollbackLocked() {
	if a.tx != nil {
		a.tx.Rollback(context.Background()) //nolint:errcheck // nothing to do about a failed rollback: the session is gone
		a.tx = nil
	}
}

func (a *applier) restartLocked(why string) {
	a.log.Info("projector restarts from its checkpoint", "projector", a.p.Name, "why", why)
	a.pending = nil
	a.stopTimerLocked()
	a.restart()
}

func (a *applier) armTimerLocked() {
	if a.timer == nil {
		a.timer = time.AfterFunc(a.idleFlush, func() { a.flush(context.Background()) })
		return
	}
	a.timer.Reset(a.idleFlush)
}

func (a *applier) stopTimerLocked() {
	if a.timer != nil {
		a.timer.Stop()
	}
}

// parkAfterRetries is the poison path: the event in msg failed a.attempts
// times. It is parked; under Skip the checkpoint moves past it, under Halt
// the projector stops before it.
func (a *applier) parkAfterRetries(msg *message.Message, cause error) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	e, skip, err := a.current(msg)
	if err != nil || skip {
		return err
	}
	if err := a.ensureTxLocked(msg.Context()); err != nil {
		return err
	}
	if err := park(msg.Context(), a.tx, a.p.Name, e, cause, a.attempts); err != nil {
		a.rollbackLocked()
		return err
	}
	if a.metrics != nil {
		a.metrics.Parked(a.p.Name)
	}
	if a.p.Policy == Skip {
		a.log.Error("projection event parked; the projector goes on", "projector", a.p.Name, "position", uint64(e.Position),
			"stream", e.StreamID, "version", e.Version, "type", e.Type, "error", cause)
		a.pending = append(a.pending, pendingEvent{event: e, parked: true})
		a.position, a.recordedAt = e.Position, e.Metadata.RecordedAt
		a.commitLocked(msg.Context())
		return nil
	}
	a.log.Error("projection event parked; the projector halts", "projector", a.p.Name, "position", uint64(e.Position),
		"stream", e.StreamID, "version", e.Version, "type", e.Type, "error", cause)
	if err := advanceCheckpoint(msg.Context(), a.tx, a.p.Name, a.committed, a.position, a.recordedAt); err != nil {
		a.rollbackLocked()
		return err
	}
	reason := fmt.Sprintf("event at position %d (%s %s v%d) failed %d times: %v", e.Position, e.Type, e.StreamID, e.Version, a.attempts, cause)
	if err := halt(msg.Context(), a.tx, a.p.Name, reason); err != nil {
		a.rollbackLocked()
		return err
	}
	if err := a.tx.Commit(msg.Context()); err != nil {
		a.rollbackLocked()
		return fmt.Errorf("projections: %s: commit halt: %w", a.p.Name, err)
	}
	a.tx, a.halted, a.pending, a.committed = nil, true, nil, a.position
	a.restartLocked("halted")
	return nil
}
