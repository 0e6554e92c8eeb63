package realtime_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/projections"
	"cronica/realtime"
	"cronica/test/pgtest"
)

func checkpointPool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool, _ := pgtest.NewPool(t, "realtime_gate")
	pgtest.Must(t, projections.Migrate(context.Background(), pool), "migrate projections")
	return pool
}

func setCheckpoint(t *testing.T, pool *pgxpool.Pool, projector string, position int64, state string) {
	t.Helper()
	_, err := pool.Exec(context.Background(), `INSERT INTO cronica_projection_checkpoints (projector, position, state)
		VALUES ($1, $2, $3) ON CONFLICT (projector) DO UPDATE SET position = $2, state = $3`, projector, position, state)
	pgtest.Must(t, err, "set checkpoint")
}

// waitAsync starts gate.Wait for an event and returns its result channel.
func waitAsync(gate realtime.Gate, typ string, p eventstore.Position) (<-chan error, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- gate.Wait(ctx, eventstore.RecordedEvent{Position: p, Type: typ}) }()
	return done, cancel
}

// returned reports whether done has answered, giving it a moment (a gate
// that wrongly lets an event through does so at once).
func returned(done <-chan error) bool {
	select {
	case <-done:
		return true
	case <-time.After(100 * time.Millisecond):
		return false
	}
}

func TestCheckpointGateWaitsForTheProjectorsOfTheEventsType(t *testing.T) {
	pool := checkpointPool(t)
	gate := realtime.NewCheckpointGate(pool, []realtime.ReadModel{
		{Name: "audit_log"}, // every type
		{Name: "identity", Types: []string{"RoleGranted.v1", "GroupCreated.v1"}},
		{Name: "timeview", Types: []string{"TimeEntryRecorded.v1"}},
	}, time.Millisecond, nil)
	if got := gate.Projectors("RoleGranted.v1"); len(got) != 2 || got[0] != "audit_log" || got[1] != "identity" {
		t.Fatalf("projectors of RoleGranted.v1: %v", got)
	}
	setCheckpoint(t, pool, "audit_log", 100, "running")
	setCheckpoint(t, pool, "identity", 50, "running")
	setCheckpoint(t, pool, "timeview", 10, "running")

	// Passed by both of its projectors: at once.
	done, cancel := waitAsync(gate, "RoleGranted.v1", 50)
	defer cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// timeview does not apply RoleGranted: it does not hold it back.
	done, cancel = waitAsync(gate, "GroupCreated.v1", 40)
	defer cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	// identity is behind 80: the event waits until it passes.
	done, cancel = waitAsync(gate, "RoleGranted.v1", 80)
	defer cancel()
	if returned(done) {
		t.Fatal("the gate let an event through before its read model committed it")
	}
	setCheckpoint(t, pool, "identity", 79, "running")
	if returned(done) {
		t.Fatal("the gate let an event through before its read model reached it")
	}
	setCheckpoint(t, pool, "identity", 80, "running")
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	// A halted projector does not hold events back.
	done, cancel = waitAsync(gate, "TimeEntryRecorded.v1", 90)
	defer cancel()
	if returned(done) {
		t.Fatal("through before timeview passed")
	}
	setCheckpoint(t, pool, "timeview", 10, "halted")
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	// A type no read model applies waits only for the all-types ones; a
	// projector without a checkpoint row is at the start.
	done, cancel = waitAsync(gate, "Unprojected.v1", 150)
	defer cancel()
	if returned(done) {
		t.Fatal("through before audit_log passed")
	}
	cancel()
	if err := <-done; err == nil {
		t.Fatal("a cancelled wait returned nil")
	}
}
