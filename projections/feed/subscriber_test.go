package feed_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"

	"cronica/eventstore"
	"cronica/projections/feed"
	"cronica/test/pgtest"
)

// TestDeliversFromStart: a subscription delivers the log after its start
// position in log order, with no gap and no duplicate, then follows live
// appends. The StartFunc is asked with the topic.
func TestDeliversFromStart(t *testing.T) {
	store, _ := newStore(t, "feed_deliver")
	var log []eventstore.RecordedEvent // the whole log: this database holds nothing else
	for range 3 {
		log = append(log, appendEvents(t, store, 4)...)
	}
	cases := []struct {
		name  string
		start eventstore.Position
	}{
		{"from_the_beginning", eventstore.Start},
		{"from_a_checkpoint", log[4].Position},
		{"from_the_end", log[len(log)-1].Position}, // before the previous cases' live events
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var asked []string
			sub := newSubscriber(t, store, func(_ context.Context, topic string) (eventstore.Position, error) {
				asked = append(asked, topic)
				return c.start, nil
			}, feed.Config{})
			ch, err := sub.Subscribe(context.Background(), "projector_"+c.name)
			pgtest.Must(t, err, "subscribe")
			if !reflect.DeepEqual(asked, []string{"projector_" + c.name}) {
				t.Fatalf("StartFunc asked for %v", asked)
			}

			var want []eventstore.RecordedEvent
			for _, e := range log {
				if e.Position > c.start {
					want = append(want, e)
				}
			}
			for i, w := range want {
				msg := receive(t, ch)
				e, err := feed.Event(msg)
				pgtest.Must(t, err, "decode")
				if !reflect.DeepEqual(e, w) {
					t.Fatalf("catch-up message %d is %s at %d, want %s at %d", i, e.ID, e.Position, w.ID, w.Position)
				}
				msg.Ack()
			}

			live := appendEvents(t, store, 3)
			log = append(log, live...)
			for i, w := range live {
				msg, pos := receivePosition(t, ch)
				if pos != w.Position || msg.UUID != w.ID.String() {
					t.Fatalf("live message %d is %s at %d, want %s at %d", i, msg.UUID, pos, w.ID, w.Position)
				}
				msg.Ack()
			}
			nothingArrives(t, ch)
		})
	}
}

// TestWaitsForAck: the next message is not sent while the current one is
// not acked.
func TestWaitsForAck(t *testing.T) {
	store, _ := newStore(t, "feed_ack")
	events := appendEvents(t, store, 2)
	ch, err := newSubscriber(t, store, from(eventstore.Start), feed.Config{}).Subscribe(context.Background(), "p")
	pgtest.Must(t, err, "subscribe")

	first, pos := receivePosition(t, ch)
	if pos != events[0].Position {
		t.Fatalf("first message at %d, want %d", pos, events[0].Position)
	}
	nothingArrives(t, ch)
	first.Ack()
	if _, pos := receivePosition(t, ch); pos != events[1].Position {
		t.Fatalf("second message at %d, want %d", pos, events[1].Position)
	}
}

// TestNackRedelivers: a nacked event comes back as a new message with the
// same UUID and metadata; after its ack the feed goes on. Each message's
// context ends with its ack or nack.
func TestNackRedelivers(t *testing.T) {
	store, _ := newStore(t, "feed_nack")
	events := appendEvents(t, store, 2)
	ch, err := newSubscriber(t, store, from(eventstore.Start), feed.Config{NackDelay: 10 * time.Millisecond}).
		Subscribe(context.Background(), "p")
	pgtest.Must(t, err, "subscribe")

	first := receive(t, ch)
	if first.Context().Err() != nil {
		t.Fatal("a message's context is done before its ack")
	}
	first.Nack()
	if !done(first.Context().Done()) {
		t.Fatal("the nacked message's context was not cancelled")
	}
	for attempt := 1; attempt <= 2; attempt++ {
		again, pos := receivePosition(t, ch)
		if again == first || again.UUID != first.UUID || pos != events[0].Position || !again.Equals(first) {
			t.Fatalf("redelivery %d: %s at %d (same message: %t), want a fresh copy of %s at %d",
				attempt, again.UUID, pos, again == first, first.UUID, events[0].Position)
		}
		if attempt == 1 {
			again.Nack()
			continue
		}
		again.Ack()
		if !done(again.Context().Done()) {
			t.Fatal("the acked message's context was not cancelled")
		}
	}
	next, pos := receivePosition(t, ch)
	if pos != events[1].Position {
		t.Fatalf("after the ack: message at %d, want %d", pos, events[1].Position)
	}
	next.Ack()
	nothingArrives(t, ch)
}

// TestStop: Close (even while a message awaits its ack, even from several
// goroutines at once) and the end of the Subscribe ctx close the channel;
// Close returns once everything is stopped and may be repeated.
func TestStop(t *testing.T) {
	store, _ := newStore(t, "feed_stop")
	appendEvents(t, store, 3)
	cases := []struct {
		name    string
		pending bool // a message awaits its ack when stopping
		stop    func(sub *feed.Subscriber, cancel context.CancelFunc)
	}{
		{"close_while_awaiting_ack", true, func(sub *feed.Subscriber, _ context.CancelFunc) { closeAll(t, sub, 1) }},
		{"concurrent_closes", true, func(sub *feed.Subscriber, _ context.CancelFunc) { closeAll(t, sub, 4) }},
		{"close_while_idle", false, func(sub *feed.Subscriber, _ context.CancelFunc) { closeAll(t, sub, 1) }},
		{"ctx_cancel_while_awaiting_ack", true, func(_ *feed.Subscriber, cancel context.CancelFunc) { cancel() }},
		{"ctx_cancel_while_idle", false, func(_ *feed.Subscriber, cancel context.CancelFunc) { cancel() }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sub := newSubscriber(t, store, from(eventstore.Start), feed.Config{})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			ch, err := sub.Subscribe(ctx, "p")
			pgtest.Must(t, err, "subscribe")
			var pending *message.Message
			if c.pending {
				pending = receive(t, ch)
			} else {
				for range 3 {
					receive(t, ch).Ack()
				}
				nothingArrives(t, ch)
			}

			c.stop(sub, cancel)
			closes(t, ch)
			if pending != nil && !done(pending.Context().Done()) {
				t.Fatal("the abandoned message's context was not cancelled")
			}
			if err := sub.Close(); err != nil {
				t.Fatalf("a later Close: %v", err)
			}
		})
	}
}

// closeAll calls sub.Close from n goroutines and waits for all to return.
func closeAll(t *testing.T, sub *feed.Subscriber, n int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() { errs <- sub.Close() })
	}
	returned := make(chan struct{})
	go func() { wg.Wait(); close(returned) }()
	if !done(returned) {
		t.Fatal("Close did not return")
	}
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("close: %v", err)
		}
	}
}

// TestSubscribeErrors: Subscribe fails, wrapped, when the subscriber is
// closed, the StartFunc fails or the ctx is already done.
func TestSubscribeErrors(t *testing.T) {
	store, _ := newStore(t, "feed_suberr")
	errNoCheckpoint := errors.New("no checkpoint row")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name  string
		setup func(t *testing.T) *feed.Subscriber
		ctx   context.Context
		want  error
	}{
		{"after_close", func(t *testing.T) *feed.Subscriber {
			sub := newSubscriber(t, store, nil, feed.Config{})
			pgtest.Must(t, sub.Close(), "close")
			return sub
		}, context.Background(), feed.ErrClosed},
		{"start_fails", func(t *testing.T) *feed.Subscriber {
			return newSubscriber(t, store, func(context.Context, string) (eventstore.Position, error) {
				return 0, errNoCheckpoint
			}, feed.Config{})
		}, context.Background(), errNoCheckpoint},
		{"ctx_done", func(t *testing.T) *feed.Subscriber {
			return newSubscriber(t, store, nil, feed.Config{})
		}, cancelled, context.Canceled},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ch, err := c.setup(t).Subscribe(c.ctx, "p")
			if !errors.Is(err, c.want) || ch != nil || !strings.HasPrefix(err.Error(), "feed: ") {
				t.Fatalf("Subscribe = %v, %v; want a feed: error matching %v", ch, err, c.want)
			}
		})
	}
}

// TestTopicsAreIndependent: two topics start where their own StartFunc
// says, and one waiting for an ack does not hold the other back.
func TestTopicsAreIndependent(t *testing.T) {
	store, _ := newStore(t, "feed_topics")
	log := append(appendEvents(t, store, 3), appendEvents(t, store, 3)...)
	starts := map[string]eventstore.Position{"search": eventstore.Start, "timesheets": log[3].Position}
	sub := newSubscriber(t, store, func(_ context.Context, topic string) (eventstore.Position, error) {
		return starts[topic], nil
	}, feed.Config{})
	search, err := sub.Subscribe(context.Background(), "search")
	pgtest.Must(t, err, "subscribe search")
	timesheets, err := sub.Subscribe(context.Background(), "timesheets")
	pgtest.Must(t, err, "subscribe timesheets")

	held, pos := receivePosition(t, search) // never acked during the test
	if pos != log[0].Position {
		t.Fatalf("search starts at %d, want %d", pos, log[0].Position)
	}
	for _, w := range log[4:] {
		msg, pos := receivePosition(t, timesheets)
		if pos != w.Position {
			t.Fatalf("timesheets got %d, want %d", pos, w.Position)
		}
		msg.Ack()
	}
	nothingArrives(t, timesheets)
	nothingArrives(t, search)
	held.Ack()
	if _, pos := receivePosition(t, search); pos != log[1].Position {
		t.Fatalf("search went on at %d, want %d", pos, log[1].Position)
	}
}
