package pgstore

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"cronica/eventstore"
)

const eventColumns = `position, event_id, stream_id, version, type, data,
       actor_id, org_id, correlation_id, causation_id, idempotency_key, recorded_at, prev_hash, hash`

// readAllSQL passes only rows of transactions older than every transaction
// still running: those are all committed (or gone), so nothing can later
// appear below the last position returned.
const readAllSQL = `SELECT ` + eventColumns + `
  FROM cronica_events
 WHERE position > $1
   AND position < (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 16)
 ORDER BY position
 LIMIT $2`

const readStreamSQL = `SELECT ` + eventColumns + `
  FROM cronica_events
 WHERE stream_id = $1 AND version >= $2
 ORDER BY version
 LIMIT $3`

// ReadStream implements eventstore.Store. It reads committed events at once,
// without waiting for older transactions: a stream's versions are dense.
func (s *Store) ReadStream(ctx context.Context, stream string, from uint64, limit int) ([]eventstore.RecordedEvent, error) {
	if err := eventstore.ValidateStreamID(stream); err != nil {
		return nil, err
	}
	if err := eventstore.ValidateReadLimit(limit); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, readStreamSQL, stream, int64(min(from, 1<<62)), limit)
	if err != nil {
		return nil, fmt.Errorf("pgstore: read stream %s: %w", stream, err)
	}
	events, err := collectEvents(rows, limit)
	if err != nil {
		return nil, fmt.Errorf("pgstore: read stream %s: %w", stream, err)
	}
	if n := len(events); n > 0 {
		s.heads.put(stream, events[n-1].Version, events[n-1].Hash, events[n-1].Position)
		return events, nil
	}
	var exists bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM cronica_events WHERE stream_id = $1)`, stream).Scan(&exists); err != nil {
		return nil, fmt.Errorf("pgstore: read stream %s: %w", stream, err)
	}
	if !exists {
		return nil, fmt.Errorf("pgstore: read stream %s: %w", stream, eventstore.ErrStreamNotFound)
	}
	return events, nil
}

// ReadAll implements eventstore.Store.
func (s *Store) ReadAll(ctx context.Context, after eventstore.Position, limit int) ([]eventstore.RecordedEvent, error) {
	if err := eventstore.ValidateReadLimit(limit); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, readAllSQL, int64(min(uint64(after), 1<<63-1)), limit)
	if err != nil {
		return nil, fmt.Errorf("pgstore: read all after %d: %w", after, err)
	}
	events, err := collectEvents(rows, limit)
	if err != nil {
		return nil, fmt.Errorf("pgstore: read all after %d: %w", after, err)
	}
	return events, nil
}

func collectEvents(rows pgx.Rows, limit int) ([]eventstore.RecordedEvent, error) {
	defer rows.Close()
	events := make([]eventstore.RecordedEvent, 0, min(limit, 1024))
	var (
		position, version int64
		id                [16]byte
		prev, hash        []byte
	)
	for rows.Next() {
		var e eventstore.RecordedEvent
		m := &e.Metadata
		if err := rows.Scan(&position, &id, &e.StreamID, &version, &e.Type, (*[]byte)(&e.Data),
			&m.ActorID, &m.OrgID, &m.CorrelationID, &m.CausationID, &m.IdempotencyKey, &m.RecordedAt, &prev, &hash); err != nil {
			return nil, err
		}
		e.Position, e.Version, e.ID = eventstore.Position(position), uint64(version), id
		m.RecordedAt = eventstore.NormalizeTime(m.RecordedAt)
		var err error
		if e.PrevHash, err = eventstore.HashFromBytes(prev); err != nil {
			return nil, fmt.Errorf("event %s version %d: prev_hash: %w", e.StreamID, e.Version, err)
		}
		if e.Hash, err = eventstore.HashFromBytes(hash); err != nil {
			return nil, fmt.Errorf("event %s version %d: hash: %w", e.StreamID, e.Version, err)
		}
		events = append(events, e)
	}
	return events, rows.Err()
}
