package sealer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"cronica/domain/audit"
	"cronica/eventstore"
	"cronica/eventstore/seal"
)

// Record is a seal as recorded in the log.
type Record struct {
	Seq     uint64
	Through eventstore.Position
	Root    seal.Hash
	// PreviousRoot is the root of seal Seq-1; zero for seal 0.
	PreviousRoot seal.Hash
	Streams      int
	Events       uint64
	// Position is where the seal's event is in the log; RecordedAt when.
	Position   eventstore.Position
	RecordedAt time.Time
	// Event is the event's data as decoded.
	Event audit.AuditSealed
}

// Decode reads a seal from its event. The event's type, its version (the
// seq) and its fields must agree.
func Decode(ev eventstore.RecordedEvent) (Record, error) {
	if ev.StreamID != audit.SealStream() || ev.Type != audit.TypeAuditSealed {
		return Record{}, fmt.Errorf("sealer: decode: %s version %d is a %s, not a seal", ev.StreamID, ev.Version, ev.Type)
	}
	var s audit.AuditSealed
	if err := json.Unmarshal(ev.Data, &s); err != nil {
		return Record{}, fmt.Errorf("sealer: decode seal at version %d: %w", ev.Version, err)
	}
	if s.Seq != ev.Version {
		return Record{}, fmt.Errorf("sealer: decode: the seal at version %d says seq %d", ev.Version, s.Seq)
	}
	through, err := s.ThroughPosition()
	if err != nil {
		return Record{}, fmt.Errorf("sealer: decode seal #%d: %w", s.Seq, err)
	}
	root, err := eventstore.ParseHash(s.Root)
	if err != nil {
		return Record{}, fmt.Errorf("sealer: decode seal #%d: root: %w", s.Seq, err)
	}
	r := Record{Seq: s.Seq, Through: eventstore.Position(through), Root: root, Streams: s.Streams, Events: s.Events,
		Position: ev.Position, RecordedAt: ev.Metadata.RecordedAt, Event: s}
	if s.PreviousRoot != "" {
		if r.PreviousRoot, err = eventstore.ParseHash(s.PreviousRoot); err != nil {
			return Record{}, fmt.Errorf("sealer: decode seal #%d: previous_root: %w", s.Seq, err)
		}
	}
	return r, nil
}

// sealPage is how many seals one ReadStream asks for.
const sealPage = 1000

// readSealEvents reads the seal stream from version from on; none when
// there is no seal.
func readSealEvents(ctx context.Context, store eventstore.Store, from uint64) ([]eventstore.RecordedEvent, error) {
	var out []eventstore.RecordedEvent
	for {
		page, err := store.ReadStream(ctx, audit.SealStream(), from, sealPage)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("sealer: read the seals: %w", err)
		}
		out = append(out, page...)
		if len(page) < sealPage {
			return out, nil
		}
		from = page[len(page)-1].Version + 1
	}
}

// ReadSeals reads every seal, in seq order. A seal that does not decode is
// an error (audit verify names it; the chain of the seal stream is checked
// by the walk).
func ReadSeals(ctx context.Context, store eventstore.Store) ([]Record, error) {
	events, err := readSealEvents(ctx, store, 0)
	if err != nil {
		return nil, err
	}
	out := make([]Record, 0, len(events))
	for _, ev := range events {
		r, err := Decode(ev)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}
