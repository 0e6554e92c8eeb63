package eventstore

import (
	"context"
	"encoding/json"

	"github.com/google/uuid"
)

// Position is a place in the global log ($all). Positions grow strictly in
// the order the log is read; they are sparse (gaps are normal) and opaque:
// compare them, never do arithmetic on them. Start (0) is before every event.
type Position uint64

// Start is the position before the first event of the log.
const Start Position = 0

// Store is the event log port. Every method is safe for concurrent use by
// many goroutines; ordering guarantees are stated per method.
type Store interface {
	// Append writes req.Events to the end of req.Stream atomically, after
	// checking req.Expected against the stream's current version. It returns
	// the stream's new version and the global position of the last event.
	//
	// Idempotency: re-appending events whose ids are already stored at the
	// same place in the same stream, or repeating a request with an
	// IdempotencyKey already used, returns the first result with Duplicate set
	// and writes nothing. Errors: ErrConcurrency (expected version not met),
	// ErrInvalid (bad input), ErrIdempotencyKeyReused.
	Append(ctx context.Context, req AppendRequest) (AppendResult, error)

	// ReadStream returns up to limit events of stream with version >= from, in
	// version order. A stream with no events gives ErrStreamNotFound; a from
	// past the end gives an empty slice.
	ReadStream(ctx context.Context, stream string, from uint64, limit int) ([]RecordedEvent, error)

	// ReadAll returns up to limit events of the whole log with position >
	// after, in log order. It never returns an event while an event that will
	// be placed before it can still be committed, so a reader that resumes
	// from the last position it saw never skips anything.
	ReadAll(ctx context.Context, after Position, limit int) ([]RecordedEvent, error)

	// Subscribe follows the log from after: it first delivers what is stored
	// (catch-up), then new events as they commit (live), in ReadAll order,
	// with no gap and no duplicate.
	Subscribe(ctx context.Context, after Position) (Subscription, error)
}

// Subscription is a pull-based cursor over the log. Next and Close may be
// called from different goroutines; Next must not be called concurrently with
// itself.
type Subscription interface {
	// Next blocks until the next event is available, ctx is done, or the
	// subscription is closed (ErrSubscriptionClosed).
	Next(ctx context.Context) (RecordedEvent, error)
	// Close releases the subscription; it is idempotent.
	Close() error
}

// AppendRequest is one atomic append to one stream.
type AppendRequest struct {
	Stream   string
	Expected ExpectedVersion
	Events   []EventData
	// IdempotencyKey, when set, makes the request durable-idempotent: the
	// same key returns the first result and writes nothing new. It is copied
	// into every event's metadata.
	IdempotencyKey string
}

// EventData is an event to append.
type EventData struct {
	ID       uuid.UUID       // UUIDv7, chosen by the caller so retries are idempotent
	Type     string          // constant, versioned, e.g. "TimeEntryRecorded.v1"
	Data     json.RawMessage // a JSON value, usually an object
	Metadata Metadata        // RecordedAt and IdempotencyKey are set by the store
}

// AppendResult tells where an append landed.
type AppendResult struct {
	FirstVersion uint64   // version of the first appended event
	LastVersion  uint64   // the stream's new version
	Position     Position // global position of the last appended event: the consistency token
	Duplicate    bool     // true when nothing was written because the request was a repeat
}

// RecordedEvent is an event as stored, with its envelope.
type RecordedEvent struct {
	Position Position
	StreamID string
	Version  uint64
	ID       uuid.UUID
	Type     string
	Data     json.RawMessage
	Metadata Metadata
	PrevHash Hash // the previous event's hash in this stream (zero for version 0)
	Hash     Hash // ChainHash(PrevHash, Version, ContentDigest(...))
}

// Category is the part of the stream id before the first '-'.
func (e RecordedEvent) Category() string { return Category(e.StreamID) }
