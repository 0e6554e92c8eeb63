package esdb

import (
	"context"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"

	"cronica/eventstore"
)

// fingerprint is eventstore.Fingerprint of req (data is its compact data):
// the same for a retried command even when it minted new event ids.
func fingerprint(req eventstore.AppendRequest, data [][]byte) []byte {
	types := make([]string, len(req.Events))
	for i, e := range req.Events {
		types[i] = e.Type
	}
	fp := eventstore.Fingerprint(req.Stream, req.Expected, types, data)
	return fp[:]
}

// appendWithKey is Append for a request that carries an idempotency key.
func (s *Store) appendWithKey(ctx context.Context, req eventstore.AppendRequest, data [][]byte) (eventstore.AppendResult, error) {
	h, err := s.head(ctx, req.Stream)
	if err != nil {
		return eventstore.AppendResult{}, err
	}
	k := keyRecord{fingerprint: fingerprint(req, data), stream: req.Stream, ids: eventIDs(req), scanFrom: h.next()}
	return s.keys.run(ctx, req.IdempotencyKey, k,
		func(ctx context.Context, pending keyRecord) (eventstore.AppendResult, bool, error) {
			return s.findIDs(ctx, pending.stream, pending.scanFrom, pending.ids)
		},
		func(ctx context.Context) (eventstore.AppendResult, error) { return s.appendChained(ctx, req, data) })
}

// findIDs looks for ids, consecutive and in order, in stream from version
// from on: where a pending key's append would have put them.
func (s *Store) findIDs(ctx context.Context, stream string, from uint64, ids []uuid.UUID) (eventstore.AppendResult, bool, error) {
	const page = 256
	for {
		raw, err := s.readStream(ctx, stream, esdb.Forwards, esdb.Revision(from), page)
		if f := failureOf(err); f == failStreamNotFound {
			return eventstore.AppendResult{}, false, nil
		} else if err != nil {
			return eventstore.AppendResult{}, false, readError("append: resolve a pending idempotency key", stream, f, err)
		}
		for _, re := range raw {
			if ev := re.OriginalEvent(); ev != nil && ev.EventID == ids[0] {
				return s.storedAt(ctx, stream, ev.EventNumber, ids)
			}
		}
		if len(raw) < page {
			return eventstore.AppendResult{}, false, nil
		}
		from = raw[len(raw)-1].OriginalEvent().EventNumber + 1
	}
}
