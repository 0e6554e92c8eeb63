package projections_test

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/projections"
	"cronica/test/pgtest"
)

// childEnv names the database a child process runs its runtime on; the
// instance tag goes in childInstance.
const (
	childEnv      = "CRONICA_PROJECTIONS_CHILD_URL"
	childInstance = "CRONICA_PROJECTIONS_CHILD_INSTANCE"
)

func TestMain(m *testing.M) {
	if url := os.Getenv(childEnv); url != "" {
		runChild(url, os.Getenv(childInstance))
		return
	}
	os.Exit(m.Run())
}

// runChild runs the notes projector until the process is killed.
func runChild(url, instance string) {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		os.Exit(3)
	}
	t := &testing.T{}
	e := setUp(t, pool, url)
	rt, err := projections.NewRuntime(e.store, pool, []projections.Projector{notes(instance, "", projections.Halt)},
		projections.Config{MaxBatch: 200, IdleFlush: 50 * time.Millisecond})
	if err != nil {
		os.Exit(3)
	}
	rt.Run(ctx) //nolint:errcheck // runs until killed
}

// startChild runs the runtime in another process, as another instance of
// Cronica would.
func startChild(t *testing.T, url, instance string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+url, childInstance+"="+instance)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start child: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return cmd
}

func kill(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill: %v", err)
	}
	cmd.Wait() //nolint:errcheck // killed on purpose
}

// TestCrashMidBatchEqualsRebuild kills the runtime's process while it is
// catching up in batches, restarts it, and compares the model with a
// rebuild from zero, row for row.
func TestCrashMidBatchEqualsRebuild(t *testing.T) {
	pool, url := pgtest.NewPool(t, "proj_crash")
	e := setUp(t, pool, url)
	head := write(t, e.store, "c", 30000)

	child := startChild(t, url, "crashed")
	waitFor(t, "the first batches", func() (bool, error) {
		return checkpoint(t, pool, "notes").Position > 0, nil
	})
	kill(t, child)
	mid := count(t, pool, `SELECT count(*) FROM notes`)
	if checkpoint(t, pool, "notes").Position >= head {
		t.Logf("the child finished before it was killed; the crash was not mid-way")
	}
	start(t, e, projections.Config{}, notes("restarted", "", projections.Halt))
	waitFor(t, "catch-up after the crash", reached(t, pool, "notes", head))
	got := rows(t, pool)

	rt, err := projections.NewRuntime(e.store, pool, []projections.Projector{notes("rebuild", "", projections.Halt)}, projections.Config{})
	pgtest.Must(t, err, "runtime")
	if _, err := rt.Rebuild(context.Background(), "notes", head, nil); err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	if want := rows(t, pool); !slices.Equal(got, want) {
		t.Fatalf("after the crash the model has %d rows, a rebuild from zero %d: they differ", len(got), len(want))
	}
	t.Logf("killed with %d of %d notes committed; after the restart %d rows equal a rebuild", mid, len(got), len(got))
}

// TestOneInstanceAndTakeover runs two instances: only the lock holder
// applies events; when it is killed, the other takes over.
func TestOneInstanceAndTakeover(t *testing.T) {
	pool, url := pgtest.NewPool(t, "proj_takeover")
	e := setUp(t, pool, url)
	first := write(t, e.store, "a", 500)
	holder := startChild(t, url, "first")
	waitFor(t, "the first instance", reached(t, pool, "notes", first))

	start(t, e, projections.Config{LockRetry: 200 * time.Millisecond}, notes("second", "", projections.Halt))
	more := write(t, e.store, "b", 500)
	waitFor(t, "the holder applies the new events", reached(t, pool, "notes", more))
	if n := count(t, pool, `SELECT count(*) FROM notes WHERE instance = 'second'`); n != 0 {
		t.Fatalf("the standby applied %d events while the holder held the lock", n)
	}

	kill(t, holder)
	killedAt := time.Now()
	last := write(t, e.store, "c", 500)
	waitFor(t, "the standby takes over", reached(t, pool, "notes", last))
	t.Logf("takeover and catch-up %s after the kill", time.Since(killedAt).Round(time.Millisecond))
	if n := count(t, pool, `SELECT count(*) FROM notes WHERE instance = 'second'`); n != 400 {
		t.Fatalf("the standby applied %d notes after the takeover, want 400", n)
	}
	if n := count(t, pool, `SELECT count(*) FROM notes`); n != 1200 {
		t.Fatalf("notes has %d rows, want 1200: an event was applied twice or lost", n)
	}
}
