package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/uuid"

	"cronica/eventstore"
)

func testAppendAndReadBack(t *testing.T, h Harness) {
	s := h.New(t)
	stream := newStream(t, "timesheet")
	in := events(t, 0, 3)
	res := mustAppend(t, s, eventstore.AppendRequest{Stream: stream, Expected: eventstore.NoStream(), Events: in})
	if res.FirstVersion != 0 || res.LastVersion != 2 || res.Duplicate || res.Position == eventstore.Start {
		t.Fatalf("append result = %+v, want versions 0..2, a position, not a duplicate", res)
	}
	got := readWholeStream(t, s, stream)
	if len(got) != 3 {
		t.Fatalf("read %d events, want 3", len(got))
	}
	for i, e := range got {
		if e.ID != in[i].ID || e.Type != in[i].Type || e.Version != uint64(i) || e.StreamID != stream {
			t.Fatalf("event %d = %s %s v%d in %s, want %s %s v%d", i, e.ID, e.Type, e.Version, e.StreamID, in[i].ID, in[i].Type, i)
		}
		if string(e.Data) != compact(t, in[i].Data) {
			t.Fatalf("event %d data = %s, want %s", i, e.Data, in[i].Data)
		}
		m := e.Metadata
		if m.ActorID != in[i].Metadata.ActorID || m.OrgID != in[i].Metadata.OrgID ||
			m.CorrelationID != in[i].Metadata.CorrelationID || m.CausationID != in[i].Metadata.CausationID {
			t.Fatalf("event %d metadata = %+v, want %+v", i, m, in[i].Metadata)
		}
		if m.RecordedAt.IsZero() || m.RecordedAt.Location().String() != "UTC" {
			t.Fatalf("event %d recorded_at = %v, want a UTC server time", i, m.RecordedAt)
		}
		if e.Category() != "timesheet" {
			t.Fatalf("category = %q", e.Category())
		}
	}
	if got[2].Position != res.Position {
		t.Fatalf("last event position %d, append returned %d", got[2].Position, res.Position)
	}
	if !(got[0].Position < got[1].Position && got[1].Position < got[2].Position) {
		t.Fatalf("positions not increasing: %d %d %d", got[0].Position, got[1].Position, got[2].Position)
	}
}

func testExpectedVersionForms(t *testing.T, h Harness) {
	s := h.New(t)
	existing := newStream(t, "contract")
	mustAppend(t, s, eventstore.AppendRequest{Stream: existing, Expected: eventstore.NoStream(), Events: events(t, 0, 2)})
	cases := []struct {
		name     string
		stream   string
		expected eventstore.ExpectedVersion
		ok       bool
	}{
		{"no_stream_on_existing", existing, eventstore.NoStream(), false},
		{"exact_behind", existing, eventstore.Exact(0), false},
		{"exact_ahead", existing, eventstore.Exact(7), false},
		{"exact_on_missing", newStream(t, "contract"), eventstore.Exact(0), false},
		{"stream_exists_on_missing", newStream(t, "contract"), eventstore.StreamExists(), false},
		{"exact_right", existing, eventstore.Exact(1), true},
		{"stream_exists_on_existing", existing, eventstore.StreamExists(), true},
		{"any_on_existing", existing, eventstore.Any(), true},
		{"any_on_missing", newStream(t, "contract"), eventstore.Any(), true},
		{"no_stream_on_missing", newStream(t, "contract"), eventstore.NoStream(), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, beforeErr := s.ReadStream(testContext(t), c.stream, 0, 1000)
			_, err := s.Append(testContext(t), eventstore.AppendRequest{Stream: c.stream, Expected: c.expected, Events: events(t, 10, 1)})
			if c.ok {
				if err != nil {
					t.Fatalf("append with %s: %v", c.expected, err)
				}
				return
			}
			expectErr(t, err, eventstore.ErrConcurrency, "append with "+c.expected.String())
			var ce *eventstore.ConcurrencyError
			if !errors.As(err, &ce) || ce.Stream != c.stream {
				t.Fatalf("error %v is not a *ConcurrencyError naming %s", err, c.stream)
			}
			after, afterErr := s.ReadStream(testContext(t), c.stream, 0, 1000)
			if len(after) != len(before) || (beforeErr == nil) != (afterErr == nil) {
				t.Fatalf("a refused append changed the stream: %d events before, %d after", len(before), len(after))
			}
		})
	}
}

// testConcurrentAppenders: 16 writers race on one stream with exact expected
// versions. Every version has exactly one winner, nothing is lost and no
// version is written twice.
func testConcurrentAppenders(t *testing.T, h Harness) {
	s := h.New(t)
	stream := newStream(t, "task")
	mustAppend(t, s, eventstore.AppendRequest{Stream: stream, Expected: eventstore.NoStream(), Events: events(t, 0, 1)})

	const writers, target = 16, 200
	var (
		mu        sync.Mutex
		won       = map[uint64]uuid.UUID{} // version -> event id of the winner
		conflicts int
		wg        sync.WaitGroup
		failure   error
	)
	ctx := testContext(t)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			current := uint64(0)
			for {
				mu.Lock()
				done := len(won) >= target || failure != nil
				mu.Unlock()
				if done {
					return
				}
				e := event(t, int(current))
				res, err := s.Append(ctx, eventstore.AppendRequest{Stream: stream, Expected: eventstore.Exact(current), Events: []eventstore.EventData{e}})
				mu.Lock()
				switch {
				case err == nil:
					if prev, dup := won[res.LastVersion]; dup {
						failure = errors.Join(failure, fmt.Errorf("version %d won twice: %s and %s", res.LastVersion, prev, e.ID))
					}
					if res.LastVersion != current+1 {
						failure = errors.Join(failure, fmt.Errorf("Exact(%d) wrote version %d", current, res.LastVersion))
					}
					won[res.LastVersion] = e.ID
					current = res.LastVersion
				case errors.Is(err, eventstore.ErrConcurrency):
					conflicts++
				default:
					failure = errors.Join(failure, err)
				}
				mu.Unlock()
				if err != nil {
					if current, err = lastVersion(ctx, s, stream, current); err != nil {
						mu.Lock()
						failure = errors.Join(failure, err)
						mu.Unlock()
					}
				}
			}
		}()
	}
	wg.Wait()
	if failure != nil {
		t.Fatal(failure)
	}
	got := readWholeStream(t, s, stream)
	if len(got) != len(won)+1 {
		t.Fatalf("stream has %d events, %d appends succeeded (+1 initial)", len(got), len(won))
	}
	for i, e := range got {
		if e.Version != uint64(i) {
			t.Fatalf("event %d has version %d: versions are not dense", i, e.Version)
		}
		if i > 0 && won[e.Version] != e.ID {
			t.Fatalf("version %d holds %s, but the winning append was %s", e.Version, e.ID, won[e.Version])
		}
	}
	t.Logf("%d writers: %d appends won, %d conflicts", writers, len(won), conflicts)
}

func testIdempotentEventIDs(t *testing.T, h Harness) {
	s := h.New(t)
	stream := newStream(t, "timesheet")
	batch := events(t, 0, 2)
	first := mustAppend(t, s, eventstore.AppendRequest{Stream: stream, Expected: eventstore.NoStream(), Events: batch})

	again := mustAppend(t, s, eventstore.AppendRequest{Stream: stream, Expected: eventstore.NoStream(), Events: batch})
	if !again.Duplicate || again.FirstVersion != first.FirstVersion || again.LastVersion != first.LastVersion || again.Position != first.Position {
		t.Fatalf("retry = %+v, want the first result %+v marked duplicate", again, first)
	}
	mustAppend(t, s, eventstore.AppendRequest{Stream: stream, Expected: eventstore.Exact(1), Events: events(t, 2, 1)})
	late := mustAppend(t, s, eventstore.AppendRequest{Stream: stream, Expected: eventstore.NoStream(), Events: batch})
	if !late.Duplicate || late.Position != first.Position {
		t.Fatalf("retry after more appends = %+v, want the first result %+v", late, first)
	}
	if h.Reopen != nil {
		s = h.Reopen(t, s)
		restarted := mustAppend(t, s, eventstore.AppendRequest{Stream: stream, Expected: eventstore.NoStream(), Events: batch})
		if !restarted.Duplicate || restarted.Position != first.Position {
			t.Fatalf("retry after restart = %+v, want the first result %+v", restarted, first)
		}
	}
	if n := len(readWholeStream(t, s, stream)); n != 3 {
		t.Fatalf("stream has %d events, want 3: a retry wrote again", n)
	}
	// Only part of the ids repeated, in another order: not a retry.
	mixed := []eventstore.EventData{batch[1], event(t, 9)}
	_, err := s.Append(testContext(t), eventstore.AppendRequest{Stream: stream, Expected: eventstore.Exact(0), Events: mixed})
	if err == nil {
		t.Fatalf("an append repeating one stored event id next to a new one succeeded")
	}
}

func testIdempotencyKey(t *testing.T, h Harness) {
	s := h.New(t)
	stream := newStream(t, "timesheet")
	key := "cmd-" + mustV7(t).String()
	req := eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(), Events: events(t, 0, 2), IdempotencyKey: key}
	first := mustAppend(t, s, req)
	if first.Duplicate {
		t.Fatalf("first append marked duplicate")
	}
	stored := readWholeStream(t, s, stream)
	if stored[0].Metadata.IdempotencyKey != key {
		t.Fatalf("metadata idempotency_key = %q, want %q", stored[0].Metadata.IdempotencyKey, key)
	}

	// A retried command mints new event ids: same key, same request.
	retry := req
	retry.Events = events(t, 0, 2)
	for i := range retry.Events {
		retry.Events[i].Data = req.Events[i].Data
	}
	again := mustAppend(t, s, retry)
	if !again.Duplicate || again.Position != first.Position || again.LastVersion != first.LastVersion {
		t.Fatalf("retry with the key = %+v, want the first result %+v", again, first)
	}
	if h.Reopen != nil {
		s = h.Reopen(t, s)
		restarted := mustAppend(t, s, retry)
		if !restarted.Duplicate || restarted.Position != first.Position {
			t.Fatalf("retry after restart = %+v, want the first result %+v", restarted, first)
		}
	}
	if n := len(readWholeStream(t, s, stream)); n != 2 {
		t.Fatalf("stream has %d events, want 2: a keyed retry wrote again", n)
	}

	other := retry
	other.Events = events(t, 5, 1)
	_, err := s.Append(testContext(t), other)
	expectErr(t, err, eventstore.ErrIdempotencyKeyReused, "same key, another request")
	if n := len(readWholeStream(t, s, stream)); n != 2 {
		t.Fatalf("stream has %d events after a reused key, want 2", n)
	}
}

func testIdempotencyKeyConcurrent(t *testing.T, h Harness) {
	s := h.New(t)
	stream := newStream(t, "timesheet")
	key := "cmd-" + mustV7(t).String()
	base := events(t, 0, 1)
	const racers = 8
	results := make([]eventstore.AppendResult, racers)
	errs := make([]error, racers)
	var wg sync.WaitGroup
	for i := 0; i < racers; i++ {
		e := event(t, 0)
		e.Data = base[0].Data
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = s.Append(testContext(t), eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(),
				Events: []eventstore.EventData{e}, IdempotencyKey: key})
		}()
	}
	wg.Wait()
	fresh := 0
	for i := range results {
		if errs[i] != nil {
			t.Fatalf("racer %d: %v", i, errs[i])
		}
		if !results[i].Duplicate {
			fresh++
		}
		if results[i].Position != results[0].Position {
			t.Fatalf("racers got different results: %+v and %+v", results[i], results[0])
		}
	}
	if fresh != 1 {
		t.Fatalf("%d racers wrote, want exactly 1", fresh)
	}
	if n := len(readWholeStream(t, s, stream)); n != 1 {
		t.Fatalf("stream has %d events, want 1", n)
	}
}
