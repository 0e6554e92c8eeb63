package reports

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"cronica/domain"
	"cronica/eventstore"
)

// Decoder turns a stored event into its domain event (commands.Codec is
// one). Implementations must be safe for concurrent use.
type Decoder interface {
	Decode(r eventstore.RecordedEvent) (domain.Event, error)
}

// Recorded is a stored event with its decoded domain event; its Data
// (the JSON) is dropped once decoded.
type Recorded struct {
	eventstore.RecordedEvent
	Event domain.Event
}

// Snapshot is the log as of one position: every stream read through it
// ends at that position, and its aggregates are folded by the domain's own
// Load functions, the ones the commands use. It remembers the streams it
// read (a report reads a stream once) and the last position among their
// events: the effective as-of, which names the state a report shows
// whatever later, unrelated events the requested as-of took in. Safe for
// concurrent use.
type Snapshot struct {
	store eventstore.Store
	dec   Decoder
	index Index
	at    eventstore.Position

	mu        sync.Mutex
	streams   map[string][]Recorded
	effective eventstore.Position
}

// NewSnapshot is the log as of position at.
func NewSnapshot(store eventstore.Store, dec Decoder, index Index, at eventstore.Position) *Snapshot {
	return &Snapshot{store: store, dec: dec, index: index, at: at, streams: map[string][]Recorded{}}
}

// Position is the as-of position the snapshot reads up to.
func (s *Snapshot) Position() eventstore.Position { return s.at }

// Effective is the position of the last event the snapshot returned, from
// any stream (0 before any).
func (s *Snapshot) Effective() eventstore.Position {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.effective
}

// The ReadStream calls of a snapshot ask for firstPage events, then
// readPage at a time: most streams (a month, a person) are short, and a
// store sizes its answer by the limit asked.
const (
	firstPage = 128
	readPage  = 1000
)

// Stream is the events of stream at or before the snapshot's position, in
// version order; a stream with none then is domain.ErrNotFound.
func (s *Snapshot) Stream(ctx context.Context, stream string) ([]Recorded, error) {
	s.mu.Lock()
	got, ok := s.streams[stream]
	s.mu.Unlock()
	if !ok {
		var err error
		if got, err = s.read(ctx, stream); err != nil {
			return nil, err
		}
		s.mu.Lock()
		s.streams[stream] = got
		s.mu.Unlock()
	}
	if len(got) == 0 {
		return nil, fmt.Errorf("reports: stream %s as of %d: %w", stream, s.at, domain.ErrNotFound)
	}
	s.mu.Lock()
	if p := got[len(got)-1].Position; p > s.effective {
		s.effective = p
	}
	s.mu.Unlock()
	return got, nil
}

// read reads stream from the store, up to the snapshot's position.
func (s *Snapshot) read(ctx context.Context, stream string) ([]Recorded, error) {
	var out []Recorded
	limit := firstPage
	for from := uint64(0); ; {
		page, err := s.store.ReadStream(ctx, stream, from, limit)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reports: read %s: %w", stream, err)
		}
		for _, r := range page {
			if r.Position > s.at {
				return out, nil
			}
			e, err := s.dec.Decode(r)
			if err != nil {
				return nil, fmt.Errorf("reports: %w", err)
			}
			r.Data = nil // decoded: a report over many streams keeps only what it folds
			out = append(out, Recorded{RecordedEvent: r, Event: e})
		}
		if len(page) < limit {
			return out, nil
		}
		from, limit = page[len(page)-1].Version+1, readPage
	}
}

// Events is the domain events of stream as of the snapshot
// (domain.ErrNotFound when none).
func (s *Snapshot) Events(ctx context.Context, stream string) ([]domain.Event, error) {
	got, err := s.Stream(ctx, stream)
	if err != nil {
		return nil, err
	}
	out := make([]domain.Event, len(got))
	for i, r := range got {
		out[i] = r.Event
	}
	return out, nil
}

// Prefetch reads streams with up to workers reads at once, so that a
// report over many streams does not wait for them one by one. Streams
// with no event are remembered as such.
func (s *Snapshot) Prefetch(ctx context.Context, streams []string, workers int) error {
	if workers < 1 {
		workers = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	todo := make(chan string)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range todo {
				if _, err := s.Stream(ctx, id); err != nil && !errors.Is(err, domain.ErrNotFound) {
					errs <- err
					cancel()
					return
				}
			}
		}()
	}
feed:
	for _, id := range streams {
		s.mu.Lock()
		_, done := s.streams[id]
		s.mu.Unlock()
		if done {
			continue
		}
		select {
		case todo <- id:
		case <-ctx.Done():
			break feed
		}
	}
	close(todo)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	return ctx.Err()
}

// Streams are orgID's streams of category as of the snapshot, sorted.
func (s *Snapshot) Streams(ctx context.Context, orgID, category string) ([]string, error) {
	return s.index.Streams(ctx, orgID, category, s.at)
}

// TimeOf is the recorded time of the event at position p.
func (s *Snapshot) TimeOf(ctx context.Context, p eventstore.Position) (time.Time, error) {
	return s.index.TimeOf(ctx, p)
}
