package eventstore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/google/uuid"
)

// Limits of the envelope, the same for every adapter.
const (
	// MaxEventsPerAppend bounds one append; positions reserve 16 bits for an
	// event's index inside its transaction.
	MaxEventsPerAppend = 1<<16 - 1
	// MaxDataBytes bounds one event's data.
	MaxDataBytes = 4 << 20
	// MaxReadLimit bounds one ReadStream or ReadAll page.
	MaxReadLimit = 10000
	// MaxIdempotencyKeyBytes bounds an idempotency key.
	MaxIdempotencyKeyBytes = 200
)

var (
	streamIDPattern  = regexp.MustCompile(`^([a-z][a-z0-9_]{0,62})-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$`)
	eventTypePattern = regexp.MustCompile(`^[A-Z][A-Za-z0-9]{0,127}\.v[1-9][0-9]{0,3}$`)
)

// StreamID builds "<category>-<uuid>".
func StreamID(category string, id uuid.UUID) string { return category + "-" + id.String() }

// Category is the part of a stream id before the first '-'.
func Category(stream string) string {
	category, _, _ := strings.Cut(stream, "-")
	return category
}

// ValidateStreamID checks the "<category>-<uuid>" form: a lowercase category
// (letters, digits, underscore; starting with a letter) and a lowercase
// canonical UUID.
func ValidateStreamID(stream string) error {
	if stream == "" {
		return &ValidationError{Field: "stream_id", Reason: "empty"}
	}
	if !streamIDPattern.MatchString(stream) {
		return &ValidationError{Field: "stream_id",
			Reason: fmt.Sprintf("%q is not <category>-<uuid> (lowercase category, canonical lowercase uuid)", truncate(stream, 80))}
	}
	return nil
}

// ValidateEventType checks the constant versioned form, e.g.
// "TimeEntryRecorded.v1".
func ValidateEventType(t string) error {
	if !eventTypePattern.MatchString(t) {
		return &ValidationError{Field: "type",
			Reason: fmt.Sprintf("%q is not a versioned event type such as TimeEntryRecorded.v1", truncate(t, 80))}
	}
	return nil
}

// ValidateReadLimit checks a page size.
func ValidateReadLimit(limit int) error {
	if limit < 1 || limit > MaxReadLimit {
		return &ValidationError{Field: "limit", Reason: fmt.Sprintf("%d is outside 1..%d", limit, MaxReadLimit)}
	}
	return nil
}

// ValidateAppend checks everything about an append request that can be
// checked without the store. Every adapter calls it first.
func ValidateAppend(req AppendRequest) error {
	if err := ValidateStreamID(req.Stream); err != nil {
		return err
	}
	if !req.Expected.Valid() {
		return &ValidationError{Field: "expected_version", Reason: "unknown form: use Any, NoStream, StreamExists or Exact"}
	}
	if len(req.Events) == 0 {
		return &ValidationError{Field: "events", Reason: "no events to append"}
	}
	if len(req.Events) > MaxEventsPerAppend {
		return &ValidationError{Field: "events", Reason: fmt.Sprintf("%d events, more than %d in one append", len(req.Events), MaxEventsPerAppend)}
	}
	if len(req.IdempotencyKey) > MaxIdempotencyKeyBytes {
		return &ValidationError{Field: "idempotency_key", Reason: fmt.Sprintf("longer than %d bytes", MaxIdempotencyKeyBytes)}
	}
	seen := make(map[uuid.UUID]struct{}, len(req.Events))
	for i, e := range req.Events {
		if err := validateEvent(e); err != nil {
			var ve *ValidationError
			if ok := asValidation(err, &ve); ok {
				return &ValidationError{Field: fmt.Sprintf("events[%d].%s", i, ve.Field), Reason: ve.Reason}
			}
			return err
		}
		if _, dup := seen[e.ID]; dup {
			return &ValidationError{Field: fmt.Sprintf("events[%d].id", i), Reason: "repeats an earlier event id of the same append"}
		}
		seen[e.ID] = struct{}{}
	}
	return nil
}

func validateEvent(e EventData) error {
	if e.ID == uuid.Nil {
		return &ValidationError{Field: "id", Reason: "missing"}
	}
	if e.ID.Version() != 7 {
		return &ValidationError{Field: "id", Reason: fmt.Sprintf("%s is a version %d UUID; event ids are UUIDv7", e.ID, e.ID.Version())}
	}
	if err := ValidateEventType(e.Type); err != nil {
		return err
	}
	if len(e.Data) == 0 {
		return &ValidationError{Field: "data", Reason: "empty; send a JSON value such as {}"}
	}
	if len(e.Data) > MaxDataBytes {
		return &ValidationError{Field: "data", Reason: fmt.Sprintf("%d bytes, more than %d", len(e.Data), MaxDataBytes)}
	}
	if !json.Valid(e.Data) {
		return &ValidationError{Field: "data", Reason: "not valid JSON"}
	}
	return nil
}

// CompactData returns data without insignificant white space: the bytes every
// adapter stores and hashes. data must be valid JSON.
func CompactData(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(data))
	if err := json.Compact(&buf, data); err != nil {
		return nil, &ValidationError{Field: "data", Reason: "not valid JSON"}
	}
	return buf.Bytes(), nil
}

func asValidation(err error, target **ValidationError) bool {
	ve, ok := err.(*ValidationError)
	if ok {
		*target = ve
	}
	return ok
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
