package pgstore

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/eventstore"
	"cronica/internal/pause"
)

// waker lets subscribers sleep until something may have been appended. It is
// a broadcast: wake closes the current channel and makes a new one.
type waker struct {
	mu     sync.Mutex
	ch     chan struct{}
	latest eventstore.Position // the highest position announced so far
	closed bool
}

func newWaker() *waker { return &waker{ch: make(chan struct{})} }

// wait returns a channel closed by the next wake, the highest position
// announced so far, and whether the store is closed.
func (w *waker) wait() (<-chan struct{}, eventstore.Position, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.ch, w.latest, w.closed
}

// wake wakes every waiter; pos, when higher, becomes the latest position.
func (w *waker) wake(pos eventstore.Position) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return
	}
	w.latest = max(w.latest, pos)
	close(w.ch)
	w.ch = make(chan struct{})
}

// close wakes every waiter one last time; later waits return a closed
// channel at once.
func (w *waker) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.closed {
		w.closed = true
		close(w.ch)
	}
}

// announce is called after a successful append: it wakes this process's
// subscribers now and asks the sender to tell other processes.
func (s *Store) announce(pos eventstore.Position) {
	s.wake.wake(pos)
	for {
		select {
		case s.notify <- pos:
			return
		default:
		}
		// A notification is pending: fold ours into it.
		select {
		case old := <-s.notify:
			pos = max(pos, old)
		default:
		}
	}
}

// notifyEvery is the least time between two NOTIFYs of one Store: under
// load, appends made meanwhile fold into the next one.
const notifyEvery = 5 * time.Millisecond

// sendNotifications sends one NOTIFY at a time, outside the append
// transactions (a NOTIFY inside them would serialise their commits), at most
// one per notifyEvery.
func (s *Store) sendNotifications(ctx context.Context) {
	defer s.wg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case pos := <-s.notify:
			if _, err := s.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, channelName, strconv.FormatUint(uint64(pos), 10)); err != nil && ctx.Err() == nil {
				s.log.Warn("notify failed; other processes will poll", "error", err)
			}
			if pause.For(ctx, notifyEvery) != nil {
				return
			}
		}
	}
}

// listen holds a dedicated connection that LISTENs for appends of other
// processes, reconnecting with backoff. After a reconnect it wakes everyone,
// since notifications may have been lost meanwhile.
func (s *Store) listen(ctx context.Context) {
	defer s.wg.Done()
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := s.listenOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		s.log.Warn("listen connection lost; subscribers poll meanwhile", "error", err, "retry_in", backoff)
		s.wake.wake(0)
		if pause.For(ctx, backoff) != nil {
			return
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

func (s *Store) listenOnce(ctx context.Context) error {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+channelName); err != nil {
		return err
	}
	s.wake.wake(0)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		pos, _ := strconv.ParseUint(n.Payload, 10, 64)
		s.wake.wake(eventstore.Position(pos))
	}
}
