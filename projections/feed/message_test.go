package feed_test

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/google/uuid"

	"cronica/eventstore"
	"cronica/projections/feed"
	"cronica/test/pgtest"
)

// TestRoundTrip: a stored event with every envelope field set survives
// NewMessage and Event unchanged, hashes included.
func TestRoundTrip(t *testing.T) {
	store, _ := newStore(t, "feed_roundtrip")
	ctx := context.Background()
	stream := eventstore.StreamID("timesheet", uuid.Must(uuid.NewV7()))
	md := eventstore.Metadata{ActorID: "user-ü <&>", OrgID: "org-7", CorrelationID: "corr-1", CausationID: "cause-1"}
	_, err := store.Append(ctx, eventstore.AppendRequest{Stream: stream, Expected: eventstore.NoStream(), IdempotencyKey: "key-1",
		Events: []eventstore.EventData{
			{ID: uuid.Must(uuid.NewV7()), Type: "TimesheetOpened.v1", Data: []byte(`{"week":"2025-W01"}`), Metadata: md},
			{ID: uuid.Must(uuid.NewV7()), Type: "TimeEntryRecorded.v1", Data: []byte(`{"hours":7.5,"note":"\"quoted\""}`), Metadata: md},
		}})
	pgtest.Must(t, err, "append")
	bare := eventstore.StreamID("task", uuid.Must(uuid.NewV7()))
	_, err = store.Append(ctx, eventstore.AppendRequest{Stream: bare, Expected: eventstore.NoStream(),
		Events: []eventstore.EventData{{ID: uuid.Must(uuid.NewV7()), Type: "TaskCreated.v1", Data: []byte(`[]`)}}})
	pgtest.Must(t, err, "append bare")
	stored, err := store.ReadStream(ctx, stream, 0, 10)
	pgtest.Must(t, err, "read")
	plain, err := store.ReadStream(ctx, bare, 0, 10)
	pgtest.Must(t, err, "read bare")

	cases := []struct {
		name  string
		event eventstore.RecordedEvent
	}{
		{"first_of_stream", stored[0]},
		{"chained", stored[1]},
		{"empty_optional_metadata", plain[0]},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			msg := feed.NewMessage(c.event)
			got, err := feed.Event(msg)
			if err != nil {
				t.Fatalf("event: %v", err)
			}
			if !reflect.DeepEqual(got, c.event) {
				t.Fatalf("round trip changed the event:\n got %+v\nwant %+v", got, c.event)
			}
			if pos, err := feed.Position(msg); err != nil || pos != c.event.Position {
				t.Fatalf("position = %d, %v; want %d", pos, err, c.event.Position)
			}
			if msg.UUID != c.event.ID.String() || string(msg.Payload) != string(c.event.Data) {
				t.Fatalf("uuid %s payload %s; want %s %s", msg.UUID, msg.Payload, c.event.ID, c.event.Data)
			}
		})
	}

	// The metadata is readable on its own, by the documented keys.
	e := stored[1]
	want := map[string]string{
		feed.KeyPosition:       strconv.FormatUint(uint64(e.Position), 10),
		feed.KeyStreamID:       stream,
		feed.KeyVersion:        "1",
		feed.KeyType:           "TimeEntryRecorded.v1",
		feed.KeyEventID:        e.ID.String(),
		feed.KeyActorID:        "user-ü <&>",
		feed.KeyOrgID:          "org-7",
		feed.KeyCorrelationID:  "corr-1",
		feed.KeyCausationID:    "cause-1",
		feed.KeyIdempotencyKey: "key-1",
		feed.KeyRecordedAt:     e.Metadata.RecordedAt.UTC().Format(time.RFC3339Nano),
		feed.KeyPrevHash:       stored[0].Hash.String(),
		feed.KeyHash:           e.Hash.String(),
	}
	if got := feed.NewMessage(e).Metadata; !reflect.DeepEqual(map[string]string(got), want) {
		t.Fatalf("metadata\n got %v\nwant %v", got, want)
	}
	if !strings.HasSuffix(want[feed.KeyRecordedAt], "Z") {
		t.Fatalf("recorded_at %s is not UTC", want[feed.KeyRecordedAt])
	}
}

// TestDecodeMalformed: a message that is not a valid envelope is an error
// matching ErrMalformed, never a zero event.
func TestDecodeMalformed(t *testing.T) {
	good := eventstore.RecordedEvent{Position: 42 << 16, StreamID: "task-1", Version: 3, ID: uuid.Must(uuid.NewV7()),
		Type: "TaskCreated.v1", Data: []byte(`{}`), Hash: eventstore.Hash{1, 2, 3}}
	cases := []struct {
		name   string
		mutate func(message.Metadata)
	}{
		{"missing_position", func(m message.Metadata) { delete(m, feed.KeyPosition) }},
		{"negative_position", func(m message.Metadata) { m[feed.KeyPosition] = "-1" }},
		{"bad_version", func(m message.Metadata) { m[feed.KeyVersion] = "three" }},
		{"missing_stream", func(m message.Metadata) { delete(m, feed.KeyStreamID) }},
		{"missing_type", func(m message.Metadata) { delete(m, feed.KeyType) }},
		{"bad_event_id", func(m message.Metadata) { m[feed.KeyEventID] = "not-a-uuid" }},
		{"bad_recorded_at", func(m message.Metadata) { m[feed.KeyRecordedAt] = "yesterday" }},
		{"short_prev_hash", func(m message.Metadata) { m[feed.KeyPrevHash] = "00ff" }},
		{"non_hex_hash", func(m message.Metadata) { m[feed.KeyHash] = strings.Repeat("zz", 32) }},
		{"missing_hash", func(m message.Metadata) { delete(m, feed.KeyHash) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			msg := feed.NewMessage(good)
			c.mutate(msg.Metadata)
			_, err := feed.Event(msg)
			if !errors.Is(err, feed.ErrMalformed) || !strings.HasPrefix(err.Error(), "feed: ") {
				t.Fatalf("Event error = %v, want a feed: error matching ErrMalformed", err)
			}
		})
	}
	t.Run("nil_message", func(t *testing.T) {
		if _, err := feed.Event(nil); !errors.Is(err, feed.ErrMalformed) {
			t.Fatalf("Event(nil) error = %v", err)
		}
		if _, err := feed.Position(nil); !errors.Is(err, feed.ErrMalformed) {
			t.Fatalf("Position(nil) error = %v", err)
		}
	})
}
