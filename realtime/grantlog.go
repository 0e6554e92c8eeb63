package realtime

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/eventstore"
)

// grantCacheSize bounds the grants GrantLog remembers; past it the cache
// starts over (a grant's subject never changes, so any entry stays true).
const grantCacheSize = 10_000

// GrantLog is GrantSubjects read from the log: an organisation's grants are
// recorded in its access stream (access-<org>), each RoleGranted naming
// its subject. Answers are cached. It is safe for concurrent use.
type GrantLog struct {
	store eventstore.Store

	mu    sync.Mutex
	cache map[string]identity.Subject // by org + "/" + grant
}

// NewGrantLog reads grants from store.
func NewGrantLog(store eventstore.Store) *GrantLog {
	return &GrantLog{store: store, cache: map[string]identity.Subject{}}
}

// GrantSubject implements GrantSubjects.
func (g *GrantLog) GrantSubject(ctx context.Context, orgID, grantID string) (identity.Subject, error) {
	key := orgID + "/" + grantID
	g.mu.Lock()
	s, ok := g.cache[key]
	g.mu.Unlock()
	if ok {
		return s, nil
	}
	stream := identity.StreamOf(identity.CategoryAccess, orgID)
	const page = 1000
	for from := uint64(0); ; {
		events, err := g.store.ReadStream(ctx, stream, from, page)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			return identity.Subject{}, fmt.Errorf("realtime: grant %s: %w", grantID, domain.ErrNotFound)
		}
		if err != nil {
			return identity.Subject{}, fmt.Errorf("realtime: grant %s: %w", grantID, err)
		}
		for _, e := range events {
			if e.Type != identity.TypeRoleGranted {
				continue
			}
			c := NewChange(e)
			if id, _ := c.String("grant_id"); id != grantID {
				continue
			}
			if !c.Object("subject", &s) {
				return identity.Subject{}, fmt.Errorf("realtime: grant %s: the RoleGranted event has no subject", grantID)
			}
			g.remember(key, s)
			return s, nil
		}
		if len(events) < page {
			return identity.Subject{}, fmt.Errorf("realtime: grant %s: %w", grantID, domain.ErrNotFound)
		}
		from += uint64(len(events))
	}
}

func (g *GrantLog) remember(key string, s identity.Subject) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.cache) >= grantCacheSize {
		g.cache = map[string]identity.Subject{}
	}
	g.cache[key] = s
}
