package identitytest

import (
	"context"
	"sync"

	"cronica/eventstore"
)

// Gate is an eventstore.Store that holds the first parties appends to
// streams of category until all of them have arrived, so that concurrent
// handlers have all loaded before any of them writes: the race is decided
// by the store, every time.
type Gate struct {
	eventstore.Store
	category string
	parties  int

	mu      sync.Mutex
	arrived int
	open    chan struct{}
}

// NewGate gates s's appends to category until parties have arrived.
func NewGate(s eventstore.Store, category string, parties int) *Gate {
	return &Gate{Store: s, category: category, parties: parties, open: make(chan struct{})}
}

// Append implements eventstore.Store.
func (g *Gate) Append(ctx context.Context, req eventstore.AppendRequest) (eventstore.AppendResult, error) {
	if eventstore.Category(req.Stream) == g.category {
		g.mu.Lock()
		g.arrived++
		if g.arrived == g.parties {
			close(g.open)
		}
		g.mu.Unlock()
		select {
		case <-g.open:
		case <-ctx.Done():
			return eventstore.AppendResult{}, ctx.Err()
		}
	}
	return g.Store.Append(ctx, req)
}
