package esdb

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"

	"cronica/eventstore"
)

// This file maps Cronica's envelope onto ESDB events and back. It is pure:
// the clock and the chain head are passed in.
//
// An event's ESDB user metadata is the canonical metadata JSON
// (eventstore.EncodeMetadata) with two more members at the end, "prev_hash"
// and "hash", lowercase hex. The hash covers the canonical bytes, so a reader
// splits the two off, decodes the rest strictly and re-encodes it to check.

const jsonContentType = "application/json"

// errNotCronica marks an event that was not written by this adapter.
var errNotCronica = errors.New("not a Cronica event")

// chainEvents turns an append into ESDB events linked into the stream's hash
// chain after prev, the first one at version first. data holds each event's
// compact JSON. It returns the last event's hash.
func chainEvents(req eventstore.AppendRequest, data [][]byte, prev eventstore.Hash, first uint64,
	recordedAt time.Time) ([]esdb.EventData, eventstore.Hash, error) {
	out := make([]esdb.EventData, len(req.Events))
	for i, e := range req.Events {
		m := e.Metadata
		m.RecordedAt = eventstore.NormalizeTime(recordedAt)
		m.IdempotencyKey = req.IdempotencyKey
		canonical, err := eventstore.EncodeMetadata(m)
		if err != nil {
			return nil, eventstore.Hash{}, fmt.Errorf("esdb: append: %w", err)
		}
		version := first + uint64(i)
		hash := eventstore.ChainHash(prev, version, eventstore.ContentDigest(req.Stream, e.ID, e.Type, data[i], canonical))
		stored, err := joinMetadata(canonical, prev, hash)
		if err != nil {
			return nil, eventstore.Hash{}, err
		}
		out[i] = esdb.EventData{EventID: e.ID, EventType: e.Type, ContentType: esdb.ContentTypeJson, Data: data[i], Metadata: stored}
		prev = hash
	}
	return out, prev, nil
}

// joinMetadata appends the chain members to the canonical metadata object.
func joinMetadata(canonical []byte, prev, hash eventstore.Hash) ([]byte, error) {
	if len(canonical) < 2 || canonical[0] != '{' || canonical[len(canonical)-1] != '}' {
		return nil, fmt.Errorf("esdb: append: canonical metadata %q is not a JSON object", canonical)
	}
	var b bytes.Buffer
	b.Grow(len(canonical) + 160)
	b.Write(canonical[:len(canonical)-1])
	if len(canonical) > 2 {
		b.WriteByte(',')
	}
	fmt.Fprintf(&b, `"prev_hash":%q,"hash":%q}`, prev.String(), hash.String())
	return b.Bytes(), nil
}

// splitMetadata reads stored user metadata back into the canonical metadata
// and the chain hashes. Anything else (a missing or non-lowercase hash, an
// unknown member) is an error wrapping errNotCronica.
func splitMetadata(stored []byte) (eventstore.Metadata, eventstore.Hash, eventstore.Hash, error) {
	var none eventstore.Hash
	var members map[string]json.RawMessage
	if err := json.Unmarshal(stored, &members); err != nil || members == nil {
		return eventstore.Metadata{}, none, none, fmt.Errorf("%w: metadata is not a JSON object", errNotCronica)
	}
	prev, err := takeHash(members, "prev_hash")
	if err != nil {
		return eventstore.Metadata{}, none, none, err
	}
	hash, err := takeHash(members, "hash")
	if err != nil {
		return eventstore.Metadata{}, none, none, err
	}
	rest, err := json.Marshal(members)
	if err != nil {
		return eventstore.Metadata{}, none, none, fmt.Errorf("%w: %w", errNotCronica, err)
	}
	m, err := eventstore.DecodeMetadata(rest)
	if err != nil {
		return eventstore.Metadata{}, none, none, fmt.Errorf("%w: %w", errNotCronica, err)
	}
	return m, prev, hash, nil
}

// takeHash removes member name from members and parses it as a lowercase hex
// hash.
func takeHash(members map[string]json.RawMessage, name string) (eventstore.Hash, error) {
	raw, ok := members[name]
	if !ok {
		return eventstore.Hash{}, fmt.Errorf("%w: metadata has no %s", errNotCronica, name)
	}
	delete(members, name)
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return eventstore.Hash{}, fmt.Errorf("%w: %s is not a string", errNotCronica, name)
	}
	h, err := eventstore.ParseHash(s)
	if err != nil || h.String() != s {
		return eventstore.Hash{}, fmt.Errorf("%w: %s %q is not 64 lowercase hex digits", errNotCronica, name, s)
	}
	return h, nil
}

// decodeEvent turns a read event into the port's envelope. An event that was
// not written by this adapter gives an error wrapping errNotCronica.
func decodeEvent(re *esdb.ResolvedEvent) (eventstore.RecordedEvent, error) {
	ev := re.OriginalEvent()
	if ev == nil {
		return eventstore.RecordedEvent{}, fmt.Errorf("%w: empty read result", errNotCronica)
	}
	if err := eventstore.ValidateStreamID(ev.StreamID); err != nil {
		return eventstore.RecordedEvent{}, fmt.Errorf("%w: %w", errNotCronica, err)
	}
	if err := eventstore.ValidateEventType(ev.EventType); err != nil {
		return eventstore.RecordedEvent{}, fmt.Errorf("%w: %w", errNotCronica, err)
	}
	if ev.ContentType != jsonContentType {
		return eventstore.RecordedEvent{}, fmt.Errorf("%w: content type %q", errNotCronica, ev.ContentType)
	}
	m, prev, hash, err := splitMetadata(ev.UserMetadata)
	if err != nil {
		return eventstore.RecordedEvent{}, err
	}
	pos, err := eventPosition(ev, re.Commit)
	if err != nil {
		return eventstore.RecordedEvent{}, err
	}
	return eventstore.RecordedEvent{
		Position: pos,
		StreamID: ev.StreamID,
		Version:  ev.EventNumber,
		ID:       ev.EventID,
		Type:     ev.EventType,
		Data:     json.RawMessage(ev.Data),
		Metadata: m,
		PrevHash: prev,
		Hash:     hash,
	}, nil
}
