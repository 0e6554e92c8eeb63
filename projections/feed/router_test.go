package feed_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"

	"cronica/eventstore"
	"cronica/projections/feed"
	"cronica/test/pgtest"
)

// TestUnderRouter: a Watermill router drives a handler from the feed. A
// handler error nacks the event and it comes back; every event is handled
// once in log order; router.Close ends the run cleanly and closes the
// subscriber.
func TestUnderRouter(t *testing.T) {
	store, _ := newStore(t, "feed_router")
	log := append(appendEvents(t, store, 5), appendEvents(t, store, 5)...)
	sub := newSubscriber(t, store, from(eventstore.Start), feed.Config{NackDelay: 1})

	router, err := message.NewRouter(message.RouterConfig{CloseTimeout: guard}, watermill.NopLogger{})
	pgtest.Must(t, err, "router")
	var (
		mu      sync.Mutex
		handled []eventstore.Position
		failed  bool
		all     = make(chan struct{})
	)
	failAt := log[3].Position
	router.AddNoPublisherHandler("count_events", "counter", sub, func(msg *message.Message) error {
		e, err := feed.Event(msg)
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		if e.Position == failAt && !failed {
			failed = true
			return errors.New("a transient failure")
		}
		handled = append(handled, e.Position)
		if len(handled) == len(log) {
			close(all)
		}
		return nil
	})
	ran := make(chan error, 1)
	go func() { ran <- router.Run(context.Background()) }()
	if !done(router.Running()) {
		t.Fatal("the router did not start")
	}
	if !done(all) {
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("handled %d of %d events", len(handled), len(log))
	}
	pgtest.Must(t, router.Close(), "router close")
	select {
	case err := <-ran:
		pgtest.Must(t, err, "router run")
	case <-time.After(guard):
		t.Fatal("router.Run did not return after Close")
	}

	mu.Lock()
	defer mu.Unlock()
	if !failed {
		t.Fatal("the failing event was never handled")
	}
	for i, e := range log {
		if handled[i] != e.Position {
			t.Fatalf("handled %v, want the log's positions in order", handled)
		}
	}
	// The router closed the subscriber on its way out (Watermill does so
	// for every handler's subscriber).
	if _, err := sub.Subscribe(context.Background(), "counter"); !errors.Is(err, feed.ErrClosed) {
		t.Fatalf("Subscribe after router.Close = %v, want ErrClosed", err)
	}
}
