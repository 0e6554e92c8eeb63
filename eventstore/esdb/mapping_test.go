package esdb

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"

	"cronica/eventstore"
)

func TestClientURL(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string
		wantErr bool
	}{
		{name: "esdb_kept", in: "esdb://localhost:2113?tls=false", want: "esdb://localhost:2113?tls=false"},
		{name: "kurrentdb_rewritten", in: "kurrentdb://admin:changeit@localhost:2113?tls=false", want: "esdb://admin:changeit@localhost:2113?tls=false"},
		{name: "kurrent_rewritten", in: "kurrent://localhost:2113", want: "esdb://localhost:2113"},
		{name: "kdb_rewritten", in: "kdb://localhost:2113", want: "esdb://localhost:2113"},
		{name: "discover_kept", in: "esdb+discover://cluster.local:2113", want: "esdb+discover://cluster.local:2113"},
		{name: "kurrentdb_discover_rewritten", in: "KurrentDB+Discover://a:2113,b:2113", want: "esdb+discover://a:2113,b:2113"},
		{name: "http_rejected", in: "http://localhost:2113", wantErr: true},
		{name: "no_scheme_rejected", in: "localhost:2113", wantErr: true},
		{name: "empty_rejected", in: "", wantErr: true},
		{name: "scheme_only_rejected", in: "esdb://", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := clientURL(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("clientURL(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("clientURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if err == nil {
				if _, err := esdb.ParseConnectionString(got); err != nil {
					t.Errorf("the client does not parse %q: %v", got, err)
				}
			}
		})
	}
}

func TestRedact(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		msg  string
		want string
	}{
		{name: "password_removed", raw: "esdb://admin:s3cret@a:b:c", msg: `parse "esdb://admin:s3cret@a:b:c": invalid port`, want: `parse "esdb://admin:xxxxx@a:b:c": invalid port`},
		{name: "password_with_at_sign", raw: "esdb://admin:p@ss@host:2113?tls=false", msg: `x "esdb://admin:p@ss@host:2113"`, want: `x "esdb://admin:xxxxx@host:2113"`},
		{name: "no_password", raw: "esdb://admin@host:2113", msg: "bad", want: "bad"},
		{name: "no_user", raw: "esdb://host:2113/p@th", msg: "unsupported URL path: /p@th", want: "unsupported URL path: /p@th"},
		{name: "not_a_url", raw: "nothing", msg: "nothing", want: "nothing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := redact(tt.raw, tt.msg); got != tt.want {
				t.Errorf("redact = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestExpectedRevision(t *testing.T) {
	tests := []struct {
		name string
		in   eventstore.ExpectedVersion
		want esdb.ExpectedRevision
	}{
		{name: "any", in: eventstore.Any(), want: esdb.Any{}},
		{name: "no_stream", in: eventstore.NoStream(), want: esdb.NoStream{}},
		{name: "stream_exists", in: eventstore.StreamExists(), want: esdb.StreamExists{}},
		{name: "exact_zero", in: eventstore.Exact(0), want: esdb.Revision(0)},
		{name: "exact_n", in: eventstore.Exact(41), want: esdb.Revision(41)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := expectedRevision(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("expectedRevision(%s) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestAppendRevision(t *testing.T) {
	empty := head{}
	at7 := head{exists: true, version: 7}
	tests := []struct {
		name     string
		expected eventstore.ExpectedVersion
		head     head
		want     esdb.ExpectedRevision
		retries  bool
	}{
		{name: "any_on_empty_stream_pins_no_stream", expected: eventstore.Any(), head: empty, want: esdb.NoStream{}, retries: true},
		{name: "any_on_stream_pins_head", expected: eventstore.Any(), head: at7, want: esdb.Revision(7), retries: true},
		{name: "stream_exists_pins_head", expected: eventstore.StreamExists(), head: at7, want: esdb.Revision(7), retries: true},
		{name: "no_stream_is_sent_as_is", expected: eventstore.NoStream(), head: empty, want: esdb.NoStream{}},
		{name: "exact_is_sent_as_is", expected: eventstore.Exact(7), head: at7, want: esdb.Revision(7)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := appendRevision(tt.expected, tt.head); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("appendRevision(%s, %+v) = %#v, want %#v", tt.expected, tt.head, got, tt.want)
			}
			if got := retriesOnConflict(tt.expected); got != tt.retries {
				t.Errorf("retriesOnConflict(%s) = %v, want %v", tt.expected, got, tt.retries)
			}
		})
	}
}

func TestHeadNext(t *testing.T) {
	if got := (head{}).next(); got != 0 {
		t.Errorf("empty stream: next = %d, want 0", got)
	}
	if got := (head{exists: true, version: 0}).next(); got != 1 {
		t.Errorf("stream at 0: next = %d, want 1", got)
	}
}

func TestDuplicateAt(t *testing.T) {
	a, b, c := uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())
	ids := []uuid.UUID{a, b}
	tests := []struct {
		name      string
		expected  eventstore.ExpectedVersion
		head      head
		wantFirst uint64
		wantOK    bool
	}{
		{name: "empty_stream_has_no_repeat", expected: eventstore.NoStream(), head: head{}},
		{name: "no_stream_looks_from_zero", expected: eventstore.NoStream(), head: head{exists: true, version: 1, id: c}, wantFirst: 0, wantOK: true},
		{name: "no_stream_stream_too_short", expected: eventstore.NoStream(), head: head{exists: true, version: 0, id: a}},
		{name: "exact_looks_right_after_n", expected: eventstore.Exact(3), head: head{exists: true, version: 9, id: c}, wantFirst: 4, wantOK: true},
		{name: "exact_exactly_enough_events", expected: eventstore.Exact(3), head: head{exists: true, version: 5, id: b}, wantFirst: 4, wantOK: true},
		{name: "exact_too_few_events_after_n", expected: eventstore.Exact(3), head: head{exists: true, version: 4, id: a}},
		{name: "exact_met_has_no_repeat", expected: eventstore.Exact(3), head: head{exists: true, version: 3, id: b}},
		{name: "exact_ahead_of_stream", expected: eventstore.Exact(30), head: head{exists: true, version: 3, id: b}},
		{name: "any_tail_matches", expected: eventstore.Any(), head: head{exists: true, version: 5, id: b}, wantFirst: 4, wantOK: true},
		{name: "any_tail_differs", expected: eventstore.Any(), head: head{exists: true, version: 5, id: c}},
		{name: "stream_exists_tail_matches", expected: eventstore.StreamExists(), head: head{exists: true, version: 1, id: b}, wantFirst: 0, wantOK: true},
		{name: "any_stream_shorter_than_request", expected: eventstore.Any(), head: head{exists: true, version: 0, id: b}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, ok := duplicateAt(tt.expected, tt.head, ids)
			if ok != tt.wantOK || (ok && first != tt.wantFirst) {
				t.Errorf("duplicateAt(%s, %+v) = %d, %v; want %d, %v", tt.expected, tt.head, first, ok, tt.wantFirst, tt.wantOK)
			}
		})
	}
}

func TestConflict(t *testing.T) {
	tests := []struct {
		name     string
		expected eventstore.ExpectedVersion
		head     head
	}{
		{name: "exact_on_longer_stream", expected: eventstore.Exact(2), head: head{exists: true, version: 5}},
		{name: "no_stream_on_existing_stream", expected: eventstore.NoStream(), head: head{exists: true, version: 0}},
		{name: "stream_exists_on_empty_stream", expected: eventstore.StreamExists(), head: head{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := conflict("task-0191c3a8-8d5e-7cc2-9a7e-3d2f4b6a1c00", tt.expected, tt.head)
			if !errors.Is(err, eventstore.ErrConcurrency) {
				t.Fatalf("errors.Is(%v, ErrConcurrency) = false", err)
			}
			var ce *eventstore.ConcurrencyError
			if !errors.As(err, &ce) {
				t.Fatalf("%v is not a *ConcurrencyError", err)
			}
			if ce.Expected != tt.expected || ce.Exists != tt.head.exists || ce.Current != tt.head.version {
				t.Errorf("ConcurrencyError = %+v, want expected %s, exists %v, current %d", ce, tt.expected, tt.head.exists, tt.head.version)
			}
			if !strings.HasPrefix(err.Error(), "esdb: append: ") {
				t.Errorf("message %q does not start with esdb: append:", err)
			}
		})
	}
}

func TestFailureOfCode(t *testing.T) {
	tests := []struct {
		name string
		code esdb.ErrorCode
		want failure
	}{
		{name: "wrong_expected_version", code: esdb.ErrorCodeWrongExpectedVersion, want: failWrongExpectedVersion},
		{name: "stream_not_found", code: esdb.ErrorCodeResourceNotFound, want: failStreamNotFound},
		{name: "stream_deleted", code: esdb.ErrorCodeStreamDeleted, want: failStreamDeleted},
		{name: "connection_closed", code: esdb.ErrorCodeConnectionClosed, want: failConnectionClosed},
		{name: "unavailable", code: esdb.ErrorUnavailable, want: failOther},
		{name: "access_denied", code: esdb.ErrorCodeAccessDenied, want: failOther},
		{name: "unknown", code: esdb.ErrorCodeUnknown, want: failOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := failureOfCode(tt.code); got != tt.want {
				t.Errorf("failureOfCode(%d) = %d, want %d", tt.code, got, tt.want)
			}
		})
	}
}

func TestFailureOf(t *testing.T) {
	plain := errors.New("boom")
	unknown, _ := esdb.FromError(plain) // the only code the package lets us build
	tests := []struct {
		name string
		err  error
		want failure
	}{
		{name: "nil", err: nil, want: failOther},
		{name: "plain_error", err: plain, want: failOther},
		{name: "client_error_unknown", err: unknown, want: failOther},
		{name: "wrapped_client_error", err: fmt.Errorf("could not send: %w", unknown), want: failOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := failureOf(tt.err); got != tt.want {
				t.Errorf("failureOf(%v) = %d, want %d", tt.err, got, tt.want)
			}
		})
	}
}

func TestReadError(t *testing.T) {
	cause := errors.New("server said so")
	tests := []struct {
		name         string
		failure      failure
		wantNotFound bool
	}{
		{name: "not_found_is_stream_not_found", failure: failStreamNotFound, wantNotFound: true},
		{name: "deleted_is_stream_not_found", failure: failStreamDeleted, wantNotFound: true},
		{name: "other_keeps_cause", failure: failOther},
		{name: "wrong_expected_version_is_not_not_found", failure: failWrongExpectedVersion},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := readError("read stream", "task-x", tt.failure, cause)
			if got := errors.Is(err, eventstore.ErrStreamNotFound); got != tt.wantNotFound {
				t.Errorf("errors.Is(%v, ErrStreamNotFound) = %v, want %v", err, got, tt.wantNotFound)
			}
			if !tt.wantNotFound && !errors.Is(err, cause) {
				t.Errorf("%v does not wrap its cause", err)
			}
			if !strings.HasPrefix(err.Error(), "esdb: read stream: ") {
				t.Errorf("message %q does not start with esdb: read stream:", err)
			}
		})
	}
}

func TestAllPosition(t *testing.T) {
	tests := []struct {
		name  string
		after eventstore.Position
		want  esdb.AllPosition
	}{
		{name: "start_is_start_of_all", after: eventstore.Start, want: esdb.Start{}},
		{name: "position_is_commit_and_prepare", after: 1788, want: esdb.Position{Commit: 1788, Prepare: 1788}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := allPosition(tt.after)
			if got == nil {
				t.Fatal("allPosition returned nil, which a subscription reads as END")
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("allPosition(%d) = %#v, want %#v", tt.after, got, tt.want)
			}
		})
	}
}

func TestEventPosition(t *testing.T) {
	commit := uint64(900)
	none := uint64(math.MaxUint64)
	tests := []struct {
		name    string
		event   esdb.Position
		commit  *uint64
		want    eventstore.Position
		wantErr bool
	}{
		{name: "event_commit_position", event: esdb.Position{Commit: 1200, Prepare: 1200}, commit: &commit, want: 1200},
		{name: "event_commit_without_read_position", event: esdb.Position{Commit: 1200, Prepare: 1200}, want: 1200},
		{name: "old_server_falls_back_to_read_position", event: esdb.Position{Commit: none, Prepare: none}, commit: &commit, want: 900},
		{name: "no_position_at_all", event: esdb.Position{Commit: none, Prepare: none}, wantErr: true},
		{name: "read_position_unset_too", event: esdb.Position{Commit: none, Prepare: none}, commit: &none, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := eventPosition(&esdb.RecordedEvent{StreamID: "s", Position: tt.event}, tt.commit)
			if (err != nil) != tt.wantErr {
				t.Fatalf("eventPosition error = %v, want error %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("eventPosition = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestIsSystem(t *testing.T) {
	tests := []struct {
		name      string
		stream    string
		eventType string
		want      bool
	}{
		{name: "cronica_event", stream: "task-0191c3a8-8d5e-7cc2-9a7e-3d2f4b6a1c00", eventType: "TaskCreated.v1", want: false},
		{name: "system_stream", stream: "$users", eventType: "UserCreated", want: true},
		{name: "stream_metadata", stream: "$$task-1", eventType: "$metadata", want: true},
		{name: "system_type_in_user_stream", stream: "task-1", eventType: "$>", want: true},
		{name: "statistics", stream: "$stats-127.0.0.1:2113", eventType: "$statsCollected", want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isSystem(tt.stream, tt.eventType); got != tt.want {
				t.Errorf("isSystem(%q, %q) = %v, want %v", tt.stream, tt.eventType, got, tt.want)
			}
		})
	}
}
