package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"cronica/eventstore"
)

// testTimeout bounds every case, so a hung adapter fails instead of hanging.
const testTimeout = 60 * time.Second

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

func newStream(t *testing.T, category string) string {
	t.Helper()
	return eventstore.StreamID(category, mustV7(t))
}

func mustV7(t *testing.T) uuid.UUID {
	t.Helper()
	id, err := uuid.NewV7()
	if err != nil {
		t.Fatalf("uuid: %v", err)
	}
	return id
}

// event builds a valid event whose data records n.
func event(t *testing.T, n int) eventstore.EventData {
	t.Helper()
	data, err := json.Marshal(map[string]any{"n": n, "note": "ședință de lucru", "hours": 7.5})
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return eventstore.EventData{
		ID:   mustV7(t),
		Type: "TimeEntryRecorded.v1",
		Data: data,
		Metadata: eventstore.Metadata{
			ActorID:       "0191d7a0-0000-7000-8000-000000000001",
			OrgID:         "0191d7a0-0000-7000-8000-000000000002",
			CorrelationID: fmt.Sprintf("corr-%d", n),
			CausationID:   fmt.Sprintf("cause-%d", n),
		},
	}
}

func events(t *testing.T, from, count int) []eventstore.EventData {
	t.Helper()
	out := make([]eventstore.EventData, count)
	for i := range out {
		out[i] = event(t, from+i)
	}
	return out
}

func mustAppend(t *testing.T, s eventstore.Store, req eventstore.AppendRequest) eventstore.AppendResult {
	t.Helper()
	res, err := s.Append(testContext(t), req)
	if err != nil {
		t.Fatalf("append to %s: %v", req.Stream, err)
	}
	return res
}

// readWholeStream reads every event of stream.
func readWholeStream(t *testing.T, s eventstore.Store, stream string) []eventstore.RecordedEvent {
	t.Helper()
	var out []eventstore.RecordedEvent
	for {
		page, err := s.ReadStream(testContext(t), stream, uint64(len(out)), 500)
		if err != nil {
			t.Fatalf("read stream %s: %v", stream, err)
		}
		out = append(out, page...)
		if len(page) < 500 {
			return out
		}
	}
}

// lastVersion is the stream's last version, read from the store.
func lastVersion(ctx context.Context, s eventstore.Store, stream string, known uint64) (uint64, error) {
	for {
		page, err := s.ReadStream(ctx, stream, known, 1000)
		if err != nil {
			return 0, err
		}
		if len(page) == 0 {
			return known, nil
		}
		known = page[len(page)-1].Version
		if len(page) < 1000 {
			return known, nil
		}
		known++
	}
}

// head is the position of the last event of the log now.
func head(t *testing.T, s eventstore.Store) eventstore.Position {
	t.Helper()
	pos := eventstore.Start
	for {
		page, err := s.ReadAll(testContext(t), pos, eventstore.MaxReadLimit)
		if err != nil {
			t.Fatalf("read all: %v", err)
		}
		if len(page) == 0 {
			return pos
		}
		pos = page[len(page)-1].Position
	}
}

// readOwn reads the log after from and keeps the events of streams.
func readOwn(t *testing.T, s eventstore.Store, from eventstore.Position, streams map[string]bool) []eventstore.RecordedEvent {
	t.Helper()
	var out []eventstore.RecordedEvent
	pos := from
	for {
		page, err := s.ReadAll(testContext(t), pos, 1000)
		if err != nil {
			t.Fatalf("read all: %v", err)
		}
		if len(page) == 0 {
			return out
		}
		for _, e := range page {
			if e.Position <= pos {
				t.Fatalf("read all: position %d after %d: not increasing", e.Position, pos)
			}
			pos = e.Position
			if streams[e.StreamID] {
				out = append(out, e)
			}
		}
	}
}

// receive takes events from sub until it has want events of streams, or
// fails after a timeout. It checks positions grow strictly.
func receive(t *testing.T, sub eventstore.Subscription, streams map[string]bool, want int, last *eventstore.Position) []eventstore.RecordedEvent {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out []eventstore.RecordedEvent
	for len(out) < want {
		e, err := sub.Next(ctx)
		if err != nil {
			t.Fatalf("subscription: got %d of %d events: %v", len(out), want, err)
		}
		if e.Position <= *last {
			t.Fatalf("subscription: position %d delivered after %d", e.Position, *last)
		}
		*last = e.Position
		if streams[e.StreamID] {
			out = append(out, e)
		}
	}
	return out
}

func expectErr(t *testing.T, err, target error, what string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: got error %v, want %v", what, err, target)
	}
}

func compact(t *testing.T, b []byte) string {
	t.Helper()
	c, err := eventstore.CompactData(b)
	if err != nil {
		t.Fatalf("compact: %v", err)
	}
	return string(c)
}
