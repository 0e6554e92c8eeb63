package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5/pgconn"

	"cronica/eventstore"
)

// appendFailed turns a failed append into the port's errors. A conflict
// whose events are already stored in place is a repeat: it returns the first
// result, as the port promises.
func (s *Store) appendFailed(ctx context.Context, p *prepared, err error) (eventstore.AppendResult, error) {
	req := p.req
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return eventstore.AppendResult{}, fmt.Errorf("pgstore: append to %s: %w", req.Stream, err)
	}
	switch {
	case pgErr.Code == "CR001" || pgErr.Code == "23505" && (pgErr.ConstraintName == "cronica_events_event_id" || pgErr.ConstraintName == "cronica_events_stream_version"):
		if res, ok, dupErr := s.storedInPlace(ctx, p); dupErr != nil || ok {
			return res, dupErr
		}
		if pgErr.ConstraintName == "cronica_events_event_id" {
			return eventstore.AppendResult{}, &eventstore.ValidationError{Field: "events",
				Reason: "an event id is already stored elsewhere in the log"}
		}
		current, exists, headErr := s.currentVersion(ctx, req.Stream, pgErr)
		if headErr != nil {
			return eventstore.AppendResult{}, headErr
		}
		return eventstore.AppendResult{}, &eventstore.ConcurrencyError{Stream: req.Stream, Expected: req.Expected, Current: current, Exists: exists}
	case pgErr.Code == "CR002":
		return eventstore.AppendResult{}, fmt.Errorf("pgstore: append to %s: key %q: %w", req.Stream, req.IdempotencyKey, eventstore.ErrIdempotencyKeyReused)
	case pgErr.Code == "22P02" || pgErr.Code == "22021" || pgErr.Code == "22P05":
		return eventstore.AppendResult{}, &eventstore.ValidationError{Field: "events", Reason: "PostgreSQL refused the data: " + pgErr.Message}
	}
	return eventstore.AppendResult{}, fmt.Errorf("pgstore: append to %s: %w", req.Stream, err)
}

// currentVersion is the stream's version when an append conflicted: from
// cronica_append's error detail, or read from the log.
func (s *Store) currentVersion(ctx context.Context, stream string, pgErr *pgconn.PgError) (uint64, bool, error) {
	if pgErr.Code == "CR001" {
		v, err := strconv.ParseInt(pgErr.Detail, 10, 64)
		if err != nil {
			return 0, false, fmt.Errorf("pgstore: append to %s: unreadable conflict detail %q: %w", stream, pgErr.Detail, err)
		}
		return uint64(max(v, 0)), v >= 0, nil
	}
	var v int64
	if err := s.pool.QueryRow(ctx, `SELECT coalesce(max(version), -1) FROM cronica_events WHERE stream_id = $1`, stream).Scan(&v); err != nil {
		return 0, false, fmt.Errorf("pgstore: append to %s: read the current version: %w", stream, err)
	}
	return uint64(max(v, 0)), v >= 0, nil
}

// storedInPlace reports whether the request's events are already the
// consecutive events of its stream, in order: a retried append. It returns
// the first result of that append.
func (s *Store) storedInPlace(ctx context.Context, p *prepared) (eventstore.AppendResult, bool, error) {
	var first, last, pos int64
	var matched int
	err := s.pool.QueryRow(ctx, `
		SELECT count(*), coalesce(min(e.version), 0), coalesce(max(e.version), 0), coalesce(max(e.position), 0)
		  FROM unnest($2::uuid[]) WITH ORDINALITY AS x(id, ord)
		  JOIN cronica_events e ON e.event_id = x.id AND e.stream_id = $1
		 WHERE e.version - x.ord = (SELECT f.version - 1 FROM cronica_events f WHERE f.event_id = $3)`,
		p.req.Stream, p.ids, p.ids[0]).Scan(&matched, &first, &last, &pos)
	if err != nil {
		return eventstore.AppendResult{}, false, fmt.Errorf("pgstore: append to %s: look for a repeat: %w", p.req.Stream, err)
	}
	if matched != len(p.ids) {
		return eventstore.AppendResult{}, false, nil
	}
	return eventstore.AppendResult{FirstVersion: uint64(first), LastVersion: uint64(last),
		Position: eventstore.Position(pos), Duplicate: true}, true, nil
}
