package pglock

import (
	"context"
	"hash/fnv"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/internal/pause"
)

// Retry is how often a standby tries the lock; Check how often the holder
// pings the connection that holds it.
const (
	Retry = 500 * time.Millisecond
	Check = time.Second
)

// Key is the advisory lock key of the job name of a component (its
// namespace): FNV-1a over both, so components never share a key by chance.
func Key(namespace, name string) int64 {
	h := fnv.New64a()
	h.Write([]byte(namespace + "\x00" + name))
	return int64(h.Sum64())
}

// Hold runs fn while this process holds the advisory lock key on a
// connection of its own, made from cfg. fn's context ends when ctx does or
// the lock's connection fails; Hold then tries for the lock again, every
// Retry, until ctx ends.
func Hold(ctx context.Context, cfg *pgx.ConnConfig, key int64, fn func(ctx context.Context)) {
	for ctx.Err() == nil {
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			Sleep(ctx, Retry)
			continue
		}
		var got bool
		if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&got); err != nil || !got {
			conn.Close(context.WithoutCancel(ctx)) //nolint:errcheck // a connection that failed: nothing is held
			Sleep(ctx, Retry)
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
		conn.Exec(closeCtx, `SELECT pg_advisory_unlock($1)`, key) //nolint:errcheck // closing the session frees it anyway
		conn.Close(closeCtx)                                      //nolint:errcheck // the session ends either way
		stop()
	}
}

// watch pings conn until held ends; a failed ping cancels held.
func watch(held context.Context, cancel context.CancelFunc, conn *pgx.Conn) {
	t := time.NewTicker(Check)
	defer t.Stop()
	for {
		select {
		case <-held.Done():
			return
		case <-t.C:
			pingCtx, stop := context.WithTimeout(held, Check)
			err := conn.Ping(pingCtx)
			stop()
			if err != nil && held.Err() == nil {
				cancel()
				return
			}
		}
	}
}

// Sleep waits d or until ctx ends, and says whether ctx is still live.
func Sleep(ctx context.Context, d time.Duration) bool { return pause.For(ctx, d) == nil }
