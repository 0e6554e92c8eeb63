package esdb

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"

	"cronica/eventstore"
)

// Page sizes of a $all read: system and foreign events are filtered out on
// this side (the client's ReadAll has no server-side filter), so a page asks
// for more than the caller's limit.
const (
	minAllPage = 64
	maxAllPage = 4096
)

// ReadStream returns up to limit events of stream from version from on.
func (s *Store) ReadStream(ctx context.Context, stream string, from uint64, limit int) ([]eventstore.RecordedEvent, error) {
	if err := eventstore.ValidateStreamID(stream); err != nil {
		return nil, fmt.Errorf("esdb: read stream: %w", err)
	}
	if err := eventstore.ValidateReadLimit(limit); err != nil {
		return nil, fmt.Errorf("esdb: read stream: %w", err)
	}
	raw, err := s.readStream(ctx, stream, esdb.Forwards, esdb.Revision(from), uint64(limit))
	if err != nil {
		return nil, readError("read stream", stream, failureOf(err), err)
	}
	out := make([]eventstore.RecordedEvent, 0, len(raw))
	for _, re := range raw {
		e, err := decodeEvent(re)
		if err != nil {
			return nil, fmt.Errorf("esdb: read stream: %s: %w", stream, err)
		}
		out = append(out, e)
	}
	return out, nil
}

// ReadAll returns up to limit Cronica events of $all after position after,
// leaving out system events and events this adapter did not write.
func (s *Store) ReadAll(ctx context.Context, after eventstore.Position, limit int) ([]eventstore.RecordedEvent, error) {
	if err := eventstore.ValidateReadLimit(limit); err != nil {
		return nil, fmt.Errorf("esdb: read all: %w", err)
	}
	page := uint64(min(max(limit+1, minAllPage), maxAllPage))
	out := make([]eventstore.RecordedEvent, 0, limit)
	last := after
	for {
		raw, err := s.readAllPage(ctx, allPosition(last), page)
		if err != nil {
			return nil, fmt.Errorf("esdb: read all: %w", err)
		}
		for _, re := range raw {
			e, ok, err := s.cronicaEvent(re, last)
			if err != nil {
				return nil, fmt.Errorf("esdb: read all: %w", err)
			}
			if e.Position > last {
				last = e.Position
			}
			if !ok {
				continue
			}
			if out = append(out, e); len(out) == limit {
				return out, nil
			}
		}
		if uint64(len(raw)) < page {
			return out, nil
		}
	}
}

// cronicaEvent decodes an event read from $all. ok is false for an event at
// or before after (forward reads include their start), a system event, or a
// foreign one (logged at debug level). The returned Position is always set.
func (s *Store) cronicaEvent(re *esdb.ResolvedEvent, after eventstore.Position) (eventstore.RecordedEvent, bool, error) {
	ev := re.OriginalEvent()
	if ev == nil {
		return eventstore.RecordedEvent{Position: after}, false, nil
	}
	pos, err := eventPosition(ev, re.Commit)
	if err != nil {
		return eventstore.RecordedEvent{}, false, err
	}
	if pos <= after || isSystem(ev.StreamID, ev.EventType) {
		return eventstore.RecordedEvent{Position: pos}, false, nil
	}
	e, err := decodeEvent(re)
	if err != nil {
		s.log.Debug("esdb: skipping an event that is not Cronica's",
			"stream", ev.StreamID, "type", ev.EventType, "position", pos, "reason", err.Error())
		return eventstore.RecordedEvent{Position: pos}, false, nil
	}
	return e, true, nil
}

// readStream reads up to count events of stream, unmapped errors.
func (s *Store) readStream(ctx context.Context, stream string, dir esdb.Direction, from esdb.StreamPosition,
	count uint64) ([]*esdb.ResolvedEvent, error) {
	client, err := s.conn.get()
	if err != nil {
		return nil, err
	}
	rs, err := client.ReadStream(ctx, stream, esdb.ReadStreamOptions{Direction: dir, From: from}, count)
	if err != nil {
		s.conn.failed(client, err)
		return nil, withContext(ctx, err)
	}
	return s.drain(ctx, client, rs)
}

// readAllPage reads up to count events of $all forwards from from.
func (s *Store) readAllPage(ctx context.Context, from esdb.AllPosition, count uint64) ([]*esdb.ResolvedEvent, error) {
	client, err := s.conn.get()
	if err != nil {
		return nil, err
	}
	rs, err := client.ReadAll(ctx, esdb.ReadAllOptions{Direction: esdb.Forwards, From: from}, count)
	if err != nil {
		s.conn.failed(client, err)
		return nil, withContext(ctx, err)
	}
	return s.drain(ctx, client, rs)
}

func (s *Store) drain(ctx context.Context, client *esdb.Client, rs *esdb.ReadStream) ([]*esdb.ResolvedEvent, error) {
	defer rs.Close()
	var out []*esdb.ResolvedEvent
	for {
		re, err := rs.Recv()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			s.conn.failed(client, err)
			return nil, withContext(ctx, err)
		}
		out = append(out, re)
	}
}

// withContext makes an error caused by ctx match ctx.Err() with errors.Is.
func withContext(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w: %w", cerr, err)
	}
	return err
}
