package sealer

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/internal/pglock"
)

// lockKey is the advisory lock that makes one process at a time do the
// job called name.
func lockKey(name string) int64 { return pglock.Key("cronica.sealer", name) }

// lockSeal waits for the cluster's seal lock and returns its release. The
// lock is held on a connection of its own, outside pool, so sealers
// waiting for it never take the pool's connections from the one that
// holds it.
func lockSeal(ctx context.Context, pool *pgxpool.Pool) (unlock func(), err error) {
	conn, err := pgx.ConnectConfig(ctx, pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, fmt.Errorf("sealer: lock: %w", err)
	}
	key := lockKey("seal")
	closeConn := func() {
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		conn.Close(closeCtx) //nolint:errcheck // closing the session frees the lock
		cancel()
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, key); err != nil {
		closeConn()
		return nil, fmt.Errorf("sealer: lock: %w", err)
	}
	return closeConn, nil
}

// holdLock runs fn while this process holds the sealer's advisory lock of
// the job called name (pglock.Hold): one scheduler of the cluster at a
// time seals, and another takes over within pglock.Retry of its death.
func holdLock(ctx context.Context, cfg *pgx.ConnConfig, name string, fn func(ctx context.Context)) {
	pglock.Hold(ctx, cfg, lockKey(name), fn)
}

// sleep waits d or until ctx ends, and says whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool { return pglock.Sleep(ctx, d) }
