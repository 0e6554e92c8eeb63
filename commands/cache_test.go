package commands_test

import (
	"context"
	"testing"
	"time"

	"cronica/commands"
	"cronica/domain/calendar"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/test/identitytest"
	"cronica/test/timetest"
)

// followingCache is a StreamCache following store's log until the test
// ends; it returns once the cache is in use.
func followingCache(t *testing.T, store *pgstore.Store) *commands.StreamCache {
	t.Helper()
	c := commands.NewStreamCache(1000)
	head, _, err := store.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	followCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- c.Follow(followCtx, store, head, 10*time.Millisecond) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("follow: %v", err)
		}
	})
	eventually(t, "the cache follows the log", c.Following)
	return c
}

// eventually polls cond until it holds or a minute has passed.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
	}
}

// A history another process changes is evicted by the log, and the next
// command decides on the change; a command of this process keeps its own
// history current without a read.
func TestStreamCacheFollowsTheLog(t *testing.T) {
	b := timetest.NewBench(t)
	w := timetest.Seed(t, b, "Beneficiar")
	admin := identitytest.AsSystem()
	cachedEnv := b.Env
	cachedEnv.Cache = followingCache(t, b.Store)
	here := commands.NewTime(cachedEnv) // this process, through the cache
	there := commands.NewTime(b.Env)    // another process, no cache
	day := calendar.NewDate(2026, time.March, 9)

	// A first command reads and caches what it loads, and extends it with
	// its own events; a second one reads nothing.
	if _, err := here.AddCalendarDay.Handle(ctx, admin, commands.AddCalendarDay{OrgID: w.OrgID, Date: day.AddDays(1), Name: "Probe"}); err != nil {
		t.Fatal(err)
	}
	reads := b.Counter.Reads()
	if _, err := here.AddCalendarDay.Handle(ctx, admin, commands.AddCalendarDay{OrgID: w.OrgID, Date: day, Name: "Zi punte"}); err != nil {
		t.Fatal(err)
	}
	if b.Counter.Reads() != reads {
		t.Fatalf("a cached, current history was read again (%d reads)", b.Counter.Reads()-reads)
	}
	// Another process removes the day: the log evicts this process's copy,
	// and the next decision sees the removal.
	res, err := there.RemoveCalendarDay.Handle(ctx, admin, commands.RemoveCalendarDay{OrgID: w.OrgID, Date: day})
	if err != nil {
		t.Fatal(err)
	}
	waitSeen(t, b.Store, res.Position)
	eventually(t, "the stale calendar is evicted", func() bool {
		_, err := here.AddCalendarDay.Handle(ctx, admin, commands.AddCalendarDay{OrgID: w.OrgID, Date: day, Name: "Zi punte"})
		return err == nil
	})
}

// waitSeen waits until the log's readers have position p.
func waitSeen(t *testing.T, store eventstore.Store, p eventstore.Position) {
	t.Helper()
	eventually(t, "the log reaches the change", func() bool {
		events, err := store.ReadAll(ctx, p-1, 1)
		return err == nil && len(events) == 1
	})
}
