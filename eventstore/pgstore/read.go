package pgstore

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"cronica/eventstore"
)

const eventColumns = `position, event_id, stream_id, version, type, data,
       actor_id, org_id, correlation_id, causation_id, idempotency_key, recorded_at, prev_hash, hash`

// frontierSQL is the first position readers may not pass yet: that of the
// oldest transaction still running, in this statement's snapshot, that can
// write to this database, or of the next transaction to start when there is
// none. Every transaction below it has committed or is gone, so nothing can
// later appear below it. It is pg_snapshot_xmin(pg_current_snapshot()) but
// for transactions of other databases on the same server, which cannot
// write this log and must not hold it back; a running transaction whose
// database cannot be told (it just ended, or belongs to another role) holds
// it back, to be safe.
const frontierSQL = `((WITH snap AS (SELECT pg_current_snapshot() AS s)
   SELECT coalesce(
     (SELECT min(x::text::bigint) FROM snap, pg_snapshot_xip(snap.s) AS x
       WHERE NOT EXISTS (SELECT 1 FROM pg_stat_get_activity(NULL) a
                          WHERE a.backend_xid IS NOT NULL
                            AND a.backend_xid::text::bigint = (x::text::bigint & 4294967295)
                            AND a.datid <> (SELECT oid FROM pg_database WHERE datname = current_database()))),
     (SELECT pg_snapshot_xmax(s)::text::bigint FROM snap))) << 16)`

// readAllSQL passes only rows below the frontier, so a reader that resumes
// after the last position it saw never skips a late commit.
const readAllSQL = `SELECT ` + eventColumns + `
  FROM cronica_events
 WHERE position > $1 AND position < ` + frontierSQL + `
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
