package pgstore

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

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
	raw := rawDecodable(rows.FieldDescriptions())
	for rows.Next() {
		var e eventstore.RecordedEvent
		var err error
		if raw {
			err = decodeRaw(rows.RawValues(), &e)
		} else {
			err = scanEvent(rows, &e)
		}
		if err != nil {
			return nil, err
		}
		events = append(events, e)
	}
	return events, rows.Err()
}

// scanEvent reads one row through pgx's Scan.
func scanEvent(rows pgx.Rows, e *eventstore.RecordedEvent) error {
	var (
		position, version int64
		id                [16]byte
		prev, hash        []byte
	)
	m := &e.Metadata
	if err := rows.Scan(&position, &id, &e.StreamID, &version, &e.Type, (*[]byte)(&e.Data),
		&m.ActorID, &m.OrgID, &m.CorrelationID, &m.CausationID, &m.IdempotencyKey, &m.RecordedAt, &prev, &hash); err != nil {
		return err
	}
	e.Position, e.Version, e.ID = eventstore.Position(position), uint64(version), id
	m.RecordedAt = eventstore.NormalizeTime(m.RecordedAt)
	return setHashes(e, prev, hash)
}

// eventColumnCount is the number of columns in eventColumns.
const eventColumnCount = 14

// binaryColumns are the columns decodeRaw needs in PostgreSQL's binary
// format (int8, uuid, timestamptz, bytea); the text and json columns are
// the same bytes in either format.
var binaryColumns = []int{0, 1, 3, 11, 12, 13}

// rawDecodable reports whether the rows can be read by decodeRaw, which
// reads the wire values directly (catch-up reads are dominated by
// decoding: it is much faster than Scan).
func rawDecodable(fields []pgconn.FieldDescription) bool {
	if len(fields) != eventColumnCount {
		return false
	}
	for _, i := range binaryColumns {
		if fields[i].Format != pgx.BinaryFormatCode {
			return false
		}
	}
	return true
}

// pgEpochMicros is the origin of PostgreSQL's binary timestamps.
var pgEpochMicros = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()

// decodeRaw decodes the binary column values of one row in eventColumns
// order: int8, uuid, text, int8, text, json, five texts, timestamptz,
// bytea, bytea.
func decodeRaw(v [][]byte, e *eventstore.RecordedEvent) error {
	if len(v) != eventColumnCount || len(v[0]) != 8 || len(v[1]) != 16 || len(v[3]) != 8 || len(v[11]) != 8 {
		return fmt.Errorf("pgstore: an event row of unexpected shape")
	}
	e.Position = eventstore.Position(binary.BigEndian.Uint64(v[0]))
	copy(e.ID[:], v[1])
	e.StreamID = string(v[2])
	e.Version = binary.BigEndian.Uint64(v[3])
	e.Type = string(v[4])
	e.Data = append(json.RawMessage(nil), v[5]...)
	m := &e.Metadata
	m.ActorID, m.OrgID, m.CorrelationID, m.CausationID, m.IdempotencyKey = string(v[6]), string(v[7]), string(v[8]), string(v[9]), string(v[10])
	m.RecordedAt = time.UnixMicro(pgEpochMicros + int64(binary.BigEndian.Uint64(v[11]))).UTC()
	return setHashes(e, v[12], v[13])
}

func setHashes(e *eventstore.RecordedEvent, prev, hash []byte) error {
	var err error
	if e.PrevHash, err = eventstore.HashFromBytes(prev); err != nil {
		return fmt.Errorf("event %s version %d: prev_hash: %w", e.StreamID, e.Version, err)
	}
	if e.Hash, err = eventstore.HashFromBytes(hash); err != nil {
		return fmt.Errorf("event %s version %d: hash: %w", e.StreamID, e.Version, err)
	}
	return nil
}
