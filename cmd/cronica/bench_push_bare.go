package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/olahol/melody"

	"cronica/internal/pause"
)

// bareResult is what the baseline measured: a bare melody instance
// broadcasting to the same number of clients.
type bareResult struct {
	latencies []time.Duration
	elapsed   time.Duration // first broadcast to last receipt
	missing   int64
}

// benchBare broadcasts payload (its position replaced by a sequence
// number) n times, every interval, through a bare melody instance to
// clients loopback clients, and measures broadcast-to-receipt latency.
func benchBare(ctx context.Context, clients, n int, interval time.Duration, payload []byte) (res bareResult, err error) {
	m := melody.New()
	defer func() {
		if closeErr := m.Close(); closeErr != nil && !errors.Is(closeErr, melody.ErrClosed) {
			err = errors.Join(err, closeErr)
		}
	}()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return res, fmt.Errorf("bench push: bare: %w", err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _ = m.HandleRequest(w, r) }),
		ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // ends with Close below
	defer srv.Close()

	f, err := dialFleet(ctx, "ws://"+ln.Addr().String()+"/", nil, clients, nil, clients*n)
	if err != nil {
		return res, fmt.Errorf("bench push: bare: %w", err)
	}
	for m.Len() < clients {
		if err := pause.For(ctx, time.Millisecond); err != nil {
			f.close()
			return res, err
		}
	}
	sent := make(map[uint64]time.Time, n)
	var first time.Time
	for i := range n {
		msg := withPosition(payload, uint64(i+1))
		t0 := time.Now()
		if i == 0 {
			first = t0
		}
		sent[uint64(i+1)] = t0
		if err := m.Broadcast(msg); err != nil {
			f.close()
			return res, fmt.Errorf("bench push: bare: broadcast: %w", err)
		}
		if err := pause.For(ctx, time.Until(t0.Add(interval))); err != nil {
			f.close()
			return res, err
		}
	}
	f.wait(30 * time.Second)
	res.missing = f.expected - f.received.Load()
	f.close()
	lat, last := f.latencies(sent)
	res.latencies, res.elapsed = lat, last.Sub(first)
	return res, nil
}

// withPosition is msg with the value of its "position" replaced by pos.
func withPosition(msg []byte, pos uint64) []byte {
	marker := []byte(`"position":"`)
	i := bytes.Index(msg, marker)
	if i < 0 {
		return msg
	}
	start := i + len(marker)
	end := bytes.IndexByte(msg[start:], '"')
	if end < 0 {
		return msg
	}
	out := append([]byte{}, msg[:start]...)
	out = strconv.AppendUint(out, pos, 10)
	return append(out, msg[start+end:]...)
}
