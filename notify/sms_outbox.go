package notify

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// OutboxProvider is a Provider for development and tests: it writes each
// message into a directory as <UTC time>_<ID>.sms (a "To:" line, a blank
// line, the text), atomically, readable by the owner only, and writes an
// ID once (a second Send of it writes nothing). It is safe for concurrent
// use within one process.
type OutboxProvider struct {
	dir string
	now func() time.Time
	mu  sync.Mutex
}

// NewOutboxProvider writes into dir (created 0700 when missing); now
// stamps file names (nil: time.Now).
func NewOutboxProvider(dir string, now func() time.Time) (*OutboxProvider, error) {
	if dir == "" {
		return nil, errors.New("notify: sms outbox: no directory")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("notify: sms outbox: %w", err)
	}
	if now == nil {
		now = time.Now
	}
	return &OutboxProvider{dir: dir, now: now}, nil
}

// Send implements Provider; the id returned is the file's name.
func (o *OutboxProvider) Send(ctx context.Context, m SMS) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("notify: sms outbox: send %s: %w", m.ID, err)
	}
	if m.ID == "" || strings.ContainsAny(m.ID, "/\\_.") {
		return "", fmt.Errorf("notify: sms outbox: id %q: %w", m.ID, ErrPermanent)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if name, ok, err := o.find(m.ID); err != nil || ok {
		return name, err
	}
	name := o.now().UTC().Format("20060102T150405.000000000Z") + "_" + m.ID + ".sms"
	tmp, err := os.CreateTemp(o.dir, ".tmp-*.sms")
	if err != nil {
		return "", fmt.Errorf("notify: sms outbox: %w", err)
	}
	_, err = tmp.WriteString("To: " + m.To + "\r\n\r\n" + m.Body + "\r\n")
	if err == nil {
		err = tmp.Sync()
	}
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(o.dir, name))
	}
	if err != nil {
		_ = os.Remove(tmp.Name()) // best effort; err is what matters
		return "", fmt.Errorf("notify: sms outbox: send %s: %w", m.ID, err)
	}
	return name, nil
}

// Path is the file of the message with id, if there is one.
func (o *OutboxProvider) Path(id string) (string, bool, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	name, ok, err := o.find(id)
	return filepath.Join(o.dir, name), ok, err
}

func (o *OutboxProvider) find(id string) (string, bool, error) {
	entries, err := os.ReadDir(o.dir)
	if err != nil {
		return "", false, fmt.Errorf("notify: sms outbox: %w", err)
	}
	for _, e := range entries {
		base, ok := strings.CutSuffix(e.Name(), ".sms")
		if !ok || strings.HasPrefix(base, ".") {
			continue
		}
		if _, got, ok := strings.Cut(base, "_"); ok && got == id {
			return e.Name(), true, nil
		}
	}
	return "", false, nil
}
