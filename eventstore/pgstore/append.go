package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"cronica/eventstore"
)

const appendSQL = `SELECT first_version, last_version, last_position, duplicate
  FROM cronica_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`

// maxAppendAttempts bounds the retries of transient conflicts: two appends
// racing for one version, or a stream head written by a later transaction.
const maxAppendAttempts = 50

// Append implements eventstore.Store.
func (s *Store) Append(ctx context.Context, req eventstore.AppendRequest) (eventstore.AppendResult, error) {
	args, err := s.appendArgs(req)
	if err != nil {
		return eventstore.AppendResult{}, err
	}
	for attempt := 1; ; attempt++ {
		res, err := scanAppend(s.pool.QueryRow(ctx, appendSQL, args...))
		if err == nil {
			if !res.Duplicate {
				s.announce(res.Position)
			}
			return res, nil
		}
		if retryable(err) && attempt < maxAppendAttempts {
			if err := sleep(ctx, time.Duration(attempt)*100*time.Microsecond); err != nil {
				return eventstore.AppendResult{}, fmt.Errorf("pgstore: append to %s: %w", req.Stream, err)
			}
			continue
		}
		return s.appendFailed(ctx, req, err)
	}
}

// appendArgs validates req and prepares the arguments of cronica_append:
// compact data, canonical metadata and each event's content digest.
func (s *Store) appendArgs(req eventstore.AppendRequest) ([]any, error) {
	if err := eventstore.ValidateAppend(req); err != nil {
		return nil, err
	}
	n := len(req.Events)
	ids := make([]uuid.UUID, n)
	types := make([]string, n)
	data := make([][]byte, n)
	dataText := make([]string, n)
	metadata := make([]string, n)
	digests := make([][]byte, n)
	recordedAt := eventstore.NormalizeTime(s.now())
	for i, e := range req.Events {
		compact, err := eventstore.CompactData(e.Data)
		if err != nil {
			return nil, err
		}
		meta := e.Metadata
		meta.RecordedAt = recordedAt
		meta.IdempotencyKey = req.IdempotencyKey
		metaJSON, err := eventstore.EncodeMetadata(meta)
		if err != nil {
			return nil, err
		}
		digest := eventstore.ContentDigest(req.Stream, e.ID, e.Type, compact, metaJSON)
		ids[i], types[i], data[i] = e.ID, e.Type, compact
		dataText[i], metadata[i], digests[i] = string(compact), string(metaJSON), digest[:]
	}
	kind, exact := expectedArgs(req.Expected)
	var key, fingerprint any
	if req.IdempotencyKey != "" {
		fp := eventstore.Fingerprint(req.Stream, req.Expected, types, data)
		key, fingerprint = req.IdempotencyKey, fp[:]
	}
	return []any{req.Stream, kind, exact, ids, types, dataText, metadata, digests, recordedAt, key, fingerprint}, nil
}

func expectedArgs(e eventstore.ExpectedVersion) (kind int32, version int64) {
	switch {
	case e.IsAny():
		return 1, 0
	case e.IsNoStream():
		return 2, 0
	case e.IsStreamExists():
		return 3, 0
	}
	v, _ := e.Exact()
	return 4, int64(v)
}

func scanAppend(row pgx.Row) (eventstore.AppendResult, error) {
	var first, last, pos int64
	var dup bool
	if err := row.Scan(&first, &last, &pos, &dup); err != nil {
		return eventstore.AppendResult{}, err
	}
	return eventstore.AppendResult{FirstVersion: uint64(first), LastVersion: uint64(last),
		Position: eventstore.Position(pos), Duplicate: dup}, nil
}

// appendFailed turns a failed cronica_append into the port's errors. A
// conflict whose events are already stored in place is a repeat: it returns
// the first result, as the port promises.
func (s *Store) appendFailed(ctx context.Context, req eventstore.AppendRequest, err error) (eventstore.AppendResult, error) {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return eventstore.AppendResult{}, fmt.Errorf("pgstore: append to %s: %w", req.Stream, err)
	}
	switch {
	case pgErr.Code == "CR001", pgErr.Code == "23505" && pgErr.ConstraintName == "cronica_events_event_id":
		if res, ok, dupErr := s.storedInPlace(ctx, req); dupErr != nil {
			return eventstore.AppendResult{}, dupErr
		} else if ok {
			return res, nil
		}
		if pgErr.Code == "23505" {
			return eventstore.AppendResult{}, &eventstore.ValidationError{Field: "events",
				Reason: "an event id is already stored elsewhere in the log"}
		}
		current, convErr := strconv.ParseInt(pgErr.Detail, 10, 64)
		if convErr != nil {
			return eventstore.AppendResult{}, fmt.Errorf("pgstore: append to %s: unreadable conflict detail %q: %w", req.Stream, pgErr.Detail, err)
		}
		return eventstore.AppendResult{}, &eventstore.ConcurrencyError{Stream: req.Stream, Expected: req.Expected,
			Current: uint64(max(current, 0)), Exists: current >= 0}
	case pgErr.Code == "CR002":
		return eventstore.AppendResult{}, fmt.Errorf("pgstore: append to %s: key %q: %w", req.Stream, req.IdempotencyKey, eventstore.ErrIdempotencyKeyReused)
	case pgErr.Code == "22P02" || pgErr.Code == "22021" || pgErr.Code == "22P05":
		return eventstore.AppendResult{}, &eventstore.ValidationError{Field: "events", Reason: "PostgreSQL refused the data: " + pgErr.Message}
	}
	return eventstore.AppendResult{}, fmt.Errorf("pgstore: append to %s: %w", req.Stream, err)
}

// storedInPlace reports whether req's events are already the consecutive
// events of req.Stream, in order: a retried append. It returns the first
// result of that append.
func (s *Store) storedInPlace(ctx context.Context, req eventstore.AppendRequest) (eventstore.AppendResult, bool, error) {
	ids := make([]uuid.UUID, len(req.Events))
	for i, e := range req.Events {
		ids[i] = e.ID
	}
	var first, last, pos int64
	var matched int
	err := s.pool.QueryRow(ctx, `
		SELECT count(*), coalesce(min(e.version), 0), coalesce(max(e.version), 0), coalesce(max(e.position), 0)
		  FROM unnest($2::uuid[]) WITH ORDINALITY AS x(id, ord)
		  JOIN cronica_events e ON e.event_id = x.id AND e.stream_id = $1
		 WHERE e.version - x.ord = (SELECT f.version - 1 FROM cronica_events f WHERE f.event_id = $3)`,
		req.Stream, ids, ids[0]).Scan(&matched, &first, &last, &pos)
	if err != nil {
		return eventstore.AppendResult{}, false, fmt.Errorf("pgstore: append to %s: look for a repeat: %w", req.Stream, err)
	}
	if matched != len(ids) {
		return eventstore.AppendResult{}, false, nil
	}
	return eventstore.AppendResult{FirstVersion: uint64(first), LastVersion: uint64(last),
		Position: eventstore.Position(pos), Duplicate: true}, true, nil
}

// retryable: two appends raced for one version (the loser re-reads the
// head), a stream head written by a later transaction (40001), or a deadlock.
func retryable(err error) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return false
	}
	switch pgErr.Code {
	case "40001", "40P01":
		return true
	case "23505":
		return pgErr.ConstraintName == "cronica_events_stream_version"
	}
	return false
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
