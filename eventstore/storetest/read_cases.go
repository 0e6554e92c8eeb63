package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"cronica/eventstore"
)

func testReadStream(t *testing.T, h Harness) {
	s := h.New(t)
	_, err := s.ReadStream(testContext(t), newStream(t, "project"), 0, 10)
	expectErr(t, err, eventstore.ErrStreamNotFound, "reading a stream that has no events")

	stream := newStream(t, "project")
	mustAppend(t, s, eventstore.AppendRequest{Stream: stream, Expected: eventstore.NoStream(), Events: events(t, 0, 10)})
	page, err := s.ReadStream(testContext(t), stream, 4, 3)
	if err != nil {
		t.Fatalf("read from 4: %v", err)
	}
	if len(page) != 3 || page[0].Version != 4 || page[2].Version != 6 {
		t.Fatalf("read from 4 limit 3 gave %d events starting at %d", len(page), page[0].Version)
	}
	past, err := s.ReadStream(testContext(t), stream, 10, 5)
	if err != nil || len(past) != 0 {
		t.Fatalf("read past the end = %d events, %v; want none and no error", len(past), err)
	}
}

// testReadAllOrder: interleaved appends to three streams come back in the
// log with strictly increasing positions, each stream in version order, at
// the positions the appends returned.
func testReadAllOrder(t *testing.T, h Harness) {
	s := h.New(t)
	from := head(t, s)
	streams := map[string]bool{}
	var names []string
	for i := 0; i < 3; i++ {
		name := newStream(t, "task")
		streams[name] = true
		names = append(names, name)
	}
	returned := map[eventstore.Position]string{}
	for round := 0; round < 5; round++ {
		for _, name := range names {
			res := mustAppend(t, s, eventstore.AppendRequest{Stream: name, Expected: eventstore.Any(), Events: events(t, round*2, 2)})
			returned[res.Position] = name
		}
	}
	got := readOwn(t, s, from, streams)
	if len(got) != 30 {
		t.Fatalf("read %d own events after %d, want 30", len(got), from)
	}
	next := map[string]uint64{}
	for _, e := range got {
		if e.Version != next[e.StreamID] {
			t.Fatalf("%s: version %d where %d was due", e.StreamID, e.Version, next[e.StreamID])
		}
		next[e.StreamID]++
		delete(returned, e.Position)
	}
	if len(returned) != 0 {
		t.Fatalf("positions returned by appends but not found in the log: %v", returned)
	}
}

// testCatchUpThenLive: a subscription delivers what is stored, then what
// four concurrent writers append while it runs: every event once, in order.
func testCatchUpThenLive(t *testing.T, h Harness) {
	s := h.New(t)
	from := head(t, s)
	streams := map[string]bool{}
	var names []string
	for i := 0; i < 4; i++ {
		name := newStream(t, "channel")
		streams[name] = true
		names = append(names, name)
	}
	want := map[string]bool{}
	for i := 0; i < 40; i++ {
		e := event(t, i)
		want[e.ID.String()] = true
		mustAppend(t, s, eventstore.AppendRequest{Stream: names[i%4], Expected: eventstore.Any(), Events: []eventstore.EventData{e}})
	}
	sub, err := s.Subscribe(testContext(t), from)
	if err != nil {
		t.Fatalf("subscribe: %v", err)
	}
	defer sub.Close()
	last := from
	got := receive(t, sub, streams, 40, &last)

	var wg sync.WaitGroup
	var mu sync.Mutex
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 15; i++ {
				e := event(t, 100+i)
				mu.Lock()
				want[e.ID.String()] = true
				mu.Unlock()
				if _, err := s.Append(context.Background(), eventstore.AppendRequest{Stream: names[w], Expected: eventstore.Any(), Events: []eventstore.EventData{e}}); err != nil {
					t.Errorf("live append: %v", err)
					return
				}
			}
		}()
	}
	got = append(got, receive(t, sub, streams, 60, &last)...)
	wg.Wait()
	seen := map[string]bool{}
	for _, e := range got {
		id := e.ID.String()
		if seen[id] {
			t.Fatalf("event %s delivered twice", id)
		}
		seen[id] = true
		if !want[id] {
			t.Fatalf("event %s delivered but never appended", id)
		}
	}
	if len(seen) != len(want) {
		t.Fatalf("delivered %d distinct events, appended %d: a gap", len(seen), len(want))
	}
}

func testSubscribeFromMiddle(t *testing.T, h Harness) {
	s := h.New(t)
	stream := newStream(t, "meeting")
	mustAppend(t, s, eventstore.AppendRequest{Stream: stream, Expected: eventstore.NoStream(), Events: events(t, 0, 5)})
	stored := readWholeStream(t, s, stream)
	middle := stored[2].Position
	sub, err := s.Subscribe(testContext(t), middle)
	if err != nil {
		t.Fatalf("subscribe: %v", err)
	}
	defer sub.Close()
	last := middle
	got := receive(t, sub, map[string]bool{stream: true}, 2, &last)
	if got[0].Version != 3 || got[1].Version != 4 {
		t.Fatalf("subscription from the position of version 2 delivered versions %d, %d; want 3, 4", got[0].Version, got[1].Version)
	}
}

// testLateCommit: an append that took its place in the log first but
// commits last is still delivered to a live subscriber; nothing is skipped
// and positions still grow.
func testLateCommit(t *testing.T, h Harness) {
	if h.HoldAppend == nil {
		t.Skip("this adapter's appends commit in log order (a single writer assigns positions): there is no late commit to test")
	}
	s := h.New(t)
	from := head(t, s)
	held, early1, early2 := newStream(t, "timesheet"), newStream(t, "timesheet"), newStream(t, "timesheet")
	streams := map[string]bool{held: true, early1: true, early2: true}

	sub, err := s.Subscribe(testContext(t), from)
	if err != nil {
		t.Fatalf("subscribe: %v", err)
	}
	defer sub.Close()

	commit := h.HoldAppend(testContext(t), t, s, eventstore.AppendRequest{Stream: held, Expected: eventstore.NoStream(), Events: events(t, 0, 1)})
	mustAppend(t, s, eventstore.AppendRequest{Stream: early1, Expected: eventstore.NoStream(), Events: events(t, 1, 1)})
	mustAppend(t, s, eventstore.AppendRequest{Stream: early2, Expected: eventstore.NoStream(), Events: events(t, 2, 1)})

	// While the held transaction is open, the subscriber must not pass it.
	last := from
	var got []eventstore.RecordedEvent
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	for {
		e, err := sub.Next(ctx)
		if err != nil {
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("subscription while held: %v", err)
			}
			break
		}
		if e.Position <= last {
			t.Fatalf("position %d after %d", e.Position, last)
		}
		last = e.Position
		if streams[e.StreamID] {
			got = append(got, e)
		}
	}
	cancel()
	if err := commit(); err != nil {
		t.Fatalf("commit the held append: %v", err)
	}
	got = append(got, receive(t, sub, streams, 3-len(got), &last)...)
	delivered := map[string]bool{}
	for _, e := range got {
		delivered[e.StreamID] = true
	}
	if !delivered[held] || !delivered[early1] || !delivered[early2] {
		t.Fatalf("delivered %v: the late commit or an early one was skipped", delivered)
	}
	if all := readOwn(t, s, from, streams); len(all) != 3 {
		t.Fatalf("the log holds %d of the 3 events after the late commit", len(all))
	}
}

func testSubscriptionClose(t *testing.T, h Harness) {
	s := h.New(t)
	sub, err := s.Subscribe(testContext(t), head(t, s))
	if err != nil {
		t.Fatalf("subscribe: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := sub.Next(context.Background())
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	if err := sub.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	select {
	case err := <-done:
		expectErr(t, err, eventstore.ErrSubscriptionClosed, "Next blocked during Close")
	case <-time.After(10 * time.Second):
		t.Fatalf("Next still blocked after Close")
	}
	if err := sub.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}
	_, err = sub.Next(context.Background())
	expectErr(t, err, eventstore.ErrSubscriptionClosed, "Next after Close")

	sub2, err := s.Subscribe(testContext(t), head(t, s))
	if err != nil {
		t.Fatalf("subscribe: %v", err)
	}
	defer sub2.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = sub2.Next(ctx)
	expectErr(t, err, context.DeadlineExceeded, "Next with an expiring context")
}
