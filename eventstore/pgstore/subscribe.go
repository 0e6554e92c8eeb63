package pgstore

import (
	"context"
	"fmt"
	"sync"
	"time"

	"cronica/eventstore"
)

// subscriptionPage is how many events a subscription reads at a time.
const subscriptionPage = 1000

// Subscribe implements eventstore.Store: it reads pages with ReadAll until
// the end of the log, then sleeps until an append is announced (in this
// process or, through LISTEN/NOTIFY, in another) or the poll interval passes.
func (s *Store) Subscribe(ctx context.Context, after eventstore.Position) (eventstore.Subscription, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: subscribe: %w", err)
	}
	return &subscription{store: s, after: after, closed: make(chan struct{})}, nil
}

type subscription struct {
	store *Store
	after eventstore.Position
	buf   []eventstore.RecordedEvent

	closeOnce sync.Once
	closed    chan struct{}
}

// Next implements eventstore.Subscription. A database error is returned as
// is; the subscription stays usable and the next call resumes from the last
// event delivered.
func (sub *subscription) Next(ctx context.Context) (eventstore.RecordedEvent, error) {
	backoff := time.Millisecond
	for {
		if len(sub.buf) > 0 {
			e := sub.buf[0]
			sub.buf[0] = eventstore.RecordedEvent{}
			sub.buf = sub.buf[1:]
			sub.after = e.Position
			return e, nil
		}
		select {
		case <-sub.closed:
			return eventstore.RecordedEvent{}, eventstore.ErrSubscriptionClosed
		default:
		}
		woken, latest, storeClosed := sub.store.wake.wait()
		if storeClosed {
			return eventstore.RecordedEvent{}, fmt.Errorf("pgstore: store closed: %w", eventstore.ErrSubscriptionClosed)
		}
		events, err := sub.store.ReadAll(ctx, sub.after, subscriptionPage)
		if err != nil {
			if ctx.Err() != nil {
				return eventstore.RecordedEvent{}, ctx.Err()
			}
			return eventstore.RecordedEvent{}, fmt.Errorf("pgstore: subscription: %w", err)
		}
		if len(events) > 0 {
			sub.buf = events
			backoff = time.Millisecond
			continue
		}
		// Nothing to read. If an append beyond us was announced, it waits
		// behind an older transaction still running: look again soon.
		// Otherwise sleep until woken or the poll interval passes.
		wait := sub.store.poll
		if latest > sub.after {
			wait = backoff
			backoff = min(backoff*2, sub.store.poll)
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return eventstore.RecordedEvent{}, ctx.Err()
		case <-sub.closed:
			timer.Stop()
			return eventstore.RecordedEvent{}, eventstore.ErrSubscriptionClosed
		case <-woken:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// Close implements eventstore.Subscription.
func (sub *subscription) Close() error {
	sub.closeOnce.Do(func() { close(sub.closed) })
	return nil
}
