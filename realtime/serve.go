package realtime

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"

	"github.com/olahol/melody"
)

// connKey is the melody session key of its conn.
const connKey = "realtime.conn"

// Serve upgrades the request to a websocket and serves client on it until
// the session ends. The caller has authenticated the request and checked
// its Origin (SameOrigin); the upgrader checks Origin again
// (Config.CheckOrigin). Before the upgrade it returns ErrClosed when the hub
// is shutting down, or the request's context error; a failed upgrade has
// been answered by the upgrader and is returned.
func (h *Hub) Serve(w http.ResponseWriter, r *http.Request, client Client) error {
	select {
	case <-h.ready:
	case <-h.stopped:
		return ErrClosed
	case <-r.Context().Done():
		return fmt.Errorf("realtime: serve: %w", r.Context().Err())
	}
	h.mu.Lock()
	closed := h.closed
	if !closed {
		h.serving.Add(1)
	}
	h.mu.Unlock()
	if closed {
		return ErrClosed
	}
	defer h.serving.Done()

	ctx, cancel := context.WithCancel(context.WithoutCancel(r.Context()))
	defer cancel()
	c := &conn{hub: h, account: client.Viewer.AccountID, credential: client.Credential, viewer: client.Viewer,
		subs: map[string]*subscription{}, ctx: ctx, cancel: cancel, drained: make(chan struct{}, 1)}
	err := h.melody.HandleRequestWithKeys(&hijackRecorder{ResponseWriter: w, conn: c}, r, map[string]any{connKey: c})
	if err != nil && !errors.Is(err, melody.ErrClosed) {
		return fmt.Errorf("realtime: serve: %w", err)
	}
	if errors.Is(err, melody.ErrClosed) {
		return ErrClosed
	}
	return nil
}

// newMelody builds the melody instance and routes its callbacks to the
// hub.
func (h *Hub) newMelody() *melody.Melody {
	m := melody.New()
	m.Config.MessageBufferSize = h.cfg.BufferSize
	m.Config.MaxMessageSize = maxClientMessage
	m.Config.PingPeriod = h.cfg.Heartbeat
	m.Config.PongWait = 2*h.cfg.Heartbeat + h.cfg.Heartbeat/2
	m.Upgrader.CheckOrigin = h.cfg.CheckOrigin
	m.HandleConnect(func(s *melody.Session) {
		if c := connOf(s); c != nil {
			c.session = s
			h.register(c)
		}
	})
	m.HandleDisconnect(func(s *melody.Session) {
		if c := connOf(s); c != nil {
			h.unregister(c)
		}
	})
	m.HandleMessage(func(s *melody.Session, msg []byte) {
		if c := connOf(s); c != nil {
			h.receive(c, msg)
		}
	})
	m.HandleSentMessage(func(s *melody.Session, _ []byte) {
		if c := connOf(s); c != nil {
			c.sent()
		}
	})
	m.HandleError(func(s *melody.Session, err error) {
		c := connOf(s)
		if c == nil || !errors.Is(err, melody.ErrMessageBufferFull) {
			return // read errors: the peer went away, and the disconnect follows
		}
		if !c.closing.Load() {
			h.log.Warn("realtime: a client does not keep up; disconnecting it", "account_id", c.accountID(),
				"buffer", h.cfg.BufferSize)
		}
		c.cut()
	})
	return m
}

func connOf(s *melody.Session) *conn {
	v, _ := s.Get(connKey)
	c, _ := v.(*conn)
	return c
}

// register adds a session that just connected.
func (h *Hub) register(c *conn) {
	h.mu.Lock()
	closed := h.closed
	if !closed {
		h.conns[c] = struct{}{}
	}
	h.mu.Unlock()
	if closed {
		c.end(ReasonShutdown, CloseGoingAway)
	}
}

// unregister drops a session that ended, with its subscriptions, and stops
// its resumes.
func (h *Hub) unregister(c *conn) {
	c.closing.Store(true)
	c.cancel()
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.conns, c)
	for _, sub := range c.subs {
		h.removeLocked(sub)
	}
}

// hijackRecorder keeps the connection the upgrader hijacks, so that a
// client that does not read can be cut off even while melody's writer is
// stuck on it.
type hijackRecorder struct {
	http.ResponseWriter
	conn *conn
}

func (w *hijackRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("realtime: the response writer cannot be hijacked")
	}
	raw, rw, err := hj.Hijack()
	if err == nil {
		w.conn.raw = raw
	}
	return raw, rw, err
}
