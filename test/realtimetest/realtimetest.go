package realtimetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Wait bounds every wait of a Client, so a broken server fails the test
// instead of hanging it. Tests never assert how long anything took.
const Wait = 20 * time.Second

// Message is any message the server sends: a change (Type is the event
// type, EntityID and Summary are set) or a control message.
type Message struct {
	Type     string         `json:"type"`
	ID       string         `json:"id"`
	Topic    string         `json:"topic"`
	EntityID string         `json:"entity_id"`
	Position string         `json:"position"`
	Summary  map[string]any `json:"summary"`
	Code     string         `json:"code"`
	Reason   string         `json:"reason"`
	Message  string         `json:"message"`
	Raw      string         `json:"-"`
}

// IsChange reports whether m is a change (not a control message).
func (m Message) IsChange() bool { return m.EntityID != "" }

// Client is one websocket session.
type Client struct {
	t    testing.TB
	conn *websocket.Conn

	mu      sync.Mutex
	cond    *sync.Cond
	queue   []Message
	done    bool
	err     error // why reading ended
	closeCd int   // the server's close code, when it sent one
}

// WSURL turns an http(s) base URL into the ws(s) URL of the endpoint.
func WSURL(base string) string {
	return "ws" + strings.TrimPrefix(strings.TrimSuffix(base, "/"), "http") + "/api/v1/ws"
}

// Dial opens a session at url with header, or fails the test.
func Dial(t testing.TB, url string, header http.Header) *Client {
	t.Helper()
	c, resp, err := DialResponse(t, url, header)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("realtimetest: dial %s: %v (HTTP %d)", url, err, status)
	}
	return c
}

// DialResponse opens a session at url with header; when the server refuses
// the upgrade, the error and its HTTP answer (body readable).
func DialResponse(t testing.TB, url string, header http.Header) (*Client, *http.Response, error) {
	ctx, cancel := context.WithTimeout(context.Background(), Wait)
	defer cancel()
	conn, resp, err := websocket.DefaultDialer.DialContext(ctx, url, header)
	if err != nil {
		return nil, resp, err
	}
	c := &Client{t: t, conn: conn}
	c.cond = sync.NewCond(&c.mu)
	go c.read()
	t.Cleanup(func() { c.Close() })
	return c, resp, nil
}

// DialIdle opens a session that never reads, with a small receive buffer:
// a client that does not keep up. Its Conn is returned as is.
func DialIdle(t testing.TB, url string, header http.Header) *websocket.Conn {
	t.Helper()
	d := websocket.Dialer{
		HandshakeTimeout: Wait,
		ReadBufferSize:   1024,
		NetDialContext: (&net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
			var serr error
			err := rc.Control(func(fd uintptr) { serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
			return errors.Join(err, serr)
		}}).DialContext,
	}
	conn, _, err := d.Dial(url, header)
	if err != nil {
		t.Fatalf("realtimetest: dial an idle client: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func (c *Client) read() {
	for {
		_, raw, err := c.conn.ReadMessage()
		c.mu.Lock()
		if err != nil {
			c.done, c.err = true, err
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				c.closeCd = ce.Code
			}
			c.cond.Broadcast()
			c.mu.Unlock()
			return
		}
		var m Message
		if jerr := json.Unmarshal(raw, &m); jerr != nil {
			m = Message{Type: "undecodable", Message: jerr.Error()}
		}
		m.Raw = string(raw)
		c.queue = append(c.queue, m)
		c.cond.Broadcast()
		c.mu.Unlock()
	}
}

// Send writes v as one JSON message.
func (c *Client) Send(v any) {
	c.t.Helper()
	if err := c.conn.WriteJSON(v); err != nil {
		c.t.Fatalf("realtimetest: send %v: %v", v, err)
	}
}

// SendRaw writes text as one message, as is.
func (c *Client) SendRaw(text string) {
	c.t.Helper()
	if err := c.conn.WriteMessage(websocket.TextMessage, []byte(text)); err != nil {
		c.t.Fatalf("realtimetest: send: %v", err)
	}
}

// Subscribe asks for topics, from now.
func (c *Client) Subscribe(topics ...string) {
	c.t.Helper()
	c.Send(map[string]any{"type": "subscribe", "topics": topics})
}

// SubscribeAfter asks for topics with every change after position first.
func (c *Client) SubscribeAfter(after string, topics ...string) {
	c.t.Helper()
	c.Send(map[string]any{"type": "subscribe", "topics": topics, "after": after})
}

// Next is the next message, waiting up to Wait; it fails the test when the
// session ended or nothing came.
func (c *Client) Next() Message {
	c.t.Helper()
	m, err := c.next(Wait)
	if err != nil {
		c.t.Fatalf("realtimetest: %v", err)
	}
	return m
}

func (c *Client) next(wait time.Duration) (Message, error) {
	timer := time.AfterFunc(wait, func() { c.mu.Lock(); c.cond.Broadcast(); c.mu.Unlock() })
	defer timer.Stop()
	deadline := time.Now().Add(wait)
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.queue) == 0 {
		if c.done {
			return Message{}, fmt.Errorf("the session ended (%v) before the next message", c.err)
		}
		if !time.Now().Before(deadline) {
			return Message{}, fmt.Errorf("no message within %s", wait)
		}
		c.cond.Wait()
	}
	m := c.queue[0]
	c.queue = c.queue[1:]
	return m, nil
}

// Expect reads messages until one satisfies ok and returns it with those it
// skipped; it fails the test when none comes.
func (c *Client) Expect(what string, ok func(Message) bool) (Message, []Message) {
	c.t.Helper()
	var skipped []Message
	for {
		m, err := c.next(Wait)
		if err != nil {
			c.t.Fatalf("realtimetest: waiting for %s: %v; skipped %v", what, err, raws(skipped))
		}
		if ok(m) {
			return m, skipped
		}
		skipped = append(skipped, m)
	}
}

// ExpectType reads until a message of type typ (and of topic, when not
// empty).
func (c *Client) ExpectType(typ, topic string) (Message, []Message) {
	c.t.Helper()
	return c.Expect(typ+" "+topic, func(m Message) bool { return m.Type == typ && (topic == "" || m.Topic == topic) })
}

// Ping sends a ping and reads until its pong: every message the server had
// queued before answering comes first, and is returned.
func (c *Client) Ping(id string) []Message {
	c.t.Helper()
	c.Send(map[string]any{"type": "ping", "id": id})
	_, before := c.Expect("pong "+id, func(m Message) bool { return m.Type == "pong" && m.ID == id })
	return before
}

// Closed waits until the server ends the session and returns its close
// code (0 when it cut the connection without one) and the messages that
// came before.
func (c *Client) Closed() (int, []Message) {
	c.t.Helper()
	timer := time.AfterFunc(Wait, func() { c.mu.Lock(); c.cond.Broadcast(); c.mu.Unlock() })
	defer timer.Stop()
	deadline := time.Now().Add(Wait)
	c.mu.Lock()
	defer c.mu.Unlock()
	for !c.done {
		if !time.Now().Before(deadline) {
			c.t.Fatalf("realtimetest: the session is still open after %s", Wait)
		}
		c.cond.Wait()
	}
	rest := c.queue
	c.queue = nil
	return c.closeCd, rest
}

// Close ends the session from the client's side.
func (c *Client) Close() {
	_ = c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""),
		time.Now().Add(time.Second))
	_ = c.conn.Close()
}

func raws(ms []Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Raw
	}
	return out
}
