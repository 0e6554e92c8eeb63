package eventstore

import (
	"bytes"
	"encoding/json"
	"fmt"
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
	if !validStreamID(stream) {
		return &ValidationError{Field: "stream_id",
			Reason: fmt.Sprintf("%q is not <category>-<uuid> (lowercase category, canonical lowercase uuid)", truncate(stream, 80))}
	}
	return nil
}

// ValidateEventType checks the constant versioned form, e.g.
// "TimeEntryRecorded.v1".
func ValidateEventType(t string) error {
	if !validEventType(t) {
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
// adapter stores and hashes. Invalid JSON is a *ValidationError.
func CompactData(data []byte) ([]byte, error) {
	if !json.Valid(data) {
		return nil, &ValidationError{Field: "data", Reason: "not valid JSON"}
	}
	return CompactValid(data), nil
}

// CompactValid is CompactData for data already known to be valid JSON (as
// after ValidateAppend): one pass that drops white space outside strings,
// returning data itself when there is none. The result must not be modified.
func CompactValid(data []byte) []byte {
	if bytes.IndexByte(data, ' ') < 0 && bytes.IndexByte(data, '\n') < 0 &&
		bytes.IndexByte(data, '\t') < 0 && bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	out := make([]byte, 0, len(data))
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case '"':
			end := stringEnd(data, i+1)
			out = append(out, data[i:end]...)
			i = end - 1
			continue
		}
		out = append(out, c)
	}
	return out
}

// stringEnd returns the index just past the quote that closes the JSON
// string whose contents start at from.
func stringEnd(data []byte, from int) int {
	for i := from; i < len(data); {
		j := bytes.IndexAny(data[i:], `"\`)
		if j < 0 {
			return len(data)
		}
		if data[i+j] == '"' {
			return i + j + 1
		}
		i += j + 2 // a backslash escapes the next byte
	}
	return len(data)
}

// validStreamID: <category>-<uuid>, category [a-z][a-z0-9_]{0,62}, the uuid
// canonical and lowercase.
func validStreamID(s string) bool {
	const uuidLen = 36
	cut := len(s) - uuidLen - 1
	if cut < 1 || cut > 63 || s[cut] != '-' {
		return false
	}
	for i := 0; i < cut; i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || i > 0 && (c >= '0' && c <= '9' || c == '_')) {
			return false
		}
	}
	for i, c := range []byte(s[cut+1:]) {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// validEventType: [A-Z][A-Za-z0-9]{0,127} then .v and a version 1..9999.
func validEventType(t string) bool {
	dot := strings.LastIndex(t, ".v")
	if dot < 1 || dot > 128 || len(t)-dot-2 < 1 || len(t)-dot-2 > 4 {
		return false
	}
	for i := 0; i < dot; i++ {
		c := t[i]
		if !(c >= 'A' && c <= 'Z' || i > 0 && (c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
			return false
		}
	}
	for i := dot + 2; i < len(t); i++ {
		if c := t[i]; c < '0' || c > '9' || i == dot+2 && c == '0' {
			return false
		}
	}
	return true
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
