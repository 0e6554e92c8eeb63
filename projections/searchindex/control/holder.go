package control

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/internal/pause"
)

const (
	// Channel is the LISTEN/NOTIFY channel rebuild requests are announced
	// on; the payload is the projector's name.
	Channel = "cronica_search_rebuild"
	// DefaultHeartbeat is how often a holder refreshes its row.
	DefaultHeartbeat = 2 * time.Second
	// DefaultLiveFor is how old a holder's heartbeat may be for it to
	// count as live: five missed heartbeats.
	DefaultLiveFor = 10 * time.Second
	// progressEvery is how often a running rebuild writes its position.
	progressEvery = 500 * time.Millisecond
	// finishTimeout bounds the writes of a holder that is stopping.
	finishTimeout = 5 * time.Second
)

// Index is the search index a holder holds.
type Index interface {
	// Rebuild builds a new generation online and swaps it in; progress is
	// called with the new generation's checkpoint as it grows.
	Rebuild(ctx context.Context, progress func(eventstore.Position)) error
	// Generation names the current generation.
	Generation() string
	// Checkpoint is the current generation's checkpoint.
	Checkpoint() (eventstore.Position, error)
}

// Instance is one holder of an index: who it is and, read back, how it is.
type Instance struct {
	ID        string // a UUID, new for every process start
	Projector string
	Host      string
	PID       int
	DataDir   string

	// Read by Live.
	Generation      string
	Checkpoint      eventstore.Position
	StartedAt       time.Time
	Silent          time.Duration       // since its last heartbeat, by the database's clock
	Rebuilding      bool                // a rebuild it was asked for is running
	RebuildPosition eventstore.Position // how far that rebuild is
}

// String names the instance for people: its host, process and data
// directory.
func (i Instance) String() string {
	return fmt.Sprintf("%s pid %d (%s)", i.Host, i.PID, i.DataDir)
}

// Config tunes a Holder. The zero value gives the defaults.
type Config struct {
	Heartbeat time.Duration // default DefaultHeartbeat
	Logger    *slog.Logger  // default: discard
}

// Holder is this process's registration of the index it holds. Run keeps
// it live and runs the rebuilds asked of it.
type Holder struct {
	pool  *pgxpool.Pool
	inst  Instance
	ix    Index
	every time.Duration
	log   *slog.Logger
}

// Register records that this process holds ix, as inst (ID, Projector,
// Host, PID, DataDir), live from now on: a rebuild asked after Register
// returns includes it. Run keeps it live. It also forgets holders dead for
// a day.
func Register(ctx context.Context, pool *pgxpool.Pool, inst Instance, ix Index, cfg Config) (*Holder, error) {
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = DefaultHeartbeat
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	h := &Holder{pool: pool, inst: inst, ix: ix, every: cfg.Heartbeat,
		log: cfg.Logger.With("projector", inst.Projector, "instance", inst.ID)}
	if _, err := pool.Exec(ctx, `DELETE FROM cronica_search_instances WHERE heartbeat_at < now() - interval '1 day'`); err != nil {
		return nil, fmt.Errorf("control: register %s: forget dead holders: %w", inst.Projector, err)
	}
	if err := h.beat(ctx); err != nil {
		return nil, err
	}
	return h, nil
}

// beat writes the holder's row: registered, or refreshed.
func (h *Holder) beat(ctx context.Context) error {
	cp, err := h.ix.Checkpoint()
	if err != nil {
		return fmt.Errorf("control: heartbeat of %s: %w", h.inst.Projector, err)
	}
	_, err = h.pool.Exec(ctx, `INSERT INTO cronica_search_instances
		(instance, projector, host, pid, data_dir, generation, checkpoint) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (instance) DO UPDATE SET generation = EXCLUDED.generation, checkpoint = EXCLUDED.checkpoint, heartbeat_at = now()`,
		h.inst.ID, h.inst.Projector, h.inst.Host, h.inst.PID, h.inst.DataDir, h.ix.Generation(), int64(cp))
	if err != nil {
		return fmt.Errorf("control: heartbeat of %s: %w", h.inst.Projector, err)
	}
	return nil
}

// Run keeps the holder live until ctx is done: a heartbeat every
// Config.Heartbeat; a LISTEN on Channel; and the rebuilds asked of it, run
// one at a time, their progress and result written to their target rows.
// When ctx is done a running rebuild is cancelled (the current generation
// stays), the holder's unfinished targets are marked failed and its row is
// removed; Run returns once all of that is done.
func (h *Holder) Run(ctx context.Context) {
	wake := make(chan struct{}, 1)
	var wg sync.WaitGroup
	wg.Go(func() { h.listen(ctx, wake) })
	wg.Go(func() { h.heartbeat(ctx, wake) })
	wg.Go(func() { h.work(ctx, wake) })
	wg.Wait()
	h.deregister(ctx)
}

func signal(wake chan<- struct{}) {
	select {
	case wake <- struct{}{}:
	default:
	}
}

// heartbeat refreshes the row, and has the worker look for requests (a
// notification lost while the listener reconnected).
func (h *Holder) heartbeat(ctx context.Context, wake chan<- struct{}) {
	t := time.NewTicker(h.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := h.beat(ctx); err != nil && ctx.Err() == nil {
			h.log.Warn("control: heartbeat failed; rebuild requests may not see this instance", "error", err)
		}
		signal(wake)
	}
}

// listen holds a connection LISTENing on Channel, reconnecting with
// backoff.
func (h *Holder) listen(ctx context.Context, wake chan<- struct{}) {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		listened, err := h.listenOnce(ctx, wake)
		if ctx.Err() != nil {
			return
		}
		if listened {
			backoff = 100 * time.Millisecond
		}
		h.log.Warn("control: the rebuild listener lost its connection; reconnecting", "error", err, "retry_in", backoff)
		if pause.For(ctx, backoff) != nil {
			return
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

func (h *Holder) listenOnce(ctx context.Context, wake chan<- struct{}) (bool, error) {
	conn, err := pgx.ConnectConfig(ctx, h.pool.Config().ConnConfig.Copy())
	if err != nil {
		return false, fmt.Errorf("control: listen: connect: %w", err)
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
		_ = conn.Close(closeCtx)
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{Channel}.Sanitize()); err != nil {
		return false, fmt.Errorf("control: listen: %w", err)
	}
	signal(wake) // what was asked before the LISTEN
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return true, fmt.Errorf("control: listen: %w", err)
		}
		if n.Payload == h.inst.Projector {
			signal(wake)
		}
	}
}

// work runs the rebuilds asked of the holder, oldest first, one at a time.
func (h *Holder) work(ctx context.Context, wake <-chan struct{}) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
		}
		for ctx.Err() == nil {
			id, ok, err := h.claim(ctx)
			if err != nil {
				if ctx.Err() == nil {
					h.log.Warn("control: look for rebuild requests", "error", err)
				}
				break
			}
			if !ok {
				break
			}
			h.rebuild(ctx, id)
		}
	}
}

// claim marks the holder's oldest pending target running.
func (h *Holder) claim(ctx context.Context) (int64, bool, error) {
	var id int64
	err := h.pool.QueryRow(ctx, `UPDATE cronica_search_rebuild_targets SET state = 'running', updated_at = now()
		WHERE instance = $1 AND state = 'pending' AND rebuild = (
			SELECT min(rebuild) FROM cronica_search_rebuild_targets WHERE instance = $1 AND state = 'pending')
		RETURNING rebuild`, h.inst.ID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("control: claim a rebuild: %w", err)
	}
	return id, true, nil
}

// rebuild runs rebuild id on the holder's index and writes its progress
// and result.
func (h *Holder) rebuild(ctx context.Context, id int64) {
	log := h.log.With("rebuild", id)
	log.Info("control: rebuilding the index as asked")
	started := time.Now()
	var last time.Time
	err := h.ix.Rebuild(ctx, func(p eventstore.Position) {
		if time.Since(last) < progressEvery {
			return
		}
		last = time.Now()
		if _, err := h.pool.Exec(ctx, `UPDATE cronica_search_rebuild_targets SET position = $3, updated_at = now()
			WHERE rebuild = $1 AND instance = $2`, id, h.inst.ID, int64(p)); err != nil && ctx.Err() == nil {
			log.Warn("control: report rebuild progress", "error", err)
		}
	})
	finishCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), finishTimeout)
	defer cancel()
	state, position, generation, message := "done", eventstore.Position(0), h.ix.Generation(), ""
	if err == nil {
		if position, err = h.ix.Checkpoint(); err != nil {
			log.Warn("control: read the checkpoint after the rebuild", "error", err)
			err = nil // the swap is done
		}
		log.Info("control: rebuild done", "generation", generation, "position", uint64(position), "took", time.Since(started))
	} else {
		state, message = "failed", err.Error()
		if ctx.Err() != nil {
			message = "the instance stopped before its rebuild finished: " + message
		}
		log.Error("control: rebuild failed; the current generation stays", "error", err)
	}
	_, dbErr := h.pool.Exec(finishCtx, `UPDATE cronica_search_rebuild_targets
		SET state = $3, position = CASE WHEN $3 = 'done' THEN $4 ELSE position END, generation = $5, error = $6, updated_at = now()
		WHERE rebuild = $1 AND instance = $2`, id, h.inst.ID, state, int64(position), generation, message)
	if dbErr != nil {
		log.Error("control: the rebuild's result was not recorded", "state", state, "error", dbErr)
	}
}

// deregister fails the holder's unfinished targets and removes its row.
func (h *Holder) deregister(ctx context.Context) {
	finishCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), finishTimeout)
	defer cancel()
	_, err := h.pool.Exec(finishCtx, `UPDATE cronica_search_rebuild_targets
		SET state = 'failed', error = 'the instance stopped before its rebuild ran', updated_at = now()
		WHERE instance = $1 AND state IN ('pending', 'running')`, h.inst.ID)
	if err == nil {
		_, err = h.pool.Exec(finishCtx, `DELETE FROM cronica_search_instances WHERE instance = $1`, h.inst.ID)
	}
	if err != nil {
		// Its heartbeat stops: in 10 s it no longer counts as live.
		h.log.Warn("control: deregister", "error", err)
	}
}
