package realtime

import (
	"context"
	"net"
	"sync/atomic"
	"time"

	"github.com/olahol/melody"

	"cronica/eventstore"
)

// Credential is what a websocket session was opened with: a session cookie
// or an API token. The hub checks it again when an event may have ended it
// (a sign-out, a password change, a token revoked) and every
// Config.Recheck. Implementations must be safe for concurrent use.
type Credential interface {
	// Check is nil while the credential is still valid.
	Check(ctx context.Context) error
}

// Client is who opens a websocket session: the viewer as resolved for the
// request, and the credential it came with.
type Client struct {
	Viewer     Viewer
	Credential Credential
}

// conn is one websocket session.
type conn struct {
	hub        *Hub
	account    string // the viewer's account, fixed for the session's life
	credential Credential
	session    *melody.Session
	raw        net.Conn // the hijacked connection, for closing a stuck one
	ctx        context.Context
	cancel     context.CancelFunc

	// Guarded by hub.mu.
	viewer Viewer
	subs   map[string]*subscription // by topic, as the client wrote it

	queued  atomic.Int64  // messages handed to melody and not yet written
	drained chan struct{} // signalled when a message was written
	closing atomic.Bool   // set once the session is being closed
}

// subscription is one topic followed by one session. Guarded by hub.mu.
type subscription struct {
	conn  *conn
	topic string // as the client wrote it
	kind  string
	route Route
	// after: only changes past it are sent (live or by the resume).
	after eventstore.Position
	// live: the hub's feed sends to it; false while a resume catches up.
	live    bool
	removed bool
}

// send queues one message, unless the session is closing. When the
// session's buffer is full, melody reports it (handleError) and the session
// is cut: a client that does not read is dropped, never waited for.
func (c *conn) send(b []byte) {
	if c.closing.Load() {
		return
	}
	c.queued.Add(1)
	if err := c.session.Write(b); err != nil {
		c.queued.Add(-1)
	}
}

// sent is melody's report that a message was written.
func (c *conn) sent() {
	c.queued.Add(-1)
	select {
	case c.drained <- struct{}{}:
	default:
	}
}

// waitBelow blocks until at most n messages wait for this client (a resume
// paces itself so: it never fills the buffer that live changes need), or the
// session ends.
func (c *conn) waitBelow(n int64) error {
	for c.queued.Load() > n {
		t := time.NewTimer(50 * time.Millisecond) // a missed signal costs one tick
		select {
		case <-c.drained:
		case <-t.C:
		case <-c.ctx.Done():
			t.Stop()
			return c.ctx.Err()
		}
		t.Stop()
	}
	return nil
}

// end tells the client why, then closes the session with code.
func (c *conn) end(reason string, code int) {
	if !c.closing.CompareAndSwap(false, true) {
		return
	}
	c.hub.log.Info("realtime: closing a session", "account_id", c.accountID(), "reason", reason)
	_ = c.session.Write(encode(controlMessage{Type: MsgClosed, Reason: reason}))
	_ = c.session.CloseWithMsg(melody.FormatCloseMessage(code, reason))
}

// cut closes the connection at once, without a goodbye: for a client whose
// buffer is full, where no close frame could get through.
func (c *conn) cut() {
	c.closing.Store(true)
	if c.raw != nil {
		_ = c.raw.Close()
	}
}

// accountID is the account of the session.
func (c *conn) accountID() string { return c.account }
