package commands

import (
	"testing"

	"cronica/domain"
	"cronica/domain/workcalendar"
)

func history(n int) []domain.Event {
	out := make([]domain.Event, n)
	for i := range out {
		out[i] = &workcalendar.ExtraDayRemoved{}
	}
	return out
}

// A read during which the log showed an event of the stream is not kept:
// the event may be missing from it, and the log will not show it again.
func TestAReadOverlappingAnEventIsNotCached(t *testing.T) {
	c := NewStreamCache(10)
	c.following.Store(true)
	ticket := c.ticket("s-1")
	c.observe("s-1", 3)
	c.put("s-1", history(3), ticket)
	if _, ok := c.get("s-1"); ok {
		t.Fatalf("a read that overlapped an event was cached")
	}
	ticket = c.ticket("s-1")
	c.put("s-1", history(4), ticket)
	if h, ok := c.get("s-1"); !ok || len(h) != 4 {
		t.Fatalf("a clean read was not cached")
	}
}

func TestTheLogEvictsOnlyWhatIsStale(t *testing.T) {
	c := NewStreamCache(10)
	c.following.Store(true)
	c.put("s-1", history(2), c.ticket("s-1"))
	c.observe("s-1", 1) // already in the history: this process's own append, seen late
	if _, ok := c.get("s-1"); !ok {
		t.Fatalf("an event the history has evicted it")
	}
	c.observe("s-1", 2)
	if _, ok := c.get("s-1"); ok {
		t.Fatalf("a newer event did not evict the history")
	}
}

func TestAppendedExtendsOnlyTheVersionItExpected(t *testing.T) {
	c := NewStreamCache(10)
	c.following.Store(true)
	c.put("s-1", history(2), c.ticket("s-1"))
	c.appended("s-1", 1, history(1), 2)
	if h, ok := c.get("s-1"); !ok || len(h) != 3 {
		t.Fatalf("append after version 1 not kept: %d events", len(h))
	}
	c.appended("s-1", 1, history(1), 3) // expected a version the cache is past
	if _, ok := c.get("s-1"); ok {
		t.Fatalf("an append from another version left a stale history")
	}
}

func TestNothingIsCachedWhileNotFollowingAndLeastRecentGoesFirst(t *testing.T) {
	c := NewStreamCache(2)
	c.put("s-1", history(1), c.ticket("s-1"))
	if c.Len() != 0 {
		t.Fatalf("cached while not following")
	}
	c.following.Store(true)
	for _, s := range []string{"s-1", "s-2"} {
		c.put(s, history(1), c.ticket(s))
	}
	c.get("s-1")
	c.put("s-3", history(1), c.ticket("s-3"))
	if _, ok := c.get("s-2"); ok || c.Len() != 2 {
		t.Fatalf("the least recently used stream was kept")
	}
	c.reset()
	if _, ok := c.get("s-1"); ok || c.Len() != 0 {
		t.Fatalf("reset kept histories")
	}
}
