package searchindex

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"cronica/eventstore"
	"cronica/internal/pause"
)

// Parker records the events a projector could not apply (the poison
// path), where the other projectors record theirs; projections.ParkedStore
// is one (cronica_projection_parked). It must be safe for concurrent use.
type Parker interface {
	// Park records that projector parked e after attempts failed
	// attempts, the last failing with cause. Parking an event again
	// updates its record.
	Park(ctx context.Context, projector string, e eventstore.RecordedEvent, cause error, attempts int) error
	// Unpark forgets the events projector parked at or below upTo, but
	// those at the positions in keep.
	Unpark(ctx context.Context, projector string, upTo eventstore.Position, keep []eventstore.Position) error
}

// ParkCounter counts parked events (the metric to alert on);
// internal/metrics.ProjectionMetrics is one.
type ParkCounter interface {
	Parked(projector string)
}

// Parking is the poison path of Follow and Rebuild, as the projections
// runtime's for its Skip projectors: an event whose Apply fails is tried
// again alone (the events before it in its batch are committed without it),
// with a backoff, and after Attempts failed attempts it is parked (recorded
// by Parker, logged at error, counted), the checkpoint moves past it and the
// rest of the log goes on. Without a Parker there is no poison path: Follow
// and Rebuild stop at the first failing event (*ApplyError).
type Parking struct {
	Parker   Parker
	Attempts int           // failed attempts of one event before it is parked; default 4
	Backoff  time.Duration // the first wait between two attempts, doubling up to a second; default 20ms
	Counter  ParkCounter   // optional: counts the events Follow parks
}

// Defaults of Parking, those of the projections runtime (three retries).
const (
	defaultAttempts = 4
	defaultBackoff  = 20 * time.Millisecond
	maxBackoff      = time.Second
)

func (p Parking) withDefaults() Parking {
	if p.Attempts <= 0 {
		p.Attempts = defaultAttempts
	}
	if p.Backoff <= 0 {
		p.Backoff = defaultBackoff
	}
	return p
}

// SetParking sets the poison path of the Follow and Rebuild calls that
// start afterwards. Call it before Follow.
func (ix *Index) SetParking(p Parking) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.parking = p.withDefaults()
}

func (ix *Index) parkingPolicy() Parking {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.parking
}

// parkedEvent is an event a Rebuild parked, recorded when it swaps in.
type parkedEvent struct {
	event    eventstore.RecordedEvent
	cause    error
	attempts int
}

// commit commits events to g as applyTo does, with the poison path of p:
// when an event's Apply fails, the events before it are committed in a
// batch of their own, the event is tried alone until it succeeds or has
// failed p.Attempts times, then handed to park (and the checkpoint moved
// past it), and the rest of events follows the same way. Without a Parker
// it is applyTo. The caller makes sure nobody else writes g meanwhile.
func (ix *Index) commit(ctx context.Context, g *generation, events []eventstore.RecordedEvent, p Parking,
	park func(parkedEvent) error) (eventstore.Position, error) {
	for {
		cp, err := ix.applyTo(g, events)
		var ae *ApplyError
		if err == nil || p.Parker == nil || !errors.As(err, &ae) {
			return cp, err
		}
		i := slices.IndexFunc(events, func(e eventstore.RecordedEvent) bool { return e.Position == ae.Position })
		if i < 0 {
			return cp, err
		}
		if i > 0 {
			// Their Apply passed; committed alone they no longer wait for
			// the failing one.
			if cp, err = ix.applyTo(g, events[:i]); err != nil {
				return cp, err
			}
		}
		if cp, err = ix.retry(ctx, g, events[i], ae, p, park); err != nil {
			return cp, err
		}
		if events = events[i+1:]; len(events) == 0 {
			return cp, nil
		}
	}
}

// retry applies e alone until it succeeds or has failed p.Attempts times
// (the first failure, first, already counted), then parks it: park records
// it, and the checkpoint moves past it.
func (ix *Index) retry(ctx context.Context, g *generation, e eventstore.RecordedEvent, first *ApplyError, p Parking,
	park func(parkedEvent) error) (eventstore.Position, error) {
	last := first
	wait := p.Backoff
	for attempt := 2; attempt <= p.Attempts; attempt++ {
		if err := pause.For(ctx, wait); err != nil {
			return 0, fmt.Errorf("searchindex: %s: retry event at %d: %w", ix.p.Name, e.Position, err)
		}
		wait = min(wait*2, maxBackoff)
		cp, err := ix.applyTo(g, []eventstore.RecordedEvent{e})
		if err == nil {
			return cp, nil
		}
		if !errors.As(err, &last) {
			return cp, err
		}
	}
	if err := park(parkedEvent{event: e, cause: last.Err, attempts: p.Attempts}); err != nil {
		return 0, err
	}
	return ix.advanceTo(g, e.Position)
}

// advanceTo moves g's checkpoint to pos, with no document: the event at
// pos is parked.
func (ix *Index) advanceTo(g *generation, pos eventstore.Position) (eventstore.Position, error) {
	cp, err := g.checkpoint()
	if err != nil || cp >= pos {
		return cp, err
	}
	b := g.idx.NewBatch()
	b.SetInternal([]byte(checkpointKey), encodePosition(pos))
	if err := g.idx.Batch(b); err != nil {
		return cp, fmt.Errorf("searchindex: %s: move the checkpoint past parked event %d: %w", ix.p.Name, pos, err)
	}
	return pos, nil
}

// parkLive is Follow's park: the event is recorded at once, logged and
// counted.
func (ix *Index) parkLive(ctx context.Context, p Parking) func(parkedEvent) error {
	return func(pe parkedEvent) error {
		e := pe.event
		if err := p.Parker.Park(ctx, ix.p.Name, e, pe.cause, pe.attempts); err != nil {
			return fmt.Errorf("searchindex: %s: park event at %d: %w", ix.p.Name, e.Position, err)
		}
		if p.Counter != nil {
			p.Counter.Parked(ix.p.Name)
		}
		ix.log.Error("searchindex: event parked; the index goes on", "position", uint64(e.Position), "stream", e.StreamID,
			"version", e.Version, "type", e.Type, "attempts", pe.attempts, "error", pe.cause)
		return nil
	}
}
