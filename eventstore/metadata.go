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
func EncodeMetadata(m Metadata) ([]byte, error) {
	m.RecordedAt = NormalizeTime(m.RecordedAt)
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("eventstore: encode metadata: %w", err)
	}
	return b, nil
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
