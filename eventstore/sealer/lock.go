package sealer

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// lockKey is the advisory lock that makes one process at a time do the
// job called name.
func lockKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte("cronica.sealer\x00" + name))
	return int64(h.Sum64())
}

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

// lockRetry is how often a standby scheduler tries the lock; lockCheck how
// often the holder pings the connection that holds it.
const (
	lockRetry = 500 * time.Millisecond
	lockCheck = time.Second
)

// holdLock runs fn while this process holds the advisory lock name on a
// connection of its own (so the lock ends with the process: another
// instance takes over within lockRetry of its death). fn's context ends
// when ctx does or the lock's connection fails; holdLock then tries for
// the lock again, until ctx ends.
func holdLock(ctx context.Context, cfg *pgx.ConnConfig, name string, fn func(ctx context.Context)) {
	for ctx.Err() == nil {
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			sleep(ctx, lockRetry)
			continue
		}
		var got bool
		if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, lockKey(name)).Scan(&got); err != nil || !got {
			conn.Close(context.WithoutCancel(ctx))
			sleep(ctx, lockRetry)
			continue
		}
		held, cancel := context.WithCancel(ctx)
		watched := make(chan struct{})
		go func() {
			defer close(watched)
			watch(held, cancel, conn)
		}()
		fn(held)
		cancel()
		<-watched
		closeCtx, stop := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		conn.Exec(closeCtx, `SELECT pg_advisory_unlock($1)`, lockKey(name)) //nolint:errcheck // closing the session frees it anyway
		conn.Close(closeCtx)
		stop()
	}
}

// watch pings conn until held ends; a failed ping cancels held.
func watch(held context.Context, cancel context.CancelFunc, conn *pgx.Conn) {
	t := time.NewTicker(lockCheck)
	defer t.Stop()
	for {
		select {
		case <-held.Done():
			return
		case <-t.C:
			pingCtx, stop := context.WithTimeout(held, lockCheck)
			err := conn.Ping(pingCtx)
			stop()
			if err != nil && held.Err() == nil {
				cancel()
				return
			}
		}
	}
}

// sleep waits d or until ctx ends, and says whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
