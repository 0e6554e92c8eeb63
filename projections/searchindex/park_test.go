package searchindex

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/projections"
	"cronica/test/pgtest"
)

// parkingRig is a log and the projections runtime's parked events on one
// database.
type parkingRig struct {
	pool   *pgxpool.Pool
	store  *pgstore.Store
	parked projections.ParkedStore
}

func newParkingRig(t *testing.T) parkingRig {
	t.Helper()
	pool, _ := pgtest.NewPool(t, "searchindex_park")
	ctx := context.Background()
	pgtest.Must(t, pgstore.Migrate(ctx, pool), "migrate the store")
	pgtest.Must(t, projections.Migrate(ctx, pool), "migrate the projections")
	s, err := pgstore.New(ctx, pool, pgstore.Options{PollInterval: 50 * time.Millisecond})
	pgtest.Must(t, err, "store")
	t.Cleanup(func() { s.Close() })
	return parkingRig{pool: pool, store: s, parked: projections.NewParkedStore(pool)}
}

// appendRaw appends events of type typ with the given data, in one request.
func (r parkingRig) appendRaw(t *testing.T, typ string, data ...string) eventstore.Position {
	t.Helper()
	events := make([]eventstore.EventData, len(data))
	for i, d := range data {
		events[i] = eventstore.EventData{ID: uuid.Must(uuid.NewV7()), Type: typ, Data: []byte(d)}
	}
	res, err := r.store.Append(context.Background(), eventstore.AppendRequest{Stream: newNotebook(), Expected: eventstore.Any(), Events: events})
	pgtest.Must(t, err, "append")
	return res.Position
}

type parkedRow struct {
	position eventstore.Position
	typ      string
	errText  string
	attempts int
}

func (r parkingRig) rows(t *testing.T, projector string) []parkedRow {
	t.Helper()
	rows, err := r.pool.Query(context.Background(), `SELECT position, type, error, attempts FROM cronica_projection_parked
		WHERE projector = $1 ORDER BY position`, projector)
	pgtest.Must(t, err, "parked rows")
	defer rows.Close()
	var out []parkedRow
	for rows.Next() {
		var p parkedRow
		var pos int64
		pgtest.Must(t, rows.Scan(&pos, &p.typ, &p.errText, &p.attempts), "scan")
		p.position = eventstore.Position(pos)
		out = append(out, p)
	}
	pgtest.Must(t, rows.Err(), "parked rows")
	return out
}

// counter counts parked events by projector.
type counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counter) Parked(projector string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[projector]++
}

func (c *counter) of(projector string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[projector]
}

// follow runs ix.Follow until the test ends.
func follow(t *testing.T, ix *Index, store eventstore.Store) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ix.Follow(ctx, store) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("follow returned %v, want context.Canceled", err)
		}
	})
}

// A poison event in the middle of a batch, on the live path: the good
// events around it are indexed, the poison one is tried alone Attempts
// times, then parked (recorded with its error, counted), and the checkpoint
// moves past it; what comes after flows.
func TestFollow_parks_a_poison_event_and_goes_on(t *testing.T) {
	cases := []struct {
		name    string
		poison  string // the poison event's data
		wantErr string
	}{
		{"data_apply_cannot_decode", `{"note": 5, "text": "poison"}`, "decode NoteWritten.v1"},
		{"apply_panics", `{"note": "boom", "text": "poison"}`, "panic: boom"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rig := newParkingRig(t)
			// One append: one Follow batch holds all four events.
			poisonAt := rig.appendRaw(t, noteWritten, `{"note": "g1", "text": "alpha"}`, `{"note": "g2", "text": "alpha"}`, c.poison,
				`{"note": "g3", "text": "alpha"}`) - 1
			var tries atomic.Int64
			p := notesProjector("notes", nil)
			p.Apply = func(b *bleve.Batch, e eventstore.RecordedEvent) error {
				if e.Position == poisonAt {
					tries.Add(1)
				}
				if strings.Contains(string(e.Data), `"boom"`) {
					panic("boom")
				}
				return applyNote(b, e)
			}
			ix, err := Open(t.TempDir(), p, nil)
			pgtest.Must(t, err, "open")
			t.Cleanup(func() { ix.Close() })
			var parked counter
			ix.SetParking(Parking{Parker: rig.parked, Attempts: 3, Backoff: time.Millisecond, Counter: &parked})
			follow(t, ix, rig.store)

			last := rig.appendRaw(t, noteWritten, `{"note": "g4", "text": "alpha"}`)
			eventually(t, 20*time.Second, "the events after the poison one never indexed", func() bool { return checkpoint(t, ix) == last })
			if n := hits(t, ix, "alpha"); n != 4 {
				t.Fatalf("%d good events indexed, want 4", n)
			}
			rows := rig.rows(t, "notes")
			if len(rows) != 1 || rows[0].position != poisonAt || rows[0].attempts != 3 || rows[0].typ != noteWritten ||
				!strings.Contains(rows[0].errText, c.wantErr) {
				t.Fatalf("parked %+v, want the event at %d after 3 attempts with %q", rows, poisonAt, c.wantErr)
			}
			if n := tries.Load(); n != 3 {
				t.Fatalf("the poison event was tried %d times, want 3", n)
			}
			if n := parked.of("notes"); n != 1 {
				t.Fatalf("counted %d parked events, want 1", n)
			}
			if n, err := rig.parked.Count(t.Context(), "notes"); err != nil || n != 1 {
				t.Fatalf("Count = %d, %v; want 1", n, err)
			}
		})
	}
}

// An event that fails once only (a passing fault) is applied on the retry,
// not parked.
func TestFollow_retries_before_parking(t *testing.T) {
	rig := newParkingRig(t)
	var failed atomic.Bool
	p := notesProjector("notes", nil)
	p.Apply = func(b *bleve.Batch, e eventstore.RecordedEvent) error {
		if strings.Contains(string(e.Data), "flaky") && failed.CompareAndSwap(false, true) {
			return errors.New("a passing fault")
		}
		return applyNote(b, e)
	}
	ix, err := Open(t.TempDir(), p, nil)
	pgtest.Must(t, err, "open")
	t.Cleanup(func() { ix.Close() })
	ix.SetParking(Parking{Parker: rig.parked, Attempts: 4, Backoff: time.Millisecond})
	follow(t, ix, rig.store)
	last := rig.appendRaw(t, noteWritten, `{"note": "a", "text": "flaky"}`, `{"note": "b", "text": "alpha"}`)
	eventually(t, 20*time.Second, "never caught up", func() bool { return checkpoint(t, ix) == last })
	if !failed.Load() || hits(t, ix, "flaky") != 1 || hits(t, ix, "alpha") != 1 || len(rig.rows(t, "notes")) != 0 {
		t.Fatalf("failed once %v, %d flaky, %d alpha, parked %v; want the event applied on its retry", failed.Load(),
			hits(t, ix, "flaky"), hits(t, ix, "alpha"), rig.rows(t, "notes"))
	}
}

// A Rebuild parks like Follow, into its new generation; once the projector
// is fixed, the next Rebuild applies the event and forgets its parked
// record (as a rebuild of the runtime's projectors does).
func TestRebuild_parks_and_a_fixed_projector_unparks(t *testing.T) {
	rig := newParkingRig(t)
	poison := rig.appendRaw(t, noteWritten, `{"note": "g1", "text": "alpha"}`, `{"note": "bad", "text": "poison"}`) // the second
	head := rig.appendRaw(t, noteWritten, `{"note": "g2", "text": "alpha"}`)
	waitVisible(t, rig.store, head)
	var broken atomic.Bool
	broken.Store(true)
	p := notesProjector("notes", nil)
	p.Apply = func(b *bleve.Batch, e eventstore.RecordedEvent) error {
		if broken.Load() && strings.Contains(string(e.Data), "poison") {
			return errors.New("cannot index poison")
		}
		return applyNote(b, e)
	}
	ix, err := Open(t.TempDir(), p, nil)
	pgtest.Must(t, err, "open")
	t.Cleanup(func() { ix.Close() })
	ix.SetParking(Parking{Parker: rig.parked, Attempts: 2, Backoff: time.Millisecond})

	if err := ix.Rebuild(t.Context(), rig.store, nil); err != nil {
		t.Fatalf("rebuild with a poison event: %v", err)
	}
	rows := rig.rows(t, "notes")
	if checkpoint(t, ix) != head || hits(t, ix, "alpha") != 2 || hits(t, ix, "poison") != 0 ||
		len(rows) != 1 || rows[0].position != poison || rows[0].attempts != 2 || rows[0].errText != "cannot index poison" {
		t.Fatalf("after the rebuild: checkpoint %d, %d alpha, %d poison, parked %+v", checkpoint(t, ix), hits(t, ix, "alpha"),
			hits(t, ix, "poison"), rows)
	}

	broken.Store(false)
	if err := ix.Rebuild(t.Context(), rig.store, nil); err != nil {
		t.Fatalf("rebuild after the fix: %v", err)
	}
	if rows := rig.rows(t, "notes"); hits(t, ix, "poison") != 1 || len(rows) != 0 {
		t.Fatalf("after the fixed rebuild: %d poison, parked %+v; want it indexed and unparked", hits(t, ix, "poison"), rows)
	}
}

// Without a Parker a failing event ends the Rebuild and the current
// generation stays.
func TestRebuild_without_parker_stops_at_the_failing_event(t *testing.T) {
	rig := newParkingRig(t)
	waitVisible(t, rig.store, rig.appendRaw(t, noteWritten, `{"note": 7}`))
	ix := openNotes(t, t.TempDir(), nil)
	gen := ix.Generation()
	var ae *ApplyError
	if err := ix.Rebuild(t.Context(), rig.store, nil); !errors.As(err, &ae) || ix.Generation() != gen {
		t.Fatalf("rebuild returned %v (generation %s), want an *ApplyError and generation %s", err, ix.Generation(), gen)
	}
}
