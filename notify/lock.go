package notify

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/internal/pglock"
)

// holdLock runs fn while this process holds the notifications' advisory
// lock of the job called name (pglock.Hold): one process of the cluster at
// a time runs it, and another takes over within pglock.Retry of its death.
func holdLock(ctx context.Context, cfg *pgx.ConnConfig, name string, fn func(ctx context.Context)) {
	pglock.Hold(ctx, cfg, pglock.Key("cronica.notify", name), fn)
}

// sleep waits d or until ctx ends, and says whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool { return pglock.Sleep(ctx, d) }
