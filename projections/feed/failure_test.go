package feed_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/projections/feed"
	"cronica/test/pgtest"
)

// TestReadFailureIsRetried: while the event table is unreachable (renamed
// away, a real database error) the subscription logs the failure and keeps
// retrying; once the table is back it resumes after the last event
// delivered, with no gap and no duplicate, on the same channel, and says
// so.
func TestReadFailureIsRetried(t *testing.T) {
	store, pool := newStore(t, "feed_retry")
	// The store subscription reads pages of up to 1000 events: more than a
	// page makes the subscription read again after the first page is acked.
	log := append(appendEvents(t, store, 1000), appendEvents(t, store, 3)...)
	logged := &errorLog{}
	ch, err := newSubscriber(t, store, from(eventstore.Start), feed.Config{Logger: logged}).
		Subscribe(context.Background(), "p")
	pgtest.Must(t, err, "subscribe")

	for i, w := range log[:1000] {
		msg, pos := receivePosition(t, ch)
		if pos != w.Position {
			t.Fatalf("message %d at %d, want %d", i, pos, w.Position)
		}
		if i == 999 { // the next read happens only after this ack
			exec(t, pool, `ALTER TABLE cronica_events RENAME TO cronica_events_away`)
		}
		msg.Ack()
	}
	errs := logged.waitForError(t)
	nothingArrives(t, ch)
	exec(t, pool, `ALTER TABLE cronica_events_away RENAME TO cronica_events`)
	t.Logf("logged while the table was away: %v", errs[0])

	for i, w := range log[1000:] {
		msg, pos := receivePosition(t, ch)
		if pos != w.Position {
			t.Fatalf("after recovery, message %d at %d, want %d", i, pos, w.Position)
		}
		msg.Ack()
	}
	nothingArrives(t, ch)
	if infos := logged.info(); len(infos) != 1 || !strings.Contains(infos[0], "works again") {
		t.Fatalf("info lines %q, want one saying the log reads again", infos)
	}
}

// TestStoreClosed: when the store itself closes, the subscription cannot go
// on: it logs an error and closes its channel rather than stop silently.
func TestStoreClosed(t *testing.T) {
	store, _ := newStore(t, "feed_storeclosed")
	appendEvents(t, store, 1)
	logged := &errorLog{}
	ch, err := newSubscriber(t, store, from(eventstore.Start), feed.Config{Logger: logged}).
		Subscribe(context.Background(), "p")
	pgtest.Must(t, err, "subscribe")
	receive(t, ch).Ack()

	pgtest.Must(t, store.Close(), "close store")
	closes(t, ch)
	if errs := logged.errors(); len(errs) != 1 || !errors.Is(errs[0], eventstore.ErrSubscriptionClosed) {
		t.Fatalf("logged %v, want one error matching ErrSubscriptionClosed", errs)
	}
}

func exec(t *testing.T, pool *pgxpool.Pool, sql string) {
	t.Helper()
	_, err := pool.Exec(context.Background(), sql)
	pgtest.Must(t, err, sql)
}
