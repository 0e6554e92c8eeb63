package eventstore

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Metadata is the part of the envelope that travels with every event and is
// covered by the hash chain. The chain fields themselves (PrevHash, Hash) are
// kept beside it in RecordedEvent.
type Metadata struct {
	ActorID        string    `json:"actor_id,omitempty"`
	OrgID          string    `json:"org_id,omitempty"`
	CorrelationID  string    `json:"correlation_id,omitempty"`
	CausationID    string    `json:"causation_id,omitempty"`
	IdempotencyKey string    `json:"idempotency_key,omitempty"`
	RecordedAt     time.Time `json:"recorded_at"` // server clock, UTC, microsecond precision
}

// EncodeMetadata gives the canonical JSON of m: the exact bytes stored and
// hashed. Field order is fixed by the struct, so the encoding is stable.
//
// It writes what json.Marshal(m) writes, without reflection (appends encode
// metadata for every event); FuzzEncodeMetadata holds the two equal.
func EncodeMetadata(m Metadata) ([]byte, error) {
	m.RecordedAt = NormalizeTime(m.RecordedAt)
	if y := m.RecordedAt.Year(); y < 0 || y > 9999 {
		_, err := json.Marshal(m) // the same error json.Marshal gives
		return nil, fmt.Errorf("eventstore: encode metadata: %w", err)
	}
	b := make([]byte, 0, 96+len(m.ActorID)+len(m.OrgID)+len(m.CorrelationID)+len(m.CausationID)+len(m.IdempotencyKey))
	b = append(b, '{')
	b = appendJSONField(b, "actor_id", m.ActorID)
	b = appendJSONField(b, "org_id", m.OrgID)
	b = appendJSONField(b, "correlation_id", m.CorrelationID)
	b = appendJSONField(b, "causation_id", m.CausationID)
	b = appendJSONField(b, "idempotency_key", m.IdempotencyKey)
	b = append(b, `"recorded_at":"`...)
	b = m.RecordedAt.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"', '}'), nil
}

// appendJSONField writes "name":"value", for a value that is not empty
// (omitempty), escaped as encoding/json escapes it.
func appendJSONField(b []byte, name, value string) []byte {
	if value == "" {
		return b
	}
	b = append(b, '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	for i := 0; i < len(value); i++ {
		if c := value[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			quoted, _ := json.Marshal(value) // a string always marshals
			return append(append(b, quoted...), ',')
		}
	}
	b = append(b, '"')
	b = append(b, value...)
	return append(b, '"', ',')
}

// DecodeMetadata parses stored metadata strictly: the bytes must be exactly
// the canonical encoding of what they decode to, so an unknown field, a
// reordered key or changed white space slipped into the log is an error and
// cannot hide from the verifier.
func DecodeMetadata(b []byte) (Metadata, error) {
	var m Metadata
	if err := json.Unmarshal(b, &m); err != nil {
		return Metadata{}, fmt.Errorf("eventstore: decode metadata: %w", err)
	}
	canonical, err := EncodeMetadata(m)
	if err != nil {
		return Metadata{}, err
	}
	if !bytes.Equal(canonical, b) {
		return Metadata{}, fmt.Errorf("eventstore: decode metadata: %w", ErrNotCanonical)
	}
	return m, nil
}

// ErrNotCanonical: stored metadata is not byte for byte the canonical
// encoding of its content, so it was written by something other than an
// adapter of this package.
var ErrNotCanonical = errors.New("metadata is not in canonical form")

// NormalizeTime is t in UTC truncated to microseconds, the precision every
// adapter can store exactly.
func NormalizeTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}
