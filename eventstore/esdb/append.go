package esdb

import (
	"context"
	"fmt"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"

	"cronica/eventstore"
)

// maxAppendAttempts bounds how often an Any or StreamExists append reads the
// head again after another writer got in between.
const maxAppendAttempts = 10

// Append writes req.Events to the end of req.Stream; see eventstore.Store.
func (s *Store) Append(ctx context.Context, req eventstore.AppendRequest) (eventstore.AppendResult, error) {
	if err := eventstore.ValidateAppend(req); err != nil {
		return eventstore.AppendResult{}, fmt.Errorf("esdb: append: %w", err)
	}
	data := make([][]byte, len(req.Events))
	for i, e := range req.Events {
		d, err := eventstore.CompactData(e.Data)
		if err != nil {
			return eventstore.AppendResult{}, fmt.Errorf("esdb: append: events[%d]: %w", i, err)
		}
		data[i] = d
	}
	if req.IdempotencyKey == "" {
		return s.appendChained(ctx, req, data)
	}
	return s.appendWithKey(ctx, req, data)
}

// appendChained reads the stream's head, checks the caller's condition and
// appends after that head, conditional on it. A repeat of an append already
// stored returns its first result with Duplicate set.
func (s *Store) appendChained(ctx context.Context, req eventstore.AppendRequest, data [][]byte) (eventstore.AppendResult, error) {
	ids := eventIDs(req)
	for attempt := 1; ; attempt++ {
		h, err := s.head(ctx, req.Stream)
		if err != nil {
			return eventstore.AppendResult{}, err
		}
		if res, ok, err := s.duplicate(ctx, req, h, ids); err != nil || ok {
			return res, err
		}
		if !req.Expected.Allows(h.version, h.exists) {
			return eventstore.AppendResult{}, conflict(req.Stream, req.Expected, h)
		}
		res, err := s.appendAfter(ctx, req, data, h)
		if failureOf(err) != failWrongExpectedVersion {
			return res, err
		}
		if retriesOnConflict(req.Expected) && attempt < maxAppendAttempts {
			continue
		}
		// Someone appended between the read and the append. Read again to
		// report what is there, or to find the same events (a concurrent
		// retry of this very request).
		if h, err = s.head(ctx, req.Stream); err != nil {
			return eventstore.AppendResult{}, err
		}
		if res, ok, err := s.duplicate(ctx, req, h, ids); err != nil || ok {
			return res, err
		}
		return eventstore.AppendResult{}, conflict(req.Stream, req.Expected, h)
	}
}

// appendAfter appends the events chained after h, on condition that the
// stream is still at h, then reads the last one back for its position.
func (s *Store) appendAfter(ctx context.Context, req eventstore.AppendRequest, data [][]byte, h head) (eventstore.AppendResult, error) {
	first := h.next()
	events, lastHash, err := chainEvents(req, data, h.hash, first, s.now())
	if err != nil {
		return eventstore.AppendResult{}, err
	}
	client, err := s.conn.get()
	if err != nil {
		return eventstore.AppendResult{}, fmt.Errorf("esdb: append: %w", err)
	}
	opts := esdb.AppendToStreamOptions{ExpectedRevision: appendRevision(req.Expected, h)}
	wr, err := client.AppendToStream(ctx, req.Stream, opts, events...)
	if err != nil {
		s.conn.failed(client, err)
		return eventstore.AppendResult{}, fmt.Errorf("esdb: append: %s: %w", req.Stream, withContext(ctx, err))
	}
	last := first + uint64(len(events)) - 1
	if wr.NextExpectedVersion != last {
		return eventstore.AppendResult{}, fmt.Errorf("esdb: append: %s: the server placed the events up to version %d, want %d",
			req.Stream, wr.NextExpectedVersion, last)
	}
	stored, err := s.eventAt(ctx, req.Stream, last)
	if err != nil {
		return eventstore.AppendResult{}, err
	}
	if stored.ID != events[len(events)-1].EventID {
		return eventstore.AppendResult{}, fmt.Errorf("esdb: append: %s: version %d holds event %s, want %s",
			req.Stream, last, stored.ID, events[len(events)-1].EventID)
	}
	// The server answers an append whose event ids are already stored right
	// after the expected revision as a success and writes nothing; the stored
	// hash (with its own recorded_at) then differs from ours.
	return eventstore.AppendResult{FirstVersion: first, LastVersion: last, Position: stored.Position,
		Duplicate: stored.Hash != lastHash}, nil
}

// head reads the stream's last event.
func (s *Store) head(ctx context.Context, stream string) (head, error) {
	raw, err := s.readStream(ctx, stream, esdb.Backwards, esdb.End{}, 1)
	if f := failureOf(err); f == failStreamNotFound {
		return head{}, nil
	} else if err != nil {
		return head{}, readError("append: read head", stream, f, err)
	}
	if len(raw) == 0 {
		return head{}, nil
	}
	e, err := decodeEvent(raw[0])
	if err != nil {
		return head{}, fmt.Errorf("esdb: append: %s: last event: %w", stream, err)
	}
	return head{exists: true, version: e.Version, id: e.ID, hash: e.Hash}, nil
}

// eventAt reads one event of stream.
func (s *Store) eventAt(ctx context.Context, stream string, version uint64) (eventstore.RecordedEvent, error) {
	raw, err := s.readStream(ctx, stream, esdb.Forwards, esdb.Revision(version), 1)
	if err != nil {
		return eventstore.RecordedEvent{}, readError("append: read back", stream, failureOf(err), err)
	}
	if len(raw) != 1 || raw[0].OriginalEvent() == nil || raw[0].OriginalEvent().EventNumber != version {
		return eventstore.RecordedEvent{}, fmt.Errorf("esdb: append: read back: %s has no version %d", stream, version)
	}
	e, err := decodeEvent(raw[0])
	if err != nil {
		return eventstore.RecordedEvent{}, fmt.Errorf("esdb: append: read back: %s@%d: %w", stream, version, err)
	}
	return e, nil
}

// duplicate reports whether req's events are already stored where a repeat
// of req would have put them (duplicateAt), and if so the original result.
func (s *Store) duplicate(ctx context.Context, req eventstore.AppendRequest, h head, ids []uuid.UUID) (eventstore.AppendResult, bool, error) {
	first, ok := duplicateAt(req.Expected, h, ids)
	if !ok {
		return eventstore.AppendResult{}, false, nil
	}
	return s.storedAt(ctx, req.Stream, first, ids)
}

// storedAt reports whether the events of stream from version first on have
// exactly ids, in order, and if so where they landed.
func (s *Store) storedAt(ctx context.Context, stream string, first uint64, ids []uuid.UUID) (eventstore.AppendResult, bool, error) {
	raw, err := s.readStream(ctx, stream, esdb.Forwards, esdb.Revision(first), uint64(len(ids)))
	if f := failureOf(err); f == failStreamNotFound {
		return eventstore.AppendResult{}, false, nil
	} else if err != nil {
		return eventstore.AppendResult{}, false, readError("append: look for a repeat", stream, f, err)
	}
	if len(raw) != len(ids) {
		return eventstore.AppendResult{}, false, nil
	}
	for i, re := range raw {
		if ev := re.OriginalEvent(); ev == nil || ev.EventID != ids[i] || ev.EventNumber != first+uint64(i) {
			return eventstore.AppendResult{}, false, nil
		}
	}
	last, err := decodeEvent(raw[len(raw)-1])
	if err != nil {
		return eventstore.AppendResult{}, false, fmt.Errorf("esdb: append: %s: %w", stream, err)
	}
	return eventstore.AppendResult{FirstVersion: first, LastVersion: last.Version, Position: last.Position, Duplicate: true}, true, nil
}

func eventIDs(req eventstore.AppendRequest) []uuid.UUID {
	ids := make([]uuid.UUID, len(req.Events))
	for i, e := range req.Events {
		ids[i] = e.ID
	}
	return ids
}
