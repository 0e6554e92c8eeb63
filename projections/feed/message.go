package feed

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/google/uuid"

	"cronica/eventstore"
)

// Metadata keys of a feed message. Together with the message's payload (the
// event data) they carry the whole envelope of an eventstore.RecordedEvent.
// The five optional envelope fields (actor, organisation, correlation,
// causation, idempotency key) are left out when empty, as in the stored
// metadata; Metadata.Get gives "" for them either way.
const (
	// KeyPosition is the event's global position, in decimal.
	KeyPosition = "position"
	// KeyStreamID is the event's stream id.
	KeyStreamID = "stream_id"
	// KeyVersion is the event's version in its stream, in decimal.
	KeyVersion = "version"
	// KeyType is the event type, e.g. "TimeEntryRecorded.v1".
	KeyType = "type"
	// KeyEventID is the event id; the message UUID is the same string.
	KeyEventID = "event_id"
	// KeyActorID is Metadata.ActorID.
	KeyActorID = "actor_id"
	// KeyOrgID is Metadata.OrgID.
	KeyOrgID = "org_id"
	// KeyCorrelationID is Metadata.CorrelationID.
	KeyCorrelationID = "correlation_id"
	// KeyCausationID is Metadata.CausationID.
	KeyCausationID = "causation_id"
	// KeyIdempotencyKey is Metadata.IdempotencyKey.
	KeyIdempotencyKey = "idempotency_key"
	// KeyRecordedAt is Metadata.RecordedAt, RFC 3339 with nanoseconds, UTC.
	KeyRecordedAt = "recorded_at"
	// KeyPrevHash is the previous event's chain hash, lowercase hex.
	KeyPrevHash = "prev_hash"
	// KeyHash is the event's chain hash, lowercase hex.
	KeyHash = "hash"
)

// metadataKeys is how many keys a message holds at most.
const metadataKeys = 13

// ErrMalformed: a message does not carry a valid event envelope, so it was
// not made by NewMessage (or was altered after).
var ErrMalformed = errors.New("feed: malformed event message")

// NewMessage encodes the whole envelope of e as a Watermill message: UUID is
// the event id, Payload is the event data (shared, not copied) and Metadata
// holds the rest under the Key constants. Event decodes it back exactly.
func NewMessage(e eventstore.RecordedEvent) *message.Message {
	// The generated strings are cut from one allocation: this runs for
	// every event of a projection rebuild.
	var scratch [256]byte
	b := appendUUID(scratch[:0], e.ID)
	idEnd := len(b)
	b = strconv.AppendUint(b, uint64(e.Position), 10)
	posEnd := len(b)
	b = strconv.AppendUint(b, e.Version, 10)
	versionEnd := len(b)
	b = e.Metadata.RecordedAt.UTC().AppendFormat(b, time.RFC3339Nano)
	atEnd := len(b)
	b = hex.AppendEncode(b, e.PrevHash[:])
	prevEnd := len(b)
	b = hex.AppendEncode(b, e.Hash[:])
	all := string(b)
	id := all[:idEnd]

	msg := message.NewMessage(id, message.Payload(e.Data))
	md := make(message.Metadata, metadataKeys)
	md[KeyPosition] = all[idEnd:posEnd]
	md[KeyStreamID] = e.StreamID
	md[KeyVersion] = all[posEnd:versionEnd]
	md[KeyType] = e.Type
	md[KeyEventID] = id
	setNotEmpty(md, KeyActorID, e.Metadata.ActorID)
	setNotEmpty(md, KeyOrgID, e.Metadata.OrgID)
	setNotEmpty(md, KeyCorrelationID, e.Metadata.CorrelationID)
	setNotEmpty(md, KeyCausationID, e.Metadata.CausationID)
	setNotEmpty(md, KeyIdempotencyKey, e.Metadata.IdempotencyKey)
	md[KeyRecordedAt] = all[versionEnd:atEnd]
	md[KeyPrevHash] = all[atEnd:prevEnd]
	md[KeyHash] = all[prevEnd:]
	msg.Metadata = md
	return msg
}

// appendUUID writes id in its canonical 36-character form, as id.String().
func appendUUID(b []byte, id uuid.UUID) []byte {
	b = hex.AppendEncode(b, id[0:4])
	b = append(b, '-')
	b = hex.AppendEncode(b, id[4:6])
	b = append(b, '-')
	b = hex.AppendEncode(b, id[6:8])
	b = append(b, '-')
	b = hex.AppendEncode(b, id[8:10])
	b = append(b, '-')
	return hex.AppendEncode(b, id[10:])
}

func setNotEmpty(md message.Metadata, key, value string) {
	if value != "" {
		md[key] = value
	}
}

// Event decodes a message made by NewMessage back into the event, equal
// field for field to the one encoded. Data shares the message's payload.
// A missing or unparsable field gives an error matching ErrMalformed.
func Event(msg *message.Message) (eventstore.RecordedEvent, error) {
	if msg == nil {
		return eventstore.RecordedEvent{}, fmt.Errorf("%w: nil message", ErrMalformed)
	}
	md := msg.Metadata
	var (
		e   eventstore.RecordedEvent
		err error
	)
	if e.Position, err = Position(msg); err != nil {
		return eventstore.RecordedEvent{}, err
	}
	if e.Version, err = strconv.ParseUint(md[KeyVersion], 10, 64); err != nil {
		return eventstore.RecordedEvent{}, malformed(msg, KeyVersion, err)
	}
	if e.StreamID = md[KeyStreamID]; e.StreamID == "" {
		return eventstore.RecordedEvent{}, malformed(msg, KeyStreamID, errMissing)
	}
	if e.Type = md[KeyType]; e.Type == "" {
		return eventstore.RecordedEvent{}, malformed(msg, KeyType, errMissing)
	}
	if e.ID, err = uuid.Parse(md[KeyEventID]); err != nil {
		return eventstore.RecordedEvent{}, malformed(msg, KeyEventID, err)
	}
	if e.Metadata.RecordedAt, err = time.Parse(time.RFC3339Nano, md[KeyRecordedAt]); err != nil {
		return eventstore.RecordedEvent{}, malformed(msg, KeyRecordedAt, err)
	}
	e.Metadata.RecordedAt = e.Metadata.RecordedAt.UTC()
	if e.PrevHash, err = parseHash(md[KeyPrevHash]); err != nil {
		return eventstore.RecordedEvent{}, malformed(msg, KeyPrevHash, err)
	}
	if e.Hash, err = parseHash(md[KeyHash]); err != nil {
		return eventstore.RecordedEvent{}, malformed(msg, KeyHash, err)
	}
	e.Metadata.ActorID = md[KeyActorID]
	e.Metadata.OrgID = md[KeyOrgID]
	e.Metadata.CorrelationID = md[KeyCorrelationID]
	e.Metadata.CausationID = md[KeyCausationID]
	e.Metadata.IdempotencyKey = md[KeyIdempotencyKey]
	e.Data = json.RawMessage(msg.Payload)
	return e, nil
}

// Position reads only the event's position from msg, without decoding the
// rest: what a projector needs to skip an event it has already applied.
func Position(msg *message.Message) (eventstore.Position, error) {
	if msg == nil {
		return 0, fmt.Errorf("%w: nil message", ErrMalformed)
	}
	p, err := strconv.ParseUint(msg.Metadata[KeyPosition], 10, 64)
	if err != nil {
		return 0, malformed(msg, KeyPosition, err)
	}
	return eventstore.Position(p), nil
}

var errMissing = errors.New("missing")

func malformed(msg *message.Message, key string, err error) error {
	return fmt.Errorf("%w: message %s: %s: %w", ErrMalformed, msg.UUID, key, err)
}

// parseHash reads the 64 lowercase hex digits Hash.String writes, without
// allocating.
func parseHash(s string) (eventstore.Hash, error) {
	var h eventstore.Hash
	if len(s) != 2*len(h) {
		return h, fmt.Errorf("%d hex digits, want %d", len(s), 2*len(h))
	}
	for i := range h {
		hi, ok1 := fromHex(s[2*i])
		lo, ok2 := fromHex(s[2*i+1])
		if !ok1 || !ok2 {
			return eventstore.Hash{}, fmt.Errorf("invalid hex %q", s[2*i:2*i+2])
		}
		h[i] = hi<<4 | lo
	}
	return h, nil
}

func fromHex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}
