package projections_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"cronica/projections"
)

func TestProjectsCatchUpThenLive(t *testing.T) {
	e := newEnv(t, "proj_live")
	head := write(t, e.store, "old", 2500)
	start(t, e, projections.Config{}, notes("a", "", projections.Halt))
	waitFor(t, "catch-up", reached(t, e.pool, "notes", head))
	if n := count(t, e.pool, `SELECT count(*) FROM notes`); n != 2000 {
		t.Fatalf("notes has %d rows after catch-up, want 2000 (every fifth event is not a note)", n)
	}
	live := writeBody(t, e.store, "live note")
	waitFor(t, "the live note", reached(t, e.pool, "notes", live))
	if n := count(t, e.pool, `SELECT count(*) FROM notes WHERE body = 'live note'`); n != 1 {
		t.Fatalf("live note rows = %d, want 1", n)
	}
}

func TestPoisonEventSkipOrHalt(t *testing.T) {
	cases := []struct {
		name    string
		policy  projections.Policy
		failOn  string
		halted  bool
		applied int // notes after the poison event
	}{
		{"skip_on_error", projections.Skip, "bad", false, 3},
		{"skip_on_panic", projections.Skip, "panic", false, 3},
		{"halt_on_error", projections.Halt, "bad", true, 0},
		{"halt_on_panic", projections.Halt, "panic", true, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, "proj_poison_"+c.name)
			before := writeBody(t, e.store, "first")
			poison := writeBody(t, e.store, c.failOn)
			var last = poison
			for _, b := range []string{"after-1", "after-2", "after-3"} {
				last = writeBody(t, e.store, b)
			}
			start(t, e, projections.Config{MaxRetries: 2, RetryBackoff: 1}, notes("a", c.failOn, c.policy))
			waitFor(t, "the poison event parked", func() (bool, error) {
				return count(t, e.pool, `SELECT count(*) FROM cronica_projection_parked WHERE projector = 'notes'`) == 1, nil
			})
			if c.halted {
				waitFor(t, "the halt", func() (bool, error) { return checkpoint(t, e.pool, "notes").Halted, nil })
				cp := checkpoint(t, e.pool, "notes")
				if cp.Position != before || !strings.Contains(cp.HaltedReason, "failed 3 times") {
					t.Fatalf("halted at %d (%q), want at %d, just before the poison event, with the reason", cp.Position, cp.HaltedReason, before)
				}
			} else {
				waitFor(t, "the events after the poison one", reached(t, e.pool, "notes", last))
			}
			var attempts int
			var parkedAt int64
			pgErr := e.pool.QueryRow(context.Background(), `SELECT attempts, position FROM cronica_projection_parked`).Scan(&attempts, &parkedAt)
			if pgErr != nil || attempts != 3 || parkedAt != int64(poison) {
				t.Fatalf("parked row: attempts %d at %d (%v), want 3 at %d", attempts, parkedAt, pgErr, poison)
			}
			if n := count(t, e.pool, `SELECT count(*) FROM notes WHERE body LIKE 'after-%'`); n != c.applied {
				t.Fatalf("%d notes after the poison event, want %d", n, c.applied)
			}
		})
	}
}

func TestRebuildSwapsWhileReadsAreServed(t *testing.T) {
	e := newEnv(t, "proj_rebuild")
	head := write(t, e.store, "n", 6000)
	p := notes("live", "", projections.Halt)
	start(t, e, projections.Config{}, p)
	waitFor(t, "catch-up", reached(t, e.pool, "notes", head))
	want := rows(t, e.pool)

	// Readers count the model the whole time: they must only ever see the
	// complete model, old or new, never a half-built one.
	ctx, stopReading := context.WithCancel(context.Background())
	bad := make(chan int, 1)
	reads := make(chan int, 1)
	go func() {
		n := 0
		for ctx.Err() == nil {
			var c int
			if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM notes`).Scan(&c); err == nil {
				n++
				if c != len(want) {
					select {
					case bad <- c:
					default:
					}
				}
			}
		}
		reads <- n
	}()
	rebuilt := notes("rebuild", "", projections.Halt)
	rt, err := projections.NewRuntime(e.store, e.pool, []projections.Projector{rebuilt}, projections.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var reports []projections.RebuildProgress
	res, err := rt.Rebuild(context.Background(), "notes", head, func(p projections.RebuildProgress) { reports = append(reports, p) })
	stopReading()
	if err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	t.Logf("rebuild: %d events in %s; %d reads during it", res.Events, res.Elapsed, <-reads)
	select {
	case c := <-bad:
		t.Fatalf("a read during the rebuild saw %d rows, not %d", c, len(want))
	default:
	}
	if len(reports) < 2 || !reports[len(reports)-1].Swapped {
		t.Fatalf("progress reports: %+v", reports)
	}
	if got := rows(t, e.pool); !slices.Equal(got, want) {
		t.Fatalf("rebuilt model differs from the live one: %d rows vs %d", len(got), len(want))
	}
	if n := count(t, e.pool, `SELECT count(*) FROM notes WHERE instance = 'rebuild'`); n != len(want) {
		t.Fatalf("%d rows written by the rebuild, want all %d: the swap did not happen", n, len(want))
	}
	// The live runner carries on from the new checkpoint.
	live := writeBody(t, e.store, "after the swap")
	waitFor(t, "the live runner after the swap", reached(t, e.pool, "notes", live))
	if n := count(t, e.pool, `SELECT count(*) FROM notes WHERE body = 'after the swap' AND instance = 'live'`); n != 1 {
		t.Fatalf("the live runner did not continue after the swap")
	}
}
