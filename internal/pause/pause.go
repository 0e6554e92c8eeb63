package pause

import (
	"context"
	"time"
)

// For waits d, or until ctx ends, and then returns ctx's error; it returns
// nil once d has passed. A d of zero or less does not wait.
func For(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
