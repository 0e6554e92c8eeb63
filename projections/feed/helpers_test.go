package feed_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/projections/feed"
	"cronica/test/pgtest"
)

// guard bounds every wait for something that must happen, so a bug shows
// as a failure rather than a hung test. It is never a performance claim.
const guard = 10 * time.Second

// quiet is how long a test watches for something that must not happen.
const quiet = 200 * time.Millisecond

// newStore gives a migrated pgstore in a database of its own, closed and
// dropped at cleanup.
func newStore(tb testing.TB, prefix string) (*pgstore.Store, *pgxpool.Pool) {
	tb.Helper()
	pool, _ := pgtest.NewPool(tb, prefix)
	ctx := context.Background()
	pgtest.Must(tb, pgstore.Migrate(ctx, pool), "migrate")
	s, err := pgstore.New(ctx, pool, pgstore.Options{Logger: slog.New(slog.DiscardHandler)})
	pgtest.Must(tb, err, "new store")
	tb.Cleanup(func() { s.Close() })
	return s, pool
}

// newSubscriber returns a Subscriber on store, closed at cleanup (before
// the store).
func newSubscriber(tb testing.TB, store eventstore.Store, start feed.StartFunc, cfg feed.Config) *feed.Subscriber {
	tb.Helper()
	sub := feed.NewSubscriber(store, start, cfg)
	tb.Cleanup(func() { sub.Close() })
	return sub
}

// from starts every topic at pos.
func from(pos eventstore.Position) feed.StartFunc {
	return func(context.Context, string) (eventstore.Position, error) { return pos, nil }
}

// appendEvents appends n events to a new stream in one request and returns
// them as stored.
func appendEvents(tb testing.TB, store eventstore.Store, n int) []eventstore.RecordedEvent {
	tb.Helper()
	ctx := context.Background()
	stream := eventstore.StreamID("task", uuid.Must(uuid.NewV7()))
	events := make([]eventstore.EventData, n)
	for i := range events {
		events[i] = eventstore.EventData{ID: uuid.Must(uuid.NewV7()), Type: "TaskCreated.v1",
			Data:     fmt.Appendf(nil, `{"n":%d,"title":"task number %d"}`, i, i),
			Metadata: eventstore.Metadata{ActorID: "user-1", OrgID: "org-1"}}
	}
	_, err := store.Append(ctx, eventstore.AppendRequest{Stream: stream, Expected: eventstore.NoStream(), Events: events})
	pgtest.Must(tb, err, "append")
	stored, err := store.ReadStream(ctx, stream, 0, eventstore.MaxReadLimit)
	pgtest.Must(tb, err, "read back")
	if len(stored) != n {
		tb.Fatalf("read back %d events, appended %d", len(stored), n)
	}
	return stored
}

// receive waits for the next message; the channel must not close.
func receive(tb testing.TB, ch <-chan *message.Message) *message.Message {
	tb.Helper()
	select {
	case msg, ok := <-ch:
		if !ok {
			tb.Fatal("the channel closed, want a message")
		}
		return msg
	case <-time.After(guard):
		tb.Fatal("no message arrived")
	}
	return nil
}

// receivePosition is receive plus the message's position.
func receivePosition(tb testing.TB, ch <-chan *message.Message) (*message.Message, eventstore.Position) {
	tb.Helper()
	msg := receive(tb, ch)
	pos, err := feed.Position(msg)
	if err != nil {
		tb.Fatalf("position: %v", err)
	}
	return msg, pos
}

// nothingArrives checks that no message and no close come within quiet.
func nothingArrives(tb testing.TB, ch <-chan *message.Message) {
	tb.Helper()
	select {
	case msg, ok := <-ch:
		if !ok {
			tb.Fatal("the channel closed, want it open and silent")
		}
		pos, _ := feed.Position(msg)
		tb.Fatalf("message at position %d arrived, want nothing", pos)
	case <-time.After(quiet):
	}
}

// closes waits for ch to close, acking whatever is still delivered first
// (after a ctx cancel, one message may win the race against the close).
func closes(tb testing.TB, ch <-chan *message.Message) {
	tb.Helper()
	deadline := time.After(guard)
	for {
		select {
		case msg, ok := <-ch:
			if !ok {
				return
			}
			msg.Ack()
		case <-deadline:
			tb.Fatal("the channel did not close")
		}
	}
}

// done reports whether c is closed, waiting up to guard for it.
func done(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	case <-time.After(guard):
		return false
	}
}

// errorLog is a watermill.LoggerAdapter that keeps the Error and Info
// lines.
type errorLog struct {
	watermill.NopLogger
	mu    sync.Mutex
	errs  []error
	infos []string
}

func (l *errorLog) Info(msg string, _ watermill.LogFields) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.infos = append(l.infos, msg)
}

func (l *errorLog) info() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.infos...)
}

func (l *errorLog) Error(msg string, err error, _ watermill.LogFields) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.errs = append(l.errs, fmt.Errorf("%s: %w", msg, err))
}

func (l *errorLog) With(watermill.LogFields) watermill.LoggerAdapter { return l }

func (l *errorLog) errors() []error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]error(nil), l.errs...)
}

// waitForError waits until at least one Error was logged.
func (l *errorLog) waitForError(tb testing.TB) []error {
	tb.Helper()
	deadline := time.Now().Add(guard)
	for time.Now().Before(deadline) {
		if errs := l.errors(); len(errs) > 0 {
			return errs
		}
		time.Sleep(10 * time.Millisecond)
	}
	tb.Fatal("no error was logged")
	return nil
}
