package esdb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
)

// The server's own de-duplication of event ids lives in memory and is lost on
// restart, so idempotency keys are kept in PostgreSQL. One request per key at
// a time holds a session advisory lock on it; under that lock the key's row
// is reserved as pending with the event ids about to be written, and that
// reservation is committed BEFORE the append, then marked done with the
// result. A pending row found later (its holder died between the append and
// the completion) is resolved by looking for its event ids in the stream.

// lockClass namespaces the advisory locks of idempotency keys: lock
// (lockClass, hashtext(key)). Two keys with the same hash only wait for each
// other.
const lockClass = 0x65736462 // "esdb"

// keyRecord is a row of cronica_esdb_idempotency.
type keyRecord struct {
	fingerprint []byte
	stream      string
	ids         []uuid.UUID
	scanFrom    uint64 // the stream's next version when the ids were reserved
	done        bool
	result      eventstore.AppendResult
}

// keys is the idempotency-key table.
type keys struct{ pool *pgxpool.Pool }

// check fails when the table is missing (Migrate was not run).
func (k keys) check(ctx context.Context) error {
	if _, err := k.pool.Exec(ctx, `SELECT 1 FROM cronica_esdb_idempotency LIMIT 0`); err != nil {
		return fmt.Errorf("idempotency table (run migrations first): %w", err)
	}
	return nil
}

// findFunc looks in the log for the events a pending key reserved;
// appendFunc appends the request.
type (
	findFunc   func(ctx context.Context, pending keyRecord) (eventstore.AppendResult, bool, error)
	appendFunc func(ctx context.Context) (eventstore.AppendResult, error)
)

// run executes a keyed request: the first request with key appends and
// records its result, a repeat gets that result with Duplicate set, another
// request with the same key gets ErrIdempotencyKeyReused. req holds the
// request's fingerprint, stream, event ids and scan start.
func (k keys) run(ctx context.Context, key string, req keyRecord, find findFunc, appendFn appendFunc) (res eventstore.AppendResult, err error) {
	conn, err := k.pool.Acquire(ctx)
	if err != nil {
		return res, fmt.Errorf("esdb: append: idempotency key: acquire: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1, hashtext($2))`, int32(lockClass), key); err != nil {
		return res, fmt.Errorf("esdb: append: idempotency key: lock: %w", err)
	}
	defer func() {
		if _, uerr := conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1, hashtext($2))`, int32(lockClass), key); uerr != nil {
			_ = conn.Conn().Close(context.WithoutCancel(ctx)) // the pool drops it; closing the session frees the lock
		}
	}()

	tag, err := conn.Exec(ctx, `INSERT INTO cronica_esdb_idempotency (key, fingerprint, stream_id, event_ids, scan_from)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING`, key, req.fingerprint, req.stream, req.ids, int64(req.scanFrom))
	if err != nil {
		return res, fmt.Errorf("esdb: append: reserve idempotency key: %w", err)
	}
	if tag.RowsAffected() == 0 { // the key was used before
		if res, settled, err := k.resolve(ctx, conn, key, req, find); settled || err != nil {
			return res, err
		}
	}
	res, err = appendFn(ctx)
	switch {
	case err == nil:
		return res, markDone(ctx, conn, key, res)
	case errors.Is(err, eventstore.ErrConcurrency) || errors.Is(err, eventstore.ErrInvalid):
		// Nothing was written: free the key, as if the request never came.
		if _, derr := conn.Exec(ctx, `DELETE FROM cronica_esdb_idempotency WHERE key = $1`, key); derr != nil {
			return res, errors.Join(err, fmt.Errorf("esdb: append: free idempotency key: %w", derr))
		}
		return res, err
	default: // unknown whether anything was written: the key stays pending
		return res, err
	}
}

// resolve handles a key that already has a row. settled is true when the
// request is answered (a repeat, or a reused key); false when the caller must
// append, the row now reserving the request's own event ids.
func (k keys) resolve(ctx context.Context, conn *pgxpool.Conn, key string, req keyRecord,
	find findFunc) (res eventstore.AppendResult, settled bool, err error) {
	rec, err := readKey(ctx, conn, key)
	if err != nil {
		return res, true, err
	}
	same := bytes.Equal(rec.fingerprint, req.fingerprint)
	if !rec.done {
		// Its holder died or failed; the lock proves it is not appending now.
		found, ok, err := find(ctx, rec)
		if err != nil {
			return res, true, err
		}
		if ok {
			if err := markDone(ctx, conn, key, found); err != nil {
				return res, true, err
			}
			rec.done, rec.result = true, found
		}
	}
	switch {
	case rec.done && same:
		rec.result.Duplicate = true
		return rec.result, true, nil
	case rec.done:
		return res, true, fmt.Errorf("esdb: append: idempotency key %q: %w", key, eventstore.ErrIdempotencyKeyReused)
	case same && rec.stream == req.stream && rec.scanFrom == req.scanFrom && slices.Equal(rec.ids, req.ids):
		return res, false, nil
	}
	// Nothing of the earlier holder is in the log: reserve the key for this
	// request's events, committed before they are appended.
	if _, err := conn.Exec(ctx, `UPDATE cronica_esdb_idempotency
		SET fingerprint = $2, stream_id = $3, event_ids = $4, scan_from = $5, created_at = now() WHERE key = $1`,
		key, req.fingerprint, req.stream, req.ids, int64(req.scanFrom)); err != nil {
		return res, true, fmt.Errorf("esdb: append: reserve idempotency key: %w", err)
	}
	return res, false, nil
}

func readKey(ctx context.Context, conn *pgxpool.Conn, key string) (keyRecord, error) {
	var rec keyRecord
	var state string
	var scanFrom int64
	var first, last, pos *int64
	err := conn.QueryRow(ctx, `SELECT fingerprint, stream_id, event_ids, scan_from, state, first_version, last_version, position
		FROM cronica_esdb_idempotency WHERE key = $1`, key).
		Scan(&rec.fingerprint, &rec.stream, &rec.ids, &scanFrom, &state, &first, &last, &pos)
	if errors.Is(err, pgx.ErrNoRows) {
		return rec, fmt.Errorf("esdb: append: idempotency key %q vanished while locked", key)
	}
	if err != nil {
		return rec, fmt.Errorf("esdb: append: read idempotency key: %w", err)
	}
	rec.scanFrom = uint64(scanFrom)
	if state == "done" {
		if first == nil || last == nil || pos == nil {
			return rec, fmt.Errorf("esdb: append: idempotency key %q is done without a result", key)
		}
		rec.done = true
		rec.result = eventstore.AppendResult{FirstVersion: uint64(*first), LastVersion: uint64(*last), Position: eventstore.Position(*pos)}
	}
	return rec, nil
}

func markDone(ctx context.Context, conn *pgxpool.Conn, key string, res eventstore.AppendResult) error {
	if res.LastVersion > math.MaxInt64 || uint64(res.Position) > math.MaxInt64 {
		return fmt.Errorf("esdb: append: idempotency key %q: result %+v does not fit the table", key, res)
	}
	if _, err := conn.Exec(ctx, `UPDATE cronica_esdb_idempotency
		SET state = 'done', first_version = $2, last_version = $3, position = $4, completed_at = now() WHERE key = $1`,
		key, int64(res.FirstVersion), int64(res.LastVersion), int64(res.Position)); err != nil {
		return fmt.Errorf("esdb: append: complete idempotency key: %w", err)
	}
	return nil
}
