package auth_test

import (
	"context"
	"io"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/internal/auth"
	"cronica/test/pgtest"
)

// t0 is the tests' fixed start time.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// clock is a settable clock, safe for concurrent use.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: t0} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// seeded is a deterministic random source.
func seeded(seed byte) io.Reader {
	return rand.NewChaCha8([32]byte{seed})
}

// lockedReader makes a reader safe for concurrent use.
type lockedReader struct {
	mu sync.Mutex
	r  io.Reader
}

func (l *lockedReader) Read(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.Read(p)
}

// newDB is an isolated, migrated database for one test.
func newDB(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, _ := pgtest.NewPool(t, "auth")
	pgtest.Must(t, auth.Migrate(context.Background(), pool), "migrate auth")
	return pool
}

func newSessions(t testing.TB, pool *pgxpool.Pool, c *clock) *auth.Sessions {
	t.Helper()
	s, err := auth.NewSessions(pool, auth.SessionConfig{Now: c.Now, Rand: &lockedReader{r: seeded(1)}})
	pgtest.Must(t, err, "new sessions")
	return s
}

// errReader fails every read.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
