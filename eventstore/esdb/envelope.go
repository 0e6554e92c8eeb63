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
// cuts the two members off at the byte level, which gives back exactly the
// bytes that were hashed, and accepts them only if they are canonical.

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

// The chain members close every stored metadata object, in this fixed form.
const (
	prevHashMember = `,"prev_hash":"`
	hashMember     = `","hash":"`
	hexLen         = 2 * len(eventstore.Hash{})
	chainSuffixLen = len(prevHashMember) + hexLen + len(hashMember) + hexLen + len(`"}`)
)

// joinMetadata appends the chain members to the canonical metadata object.
func joinMetadata(canonical []byte, prev, hash eventstore.Hash) ([]byte, error) {
	if len(canonical) < 3 || canonical[0] != '{' || canonical[len(canonical)-1] != '}' {
		return nil, fmt.Errorf("esdb: append: canonical metadata %q is not a non-empty JSON object", canonical)
	}
	b := make([]byte, 0, len(canonical)-1+chainSuffixLen)
	b = append(b, canonical[:len(canonical)-1]...)
	b = append(b, prevHashMember...)
	b = append(b, prev.String()...)
	b = append(b, hashMember...)
	b = append(b, hash.String()...)
	return append(b, `"}`...), nil
}

// splitMetadata reads stored user metadata back: the canonical metadata
// bytes, exactly as hashed, and the chain hashes. Anything else (no chain
// members, a hash that is not 64 lowercase hex digits, metadata that is not
// byte for byte the canonical encoding of what it says) is an error wrapping
// errNotCronica.
func splitMetadata(stored []byte) (eventstore.Metadata, eventstore.Hash, eventstore.Hash, error) {
	var none eventstore.Hash
	fail := func(format string, args ...any) (eventstore.Metadata, eventstore.Hash, eventstore.Hash, error) {
		return eventstore.Metadata{}, none, none, fmt.Errorf("%w: metadata %s", errNotCronica, fmt.Sprintf(format, args...))
	}
	body := len(stored) - chainSuffixLen
	if body < 2 || stored[0] != '{' {
		return fail("is not a JSON object ending in the hash chain members")
	}
	tail := stored[body:]
	prevHex := tail[len(prevHashMember) : len(prevHashMember)+hexLen]
	hashHex := tail[len(prevHashMember)+hexLen+len(hashMember) : len(tail)-2]
	if string(tail[:len(prevHashMember)]) != prevHashMember ||
		string(tail[len(prevHashMember)+hexLen:len(prevHashMember)+hexLen+len(hashMember)]) != hashMember ||
		string(tail[len(tail)-2:]) != `"}` {
		return fail("does not end in the prev_hash and hash members")
	}
	prev, err := parseLowerHex(prevHex)
	if err != nil {
		return fail("prev_hash: %v", err)
	}
	hash, err := parseLowerHex(hashHex)
	if err != nil {
		return fail("hash: %v", err)
	}
	canonical := append(stored[:body:body], '}')
	m, err := eventstore.DecodeMetadata(canonical)
	if err != nil {
		return fail("%v", err)
	}
	if again, err := eventstore.EncodeMetadata(m); err != nil || !bytes.Equal(again, canonical) {
		return fail("is not in canonical form")
	}
	return m, prev, hash, nil
}

// parseLowerHex reads a hash written by Hash.String, and nothing else.
func parseLowerHex(b []byte) (eventstore.Hash, error) {
	h, err := eventstore.ParseHash(string(b))
	if err != nil {
		return eventstore.Hash{}, err
	}
	if h.String() != string(b) {
		return eventstore.Hash{}, fmt.Errorf("%q is not lowercase hex", b)
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
