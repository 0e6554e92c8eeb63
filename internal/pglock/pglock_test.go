package pglock_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"cronica/internal/pglock"
	"cronica/test/pgtest"
)

// Two holders of one key never run at once; when the first stops, the
// second takes over.
func TestOneHolderAtATime(t *testing.T) {
	pool, _ := pgtest.NewPool(t, "pglock")
	cfg := pool.Config().ConnConfig
	key := pglock.Key("cronica.test", "job")
	var running, most, runs atomic.Int32
	job := func(held context.Context) {
		n := running.Add(1)
		runs.Add(1)
		for {
			if m := most.Load(); n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		<-held.Done()
		running.Add(-1)
	}
	first, stopFirst := context.WithCancel(context.Background())
	second, stopSecond := context.WithCancel(context.Background())
	defer stopSecond()
	done := make(chan struct{}, 2)
	go func() { pglock.Hold(first, cfg.Copy(), key, job); done <- struct{}{} }()
	waitFor(t, func() bool { return runs.Load() == 1 })
	go func() { pglock.Hold(second, cfg.Copy(), key, job); done <- struct{}{} }()
	time.Sleep(3 * pglock.Retry) // the second tries, and waits
	if runs.Load() != 1 {
		t.Fatalf("%d runs while the first held the lock", runs.Load())
	}
	stopFirst()
	<-done
	waitFor(t, func() bool { return runs.Load() == 2 })
	stopSecond()
	<-done
	if most.Load() != 1 {
		t.Fatalf("%d holders ran at once", most.Load())
	}
}

func TestKeysDifferByNamespace(t *testing.T) {
	if pglock.Key("cronica.notify", "scheduler") == pglock.Key("cronica.sealer", "scheduler") {
		t.Fatal("two components share a key")
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
