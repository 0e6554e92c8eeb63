package commands

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/eventstore"
)

// Env is what every handler needs. Build it once (cmd/cronica) and share
// it; it is safe for concurrent use.
type Env struct {
	Store eventstore.Store
	Codec *Codec
	// NewID returns a new UUIDv7 (event ids and new aggregates' ids).
	NewID func() (uuid.UUID, error)
	// Now is the clock of decisions (expiries, grants).
	Now func() time.Time
	// Cache, when set and following the log, keeps recently loaded
	// histories (see StreamCache); nil reads every stream every time.
	Cache *StreamCache
	// Personal seals people's personal data before it is stored, and opens
	// it (personal.go); nil: a person with personal data cannot be
	// registered or changed (ErrNoSealer).
	Personal PersonalSealer
}

// Meta is what a request adds to the events it causes.
type Meta struct {
	Actor          identity.Principal
	CorrelationID  string
	CausationID    string
	IdempotencyKey string
}

// Result says where a command's events landed. Position is the consistency
// token: a read with min_position=Position sees the change.
type Result struct {
	ID       string              `json:"id,omitempty"` // the aggregate created or changed
	Version  uint64              `json:"version"`
	Position eventstore.Position `json:"position"`
}

// maxHistory bounds how many events one aggregate's stream may hold when
// loaded; identity aggregates stay far below it.
const maxHistory = 100_000

// load reads every event of stream and decodes it. A stream with no events
// gives an empty history, not an error.
func (env Env) load(ctx context.Context, stream string) ([]domain.Event, error) {
	if h, ok := env.Cache.get(stream); ok {
		return h, nil
	}
	ticket := env.Cache.ticket(stream)
	history, err := env.read(ctx, stream)
	if err == nil {
		env.Cache.put(stream, history, ticket)
	}
	return history, err
}

// read reads every event of stream from the store and decodes it.
func (env Env) read(ctx context.Context, stream string) ([]domain.Event, error) {
	var history []domain.Event
	for from := uint64(0); ; {
		page, err := env.Store.ReadStream(ctx, stream, from, 1000)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("commands: load %s: %w", stream, err)
		}
		for _, e := range page {
			d, err := env.Codec.Decode(e)
			if err != nil {
				return nil, fmt.Errorf("commands: load %s: %w", stream, err)
			}
			history = append(history, d)
		}
		if len(page) < 1000 {
			return history, nil
		}
		from += uint64(len(page))
		if from > maxHistory {
			return nil, fmt.Errorf("commands: load %s: more than %d events", stream, maxHistory)
		}
	}
}

// save appends changes to stream, expecting the stream at version
// (-1: no stream yet); orgID is the organisation the events concern, for
// their metadata.
func (env Env) save(ctx context.Context, stream string, version int64, orgID string, changes []domain.Event, m Meta) (Result, error) {
	if len(changes) == 0 {
		return Result{Version: uint64(max(version, 0))}, nil
	}
	expected := eventstore.NoStream()
	if version >= 0 {
		expected = eventstore.Exact(uint64(version))
	}
	events, err := env.eventData(changes, orgID, m)
	if err != nil {
		return Result{}, fmt.Errorf("commands: save %s: %w", stream, err)
	}
	req := eventstore.AppendRequest{Stream: stream, Expected: expected, Events: events}
	if m.IdempotencyKey != "" {
		req.IdempotencyKey = m.IdempotencyKey + "/" + stream
	}
	res, err := env.Store.Append(ctx, req)
	if err != nil {
		env.Cache.evict(stream) // a conflict means the history was stale; any other error leaves it unknown
		return Result{}, fmt.Errorf("commands: save %s: %w", stream, err)
	}
	env.Cache.appended(stream, version, changes, res.LastVersion)
	return Result{Version: res.LastVersion, Position: res.Position}, nil
}

// eventData encodes changes as the events of a request by m about orgID.
func (env Env) eventData(changes []domain.Event, orgID string, m Meta) ([]eventstore.EventData, error) {
	return env.Codec.EventData(changes, env.NewID, eventstore.Metadata{ActorID: m.Actor.AccountID, OrgID: orgID,
		CorrelationID: m.CorrelationID, CausationID: m.CausationID})
}

// newID is a new UUIDv7 as a string.
func (env Env) newID() (string, error) {
	id, err := env.NewID()
	if err != nil {
		return "", fmt.Errorf("commands: new id: %w", err)
	}
	return id.String(), nil
}
