package esdb

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/test/pgtest"
)

func TestFingerprint(t *testing.T) {
	base, data := testRequest(t, 2)
	want := fingerprint(base, data)
	if len(want) != 32 {
		t.Fatalf("fingerprint has %d bytes, want 32", len(want))
	}
	types := []string{base.Events[0].Type, base.Events[1].Type}
	if shared := eventstore.Fingerprint(base.Stream, base.Expected, types, data); !bytes.Equal(shared[:], want) {
		t.Fatal("fingerprint differs from eventstore.Fingerprint, which the PostgreSQL adapter uses")
	}
	tests := []struct {
		name   string
		change func(r *eventstore.AppendRequest, d [][]byte) [][]byte
		same   bool
	}{
		{name: "same_request", change: func(r *eventstore.AppendRequest, d [][]byte) [][]byte { return d }, same: true},
		{name: "recorded_at_ignored", same: true, change: func(r *eventstore.AppendRequest, d [][]byte) [][]byte {
			r.Events[0].Metadata.RecordedAt = time.Now()
			return d
		}},
		{name: "other_stream", change: func(r *eventstore.AppendRequest, d [][]byte) [][]byte {
			r.Stream = "task-0191c3a8-8d5e-7cc2-9a7e-3d2f4b6a1c01"
			return d
		}},
		{name: "other_expected_version", change: func(r *eventstore.AppendRequest, d [][]byte) [][]byte {
			r.Expected = eventstore.Any()
			return d
		}},
		{name: "new_event_ids_ignored", same: true, change: func(r *eventstore.AppendRequest, d [][]byte) [][]byte {
			r.Events[0].ID, r.Events[1].ID = uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())
			return d
		}},
		{name: "other_metadata_ignored", same: true, change: func(r *eventstore.AppendRequest, d [][]byte) [][]byte {
			r.Events[0].Metadata.ActorID = "someone-else"
			return d
		}},
		{name: "other_type", change: func(r *eventstore.AppendRequest, d [][]byte) [][]byte {
			r.Events[0].Type = "TaskRenamed.v1"
			return d
		}},
		{name: "other_data", change: func(r *eventstore.AppendRequest, d [][]byte) [][]byte {
			return [][]byte{d[0], []byte(`{"n":2}`)}
		}},
		{name: "data_moved_between_events", change: func(r *eventstore.AppendRequest, d [][]byte) [][]byte {
			return [][]byte{append(append([]byte{}, d[0]...), d[1]...), []byte{}}
		}},
		{name: "one_event_fewer", change: func(r *eventstore.AppendRequest, d [][]byte) [][]byte {
			r.Events = r.Events[:1]
			return d[:1]
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := base
			r.Events = append([]eventstore.EventData(nil), base.Events...)
			d := tt.change(&r, append([][]byte(nil), data...))
			if got := fingerprint(r, d); bytes.Equal(got, want) != tt.same {
				t.Errorf("fingerprint equal = %v, want %v", !tt.same, tt.same)
			}
		})
	}
}

// The tests below run the idempotency-key table logic against the real
// PostgreSQL (pgtest). The find and append steps are the adapter's own seams,
// played by closures over an in-test log; no ESDB client is involved.

func migratedPool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool, _ := pgtest.NewPool(t, "esdb")
	ctx := context.Background()
	pgtest.Must(t, Migrate(ctx, pool), "migrate")
	pgtest.Must(t, Migrate(ctx, pool), "migrate again (no-op)")
	pgtest.Must(t, keys{pool: pool}.check(ctx), "check table")
	return pool
}

// fakeLog records what the append step wrote, so that find can look for it.
type fakeLog struct {
	mu       sync.Mutex
	written  map[string]eventstore.AppendResult // by fingerprint
	appends  atomic.Int32
	finds    atomic.Int32
	nextLast uint64
}

func newFakeLog() *fakeLog { return &fakeLog{written: map[string]eventstore.AppendResult{}} }

func (l *fakeLog) find(fp []byte) findFunc {
	return func(ctx context.Context, pending keyRecord) (eventstore.AppendResult, bool, error) {
		l.finds.Add(1)
		l.mu.Lock()
		defer l.mu.Unlock()
		res, ok := l.written[string(pending.fingerprint)]
		return res, ok, nil
	}
}

func (l *fakeLog) appendOK(fp []byte, delay time.Duration) appendFunc {
	return func(ctx context.Context) (eventstore.AppendResult, error) {
		l.appends.Add(1)
		time.Sleep(delay)
		l.mu.Lock()
		defer l.mu.Unlock()
		l.nextLast += 2
		res := eventstore.AppendResult{FirstVersion: l.nextLast - 1, LastVersion: l.nextLast, Position: eventstore.Position(100 * l.nextLast)}
		l.written[string(fp)] = res
		return res, nil
	}
}

func (l *fakeLog) appendErr(err error) appendFunc {
	return func(ctx context.Context) (eventstore.AppendResult, error) {
		l.appends.Add(1)
		return eventstore.AppendResult{}, err
	}
}

func keyReq(t *testing.T, label string) keyRecord {
	t.Helper()
	fp := fingerprintOf(label)
	return keyRecord{fingerprint: fp, stream: "task-0191c3a8-8d5e-7cc2-9a7e-3d2f4b6a1c00",
		ids: []uuid.UUID{uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())}, scanFrom: 3}
}

func fingerprintOf(label string) []byte {
	req := eventstore.AppendRequest{Stream: "task-0191c3a8-8d5e-7cc2-9a7e-3d2f4b6a1c00", Expected: eventstore.Any(),
		Events: []eventstore.EventData{{Type: "TaskCreated.v1"}}}
	return fingerprint(req, [][]byte{[]byte(`{"label":"` + label + `"}`)})
}

func keyState(t *testing.T, pool *pgxpool.Pool, key string) string {
	t.Helper()
	var state string
	err := pool.QueryRow(context.Background(), `SELECT coalesce(max(state), 'absent') FROM cronica_esdb_idempotency WHERE key = $1`, key).Scan(&state)
	pgtest.Must(t, err, "read key state")
	return state
}

func TestKeys(t *testing.T) {
	pool := migratedPool(t)
	ctx := context.Background()
	network := errors.New("connection reset")

	t.Run("first_use_appends_and_repeat_is_duplicate_after_restart", func(t *testing.T) {
		l, a := newFakeLog(), keyReq(t, "a")
		first, err := keys{pool}.run(ctx, "k1", a, l.find(a.fingerprint), l.appendOK(a.fingerprint, 0))
		if err != nil || first.Duplicate || l.appends.Load() != 1 {
			t.Fatalf("first use: %+v, %v, %d appends", first, err, l.appends.Load())
		}
		if s := keyState(t, pool, "k1"); s != "done" {
			t.Fatalf("key state %s, want done", s)
		}
		again, err := keys{pool}.run(ctx, "k1", a, l.find(a.fingerprint), l.appendOK(a.fingerprint, 0)) // a new keys value: as after a restart
		want := first
		want.Duplicate = true
		if err != nil || again != want || l.appends.Load() != 1 {
			t.Fatalf("repeat: %+v, %v, %d appends; want %+v", again, err, l.appends.Load(), want)
		}
	})

	t.Run("other_request_with_done_key_is_reused", func(t *testing.T) {
		l, a, b := newFakeLog(), keyReq(t, "a"), keyReq(t, "b")
		if _, err := (keys{pool}).run(ctx, "k2", a, l.find(a.fingerprint), l.appendOK(a.fingerprint, 0)); err != nil {
			t.Fatal(err)
		}
		_, err := keys{pool}.run(ctx, "k2", b, l.find(b.fingerprint), l.appendOK(b.fingerprint, 0))
		if !errors.Is(err, eventstore.ErrIdempotencyKeyReused) || l.appends.Load() != 1 {
			t.Fatalf("reuse: %v, %d appends; want ErrIdempotencyKeyReused and no append", err, l.appends.Load())
		}
	})

	t.Run("concurrency_error_frees_the_key", func(t *testing.T) {
		l, a, b := newFakeLog(), keyReq(t, "a"), keyReq(t, "b")
		cerr := conflict(a.stream, eventstore.Exact(1), head{exists: true, version: 4})
		_, err := keys{pool}.run(ctx, "k3", a, l.find(a.fingerprint), l.appendErr(cerr))
		if !errors.Is(err, eventstore.ErrConcurrency) {
			t.Fatalf("got %v, want ErrConcurrency", err)
		}
		if s := keyState(t, pool, "k3"); s != "absent" {
			t.Fatalf("key state %s after a conflict, want absent", s)
		}
		if _, err := (keys{pool}).run(ctx, "k3", b, l.find(b.fingerprint), l.appendOK(b.fingerprint, 0)); err != nil {
			t.Fatalf("another request with the freed key: %v", err)
		}
	})

	t.Run("unknown_failure_keeps_key_pending_and_retry_finds_the_events", func(t *testing.T) {
		l, a := newFakeLog(), keyReq(t, "a")
		// The append reaches the log but the answer is lost.
		lost := func(ctx context.Context) (eventstore.AppendResult, error) {
			if _, err := l.appendOK(a.fingerprint, 0)(ctx); err != nil {
				return eventstore.AppendResult{}, err
			}
			return eventstore.AppendResult{}, network
		}
		if _, err := (keys{pool}).run(ctx, "k4", a, l.find(a.fingerprint), lost); !errors.Is(err, network) {
			t.Fatalf("got %v, want the network error", err)
		}
		if s := keyState(t, pool, "k4"); s != "pending" {
			t.Fatalf("key state %s, want pending", s)
		}
		var seen keyRecord
		find := func(ctx context.Context, pending keyRecord) (eventstore.AppendResult, bool, error) {
			seen = pending
			return l.find(a.fingerprint)(ctx, pending)
		}
		res, err := keys{pool}.run(ctx, "k4", a, find, l.appendOK(a.fingerprint, 0))
		if err != nil || !res.Duplicate || l.appends.Load() != 1 {
			t.Fatalf("retry: %+v, %v, %d appends; want the first result as duplicate, one append", res, err, l.appends.Load())
		}
		if seen.stream != a.stream || seen.scanFrom != a.scanFrom || len(seen.ids) != 2 || seen.ids[0] != a.ids[0] || seen.ids[1] != a.ids[1] {
			t.Errorf("find saw %+v, want the reserved stream, scan_from and ids of %+v", seen, a)
		}
		if s := keyState(t, pool, "k4"); s != "done" {
			t.Fatalf("key state %s, want done", s)
		}
	})

	t.Run("pending_key_of_a_request_that_never_wrote_is_taken_over", func(t *testing.T) {
		l, a, b := newFakeLog(), keyReq(t, "a"), keyReq(t, "b")
		if _, err := (keys{pool}).run(ctx, "k5", a, l.find(a.fingerprint), l.appendErr(network)); !errors.Is(err, network) {
			t.Fatal(err)
		}
		res, err := keys{pool}.run(ctx, "k5", b, l.find(b.fingerprint), l.appendOK(b.fingerprint, 0))
		if err != nil || res.Duplicate {
			t.Fatalf("take over: %+v, %v", res, err)
		}
		if _, err := (keys{pool}).run(ctx, "k5", a, l.find(a.fingerprint), l.appendOK(a.fingerprint, 0)); !errors.Is(err, eventstore.ErrIdempotencyKeyReused) {
			t.Fatalf("first request after the take-over: %v, want ErrIdempotencyKeyReused", err)
		}
	})

	t.Run("pending_key_whose_events_are_stored_is_not_taken_over", func(t *testing.T) {
		l, a, b := newFakeLog(), keyReq(t, "a"), keyReq(t, "b")
		lost := func(ctx context.Context) (eventstore.AppendResult, error) {
			_, _ = l.appendOK(a.fingerprint, 0)(ctx)
			return eventstore.AppendResult{}, network
		}
		if _, err := (keys{pool}).run(ctx, "k6", a, l.find(a.fingerprint), lost); !errors.Is(err, network) {
			t.Fatal(err)
		}
		if _, err := (keys{pool}).run(ctx, "k6", b, l.find(b.fingerprint), l.appendOK(b.fingerprint, 0)); !errors.Is(err, eventstore.ErrIdempotencyKeyReused) {
			t.Fatalf("got %v, want ErrIdempotencyKeyReused", err)
		}
		res, err := keys{pool}.run(ctx, "k6", a, l.find(a.fingerprint), l.appendOK(a.fingerprint, 0))
		if err != nil || !res.Duplicate || l.appends.Load() != 1 {
			t.Fatalf("first request again: %+v, %v, %d appends", res, err, l.appends.Load())
		}
	})

	t.Run("retry_with_new_ids_reserves_them_before_appending", func(t *testing.T) {
		l, a := newFakeLog(), keyReq(t, "a")
		if _, err := (keys{pool}).run(ctx, "k8", a, l.find(a.fingerprint), l.appendErr(network)); !errors.Is(err, network) {
			t.Fatal(err)
		}
		retry := a
		retry.ids = []uuid.UUID{uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())}
		retry.scanFrom = 5
		check := func(ctx context.Context) (eventstore.AppendResult, error) {
			// Seen from another session: the reservation is committed.
			var ids []uuid.UUID
			var scanFrom int64
			err := pool.QueryRow(ctx, `SELECT event_ids, scan_from FROM cronica_esdb_idempotency WHERE key = 'k8'`).Scan(&ids, &scanFrom)
			if err != nil || len(ids) != 2 || ids[0] != retry.ids[0] || ids[1] != retry.ids[1] || scanFrom != 5 {
				t.Errorf("while appending, the committed row holds %v from %d (%v); want %v from 5", ids, scanFrom, err, retry.ids)
			}
			return l.appendOK(a.fingerprint, 0)(ctx)
		}
		res, err := keys{pool}.run(ctx, "k8", retry, l.find(a.fingerprint), check)
		if err != nil || res.Duplicate {
			t.Fatalf("retry: %+v, %v", res, err)
		}
	})

	t.Run("concurrent_requests_with_one_key_append_once", func(t *testing.T) {
		l, a := newFakeLog(), keyReq(t, "a")
		const n = 8
		results := make([]eventstore.AppendResult, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			r := a
			r.ids = []uuid.UUID{uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())} // a retried command mints new ids
			go func() {
				defer wg.Done()
				results[i], errs[i] = keys{pool}.run(ctx, "k7", r, l.find(a.fingerprint), l.appendOK(a.fingerprint, 50*time.Millisecond))
			}()
		}
		wg.Wait()
		if got := l.appends.Load(); got != 1 {
			t.Fatalf("%d appends, want 1", got)
		}
		originals := 0
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("request %d: %v", i, errs[i])
			}
			if !results[i].Duplicate {
				originals++
			}
			r := results[i]
			r.Duplicate = false
			if r != l.written[string(a.fingerprint)] {
				t.Errorf("request %d: %+v, want %+v", i, results[i], l.written[string(a.fingerprint)])
			}
		}
		if originals != 1 {
			t.Errorf("%d results without Duplicate, want 1", originals)
		}
	})
}

func TestNewNeedsMigratedTable(t *testing.T) {
	pool, _ := pgtest.NewPool(t, "esdb_unmigrated")
	_, err := New(context.Background(), Config{URL: "esdb://127.0.0.1:1?tls=false", Pool: pool})
	if err == nil {
		t.Fatal("New accepted a database without the idempotency table")
	}
	if !strings.HasPrefix(err.Error(), "esdb: new: ") {
		t.Errorf("message %q does not start with esdb: new:", err)
	}
}
