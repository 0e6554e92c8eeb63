package commands

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"cronica/domain"
	"cronica/eventstore"
)

// StreamCache keeps the decoded histories of recently loaded streams, so
// that a command deciding on a person's month does not read the person's
// contracts, the projects and the calendar from the store every time.
//
// It is correct because of two rules. First, a cached history is only a
// starting point for the stream a command appends to: the append expects
// the cached version exactly, so a history that missed a change fails
// with eventstore.ErrConcurrency, is evicted, and the command decides again
// on a fresh read. Second, the histories a command only reads (the
// context of its rules) are evicted by Follow as soon as the log shows a
// newer event of their stream, written by this process or another: they
// are as fresh as a read a few milliseconds earlier, which is what a read
// of another aggregate gives anyway (no lock spans two streams).
//
// A history read from the store is kept only if the log showed no event of
// its stream (or of a stream sharing its slot) while it was being read, so
// an event committed during the read can never be lost behind it. Nothing
// is cached while Follow is not running. Histories are shared: the events
// in them must be treated as immutable, as the aggregates do.
//
// It is safe for concurrent use.
type StreamCache struct {
	max       int
	following atomic.Bool

	mu sync.Mutex
	// seen counts, per slot of stream ids, the events the log showed.
	seen    [cacheSlots]uint64
	order   *list.List // of *cachedStream, most recent first
	streams map[string]*list.Element
}

// cacheSlots is how many counters guard reads in flight; streams share a
// slot by hash, which only costs a missed chance to cache.
const cacheSlots = 4096

type cachedStream struct {
	stream  string
	events  []domain.Event
	version int64 // of the last event
}

// NewStreamCache keeps at most max streams (least recently used out).
func NewStreamCache(max int) *StreamCache {
	return &StreamCache{max: max, order: list.New(), streams: map[string]*list.Element{}}
}

func slot(stream string) int {
	h := fnv.New32a()
	h.Write([]byte(stream))
	return int(h.Sum32() % cacheSlots)
}

// get returns the cached history of stream.
func (c *StreamCache) get(stream string) ([]domain.Event, bool) {
	if c == nil || !c.following.Load() {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.streams[stream]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cachedStream).events, true
}

// ticket is taken before reading a stream from the store and given back to
// put: the read is cached only if the log showed nothing of the stream's
// slot in between.
func (c *StreamCache) ticket(stream string) uint64 {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.seen[slot(stream)]
}

// put caches a history read from the store with ticket t.
func (c *StreamCache) put(stream string, events []domain.Event, t uint64) {
	if c == nil || !c.following.Load() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen[slot(stream)] == t {
		c.set(stream, slices.Clip(events), int64(len(events))-1)
	}
}

// appended extends the cached history of stream after an append that
// expected version and stored changes up to last; a history at another
// version is dropped.
func (c *StreamCache) appended(stream string, version int64, changes []domain.Event, last uint64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.streams[stream]
	if !ok {
		return
	}
	cs := el.Value.(*cachedStream)
	events := append(slices.Clip(cs.events), changes...)
	if cs.version != version || int64(last) != int64(len(events))-1 {
		c.drop(el)
		return
	}
	c.set(stream, slices.Clip(events), int64(last))
}

// evict drops stream.
func (c *StreamCache) evict(stream string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.streams[stream]; ok {
		c.drop(el)
	}
}

// drop removes el; c.mu is held.
func (c *StreamCache) drop(el *list.Element) {
	c.order.Remove(el)
	delete(c.streams, el.Value.(*cachedStream).stream)
}

// Following reports whether Follow follows the log, so that the cache is
// in use.
func (c *StreamCache) Following() bool { return c.following.Load() }

// Len is how many streams are cached.
func (c *StreamCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.streams)
}

// set caches events as stream's history up to version; c.mu is held.
func (c *StreamCache) set(stream string, events []domain.Event, version int64) {
	if el, ok := c.streams[stream]; ok {
		if el.Value.(*cachedStream).version > version {
			return // a newer history got there first
		}
		el.Value = &cachedStream{stream: stream, events: events, version: version}
		c.order.MoveToFront(el)
		return
	}
	c.streams[stream] = c.order.PushFront(&cachedStream{stream: stream, events: events, version: version})
	for c.order.Len() > c.max {
		c.drop(c.order.Back())
	}
}

// observe is one event of the log: the stream's slot counts it, and a
// cached history that does not have it is dropped.
func (c *StreamCache) observe(stream string, version uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen[slot(stream)]++
	if el, ok := c.streams[stream]; ok && el.Value.(*cachedStream).version < int64(version) {
		c.drop(el)
	}
}

// reset empties the cache and stops caching until following again.
func (c *StreamCache) reset() {
	c.following.Store(false)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	clear(c.streams)
}

// Follow follows the log from after (its end, or any earlier position:
// only how soon the cache may be used depends on it) and evicts what it
// makes stale, until ctx is done. Caching is on only while it follows: a
// broken subscription empties the cache, and Follow subscribes again
// after retry.
func (c *StreamCache) Follow(ctx context.Context, store eventstore.Store, after eventstore.Position, retry time.Duration) error {
	for {
		err := c.follow(ctx, store, &after)
		c.reset()
		if ctx.Err() != nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(retry):
		}
		_ = err // the next subscription starts where this one stopped
	}
}

func (c *StreamCache) follow(ctx context.Context, store eventstore.Store, after *eventstore.Position) error {
	sub, err := store.Subscribe(ctx, *after)
	if err != nil {
		return fmt.Errorf("commands: stream cache: subscribe: %w", err)
	}
	defer sub.Close()
	c.following.Store(true)
	for {
		e, err := sub.Next(ctx)
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return nil
			}
			return fmt.Errorf("commands: stream cache: follow: %w", err)
		}
		c.observe(e.StreamID, e.Version)
		*after = e.Position
	}
}
