package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"cronica/eventstore"
	"cronica/internal/pause"
)

// maxAppendAttempts bounds the retries of transient conflicts: two appends
// racing for one version on the general path, or a stream head written by a
// later transaction.
const maxAppendAttempts = 50

// errOrderGuard: the predecessor of a known-head append was written by a
// transaction with a higher id; the append retries in a new transaction.
var errOrderGuard = errors.New("pgstore: predecessor written by a later transaction")

// Append implements eventstore.Store. An append whose predecessor's hash is
// known (NoStream, or Exact(v) when this process last saw version v) is one
// plain INSERT that computes nothing on the server; every other append goes
// through cronica_append, which reads the stream head itself. Both are one
// statement, one round trip and one transaction.
func (s *Store) Append(ctx context.Context, req eventstore.AppendRequest) (eventstore.AppendResult, error) {
	p, err := s.prepare(req)
	if err != nil {
		return eventstore.AppendResult{}, err
	}
	for attempt := 1; ; attempt++ {
		var res eventstore.AppendResult
		var last eventstore.Hash
		first, prev, known := s.knownHead(req)
		if known {
			res, last, err = s.appendKnown(ctx, p, first, prev)
		} else {
			res, last, err = s.appendGeneral(ctx, p)
		}
		if err == nil {
			s.heads.put(req.Stream, res.LastVersion, last, res.Position)
			if !res.Duplicate {
				s.announce(res.Position)
			}
			return res, nil
		}
		if retryable(err, known) && attempt < maxAppendAttempts {
			if err := pause.For(ctx, time.Duration(attempt)*100*time.Microsecond); err != nil {
				return eventstore.AppendResult{}, fmt.Errorf("pgstore: append to %s: %w", req.Stream, err)
			}
			continue
		}
		return s.appendFailed(ctx, p, err)
	}
}

// knownHead tells whether the append can take the plain-INSERT path: no
// idempotency key, and the event its first event follows is known (none for
// NoStream).
func (s *Store) knownHead(req eventstore.AppendRequest) (first uint64, prev cachedHead, ok bool) {
	if req.IdempotencyKey != "" {
		return 0, cachedHead{}, false
	}
	if req.Expected.IsNoStream() {
		return 0, cachedHead{}, true
	}
	if v, exact := req.Expected.Exact(); exact {
		if h, ok := s.heads.get(req.Stream, v); ok {
			return v + 1, h, true
		}
	}
	return 0, cachedHead{}, false
}

// appendKnownSQL inserts events whose chain the caller computed. The unique
// (stream_id, version) index refuses it if the stream moved on; the WHERE
// clause refuses it (no row) if the predecessor's position ($13, 0 for
// none) is not below this transaction's, so the log keeps the stream in
// version order.
const appendKnownSQL = `
WITH ins AS (
  INSERT INTO cronica_events (position, event_id, stream_id, version, type, data,
                              actor_id, org_id, correlation_id, causation_id, idempotency_key,
                              recorded_at, prev_hash, hash)
  SELECT (pg_current_xact_id()::text::bigint << 16) + x.ord - 1, x.id, $1, $2 + x.ord - 1, x.typ, x.dat::json,
         x.actor, x.org, x.corr, x.cause, '', $3, x.prev, x.hsh
    FROM unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::bytea[], $12::bytea[])
         WITH ORDINALITY AS x(id, typ, dat, actor, org, corr, cause, prev, hsh, ord)
   WHERE $13::bigint < (pg_current_xact_id()::text::bigint << 16)
  RETURNING position)
SELECT count(*), coalesce(max(position), 0) FROM ins`

// appendKnownOneSQL is appendKnownSQL for one event, without arrays.
const appendKnownOneSQL = `
INSERT INTO cronica_events (position, event_id, stream_id, version, type, data,
                            actor_id, org_id, correlation_id, causation_id, idempotency_key,
                            recorded_at, prev_hash, hash)
SELECT pg_current_xact_id()::text::bigint << 16, $4::uuid, $1, $2, $5::text, $6::text::json,
       $7::text, $8::text, $9::text, $10::text, '', $3, $11::bytea, $12::bytea
 WHERE $13::bigint < (pg_current_xact_id()::text::bigint << 16)
RETURNING position`

func (s *Store) appendKnown(ctx context.Context, p *prepared, first uint64, prev cachedHead) (eventstore.AppendResult, eventstore.Hash, error) {
	n := len(p.ids)
	chain := make([]eventstore.Hash, n+1)
	chain[0] = prev.hash
	prevs := make([][]byte, n)
	hashes := make([][]byte, n)
	for i := range p.ids {
		chain[i+1] = eventstore.ChainHash(chain[i], first+uint64(i), p.digests[i])
		prevs[i], hashes[i] = chain[i][:], chain[i+1][:]
	}
	var count, pos int64
	var err error
	if n == 1 {
		count = 1
		err = s.pool.QueryRow(ctx, appendKnownOneSQL, p.req.Stream, int64(first), p.recordedAt, p.ids[0], p.types[0], p.dataText[0],
			p.actors[0], p.orgs[0], p.correlations[0], p.causations[0], prevs[0], hashes[0], int64(prev.position)).Scan(&pos)
		if errors.Is(err, pgx.ErrNoRows) {
			err = errOrderGuard
		}
	} else {
		err = s.pool.QueryRow(ctx, appendKnownSQL, p.req.Stream, int64(first), p.recordedAt, p.ids, p.types, p.dataText,
			p.actors, p.orgs, p.correlations, p.causations, prevs, hashes, int64(prev.position)).Scan(&count, &pos)
		if err == nil && count == 0 {
			err = errOrderGuard
		}
	}
	if err != nil {
		return eventstore.AppendResult{}, eventstore.Hash{}, err
	}
	return eventstore.AppendResult{FirstVersion: first, LastVersion: first + uint64(n) - 1, Position: eventstore.Position(pos)}, chain[n], nil
}

const appendGeneralSQL = `SELECT first_version, last_version, last_position, last_hash, duplicate
  FROM cronica_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`

func (s *Store) appendGeneral(ctx context.Context, p *prepared) (eventstore.AppendResult, eventstore.Hash, error) {
	return scanGeneral(s.pool.QueryRow(ctx, appendGeneralSQL, p.generalArgs()...))
}

func scanGeneral(row pgx.Row) (eventstore.AppendResult, eventstore.Hash, error) {
	var first, last, pos int64
	var hash []byte
	var dup bool
	if err := row.Scan(&first, &last, &pos, &hash, &dup); err != nil {
		return eventstore.AppendResult{}, eventstore.Hash{}, err
	}
	h, err := eventstore.HashFromBytes(hash)
	if err != nil {
		return eventstore.AppendResult{}, eventstore.Hash{}, fmt.Errorf("pgstore: append: %w", err)
	}
	return eventstore.AppendResult{FirstVersion: uint64(first), LastVersion: uint64(last),
		Position: eventstore.Position(pos), Duplicate: dup}, h, nil
}

// retryable: a stream head written by a later transaction (40001, or the
// known-head guard), a deadlock, or, on the general path only, two appends
// racing for one version (the next attempt reads the new head). On the
// known-head path a taken version is a real conflict.
func retryable(err error, known bool) bool {
	if errors.Is(err, errOrderGuard) {
		return true
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return false
	}
	switch pgErr.Code {
	case "40001", "40P01":
		return true
	case "23505":
		return !known && pgErr.ConstraintName == "cronica_events_stream_version"
	}
	return false
}
