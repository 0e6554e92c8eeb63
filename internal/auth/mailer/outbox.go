package mailer

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// outboxTimeFormat names outbox files: sortable, UTC, no "_".
const outboxTimeFormat = "20060102T150405.000000000Z"

// OutboxConfig configures a FileOutbox.
type OutboxConfig struct {
	// Dir receives the .eml files; created (0700) when missing. Cronica
	// uses CRONICA_DATA_DIR/outbox.
	Dir string
	// From is the sender, "Cronica <no-reply@example.org>".
	From string
	// Now stamps the Date header and the file name; default time.Now.
	Now func() time.Time
}

// FileOutbox is a Mailer that writes each message into a directory as
// <UTC time>_<ID>.eml (RFC 5322, CRLF), atomically (a hidden temporary
// file, synced, then renamed), readable by the owner only: reset messages
// hold live links. A message whose ID is already in the directory is not
// written again. It is safe for concurrent use within one process; two
// processes sharing a directory may each write a message once.
type FileOutbox struct {
	dir  string
	from *mail.Address
	now  func() time.Time
	mu   sync.Mutex
}

// NewFileOutbox returns a FileOutbox writing into cfg.Dir.
func NewFileOutbox(cfg OutboxConfig) (*FileOutbox, error) {
	if cfg.Dir == "" {
		return nil, errors.New("auth: mailer: outbox: no directory")
	}
	from, err := parseFrom(cfg.From)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("auth: mailer: outbox: %w", err)
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	return &FileOutbox{dir: cfg.Dir, from: from, now: now}, nil
}

// Send writes m into the outbox, unless a message with m.ID is there
// already: then it writes nothing and returns nil.
func (o *FileOutbox) Send(ctx context.Context, m Message) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("auth: mailer: outbox: send %s: %w", m.ID, err)
	}
	to, err := m.check()
	if err != nil {
		return err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	_, found, err := o.find(m.ID)
	if err != nil || found {
		return err
	}
	now := o.now().UTC()
	body, err := compose(m, o.from, to, now)
	if err != nil {
		return err
	}
	final := filepath.Join(o.dir, now.Format(outboxTimeFormat)+"_"+m.ID+".eml")
	if err := writeAtomic(o.dir, final, body); err != nil {
		return fmt.Errorf("auth: mailer: outbox: send %s: %w", m.ID, err)
	}
	return nil
}

// Path is the file holding the message with id, if the outbox has one. End
// to end tests read password-reset links through it.
func (o *FileOutbox) Path(id string) (string, bool, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.find(id)
}

// find looks for <time>_<id>.eml; the time part has no "_", so the id is
// what follows the first one.
func (o *FileOutbox) find(id string) (string, bool, error) {
	entries, err := os.ReadDir(o.dir)
	if err != nil {
		return "", false, fmt.Errorf("auth: mailer: outbox: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(name, ".") {
			continue
		}
		base, ok := strings.CutSuffix(name, ".eml")
		if !ok {
			continue
		}
		if _, got, ok := strings.Cut(base, "_"); ok && got == id {
			return filepath.Join(o.dir, name), true, nil
		}
	}
	return "", false, nil
}

// writeAtomic writes body to final through a synced temporary file in dir
// and a rename, then syncs dir, so final is either absent or whole.
func writeAtomic(dir, final string, body []byte) (err error) {
	// CreateTemp makes the file 0600.
	tmp, err := os.CreateTemp(dir, ".tmp-*.eml")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name()) // best effort; the error that matters is err
		}
	}()
	if _, err := tmp.Write(body); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
