package storetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"

	"cronica/eventstore"
)

func testHashChain(t *testing.T, h Harness) {
	s := h.New(t)
	stream := newStream(t, "timesheet")
	mustAppend(t, s, eventstore.AppendRequest{Stream: stream, Expected: eventstore.NoStream(), Events: events(t, 0, 3)})
	mustAppend(t, s, eventstore.AppendRequest{Stream: stream, Expected: eventstore.Exact(2), Events: events(t, 3, 2)})
	got := readWholeStream(t, s, stream)
	if !got[0].PrevHash.IsZero() {
		t.Fatalf("version 0 prev_hash = %s, want zero", got[0].PrevHash)
	}
	v := eventstore.NewChainVerifier()
	for _, e := range got {
		if err := v.Check(e); err != nil {
			t.Fatalf("stored chain does not verify: %v", err)
		}
	}
	if v.Events() != 5 || v.Streams() != 1 {
		t.Fatalf("verified %d events in %d streams", v.Events(), v.Streams())
	}

	tampered := got[3]
	tampered.Data = json.RawMessage(`{"hours":99}`)
	v2 := eventstore.NewChainVerifier()
	var broken *eventstore.BrokenLink
	for _, e := range append(got[:3:3], tampered) {
		if err := v2.Check(e); err != nil {
			if !errors.As(err, &broken) {
				t.Fatalf("verify error %v is not a *BrokenLink", err)
			}
			break
		}
	}
	if broken == nil || broken.Stream != stream || broken.Version != 3 || broken.Found != got[3].Hash {
		t.Fatalf("altered data at version 3: verifier said %v", broken)
	}
}

func testLargePayload(t *testing.T, h Harness) {
	s := h.New(t)
	stream := newStream(t, "file")
	blob := strings.Repeat("ăâîșț0123456789", (1<<20)/20+1)
	data, err := json.Marshal(map[string]string{"content": blob})
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < 1<<20 {
		t.Fatalf("payload is %d bytes, want at least 1 MiB", len(data))
	}
	e := event(t, 0)
	e.Data = data
	mustAppend(t, s, eventstore.AppendRequest{Stream: stream, Expected: eventstore.NoStream(), Events: []eventstore.EventData{e}})
	got := readWholeStream(t, s, stream)
	if !bytes.Equal(got[0].Data, data) {
		t.Fatalf("1 MiB payload changed on the way: %d bytes back", len(got[0].Data))
	}
	if err := eventstore.NewChainVerifier().Check(got[0]); err != nil {
		t.Fatalf("1 MiB event does not verify: %v", err)
	}
}

func testBadInput(t *testing.T, h Harness) {
	s := h.New(t)
	good := newStream(t, "timesheet")
	v4 := uuid.New()
	withEvent := func(mut func(*eventstore.EventData)) []eventstore.EventData {
		e := event(t, 0)
		mut(&e)
		return []eventstore.EventData{e}
	}
	twice := event(t, 0)
	cases := []struct {
		name string
		req  eventstore.AppendRequest
	}{
		{"empty_stream_id", eventstore.AppendRequest{Stream: "", Expected: eventstore.Any(), Events: events(t, 0, 1)}},
		{"stream_id_without_uuid", eventstore.AppendRequest{Stream: "timesheet-42", Expected: eventstore.Any(), Events: events(t, 0, 1)}},
		{"stream_id_without_category", eventstore.AppendRequest{Stream: uuid.NewString(), Expected: eventstore.Any(), Events: events(t, 0, 1)}},
		{"stream_id_uppercase", eventstore.AppendRequest{Stream: "Timesheet-" + strings.ToUpper(uuid.NewString()), Expected: eventstore.Any(), Events: events(t, 0, 1)}},
		{"stream_id_with_space", eventstore.AppendRequest{Stream: "time sheet-" + uuid.NewString(), Expected: eventstore.Any(), Events: events(t, 0, 1)}},
		{"unknown_expected_version_form", eventstore.AppendRequest{Stream: good, Events: events(t, 0, 1)}},
		{"no_events", eventstore.AppendRequest{Stream: good, Expected: eventstore.Any()}},
		{"invalid_json", eventstore.AppendRequest{Stream: good, Expected: eventstore.Any(), Events: withEvent(func(e *eventstore.EventData) { e.Data = []byte(`{"hours": 7.5,`) })}},
		{"empty_data", eventstore.AppendRequest{Stream: good, Expected: eventstore.Any(), Events: withEvent(func(e *eventstore.EventData) { e.Data = nil })}},
		{"unversioned_type", eventstore.AppendRequest{Stream: good, Expected: eventstore.Any(), Events: withEvent(func(e *eventstore.EventData) { e.Type = "TimeEntryRecorded" })}},
		{"missing_event_id", eventstore.AppendRequest{Stream: good, Expected: eventstore.Any(), Events: withEvent(func(e *eventstore.EventData) { e.ID = uuid.Nil })}},
		{"event_id_not_v7", eventstore.AppendRequest{Stream: good, Expected: eventstore.Any(), Events: withEvent(func(e *eventstore.EventData) { e.ID = v4 })}},
		{"event_id_twice_in_one_append", eventstore.AppendRequest{Stream: good, Expected: eventstore.Any(), Events: []eventstore.EventData{twice, twice}}},
		{"idempotency_key_too_long", eventstore.AppendRequest{Stream: good, Expected: eventstore.Any(), Events: events(t, 0, 1), IdempotencyKey: strings.Repeat("k", 201)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Append(testContext(t), c.req)
			expectErr(t, err, eventstore.ErrInvalid, "append")
			var ve *eventstore.ValidationError
			if !errors.As(err, &ve) || ve.Field == "" || ve.Reason == "" {
				t.Fatalf("error %v does not name the field and the reason", err)
			}
		})
	}
	_, err := s.ReadStream(testContext(t), good, 0, 10)
	expectErr(t, err, eventstore.ErrStreamNotFound, "a refused append left events behind")

	_, err = s.ReadStream(testContext(t), "not a stream", 0, 10)
	expectErr(t, err, eventstore.ErrInvalid, "read a malformed stream id")
	_, err = s.ReadStream(testContext(t), good, 0, 0)
	expectErr(t, err, eventstore.ErrInvalid, "read stream with limit 0")
	_, err = s.ReadAll(testContext(t), eventstore.Start, eventstore.MaxReadLimit+1)
	expectErr(t, err, eventstore.ErrInvalid, "read all with a limit over the maximum")
	_, err = eventstore.ParseExpectedVersion("latest")
	expectErr(t, err, eventstore.ErrInvalid, "parse expected version \"latest\"")
}
