package pgstore

import (
	"sync"

	"cronica/eventstore"
)

// headCache remembers, per stream, the highest version this process has
// seen and that event's hash and position. An event never changes, so an entry can be
// stale (the stream has grown) but never wrong: an append after a stale head
// meets the unique (stream_id, version) index and fails as a conflict, as it
// must. It lets the usual append (load the stream, decide, append with the
// exact version) skip the general path. Safe for concurrent use.
type headCache struct {
	mu  sync.Mutex
	m   map[string]cachedHead
	max int
}

type cachedHead struct {
	version  uint64
	hash     eventstore.Hash
	position eventstore.Position
}

func newHeadCache(max int) *headCache {
	return &headCache{m: make(map[string]cachedHead), max: max}
}

// get returns what is remembered of version of stream, if that version is
// the one remembered.
func (c *headCache) get(stream string, version uint64) (cachedHead, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.m[stream]
	if !ok || h.version != version {
		return cachedHead{}, false
	}
	return h, true
}

// put remembers version's hash and position unless a higher version is
// already known. When full it forgets an arbitrary eighth of the entries.
func (c *headCache) put(stream string, version uint64, hash eventstore.Hash, position eventstore.Position) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if h, ok := c.m[stream]; ok && h.version >= version {
		return
	}
	if len(c.m) >= c.max {
		drop := max(c.max/8, 1)
		for k := range c.m {
			delete(c.m, k)
			if drop--; drop == 0 {
				break
			}
		}
	}
	c.m[stream] = cachedHead{version: version, hash: hash, position: position}
}
