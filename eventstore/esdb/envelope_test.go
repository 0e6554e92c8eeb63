package esdb

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"

	"cronica/eventstore"
)

// recorded builds what the server would send back for an appended event.
func recorded(stream string, version uint64, pos uint64, e esdb.EventData) *esdb.ResolvedEvent {
	ct := "application/octet-stream"
	if e.ContentType == esdb.ContentTypeJson {
		ct = jsonContentType
	}
	return &esdb.ResolvedEvent{Event: &esdb.RecordedEvent{
		EventID: e.EventID, EventType: e.EventType, ContentType: ct, StreamID: stream, EventNumber: version,
		Position: esdb.Position{Commit: pos, Prepare: pos}, Data: e.Data, UserMetadata: e.Metadata,
	}}
}

func testRequest(t *testing.T, n int) (eventstore.AppendRequest, [][]byte) {
	t.Helper()
	req := eventstore.AppendRequest{
		Stream:         "task-0191c3a8-8d5e-7cc2-9a7e-3d2f4b6a1c00",
		Expected:       eventstore.NoStream(),
		IdempotencyKey: "key-1",
	}
	data := make([][]byte, n)
	for i := range n {
		raw := json.RawMessage(fmt.Sprintf(`{ "n" : %d, "title": "é \u00e9" }`, i))
		req.Events = append(req.Events, eventstore.EventData{
			ID: uuid.Must(uuid.NewV7()), Type: "TaskCreated.v1", Data: raw,
			Metadata: eventstore.Metadata{ActorID: "user-1", OrgID: "org-1", CorrelationID: "c-1",
				IdempotencyKey: "ignored: the store sets it", RecordedAt: time.Unix(1, 0)},
		})
		d, err := eventstore.CompactData(raw)
		if err != nil {
			t.Fatal(err)
		}
		data[i] = d
	}
	return req, data
}

func TestChainEventsRoundTrip(t *testing.T) {
	req, data := testRequest(t, 3)
	now := time.Date(2025, 3, 4, 5, 6, 7, 891234567, time.FixedZone("EET", 2*3600))
	events, last, err := chainEvents(req, data, eventstore.Hash{}, 0, now)
	if err != nil {
		t.Fatal(err)
	}
	verifier := eventstore.NewChainVerifier()
	var prev eventstore.Hash
	for i, ev := range events {
		if ev.EventID != req.Events[i].ID || ev.EventType != req.Events[i].Type || ev.ContentType != esdb.ContentTypeJson {
			t.Fatalf("event %d: id/type/content type not kept: %+v", i, ev)
		}
		if string(ev.Data) != string(data[i]) {
			t.Fatalf("event %d: data %s, want compact %s", i, ev.Data, data[i])
		}
		got, err := decodeEvent(recorded(req.Stream, uint64(i), uint64(1000+i), ev))
		if err != nil {
			t.Fatalf("event %d: decode: %v", i, err)
		}
		want := req.Events[i].Metadata
		want.RecordedAt = eventstore.NormalizeTime(now)
		want.IdempotencyKey = req.IdempotencyKey
		if !sameMetadata(got.Metadata, want) {
			t.Errorf("event %d: metadata %+v, want %+v", i, got.Metadata, want)
		}
		if got.PrevHash != prev {
			t.Errorf("event %d: prev_hash %s, want %s", i, got.PrevHash, prev)
		}
		if got.Position != eventstore.Position(1000+i) || got.Version != uint64(i) || got.StreamID != req.Stream {
			t.Errorf("event %d: position/version/stream = %d/%d/%s", i, got.Position, got.Version, got.StreamID)
		}
		if err := verifier.Check(got); err != nil {
			t.Errorf("event %d: chain verifier: %v", i, err)
		}
		prev = got.Hash
	}
	if prev != last {
		t.Errorf("last hash %s, want %s", last, prev)
	}
}

func sameMetadata(a, b eventstore.Metadata) bool {
	if !a.RecordedAt.Equal(b.RecordedAt) {
		return false
	}
	a.RecordedAt, b.RecordedAt = time.Time{}, time.Time{}
	return a == b
}

func TestChainEventsContinuesAfterHead(t *testing.T) {
	req, data := testRequest(t, 2)
	now := time.Unix(1700000000, 0)
	first, _, err := chainEvents(eventstore.AppendRequest{Stream: req.Stream, Events: req.Events[:1]}, data[:1], eventstore.Hash{}, 0, now)
	if err != nil {
		t.Fatal(err)
	}
	e0, err := decodeEvent(recorded(req.Stream, 0, 10, first[0]))
	if err != nil {
		t.Fatal(err)
	}
	second, _, err := chainEvents(eventstore.AppendRequest{Stream: req.Stream, Events: req.Events[1:]}, data[1:], e0.Hash, 1, now)
	if err != nil {
		t.Fatal(err)
	}
	e1, err := decodeEvent(recorded(req.Stream, 1, 20, second[0]))
	if err != nil {
		t.Fatal(err)
	}
	v := eventstore.NewChainVerifier()
	for _, e := range []eventstore.RecordedEvent{e0, e1} {
		if err := v.Check(e); err != nil {
			t.Fatalf("chain across two appends: %v", err)
		}
	}
}

func TestJoinMetadata(t *testing.T) {
	prev, hash := eventstore.Hash{1}, eventstore.Hash{0xab}
	canonical := []byte(`{"actor_id":"u","recorded_at":"2025-01-01T00:00:00Z"}`)
	got, err := joinMetadata(canonical, prev, hash)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"actor_id":"u","recorded_at":"2025-01-01T00:00:00Z","prev_hash":"` + prev.String() + `","hash":"` + hash.String() + `"}`
	if string(got) != want {
		t.Errorf("joinMetadata = %s, want %s", got, want)
	}
	for _, bad := range []string{`[1]`, `{}`, ``} {
		if _, err := joinMetadata([]byte(bad), prev, hash); err == nil {
			t.Errorf("joinMetadata accepted %q", bad)
		}
	}
	m, gotPrev, gotHash, err := splitMetadata(got)
	if err != nil || m.ActorID != "u" || gotPrev != prev || gotHash != hash {
		t.Errorf("splitMetadata(joinMetadata(...)) = %+v, %s, %s, %v", m, gotPrev, gotHash, err)
	}
}

func TestSplitMetadataRejects(t *testing.T) {
	h := eventstore.Hash{0xab}.String()
	z := eventstore.Hash{}.String()
	tests := []struct {
		name   string
		stored string
	}{
		{name: "not_json", stored: `not json`},
		{name: "json_array", stored: `[]`},
		{name: "json_null", stored: `null`},
		{name: "empty", stored: ``},
		{name: "no_chain_members", stored: `{"recorded_at":"2025-01-01T00:00:00Z"}`},
		{name: "missing_hash", stored: `{"recorded_at":"2025-01-01T00:00:00Z","prev_hash":"` + z + `"}`},
		{name: "missing_prev_hash", stored: `{"recorded_at":"2025-01-01T00:00:00Z","hash":"` + h + `"}`},
		{name: "uppercase_hash", stored: `{"recorded_at":"2025-01-01T00:00:00Z","prev_hash":"` + z + `","hash":"` + strings.ToUpper(h) + `"}`},
		{name: "short_hash", stored: `{"recorded_at":"2025-01-01T00:00:00Z","prev_hash":"` + z + `","hash":"abcd"}`},
		{name: "hash_not_a_string", stored: `{"recorded_at":"2025-01-01T00:00:00Z","prev_hash":"` + z + `","hash":42}`},
		{name: "unknown_member", stored: `{"recorded_at":"2025-01-01T00:00:00Z","approved_by":"x","prev_hash":"` + z + `","hash":"` + h + `"}`},
		{name: "wrong_member_type", stored: `{"recorded_at":"yesterday","prev_hash":"` + z + `","hash":"` + h + `"}`},
		{name: "members_reordered", stored: `{"recorded_at":"2025-01-01T00:00:00Z","actor_id":"u","prev_hash":"` + z + `","hash":"` + h + `"}`},
		{name: "white_space_added", stored: `{"actor_id": "u","recorded_at":"2025-01-01T00:00:00Z","prev_hash":"` + z + `","hash":"` + h + `"}`},
		{name: "time_not_normalized", stored: `{"recorded_at":"2025-01-01T02:00:00+02:00","prev_hash":"` + z + `","hash":"` + h + `"}`},
		{name: "chain_members_swapped", stored: `{"recorded_at":"2025-01-01T00:00:00Z","hash":"` + h + `","prev_hash":"` + z + `"}`},
		{name: "space_in_chain_members", stored: `{"recorded_at":"2025-01-01T00:00:00Z", "prev_hash":"` + z + `","hash":"` + h + `"}`},
		{name: "only_chain_members", stored: `{"prev_hash":"` + z + `","hash":"` + h + `"}`},
		{name: "trailing_data", stored: `{"recorded_at":"2025-01-01T00:00:00Z","prev_hash":"` + z + `","hash":"` + h + `"} {}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, _, err := splitMetadata([]byte(tt.stored)); !errors.Is(err, errNotCronica) {
				t.Errorf("splitMetadata(%s) error = %v, want errNotCronica", tt.stored, err)
			}
		})
	}
}

func TestTamperedMetadataBreaksChain(t *testing.T) {
	req, data := testRequest(t, 1)
	events, _, err := chainEvents(req, data, eventstore.Hash{}, 0, time.Unix(1700000000, 0))
	if err != nil {
		t.Fatal(err)
	}
	tampered := events[0]
	tampered.Metadata = []byte(strings.Replace(string(tampered.Metadata), `"actor_id":"user-1"`, `"actor_id":"user-2"`, 1))
	if string(tampered.Metadata) == string(events[0].Metadata) {
		t.Fatal("test did not tamper with anything")
	}
	got, err := decodeEvent(recorded(req.Stream, 0, 10, tampered))
	if err != nil {
		t.Fatalf("tampered but well-formed metadata must still decode (the verifier names it): %v", err)
	}
	var broken *eventstore.BrokenLink
	if err := eventstore.NewChainVerifier().Check(got); !errors.As(err, &broken) {
		t.Errorf("verifier on tampered metadata: %v, want *BrokenLink", err)
	}
}

func TestDecodeEventRejectsForeignEvents(t *testing.T) {
	req, data := testRequest(t, 1)
	events, _, err := chainEvents(req, data, eventstore.Hash{}, 0, time.Unix(1700000000, 0))
	if err != nil {
		t.Fatal(err)
	}
	good := events[0]
	tests := []struct {
		name   string
		stream string
		mutate func(e *esdb.EventData)
	}{
		{name: "foreign_stream_name", stream: "orders", mutate: func(*esdb.EventData) {}},
		{name: "unversioned_type", stream: req.Stream, mutate: func(e *esdb.EventData) { e.EventType = "TaskCreated" }},
		{name: "binary_content", stream: req.Stream, mutate: func(e *esdb.EventData) { e.ContentType = esdb.ContentTypeBinary }},
		{name: "no_metadata", stream: req.Stream, mutate: func(e *esdb.EventData) { e.Metadata = nil }},
		{name: "foreign_metadata", stream: req.Stream, mutate: func(e *esdb.EventData) { e.Metadata = []byte(`{"$correlationId":"x"}`) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := good
			tt.mutate(&e)
			if _, err := decodeEvent(recorded(tt.stream, 0, 10, e)); !errors.Is(err, errNotCronica) {
				t.Errorf("decodeEvent error = %v, want errNotCronica", err)
			}
		})
	}
	if _, err := decodeEvent(&esdb.ResolvedEvent{}); !errors.Is(err, errNotCronica) {
		t.Errorf("empty resolved event: %v, want errNotCronica", err)
	}
}
