package esdb

import (
	"errors"
	"fmt"
	"sync"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
)

// conn holds the client. The v4 client closes itself for good when node
// discovery fails (for instance when the server is down while it reconnects),
// so a client that reports its connection closed is replaced by a new one on
// the next call, unless the store itself was closed.
type conn struct {
	conf *esdb.Configuration

	mu     sync.Mutex
	client *esdb.Client
	closed bool
}

func newConn(conf *esdb.Configuration) (*conn, error) {
	client, err := esdb.NewClient(conf)
	if err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	return &conn{conf: conf, client: client}, nil
}

var errStoreClosed = errors.New("store is closed")

// get returns the current client.
func (c *conn) get() (*esdb.Client, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, errStoreClosed
	}
	if c.client == nil {
		client, err := esdb.NewClient(c.conf)
		if err != nil {
			return nil, fmt.Errorf("client: %w", err)
		}
		c.client = client
	}
	return c.client, nil
}

// failed tells conn that a call on client returned err; a client that closed
// itself is dropped so the next get makes a new one. The dropped client is not
// closed again: its connection goroutine has already stopped, and closing its
// message channel could panic a call still blocked on it.
func (c *conn) failed(client *esdb.Client, err error) {
	if failureOf(err) != failConnectionClosed {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.client == client && !c.closed {
		c.client = nil
	}
}

// close closes the client; later calls fail with errStoreClosed.
func (c *conn) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	if c.client == nil {
		return nil
	}
	err := c.client.Close()
	c.client = nil
	return err
}
