package realtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/olahol/melody"

	"cronica/eventstore"
	"cronica/internal/pause"
)

// ErrClosed: the hub is shutting down and takes no new sessions.
var ErrClosed = errors.New("realtime: hub closed")

// Hub follows the log and pushes each change, once the read models have
// committed it, to the websocket sessions that follow one of its topics and
// may read it. One Hub serves one process; several processes on one
// database each run their own and each follows the whole log.
//
// Its methods are safe for concurrent use. Run must be running for
// sessions to be served.
type Hub struct {
	cfg     Config
	kinds   kindTable
	summary summarizer
	log     *slog.Logger
	melody  *melody.Melody

	ready   chan struct{} // closed once Run knows where it starts
	stopped chan struct{} // closed by Shutdown
	stop    sync.Once
	// closeMelody closes melody once: Shutdown may run twice at once (the
	// HTTP server's shutdown hook and the process's stop), and melody's
	// Close is not safe to call twice concurrently (the second blocks for
	// ever on its hub's exit channel).
	closeMelody sync.Once
	melodyErr   error
	serving     sync.WaitGroup // sessions being served

	// mu guards everything below, the fields of every conn and
	// subscription marked so, and the order of messages: every message
	// about a topic is queued under it.
	mu       sync.Mutex
	position eventstore.Position // every change up to it has been handled
	conns    map[*conn]struct{}
	index    map[topicKey]map[*subscription]struct{}
	closed   bool
}

// topicKey is what subscriptions are indexed by: a kind and a key of it.
type topicKey struct{ kind, key string }

// New builds a Hub from cfg.
func New(cfg Config) (*Hub, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	kinds, err := newKindTable(cfg.Kinds)
	if err != nil {
		return nil, err
	}
	h := &Hub{cfg: cfg, kinds: kinds, summary: newSummarizer(cfg.SummaryFields), log: cfg.Logger,
		ready: make(chan struct{}), stopped: make(chan struct{}),
		conns: map[*conn]struct{}{}, index: map[topicKey]map[*subscription]struct{}{}}
	h.melody = h.newMelody()
	return h, nil
}

// Run follows the log until ctx ends: it starts at Config.Start, then
// handles each event in log order (wait for the read models, apply its
// effects on permissions, push it), and sends heartbeats and rechecks
// credentials on their schedules. It returns nil when ctx ends, or the
// error that stopped it.
func (h *Hub) Run(ctx context.Context) error {
	start, ok := h.startPosition(ctx)
	if !ok {
		return nil
	}
	h.mu.Lock()
	h.position = start
	h.mu.Unlock()
	close(h.ready)
	h.log.Info("realtime: following the log", "from", uint64(start))

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); h.tick(ctx) }()
	defer wg.Wait()
	return h.follow(ctx, start)
}

// startPosition asks Config.Start, retrying until it answers (true) or ctx
// ends (false).
func (h *Hub) startPosition(ctx context.Context) (eventstore.Position, bool) {
	for backoff := 100 * time.Millisecond; ; backoff = min(2*backoff, 5*time.Second) {
		start, err := h.cfg.Start(ctx)
		if err == nil {
			return start, true
		}
		if ctx.Err() != nil {
			return 0, false
		}
		h.log.Error("realtime: cannot find where to start; retrying", "err", err, "retry_in", backoff)
		if pause.For(ctx, backoff) != nil {
			return 0, false
		}
	}
}

// follow subscribes to the log after from and handles every event.
func (h *Hub) follow(ctx context.Context, from eventstore.Position) error {
	sub, err := h.cfg.Store.Subscribe(ctx, from)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("realtime: follow the log: %w", err)
	}
	defer sub.Close()
	backoff := 10 * time.Millisecond
	for {
		e, err := sub.Next(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, eventstore.ErrSubscriptionClosed):
			return fmt.Errorf("realtime: follow the log: %w", err)
		case err != nil:
			h.log.Warn("realtime: reading the log failed; retrying", "err", err, "retry_in", backoff)
			if pause.For(ctx, backoff) != nil {
				return nil
			}
			backoff = min(2*backoff, 5*time.Second)
			continue
		}
		backoff = 10 * time.Millisecond
		if err := h.handle(ctx, e); err != nil {
			return nil // only ctx ends handle
		}
	}
}

// tick sends heartbeats and rechecks credentials until ctx ends.
func (h *Hub) tick(ctx context.Context) {
	heartbeat := time.NewTicker(h.cfg.Heartbeat)
	defer heartbeat.Stop()
	recheck := time.NewTicker(h.cfg.Recheck)
	defer recheck.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-heartbeat.C:
			h.heartbeat()
		case <-recheck.C:
			h.recheck(ctx, h.allConns())
		}
	}
}

// heartbeat sends every session the hub's position.
func (h *Hub) heartbeat() {
	h.mu.Lock()
	defer h.mu.Unlock()
	msg := encode(controlMessage{Type: MsgHeartbeat, Position: posPtr(h.position)})
	for c := range h.conns {
		c.send(msg)
	}
}

// Position is where the hub is in the log: every change up to it has been
// pushed.
func (h *Hub) Position() eventstore.Position {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.position
}

// Sessions is the number of open websocket sessions.
func (h *Hub) Sessions() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.conns)
}

// Shutdown takes no more sessions, closes the open ones (close code 1001,
// reason "shutdown"), and waits until they are gone or ctx ends; then cuts
// whatever is left.
func (h *Hub) Shutdown(ctx context.Context) error {
	h.stop.Do(func() { close(h.stopped) })
	h.mu.Lock()
	h.closed = true
	conns := make([]*conn, 0, len(h.conns))
	for c := range h.conns {
		conns = append(conns, c)
	}
	h.mu.Unlock()
	for _, c := range conns {
		c.end(ReasonShutdown, CloseGoingAway)
	}
	done := make(chan struct{})
	go func() { h.serving.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		for _, c := range conns {
			c.cut()
		}
		<-done
	}
	h.closeMelody.Do(func() { h.melodyErr = h.melody.Close() })
	if err := h.melodyErr; err != nil && !errors.Is(err, melody.ErrClosed) {
		return fmt.Errorf("realtime: shutdown: %w", err)
	}
	return nil
}

// allConns is a snapshot of the open sessions.
func (h *Hub) allConns() []*conn {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]*conn, 0, len(h.conns))
	for c := range h.conns {
		out = append(out, c)
	}
	return out
}
