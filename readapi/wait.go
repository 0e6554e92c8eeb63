package readapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
)

// Read-your-writes: a client that wrote at position P sends min_position=P
// (query) or X-Cronica-Min-Position: P (header) with its next read, and the
// read waits until every projector it reads from has passed P.
const (
	minPositionParam  = "min_position"
	minPositionHeader = "X-Cronica-Min-Position"

	waitFirstBackoff = time.Millisecond
	waitMaxBackoff   = 50 * time.Millisecond
)

// Waiter waits until projectors have passed a position, by polling their
// checkpoint rows. It is safe for concurrent use; each Wait polls on its
// own.
type Waiter struct {
	pool    *pgxpool.Pool
	timeout time.Duration
}

// NewWaiter returns a Waiter reading cronica_projection_checkpoints through
// pool, giving up after timeout.
func NewWaiter(pool *pgxpool.Pool, timeout time.Duration) *Waiter {
	return &Waiter{pool: pool, timeout: timeout}
}

// Wait returns nil once every projector in projectors has its checkpoint at
// or past minPos (a projector without a checkpoint row is at 0). It polls with
// a backoff from 1ms doubling to 50ms. When the Waiter's timeout ends first,
// or a projector is halted, it returns a *NotCaughtUpError (errors.Is
// ErrNotCaughtUp); when ctx ends first, ctx's error.
func (w *Waiter) Wait(ctx context.Context, projectors []string, minPos eventstore.Position) error {
	if minPos == eventstore.Start || len(projectors) == 0 {
		return nil
	}
	wctx, cancel := context.WithTimeout(ctx, w.timeout)
	defer cancel()
	// last is the most recent lag seen, for the error when time runs out.
	last := &NotCaughtUpError{Projector: projectors[0], Min: uint64(minPos)}
	backoff := waitFirstBackoff
	var timer *time.Timer
	for {
		lag, err := w.check(wctx, projectors, minPos)
		switch {
		case err == nil && lag == nil:
			return nil
		case err == nil && lag.Halted:
			return lag
		case ctx.Err() != nil:
			return fmt.Errorf("readapi: wait for position %d: %w", minPos, ctx.Err())
		case wctx.Err() != nil && err != nil: // the poll was cut short by the timeout
			return last
		case err != nil:
			return err
		}
		last = lag
		if timer == nil {
			timer = time.NewTimer(backoff)
			defer timer.Stop()
		} else {
			timer.Reset(backoff)
		}
		select {
		case <-wctx.Done():
			if ctx.Err() != nil {
				return fmt.Errorf("readapi: wait for position %d: %w", minPos, ctx.Err())
			}
			return last
		case <-timer.C:
		}
		backoff = min(backoff*2, waitMaxBackoff)
	}
}

// check reads the checkpoints once: nil when every projector has passed minPos,
// otherwise the first one that has not.
func (w *Waiter) check(ctx context.Context, projectors []string, minPos eventstore.Position) (*NotCaughtUpError, error) {
	rows, err := w.pool.Query(ctx, `SELECT projector, position, state = 'halted'
		FROM cronica_projection_checkpoints WHERE projector = ANY($1)`, projectors)
	if err != nil {
		return nil, fmt.Errorf("readapi: read checkpoints: %w", err)
	}
	type checkpoint struct {
		position int64
		halted   bool
	}
	found := make(map[string]checkpoint, len(projectors))
	for rows.Next() {
		var (
			name string
			cp   checkpoint
		)
		if err := rows.Scan(&name, &cp.position, &cp.halted); err != nil {
			rows.Close()
			return nil, fmt.Errorf("readapi: read checkpoints: %w", err)
		}
		found[name] = cp
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("readapi: read checkpoints: %w", err)
	}
	for _, name := range projectors {
		cp := found[name] // a missing row is position 0
		if pos := uint64(max(cp.position, 0)); pos < uint64(minPos) {
			return &NotCaughtUpError{Projector: name, Checkpoint: pos, Min: uint64(minPos), Halted: cp.halted}, nil
		}
	}
	return nil, nil
}

// readYourWrites is the first step of every read route: it parses the
// client's min_position (query parameter or header; with both, the larger)
// and waits until projectors have passed it. A malformed value is 400
// invalid_min_position; a wait that times out is 503 projection_lagging with
// Retry-After.
func (a *api) readYourWrites(projectors ...string) gin.HandlerFunc {
	return func(c *gin.Context) {
		minPos, err := minPosition(c.Request)
		if err != nil {
			a.writeError(c, err)
			return
		}
		if err := a.waiter.Wait(c.Request.Context(), projectors, minPos); err != nil {
			a.writeError(c, err)
			return
		}
		c.Next()
	}
}

// minPosition is the position a read must reflect: Start when the client
// sent none.
func minPosition(r *http.Request) (eventstore.Position, error) {
	var out eventstore.Position
	if vals, ok := r.URL.Query()[minPositionParam]; ok {
		if len(vals) != 1 {
			return 0, &paramError{Param: minPositionParam, Code: "invalid_min_position", Message: "give min_position once"}
		}
		p, err := parsePosition(minPositionParam, vals[0])
		if err != nil {
			return 0, err
		}
		out = p
	}
	if vals := r.Header.Values(minPositionHeader); len(vals) > 0 {
		if len(vals) != 1 {
			return 0, &paramError{Param: minPositionHeader, Code: "invalid_min_position", Message: "give the header once"}
		}
		p, err := parsePosition(minPositionHeader, vals[0])
		if err != nil {
			return 0, err
		}
		out = max(out, p)
	}
	return out, nil
}

// parsePosition parses a position as the API writes it: a decimal string.
func parsePosition(param, s string) (eventstore.Position, error) {
	n, err := strconv.ParseUint(s, 10, 63) // positions are PostgreSQL bigints
	if err != nil {
		msg := "must be a position: a decimal integer from 0 to 9223372036854775807"
		if errors.Is(err, strconv.ErrRange) {
			msg = "is out of range: positions go up to 9223372036854775807"
		}
		return 0, &paramError{Param: param, Code: "invalid_min_position", Message: msg}
	}
	return eventstore.Position(n), nil
}
