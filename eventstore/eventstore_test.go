package eventstore

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestParseExpectedVersion(t *testing.T) {
	cases := []struct {
		in      string
		want    ExpectedVersion
		invalid bool
	}{
		{in: "any", want: Any()},
		{in: "no_stream", want: NoStream()},
		{in: "stream_exists", want: StreamExists()},
		{in: "0", want: Exact(0)},
		{in: "42", want: Exact(42)},
		{in: "", invalid: true},
		{in: "latest", invalid: true},
		{in: "-1", invalid: true},
		{in: "1.5", invalid: true},
	}
	for _, c := range cases {
		got, err := ParseExpectedVersion(c.in)
		if c.invalid {
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("ParseExpectedVersion(%q) error = %v, want ErrInvalid", c.in, err)
			}
			continue
		}
		if err != nil || got != c.want || got.String() != c.in {
			t.Errorf("ParseExpectedVersion(%q) = %v, %v", c.in, got, err)
		}
	}
	if (ExpectedVersion{}).Valid() {
		t.Errorf("the zero ExpectedVersion is valid; it must be rejected")
	}
}

func TestExpectedVersionAllows(t *testing.T) {
	cases := []struct {
		name     string
		expected ExpectedVersion
		current  uint64
		exists   bool
		want     bool
	}{
		{"any_missing", Any(), 0, false, true},
		{"any_existing", Any(), 5, true, true},
		{"no_stream_missing", NoStream(), 0, false, true},
		{"no_stream_existing", NoStream(), 0, true, false},
		{"stream_exists_missing", StreamExists(), 0, false, false},
		{"stream_exists_existing", StreamExists(), 3, true, true},
		{"exact_match", Exact(3), 3, true, true},
		{"exact_mismatch", Exact(3), 4, true, false},
		{"exact_zero_on_missing", Exact(0), 0, false, false},
		{"invalid", ExpectedVersion{}, 0, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.expected.Allows(c.current, c.exists); got != c.want {
				t.Fatalf("%s.Allows(%d, %v) = %v", c.expected, c.current, c.exists, got)
			}
		})
	}
}

func TestValidateStreamID(t *testing.T) {
	id := "0191d7a0-1234-7abc-8def-0123456789ab"
	cases := []struct {
		stream string
		ok     bool
	}{
		{"timesheet-" + id, true},
		{"work_package-" + id, true},
		{"a1-" + id, true},
		{"", false},
		{id, false},
		{"Timesheet-" + id, false},
		{"timesheet-" + strings.ToUpper(id), false},
		{"time-sheet-" + id, false},
		{"timesheet-42", false},
		{"timesheet_" + id, false},
		{"1sheet-" + id, false},
		{" timesheet-" + id, false},
		{"timesheet-" + id + " ", false},
	}
	for _, c := range cases {
		err := ValidateStreamID(c.stream)
		if c.ok != (err == nil) {
			t.Errorf("ValidateStreamID(%q) = %v, want ok=%v", c.stream, err, c.ok)
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("ValidateStreamID(%q) error %v does not match ErrInvalid", c.stream, err)
		}
	}
	if Category("timesheet-"+id) != "timesheet" {
		t.Errorf("Category")
	}
}

func TestValidateEventType(t *testing.T) {
	for _, ok := range []string{"TimeEntryRecorded.v1", "A.v2", "AuditSealed.v12"} {
		if err := ValidateEventType(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "TimeEntryRecorded", "timeEntryRecorded.v1", "TimeEntryRecorded.v0", "TimeEntryRecorded.V1", "Time Entry.v1", "TimeEntryRecorded.v1 "} {
		if err := ValidateEventType(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestValidateAppendNamesTheField(t *testing.T) {
	e := EventData{ID: uuid.Must(uuid.NewV7()), Type: "TimeEntryRecorded.v1", Data: json.RawMessage(`{"a":1}`)}
	bad := e
	bad.Data = json.RawMessage(`{"a":`)
	err := ValidateAppend(AppendRequest{Stream: StreamID("task", uuid.Must(uuid.NewV7())), Expected: Any(), Events: []EventData{e, bad}})
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Field != "events[1].data" {
		t.Fatalf("error = %v, want a ValidationError on events[1].data", err)
	}
}

func TestMetadataRoundTrip(t *testing.T) {
	m := Metadata{ActorID: "a", OrgID: "o", CorrelationID: "c", CausationID: "k", IdempotencyKey: "i",
		RecordedAt: time.Date(2026, 3, 1, 10, 0, 0, 123456789, time.FixedZone("EET", 2*3600))}
	b, err := EncodeMetadata(m)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"actor_id":"a","org_id":"o","correlation_id":"c","causation_id":"k","idempotency_key":"i","recorded_at":"2026-03-01T08:00:00.123456Z"}`
	if string(b) != want {
		t.Fatalf("encoding = %s\nwant       %s", b, want)
	}
	back, err := DecodeMetadata(b)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := EncodeMetadata(back)
	if string(again) != want {
		t.Fatalf("round trip changed the encoding: %s", again)
	}
	if _, err := DecodeMetadata([]byte(`{"actor_id":"a","recorded_at":"2026-03-01T08:00:00Z","sneaky":1}`)); err == nil {
		t.Fatalf("an unknown metadata field was accepted")
	}
}

func TestChainHashIsStableAndSensitive(t *testing.T) {
	id := uuid.MustParse("0191d7a0-1234-7abc-8def-0123456789ab")
	d := ContentDigest("timesheet-"+id.String(), id, "TimeEntryRecorded.v1", []byte(`{"hours":8}`), []byte(`{"recorded_at":"2026-01-01T00:00:00Z"}`))
	h := ChainHash(Hash{}, 0, d)
	// A fixed vector: changing the hash definition breaks every stored chain.
	if got, want := h.String(), "1e4f333e26f59d916ea516ab61147a431f58d43f8fab30750a033316c19f574d"; got != want {
		t.Fatalf("chain hash = %s, want %s", got, want)
	}
	variants := []Hash{
		ChainHash(Hash{}, 1, d),
		ChainHash(h, 0, d),
		ChainHash(Hash{}, 0, ContentDigest("timesheet-"+id.String(), id, "TimeEntryRecorded.v1", []byte(`{"hours":9}`), []byte(`{"recorded_at":"2026-01-01T00:00:00Z"}`))),
		ChainHash(Hash{}, 0, ContentDigest("timesheet-"+id.String(), id, "TimeEntryRecorded.v2", []byte(`{"hours":8}`), []byte(`{"recorded_at":"2026-01-01T00:00:00Z"}`))),
		ChainHash(Hash{}, 0, ContentDigest("timesheet-"+id.String(), id, "TimeEntryRecorded.v1", []byte(`{"hours":8}`), []byte(`{"recorded_at":"2026-01-01T00:00:01Z"}`))),
	}
	for i, v := range variants {
		if v == h {
			t.Errorf("variant %d hashes the same as the original", i)
		}
	}
	parsed, err := ParseHash(h.String())
	if err != nil || parsed != h {
		t.Fatalf("ParseHash(String()) = %s, %v", parsed, err)
	}
}

func TestChainVerifier(t *testing.T) {
	stream := StreamID("timesheet", uuid.MustParse("0191d7a0-1234-7abc-8def-0123456789ab"))
	var chain []RecordedEvent
	prev := Hash{}
	for v := uint64(0); v < 4; v++ {
		e := RecordedEvent{StreamID: stream, Version: v, ID: uuid.Must(uuid.NewV7()), Type: "TimeEntryRecorded.v1",
			Data: json.RawMessage(`{"v":1}`), Metadata: Metadata{RecordedAt: time.Unix(1700000000, 0)}, PrevHash: prev}
		meta, _ := EncodeMetadata(e.Metadata)
		e.Hash = ChainHash(prev, v, ContentDigest(stream, e.ID, e.Type, e.Data, meta))
		prev = e.Hash
		chain = append(chain, e)
	}
	verify := func(events []RecordedEvent) *BrokenLink {
		v := NewChainVerifier()
		for _, e := range events {
			if err := v.Check(e); err != nil {
				var b *BrokenLink
				if !errors.As(err, &b) {
					t.Fatalf("not a BrokenLink: %v", err)
				}
				return b
			}
		}
		return nil
	}
	if b := verify(chain); b != nil {
		t.Fatalf("intact chain broken: %v", b)
	}
	altered := append([]RecordedEvent(nil), chain...)
	altered[2].Data = json.RawMessage(`{"v":2}`)
	cases := []struct {
		name    string
		events  []RecordedEvent
		version uint64
	}{
		{"altered_data", altered, 2},
		{"missing_middle_event", []RecordedEvent{chain[0], chain[1], chain[3]}, 3},
		{"missing_first_event", chain[1:], 1},
		{"reordered", []RecordedEvent{chain[0], chain[2], chain[1]}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := verify(c.events)
			if b == nil || b.Stream != stream || b.Version != c.version {
				t.Fatalf("broken link = %v, want %s at version %d", b, stream, c.version)
			}
		})
	}
}

func TestFingerprintIgnoresIDsAndTime(t *testing.T) {
	s := StreamID("task", uuid.Must(uuid.NewV7()))
	a := Fingerprint(s, Any(), []string{"TaskCreated.v1"}, [][]byte{[]byte(`{"t":"x"}`)})
	b := Fingerprint(s, Any(), []string{"TaskCreated.v1"}, [][]byte{[]byte(`{"t":"x"}`)})
	c := Fingerprint(s, Exact(0), []string{"TaskCreated.v1"}, [][]byte{[]byte(`{"t":"x"}`)})
	d := Fingerprint(s, Any(), []string{"TaskCreated.v1"}, [][]byte{[]byte(`{"t":"y"}`)})
	if a != b || a == c || a == d {
		t.Fatalf("fingerprints: same request %v, other expected %v, other data %v", a == b, a == c, a == d)
	}
}

func TestCompactValidMatchesEncodingJSON(t *testing.T) {
	inputs := []string{
		`{}`, `{"a":1}`, ` { "a" : [ 1 , 2 ] , "b" : "x y" } `,
		"{\n\t\"note\": \"ședință \\\" de \\\\ lucru\",\r\n \"n\": null}",
		`"just a string with  spaces"`, `[ true , false , null ]`, `{"esc":"\\\" }"}`,
	}
	for _, in := range inputs {
		checkCompact(t, []byte(in))
	}
}

func FuzzCompactValid(f *testing.F) {
	f.Add([]byte(` {"a" : "b \" c", "d":[1, 2 ]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if json.Valid(data) {
			checkCompact(t, data)
		}
	})
}

func checkCompact(t *testing.T, data []byte) {
	t.Helper()
	var want bytes.Buffer
	if err := json.Compact(&want, data); err != nil {
		t.Fatalf("json.Compact(%q): %v", data, err)
	}
	if got := CompactValid(data); string(got) != want.String() {
		t.Fatalf("CompactValid(%q) = %q, want %q", data, got, want.String())
	}
}

func FuzzEncodeMetadata(f *testing.F) {
	f.Add("0191d7a0-0000-7000-8000-000000000001", "org", "corr", "", "key <&>", int64(1700000000123456789))
	f.Add("ședință", "\x00\n\"\\", "\u2028", "\xff", "", int64(-62135596800))
	f.Fuzz(func(t *testing.T, actor, org, corr, cause, key string, nanos int64) {
		m := Metadata{ActorID: actor, OrgID: org, CorrelationID: corr, CausationID: cause, IdempotencyKey: key,
			RecordedAt: time.Unix(0, nanos)}
		got, err := EncodeMetadata(m)
		m.RecordedAt = NormalizeTime(m.RecordedAt)
		want, wantErr := json.Marshal(m)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("EncodeMetadata error %v, json.Marshal error %v", err, wantErr)
		}
		if err == nil && string(got) != string(want) {
			t.Fatalf("EncodeMetadata = %s\njson.Marshal   = %s", got, want)
		}
	})
}
