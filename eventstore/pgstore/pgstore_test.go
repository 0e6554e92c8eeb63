package pgstore

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/eventstore/storetest"
	"cronica/test/pgtest"
)

func newTestStore(t *testing.T, pool *pgxpool.Pool, opts Options) *Store {
	t.Helper()
	s, err := New(context.Background(), pool, opts)
	if err != nil {
		t.Fatalf("new store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	pool, _ := pgtest.NewPool(t, "pgstore_conformance")
	if err := Migrate(context.Background(), pool); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	storetest.Run(t, storetest.Harness{
		New: func(t *testing.T) eventstore.Store { return newTestStore(t, pool, Options{}) },
		Reopen: func(t *testing.T, old eventstore.Store) eventstore.Store {
			old.(*Store).Close()
			return newTestStore(t, pool, Options{})
		},
		HoldAppend: func(ctx context.Context, t *testing.T, s eventstore.Store, req eventstore.AppendRequest) func() error {
			return holdAppend(ctx, t, s.(*Store), req)
		},
	})
}

// holdAppend runs cronica_append inside a transaction and leaves it open:
// the events have their positions, but nobody can see them yet.
func holdAppend(ctx context.Context, t *testing.T, s *Store, req eventstore.AppendRequest) func() error {
	t.Helper()
	p, err := s.prepare(req)
	if err != nil {
		t.Fatalf("hold append: %v", err)
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		t.Fatalf("hold append: begin: %v", err)
	}
	res, _, err := scanGeneral(tx.QueryRow(ctx, appendGeneralSQL, p.generalArgs()...))
	if err != nil {
		tx.Rollback(ctx)
		t.Fatalf("hold append: %v", err)
	}
	return func() error {
		if err := tx.Commit(context.Background()); err != nil {
			return err
		}
		s.announce(res.Position)
		return nil
	}
}

// TestWakeAcrossProcesses: a subscriber on one Store sees appends made
// through another Store (as by another process), woken by LISTEN/NOTIFY
// alone (polling practically off), or by polling alone (LISTEN off).
func TestWakeAcrossProcesses(t *testing.T) {
	pool, _ := pgtest.NewPool(t, "pgstore_wake")
	if err := Migrate(context.Background(), pool); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	cases := []struct {
		name string
		opts Options
	}{
		{"listen_notify", Options{PollInterval: time.Hour}},
		{"polling_fallback", Options{DisableListen: true, PollInterval: 20 * time.Millisecond}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			writer := newTestStore(t, pool, Options{})
			reader := newTestStore(t, pool, c.opts)
			from := lastPosition(t, reader)
			sub, err := reader.Subscribe(context.Background(), from)
			if err != nil {
				t.Fatalf("subscribe: %v", err)
			}
			defer sub.Close()
			time.Sleep(100 * time.Millisecond) // let the subscriber go idle first
			stream := eventstore.StreamID("timesheet", uuid.Must(uuid.NewV7()))
			res, err := writer.Append(context.Background(), eventstore.AppendRequest{Stream: stream, Expected: eventstore.NoStream(),
				Events: []eventstore.EventData{{ID: uuid.Must(uuid.NewV7()), Type: "TimeEntryRecorded.v1", Data: []byte(`{"hours":8}`)}}})
			if err != nil {
				t.Fatalf("append: %v", err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			e, err := sub.Next(ctx)
			if err != nil {
				t.Fatalf("the other store's append never reached the subscriber: %v", err)
			}
			if e.StreamID != stream || e.Position != res.Position {
				t.Fatalf("delivered %s at %d, want %s at %d", e.StreamID, e.Position, stream, res.Position)
			}
		})
	}
}

func lastPosition(t *testing.T, s *Store) eventstore.Position {
	t.Helper()
	var pos int64
	if err := s.pool.QueryRow(context.Background(), `SELECT coalesce(max(position), 0) FROM cronica_events`).Scan(&pos); err != nil {
		t.Fatalf("last position: %v", err)
	}
	return eventstore.Position(pos)
}

func TestHeadAndCountAfter(t *testing.T) {
	pool, _ := pgtest.NewPool(t, "pgstore_head")
	if err := Migrate(context.Background(), pool); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	s := newTestStore(t, pool, Options{})
	ctx := context.Background()
	if pos, at, err := s.Head(ctx); err != nil || pos != eventstore.Start || !at.IsZero() {
		t.Fatalf("empty log: head %d %v %v", pos, at, err)
	}
	stream := eventstore.StreamID("task", uuid.Must(uuid.NewV7()))
	var last eventstore.AppendResult
	for i := 0; i < 3; i++ {
		var err error
		last, err = s.Append(ctx, eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(),
			Events: []eventstore.EventData{{ID: uuid.Must(uuid.NewV7()), Type: "TaskCreated.v1", Data: []byte(`{}`)}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	pos, at, err := s.Head(ctx)
	if err != nil || pos != last.Position || at.IsZero() {
		t.Fatalf("head = %d %v %v, want %d", pos, at, err, last.Position)
	}
	events, _ := s.ReadStream(ctx, stream, 0, 10)
	if n, err := s.CountAfter(ctx, events[0].Position); err != nil || n != 2 {
		t.Fatalf("count after the first = %d, %v; want 2", n, err)
	}
}

// TestRawDecodingIsUsedAndAgreesWithScan reads the same page with the
// binary fast path and with Scan and compares them field by field.
func TestRawDecodingIsUsedAndAgreesWithScan(t *testing.T) {
	pool, _ := pgtest.NewPool(t, "pgstore_raw")
	if err := Migrate(context.Background(), pool); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	s := newTestStore(t, pool, Options{})
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		_, err := s.Append(ctx, eventstore.AppendRequest{Stream: eventstore.StreamID("task", uuid.Must(uuid.NewV7())), Expected: eventstore.NoStream(),
			Events: []eventstore.EventData{{ID: uuid.Must(uuid.NewV7()), Type: "TaskCreated.v1", Data: []byte(`{"title":"ședință"}`),
				Metadata: eventstore.Metadata{ActorID: "a", OrgID: "o", CorrelationID: "c", CausationID: "k"}}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	rows, err := pool.Query(ctx, readAllSQL, int64(0), 100)
	if err != nil {
		t.Fatal(err)
	}
	if !rawDecodable(rows.FieldDescriptions()) {
		rows.Close()
		t.Fatalf("the event columns do not come in the formats decodeRaw reads: the fast path is never taken")
	}
	fast, err := collectEvents(rows, 100)
	if err != nil {
		t.Fatal(err)
	}
	rows, err = pool.Query(ctx, readAllSQL, int64(0), 100)
	if err != nil {
		t.Fatal(err)
	}
	var slow []eventstore.RecordedEvent
	for rows.Next() {
		var e eventstore.RecordedEvent
		if err := scanEvent(rows, &e); err != nil {
			rows.Close()
			t.Fatal(err)
		}
		slow = append(slow, e)
	}
	rows.Close()
	if len(fast) != 3 || !reflect.DeepEqual(fast, slow) {
		t.Fatalf("fast path %+v\nScan      %+v", fast, slow)
	}
}
