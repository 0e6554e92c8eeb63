package searchindex

import (
	"context"
	"fmt"
	"sync"
	"time"

	"cronica/eventstore"
)

const (
	// followBatch is the most events one Follow batch commits.
	followBatch = 1000
	// followLinger is the longest a Follow batch keeps collecting events
	// once it holds one.
	followLinger = 50 * time.Millisecond
	// followBuffer is how many events Follow reads ahead of the batch being
	// committed.
	followBuffer = followBatch
)

// delivery is one result of Subscription.Next.
type delivery struct {
	e   eventstore.RecordedEvent
	err error
}

// Follow keeps the index up to date with the log: it subscribes after the
// checkpoint and applies what arrives in batches of up to 1000 events, each
// committed as soon as no further event is waiting or 50ms after its first
// event. An event whose Apply keeps failing takes the poison path set by
// SetParking (parked, and the log goes on). It returns ctx.Err() when ctx is
// done, or the first error of the subscription, of a commit, of parking, or,
// without a Parker, of Apply (an *ApplyError names the event). Run at most
// one Follow per Index. A Rebuild may run meanwhile: after the swap, events
// the new generation already holds are skipped.
func (ix *Index) Follow(ctx context.Context, store eventstore.Store) error {
	from, err := ix.Checkpoint()
	if err != nil {
		return err
	}
	parking := ix.parkingPolicy()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sub, err := store.Subscribe(ctx, from)
	if err != nil {
		return fmt.Errorf("searchindex: %s: subscribe after %d: %w", ix.p.Name, from, err)
	}

	// The pump reads ahead into a buffer, so that "immediately available"
	// means "already in the buffer" and catch-up runs in full batches.
	events := make(chan delivery, followBuffer)
	var pump sync.WaitGroup
	pump.Go(func() {
		for {
			e, err := sub.Next(ctx)
			select {
			case events <- delivery{e: e, err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	})
	defer func() {
		cancel()
		_ = sub.Close()
		pump.Wait()
	}()
	ix.log.Debug("searchindex: following", "after", from)

	batch := make([]eventstore.RecordedEvent, 0, followBatch)
	for {
		var first delivery
		select {
		case first = <-events:
		case <-ctx.Done():
			return ctx.Err()
		}
		if first.err != nil {
			return ix.followError(ctx, first.err)
		}
		batch = append(batch[:0], first.e)
		deadline := time.Now().Add(followLinger)
		var stop error
	collect:
		for len(batch) < followBatch && time.Now().Before(deadline) {
			select {
			case d := <-events:
				if d.err != nil {
					stop = d.err
					break collect
				}
				batch = append(batch, d.e)
			default:
				break collect
			}
		}
		if err := ix.applyFollowed(ctx, batch, parking); err != nil {
			return err
		}
		if stop != nil {
			return ix.followError(ctx, stop)
		}
	}
}

// followError is what Follow returns when the subscription failed with err.
func (ix *Index) followError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("searchindex: %s: follow: %w", ix.p.Name, err)
}

// applyFollowed is Apply with the poison path p.
func (ix *Index) applyFollowed(ctx context.Context, events []eventstore.RecordedEvent, p Parking) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return ErrClosed
	}
	_, err := ix.commit(ctx, ix.cur.Load(), events, p, ix.parkLive(ctx, p))
	return err
}
