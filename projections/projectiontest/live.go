package projectiontest

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/projections"
	"cronica/test/pgtest"
)

// Run runs a runtime with projectors until the test ends, and returns it.
func Run(t testing.TB, store eventstore.Store, pool *pgxpool.Pool, cfg projections.Config, ps ...projections.Projector) *projections.Runtime {
	t.Helper()
	rt, err := projections.NewRuntime(store, pool, ps, cfg)
	pgtest.Must(t, err, "new runtime")
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- rt.Run(ctx) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("runtime: %v", err)
		}
	})
	return rt
}

// WaitForCheckpoint waits until projector name has passed pos; a halted
// projector or a minute without getting there fails t.
func WaitForCheckpoint(t testing.TB, pool *pgxpool.Pool, name string, pos eventstore.Position) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		all, err := projections.Checkpoints(context.Background(), pool)
		pgtest.Must(t, err, "checkpoints")
		cp := all[name]
		if cp.Halted {
			t.Fatalf("the projector halted: %s", cp.HaltedReason)
		}
		if cp.Position >= pos {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("checkpoint at %d, want %d", cp.Position, pos)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// CheckRebuildEqualsLive waits until p, running live in rt, has passed
// head, rebuilds it blue/green up to head, and fails t unless every table
// holds after the swap the rows it held live (none of them empty) and no
// event was parked.
func CheckRebuildEqualsLive(t testing.TB, rt *projections.Runtime, pool *pgxpool.Pool, p projections.Projector, head eventstore.Position) {
	t.Helper()
	WaitForCheckpoint(t, pool, p.Name, head)
	live := DumpAll(t, pool, p.Tables, "")
	for table, rows := range live {
		if rows == "[]" {
			t.Fatalf("%s is empty after the live run", table)
		}
	}
	res, err := rt.Rebuild(context.Background(), p.Name, head, nil)
	pgtest.Must(t, err, "rebuild")
	if res.Parked != 0 || res.Position < head {
		t.Fatalf("rebuild = %+v, want every event up to %d, none parked", res, head)
	}
	rebuilt := DumpAll(t, pool, p.Tables, "")
	for _, table := range p.Tables {
		if rebuilt[table] != live[table] {
			t.Errorf("%s differs after the rebuild:\n live    %s\n rebuilt %s", table, live[table], rebuilt[table])
		}
	}
}
