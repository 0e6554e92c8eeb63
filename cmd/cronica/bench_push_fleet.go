package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// fleet is the websocket clients of a push bench: each records when each
// message with a "position" arrived.
type fleet struct {
	clients  []*fleetClient
	expected int64 // receipts that make the run complete
	received atomic.Int64
	complete chan struct{}
	sample   atomic.Pointer[[]byte] // one message as received, for the bare baseline's payload
}

type fleetClient struct {
	conn     *websocket.Conn
	receipts []receipt
	done     chan struct{}
}

// receipt is one message's position (the key of when it was sent) and
// when it arrived.
type receipt struct {
	key uint64
	at  time.Time
}

// dialFleet opens n sessions at url with header, 32 at a time; when
// subscribe is set, each sends it and waits for its "subscribed" before
// counting as open. Each session then reads on its own goroutine until it
// is closed, until expected receipts have come in all.
func dialFleet(ctx context.Context, url string, header http.Header, n int, subscribe []byte, expected int) (*fleet, error) {
	f := &fleet{clients: make([]*fleetClient, n), expected: int64(expected), complete: make(chan struct{})}
	dialer := websocket.Dialer{HandshakeTimeout: 30 * time.Second}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		next atomic.Int64
	)
	for range min(32, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				c, err := dialOne(ctx, dialer, url, header, subscribe)
				if err != nil {
					mu.Lock()
					errs = append(errs, fmt.Errorf("client %d: %w", i, err))
					mu.Unlock()
					return
				}
				f.clients[i] = c
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		f.close()
		return nil, errors.Join(errs...)
	}
	for _, c := range f.clients {
		go f.read(c)
	}
	return f, nil
}

func dialOne(ctx context.Context, dialer websocket.Dialer, url string, header http.Header, subscribe []byte) (*fleetClient, error) {
	conn, resp, err := dialer.DialContext(ctx, url, header)
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	if err != nil {
		return nil, err
	}
	c := &fleetClient{conn: conn, done: make(chan struct{})}
	if subscribe == nil {
		return c, nil
	}
	if err := conn.WriteMessage(websocket.TextMessage, subscribe); err != nil {
		conn.Close()
		return nil, err
	}
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			conn.Close()
			return nil, err
		}
		if bytes.Contains(msg, []byte(`"type":"subscribed"`)) {
			return c, nil
		}
		if bytes.Contains(msg, []byte(`"type":"error"`)) {
			conn.Close()
			return nil, fmt.Errorf("subscribe refused: %s", msg)
		}
	}
}

// read records the receipts of c (changes: messages with an entity_id;
// control messages are skipped) until its connection ends.
func (f *fleet) read(c *fleetClient) {
	defer close(c.done)
	marker, change := []byte(`"position":"`), []byte(`"entity_id":`)
	for {
		_, msg, err := c.conn.ReadMessage()
		if err != nil {
			return
		}
		at := time.Now()
		i := bytes.Index(msg, marker)
		if i < 0 || !bytes.Contains(msg, change) {
			continue
		}
		rest := msg[i+len(marker):]
		end := bytes.IndexByte(rest, '"')
		key, err := strconv.ParseUint(string(rest[:max(end, 0)]), 10, 64)
		if end < 0 || err != nil {
			continue
		}
		c.receipts = append(c.receipts, receipt{key: key, at: at})
		if f.sample.Load() == nil {
			cp := slices.Clone(msg)
			f.sample.CompareAndSwap(nil, &cp)
		}
		if f.received.Add(1) == f.expected {
			close(f.complete)
		}
	}
}

// wait returns when every receipt came, or after timeout (false).
func (f *fleet) wait(timeout time.Duration) bool {
	select {
	case <-f.complete:
		return true
	case <-time.After(timeout):
		return false
	}
}

// close ends every session and waits for the readers.
func (f *fleet) close() {
	for _, c := range f.clients {
		if c != nil {
			c.conn.Close()
		}
	}
	for _, c := range f.clients {
		if c != nil && c.done != nil {
			select {
			case <-c.done:
			case <-time.After(5 * time.Second):
			}
		}
	}
}

// latencies is, for every receipt, its arrival less when its key was sent
// (sent[key]), sorted; and the last arrival.
func (f *fleet) latencies(sent map[uint64]time.Time) ([]time.Duration, time.Time) {
	var (
		out  []time.Duration
		last time.Time
	)
	for _, c := range f.clients {
		<-c.done
		for _, r := range c.receipts {
			t0, ok := sent[r.key]
			if !ok {
				continue
			}
			out = append(out, max(r.at.Sub(t0), 0))
			if r.at.After(last) {
				last = r.at
			}
		}
	}
	slices.Sort(out)
	return out, last
}

// pct is the q-quantile of sorted durations.
func pct(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted)) + 0.5)
	return sorted[min(max(i-1, 0), len(sorted)-1)]
}
