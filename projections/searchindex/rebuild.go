package searchindex

import (
	"context"
	"fmt"
	"os"
	"time"

	"cronica/eventstore"
)

// rebuildPage is how many events Rebuild reads, and commits, at a time.
const rebuildPage = 1000

// catchUpRetry is how often the end of a Rebuild reads the log again while
// the log does not yet show what the current generation already holds.
const catchUpRetry = 10 * time.Millisecond

// Rebuild builds a new generation of the index from the start of the log
// to its head, with a fresh Mapping, while the current generation keeps
// serving searches (and Apply keeps writing it), then makes the new one
// current: CURRENT is replaced by rename and readers switch atomically;
// searches in flight finish on the old generation, which is then closed and
// removed. progress, if not nil, is called with the new generation's
// checkpoint after every page.
//
// The last catch-up to the head and the swap happen with writes held, so
// the new generation is never behind the old one; a Follow that runs
// meanwhile goes on, skipping what the new generation already holds. If ctx
// ends or anything fails before the swap, the new generation is removed and
// the current one stays. Close cancels a running Rebuild (ErrClosed). Only
// one Rebuild runs at a time (ErrRebuildRunning).
//
// With a Parker (SetParking), an event that keeps failing is parked in the
// new generation as Follow parks it: the rebuild records its parked events
// just before the swap and, after it, forgets the ones parked earlier up to
// its head that it did not park again (a fixed projector un-parks them).
// Without one, the first failing event ends the Rebuild (*ApplyError).
func (ix *Index) Rebuild(ctx context.Context, store eventstore.Store, progress func(eventstore.Position)) error {
	ctx, cancel, err := ix.startRebuild(ctx)
	if err != nil {
		return err
	}
	defer ix.endRebuild(cancel)
	started := time.Now()
	r := &rebuild{parking: ix.parkingPolicy()}

	name, err := nextGeneration(ix.dir)
	if err != nil {
		return err
	}
	g, err := ix.newGeneration(name)
	if err != nil {
		return err
	}
	swapped := false
	defer func() {
		if !swapped {
			ix.discard(g)
		}
	}()
	ix.log.Info("searchindex: rebuild started", "generation", name)

	// The bulk of the log, without holding writes.
	if _, err := ix.catchUp(ctx, store, g, r, progress); err != nil {
		return ix.rebuildError(ctx, err)
	}

	// The tail and the swap, with writes held.
	ix.mu.Lock()
	if ix.closed {
		ix.mu.Unlock()
		return ErrClosed
	}
	head, err := ix.catchUpTo(ctx, store, g, r, progress)
	if err == nil {
		err = ix.recordParked(ctx, r)
	}
	var syncErr error
	if err == nil {
		syncErr, err = writeCurrent(ix.dir, name)
	}
	if err != nil {
		ix.mu.Unlock()
		return ix.rebuildError(ctx, err)
	}
	old := ix.cur.Swap(g)
	swapped = true
	ix.mu.Unlock()
	if syncErr != nil {
		ix.log.Warn("searchindex: CURRENT may not be durable", "error", syncErr)
	}

	if r.parking.Parker != nil {
		keep := make([]eventstore.Position, len(r.parked))
		for i, pe := range r.parked {
			keep[i] = pe.event.Position
		}
		if err := r.parking.Parker.Unpark(ctx, ix.p.Name, head, keep); err != nil {
			// Stale records only: every event g skipped is recorded.
			ix.log.Warn("searchindex: rebuild: events parked before it, applied by it, still recorded as parked", "error", err)
		}
	}

	// Readers of the old generation finish first; new ones get g.
	err = old.retire()
	if rerr := os.RemoveAll(old.path); err == nil {
		err = rerr
	}
	if err != nil {
		// g is current and complete; Open removes the leftover.
		ix.log.Warn("searchindex: rebuild: remove old generation", "generation", old.name, "error", err)
	}
	ix.log.Info("searchindex: rebuild done", "generation", name, "checkpoint", head,
		"replaced", old.name, "parked", len(r.parked), "took", time.Since(started))
	return nil
}

// rebuild is one Rebuild's poison path and the events it parked.
type rebuild struct {
	parking Parking
	parked  []parkedEvent
}

func (r *rebuild) park(pe parkedEvent) error {
	r.parked = append(r.parked, pe)
	return nil
}

// recordParked records the events r parked, before its generation is
// swapped in: a failure leaves the current generation in place.
func (ix *Index) recordParked(ctx context.Context, r *rebuild) error {
	for _, pe := range r.parked {
		e := pe.event
		if err := r.parking.Parker.Park(ctx, ix.p.Name, e, pe.cause, pe.attempts); err != nil {
			return fmt.Errorf("searchindex: %s: rebuild: park event at %d: %w", ix.p.Name, e.Position, err)
		}
		ix.log.Error("searchindex: rebuild parked an event; the new generation goes without it", "position", uint64(e.Position),
			"stream", e.StreamID, "version", e.Version, "type", e.Type, "attempts", pe.attempts, "error", pe.cause)
	}
	return nil
}

func (ix *Index) startRebuild(ctx context.Context) (context.Context, context.CancelFunc, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil, nil, ErrClosed
	}
	if ix.rebuilding {
		return nil, nil, fmt.Errorf("searchindex: %s: %w", ix.p.Name, ErrRebuildRunning)
	}
	ctx, cancel := context.WithCancel(ctx)
	ix.rebuilding = true
	ix.cancelRebuild = cancel
	ix.rebuilds.Add(1)
	return ctx, cancel, nil
}

func (ix *Index) endRebuild(cancel context.CancelFunc) {
	cancel()
	ix.mu.Lock()
	ix.rebuilding = false
	ix.cancelRebuild = nil
	ix.mu.Unlock()
	ix.rebuilds.Done()
}

// rebuildError is what Rebuild returns for err: ErrClosed when Close
// cancelled it.
func (ix *Index) rebuildError(ctx context.Context, err error) error {
	ix.mu.Lock()
	closed := ix.closed
	ix.mu.Unlock()
	if closed && ctx.Err() != nil {
		return ErrClosed
	}
	return err
}

// catchUpTo catches g up to the head of the log and, at least, to the
// current generation's checkpoint: a reader can see the log's head late
// (PostgreSQL shows an event only once every older transaction is over), and
// the new generation must not start behind the one it replaces.
func (ix *Index) catchUpTo(ctx context.Context, store eventstore.Store, g *generation, r *rebuild, progress func(eventstore.Position)) (eventstore.Position, error) {
	target, err := ix.cur.Load().checkpoint()
	if err != nil {
		return 0, err
	}
	for {
		head, err := ix.catchUp(ctx, store, g, r, progress)
		if err != nil || head >= target {
			return head, err
		}
		select {
		case <-ctx.Done():
			return head, fmt.Errorf("searchindex: %s: rebuild: %w", ix.p.Name, ctx.Err())
		case <-time.After(catchUpRetry):
		}
	}
}

// catchUp applies to g, page by page, every event after g's checkpoint up
// to the head of the log, with r's poison path, and returns g's checkpoint.
func (ix *Index) catchUp(ctx context.Context, store eventstore.Store, g *generation, r *rebuild, progress func(eventstore.Position)) (eventstore.Position, error) {
	after, err := g.checkpoint()
	if err != nil {
		return 0, err
	}
	for {
		if err := ctx.Err(); err != nil {
			return after, fmt.Errorf("searchindex: %s: rebuild: %w", ix.p.Name, err)
		}
		page, err := store.ReadAll(ctx, after, rebuildPage)
		if err != nil {
			return after, fmt.Errorf("searchindex: %s: rebuild: read after %d: %w", ix.p.Name, after, err)
		}
		if len(page) == 0 {
			return after, nil
		}
		if after, err = ix.commit(ctx, g, page, r.parking, r.park); err != nil {
			return after, err
		}
		if progress != nil {
			progress(after)
		}
	}
}
