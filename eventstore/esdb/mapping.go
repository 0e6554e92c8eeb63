package esdb

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"

	"cronica/eventstore"
)

// This file maps between the port's vocabulary and the client's: expected
// versions, positions, errors, connection strings and what counts as a
// system event. It is pure: no I/O, no clock.

// clientURL rewrites a kurrentdb:// (or kurrent://, kdb://) connection string
// to the esdb:// form the v4 client parses; the rest is kept as is.
func clientURL(raw string) (string, error) {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok || rest == "" {
		return "", errors.New("connection string: want esdb://, esdb+discover://, kurrentdb:// or kurrentdb+discover://host:port")
	}
	switch strings.ToLower(scheme) {
	case "esdb", "kurrentdb", "kurrent", "kdb":
		return "esdb://" + rest, nil
	case "esdb+discover", "kurrentdb+discover", "kurrent+discover", "kdb+discover":
		return "esdb+discover://" + rest, nil
	}
	return "", fmt.Errorf("connection string: unsupported scheme %q", scheme)
}

// redact removes the password of connection string raw from msg (the
// client's parse errors quote the whole string).
func redact(raw, msg string) string {
	_, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return msg
	}
	if end := strings.IndexAny(rest, "/?#"); end >= 0 {
		rest = rest[:end]
	}
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return msg
	}
	_, password, ok := strings.Cut(rest[:at], ":")
	if !ok || password == "" {
		return msg
	}
	return strings.ReplaceAll(msg, password, "xxxxx")
}

// expectedRevision is the server's form of the caller's condition.
func expectedRevision(e eventstore.ExpectedVersion) esdb.ExpectedRevision {
	switch {
	case e.IsNoStream():
		return esdb.NoStream{}
	case e.IsStreamExists():
		return esdb.StreamExists{}
	}
	if v, ok := e.Exact(); ok {
		return esdb.Revision(v)
	}
	return esdb.Any{}
}

// head is a stream's last event as read just before an append.
type head struct {
	exists  bool
	version uint64
	id      uuid.UUID
	hash    eventstore.Hash
}

// next is the version the next appended event gets.
func (h head) next() uint64 {
	if !h.exists {
		return 0
	}
	return h.version + 1
}

// appendRevision is the condition sent with an append: the caller's own when
// it names one exact state, else the state just read, so that nothing can
// land between the read of the chain head and the append (no fork).
func appendRevision(e eventstore.ExpectedVersion, h head) esdb.ExpectedRevision {
	switch r := expectedRevision(e).(type) {
	case esdb.StreamRevision, esdb.NoStream:
		return r
	}
	if !h.exists {
		return esdb.NoStream{}
	}
	return esdb.Revision(h.version)
}

// retriesOnConflict reports whether a server-side conflict means "someone
// appended in between, read again" rather than "the caller's condition
// failed".
func retriesOnConflict(e eventstore.ExpectedVersion) bool {
	return e.IsAny() || e.IsStreamExists()
}

// duplicateAt tells where the request's events (ids) would already be
// stored if the request is a repeat of one that was written, given the
// stream's head: right after n for Exact(n), from 0 for NoStream, and at the
// end of the stream for Any and StreamExists. ok is false when they cannot
// be there, so that nothing needs to be read.
func duplicateAt(e eventstore.ExpectedVersion, h head, ids []uuid.UUID) (first uint64, ok bool) {
	n := uint64(len(ids))
	if !h.exists || n == 0 || h.version+1 < n {
		return 0, false
	}
	if v, exact := e.Exact(); exact {
		return v + 1, h.version >= v && h.version-v >= n
	}
	if e.IsNoStream() {
		return 0, true
	}
	if h.id == ids[n-1] {
		return h.version + 1 - n, true
	}
	return 0, false
}

// conflict is the error of an append whose condition the stream did not meet.
func conflict(stream string, e eventstore.ExpectedVersion, h head) error {
	return fmt.Errorf("esdb: append: %w", &eventstore.ConcurrencyError{
		Stream: stream, Expected: e, Current: h.version, Exists: h.exists,
	})
}

// allPosition is where a forward read or subscription of $all starts. The
// server includes an event found exactly there, so callers skip positions <=
// after. It is never nil: a nil From means the END of $all to a subscription.
func allPosition(after eventstore.Position) esdb.AllPosition {
	if after == eventstore.Start {
		return esdb.Start{}
	}
	return esdb.Position{Commit: uint64(after), Prepare: uint64(after)}
}

// eventPosition is the $all commit position of a read event. Servers before
// 22.6 send none on stream reads (all ones); commit is the read's own
// position when the server sent one.
func eventPosition(ev *esdb.RecordedEvent, commit *uint64) (eventstore.Position, error) {
	if ev.Position.Commit != math.MaxUint64 {
		return eventstore.Position(ev.Position.Commit), nil
	}
	if commit != nil && *commit != math.MaxUint64 {
		return eventstore.Position(*commit), nil
	}
	return 0, fmt.Errorf("event %s@%d has no log position: KurrentDB/EventStoreDB 22.6 or later is required",
		ev.StreamID, ev.EventNumber)
}

// isSystem reports whether an event belongs to the server ($-streams,
// $-types: metadata, links, projections, statistics).
func isSystem(stream, eventType string) bool {
	return strings.HasPrefix(stream, "$") || strings.HasPrefix(eventType, "$")
}

// failure is what an error of the client means to this adapter.
type failure uint8

const (
	failOther failure = iota
	failWrongExpectedVersion
	failStreamNotFound
	failStreamDeleted
	failConnectionClosed
)

// failureOfCode classifies a client error code.
func failureOfCode(code esdb.ErrorCode) failure {
	switch code {
	case esdb.ErrorCodeWrongExpectedVersion:
		return failWrongExpectedVersion
	case esdb.ErrorCodeResourceNotFound:
		return failStreamNotFound
	case esdb.ErrorCodeStreamDeleted:
		return failStreamDeleted
	case esdb.ErrorCodeConnectionClosed:
		return failConnectionClosed
	}
	return failOther
}

// failureOf classifies any error, wrapped or not.
func failureOf(err error) failure {
	var e *esdb.Error
	if errors.As(err, &e) {
		return failureOfCode(e.Code())
	}
	return failOther
}

// readError maps an error of reading stream: a missing or deleted stream is
// eventstore.ErrStreamNotFound.
func readError(op, stream string, f failure, err error) error {
	switch f {
	case failStreamNotFound:
		return fmt.Errorf("esdb: %s: %s: %w", op, stream, eventstore.ErrStreamNotFound)
	case failStreamDeleted:
		return fmt.Errorf("esdb: %s: %s is deleted: %w: %w", op, stream, eventstore.ErrStreamNotFound, err)
	}
	return fmt.Errorf("esdb: %s: %s: %w", op, stream, err)
}
