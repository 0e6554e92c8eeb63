package sealer_test

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"cronica/eventstore/pgstore"
	"cronica/eventstore/sealer"
	"cronica/test/pgtest"
)

// Two schedulers (as two serve instances whose locks raced) seal once per
// interval, and only when something was appended; Run seals when a seal
// falls due, one scheduler working at a time.
func TestSchedulerSealsOncePerInterval(t *testing.T) {
	clk := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	w := newWorld(t, "scheduler", pgstore.Options{Now: clk.now})
	streams := w.seed(t, rand.New(rand.NewPCG(2, 3)), 3)
	newScheduler := func(check time.Duration) *sealer.Scheduler {
		s, err := sealer.NewScheduler(sealer.SchedulerConfig{Pool: w.pool, Sealer: w.newSealer(t, w.openStore(t, pgstore.Options{Now: clk.now})),
			Interval: 24 * time.Hour, Check: check, Now: clk.now})
		pgtest.Must(t, err, "scheduler")
		return s
	}
	a, b := newScheduler(0), newScheduler(0)
	both := func() int {
		var (
			wg     sync.WaitGroup
			mu     sync.Mutex
			sealed int
		)
		for _, s := range []*sealer.Scheduler{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := s.RunOnce(ctx)
				pgtest.Must(t, err, "run")
				if res.Sealed {
					mu.Lock()
					sealed++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		return sealed
	}
	if n := both(); n != 0 {
		t.Fatalf("the log's first event is new: %d sealed, want none", n)
	}
	clk.advance(24 * time.Hour)
	if n := both(); n != 1 {
		t.Fatalf("the log's first event a day old: %d sealed, want 1", n)
	}
	w.add(t, streams[0], 1)
	clk.advance(time.Hour)
	if n := both(); n != 0 {
		t.Fatalf("an hour after the seal: %d sealed, want none", n)
	}
	clk.advance(23 * time.Hour)
	if n := both(); n != 1 {
		t.Fatalf("a day after the seal: %d sealed, want 1", n)
	}
	clk.advance(25 * time.Hour)
	if n := both(); n != 0 {
		t.Fatalf("a day with nothing appended: %d sealed, want none", n)
	}
	if seals := countSeals(t, w); seals != 2 {
		t.Fatalf("%d seals, want 2", seals)
	}

	// Run: two schedulers looking often; one holds the lock.
	runCtx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for range 2 {
		s := newScheduler(10 * time.Millisecond)
		wg.Add(1)
		go func() { defer wg.Done(); s.Run(runCtx) }()
	}
	w.add(t, streams[1], 1)
	deadline := time.Now().Add(time.Minute)
	for countSeals(t, w) < 3 {
		if time.Now().After(deadline) {
			cancel()
			wg.Wait()
			t.Fatal("the running schedulers did not seal what was due")
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // more rounds: nothing more is due
	cancel()
	wg.Wait()
	if seals := countSeals(t, w); seals != 3 {
		t.Fatalf("%d seals after Run, want 3", seals)
	}
	if c, broken := walk(t, w.store, w.pool); broken != nil || len(c.Findings()) != 0 || c.Checked() != 3 {
		t.Fatalf("walk: %v, %v, %d checked", broken, c.Findings(), c.Checked())
	}
}

func countSeals(t *testing.T, w *world) int {
	t.Helper()
	seals, err := sealer.ReadSeals(ctx, w.store)
	pgtest.Must(t, err, "seals")
	return len(seals)
}
