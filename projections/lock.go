package projections

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/internal/pause"
)

// lockKey is the advisory lock that makes one instance at a time run the
// projector called name.
func lockKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte("cronica.projector\x00" + name))
	return int64(h.Sum64())
}

// lockHolder holds one projector's advisory lock on a dedicated connection,
// so the lock lives exactly as long as that session: when the holding
// process dies, PostgreSQL ends the session and frees the lock, and a
// waiting instance takes it over at its next try.
type lockHolder struct {
	connConfig *pgx.ConnConfig
	name       string
	tryEvery   time.Duration
	checkEvery time.Duration
}

// acquire blocks until the lock is held or ctx is done. The returned
// context is cancelled when the lock is lost (the connection fails) or
// release is called; release frees the lock and closes the connection.
func (l lockHolder) acquire(ctx context.Context) (held context.Context, release func(), err error) {
	for {
		conn, err := pgx.ConnectConfig(ctx, l.connConfig)
		if err == nil {
			var got bool
			err = conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, lockKey(l.name)).Scan(&got)
			if err == nil && got {
				return l.watch(ctx, conn)
			}
			conn.Close(context.WithoutCancel(ctx))
		}
		if ctx.Err() != nil {
			return nil, nil, fmt.Errorf("projections: %s: acquire lock: %w", l.name, ctx.Err())
		}
		if err := pause.For(ctx, l.tryEvery); err != nil {
			return nil, nil, fmt.Errorf("projections: %s: acquire lock: %w", l.name, err)
		}
	}
}

// watch pings the lock's connection; a failed ping means the session, and
// so the lock, may be gone: the held context is cancelled at once.
func (l lockHolder) watch(ctx context.Context, conn *pgx.Conn) (context.Context, func(), error) {
	held, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(l.checkEvery)
		defer t.Stop()
		for {
			select {
			case <-held.Done():
				return
			case <-t.C:
				pingCtx, stop := context.WithTimeout(held, l.checkEvery)
				err := conn.Ping(pingCtx)
				stop()
				if err != nil && held.Err() == nil {
					cancel()
					return
				}
			}
		}
	}()
	release := func() {
		cancel()
		<-done
		closeCtx, stop := context.WithTimeout(context.Background(), 5*time.Second)
		defer stop()
		conn.Exec(closeCtx, `SELECT pg_advisory_unlock($1)`, lockKey(l.name)) //nolint:errcheck // closing the session frees it anyway
		conn.Close(closeCtx)
	}
	return held, release, nil
}
