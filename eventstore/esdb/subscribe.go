package esdb

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"

	"cronica/eventstore"
)

// Subscribe follows $all from after: a catch-up subscription that delivers
// stored Cronica events, then new ones as they commit. ctx bounds the
// subscription's life; Close ends it earlier.
func (s *Store) Subscribe(ctx context.Context, after eventstore.Position) (eventstore.Subscription, error) {
	client, err := s.conn.get()
	if err != nil {
		return nil, fmt.Errorf("esdb: subscribe: %w", err)
	}
	inner, err := client.SubscribeToAll(ctx, esdb.SubscribeToAllOptions{
		From:   allPosition(after),
		Filter: esdb.ExcludeSystemEventsFilter(),
	})
	if err != nil {
		s.conn.failed(client, err)
		return nil, fmt.Errorf("esdb: subscribe: %w", withContext(ctx, err))
	}
	sub := &subscription{
		inner:  inner,
		events: make(chan eventstore.RecordedEvent, subscriptionBuffer),
		done:   make(chan struct{}),
	}
	go sub.pump(ctx, s, after)
	return sub, nil
}

// subscriptionBuffer is how many received events wait for Next.
const subscriptionBuffer = 128

// subscription turns the client's blocking Recv into Next(ctx): a goroutine
// (pump) receives, filters and hands events over one at a time.
type subscription struct {
	inner *esdb.Subscription

	events chan eventstore.RecordedEvent // closed by pump when it stops on its own
	err    error                         // why pump stopped; written before events is closed

	done      chan struct{} // closed by Close
	closeOnce sync.Once
}

// pump runs until the subscription drops or is closed. Events received
// before a drop are still handed out before the drop's error.
func (sub *subscription) pump(ctx context.Context, s *Store, after eventstore.Position) {
	last := after
	for {
		ev := sub.inner.Recv()
		switch {
		case ev.SubscriptionDropped != nil:
			sub.stop(ctx, ev.SubscriptionDropped.Error)
			return
		case ev.EventAppeared == nil:
			continue // checkpoints, caught up, fell behind
		}
		e, ok, err := s.cronicaEvent(ev.EventAppeared, last)
		if err != nil {
			sub.stop(ctx, err)
			return
		}
		if e.Position > last {
			last = e.Position
		}
		if !ok {
			continue
		}
		select {
		case sub.events <- e:
		case <-sub.done:
			return
		}
	}
}

// stop records why the subscription ended and wakes Next.
func (sub *subscription) stop(ctx context.Context, cause error) {
	if cause == nil {
		cause = errors.New("dropped by the server")
	}
	if cerr := ctx.Err(); cerr != nil {
		sub.err = fmt.Errorf("esdb: subscription: %w: %w", eventstore.ErrSubscriptionClosed, cerr)
	} else {
		sub.err = fmt.Errorf("esdb: subscription: %w", cause)
	}
	_ = sub.inner.Close()
	close(sub.events)
}

// Next returns the next Cronica event of the log.
func (sub *subscription) Next(ctx context.Context) (eventstore.RecordedEvent, error) {
	if sub.closed() {
		return eventstore.RecordedEvent{}, errClosed
	}
	select {
	case e, ok := <-sub.events:
		if !ok {
			if sub.closed() { // pump stopped because of Close
				return eventstore.RecordedEvent{}, errClosed
			}
			return eventstore.RecordedEvent{}, sub.err
		}
		return e, nil
	case <-sub.done:
		return eventstore.RecordedEvent{}, errClosed
	case <-ctx.Done():
		return eventstore.RecordedEvent{}, fmt.Errorf("esdb: subscription: next: %w", ctx.Err())
	}
}

var errClosed = fmt.Errorf("esdb: subscription: next: %w", eventstore.ErrSubscriptionClosed)

func (sub *subscription) closed() bool {
	select {
	case <-sub.done:
		return true
	default:
		return false
	}
}

// Close ends the subscription. It is idempotent and safe to call while Next
// is blocked in another goroutine.
func (sub *subscription) Close() error {
	sub.closeOnce.Do(func() {
		close(sub.done)
		_ = sub.inner.Close() // never fails: it cancels the call
	})
	return nil
}
