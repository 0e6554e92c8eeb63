package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/internal/pause"
	"cronica/projections"
	"cronica/projections/search"
	"cronica/projections/searchindex"
	"cronica/projections/searchindex/control"
)

// searchRetry is how long serve waits before following the log again after
// the search index's Follow failed.
const searchRetry = 5 * time.Second

// openSearch opens the search index under the data directory
// (<DataDir>/index/search); one process at a time holds it.
func openSearch(cfg Config, logger *slog.Logger) (*searchindex.Index, error) {
	ix, err := search.Open(cfg.DataDir, logger)
	if err != nil {
		return nil, fmt.Errorf("search index: %w (is another cronica serve using %s?)", err, cfg.DataDir)
	}
	return ix, nil
}

// startSearch keeps ix following the log until stop is called: an event
// it cannot apply is parked (searchParking); any other failure of Follow
// (the store unreachable) is logged and Follow starts again from the
// checkpoint inside the index. holder keeps the index registered and runs
// the rebuilds `cronica projections rebuild search` asks of it. An index built by another
// format of the projector (search.Version) is rebuilt meanwhile, in the
// background, while it keeps serving; a failed rebuild is logged and tried
// again at the next start. stop waits for them all (the holder
// deregisters), then closes the index.
func startSearch(ctx context.Context, ix *searchindex.Index, store eventstore.Store, holder *control.Holder, logger *slog.Logger) (stop func() error) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() { holder.Run(ctx) })
	wg.Go(func() { rebuildOutdatedSearch(ctx, ix, store, logger) })
	wg.Go(func() {
		for {
			err := ix.Follow(ctx, store)
			if ctx.Err() != nil {
				return
			}
			logger.Error("search index: follow failed; retrying", "err", err, "retry_in", searchRetry)
			select {
			case <-ctx.Done():
				return
			case <-time.After(searchRetry):
			}
		}
	})
	return func() error {
		cancel()
		wg.Wait()
		if err := ix.Close(); err != nil {
			return fmt.Errorf("search index: close: %w", err)
		}
		return nil
	}
}

// rebuildOutdatedSearch rebuilds ix if it is outdated (see startSearch).
func rebuildOutdatedSearch(ctx context.Context, ix *searchindex.Index, store eventstore.Store, logger *slog.Logger) {
	built, outdated, err := ix.Outdated()
	if err != nil || !outdated {
		if err != nil {
			logger.Error("search index: read its format", "err", err)
		}
		return
	}
	logger.Info("search index: built by another format; rebuilding while it keeps serving", "built", built, "want", search.Version)
	if err := ix.Rebuild(ctx, store, nil); err != nil && ctx.Err() == nil {
		logger.Error("search index: rebuild of the outdated index failed; it keeps serving until the next start", "err", err)
	}
}

// mountSearch opens the search index, registers it as held by this
// process (control), keeps it following store, and gives it to the read API
// (GET /orgs/:org/search). parked, if not nil, counts the events it parks.
// stop ends the following, deregisters and closes the index: call it before
// the store and the database close.
func mountSearch(ctx context.Context, deps *httpDeps, cfg Config, store eventstore.Store, parked searchindex.ParkCounter,
	logger *slog.Logger) (stop func() error, err error) {
	ix, err := openSearch(cfg, logger)
	if err != nil {
		return nil, err
	}
	pool := deps.readAPI.Pool
	ix.SetParking(searchParking(pool, parked))
	holder, err := registerSearch(ctx, pool, cfg, ix, store, logger)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("search index: %w", err), ix.Close())
	}
	deps.readAPI.Search = ix
	return startSearch(ctx, ix, store, holder, logger), nil
}

// searchParking is the search index's poison path: the projections
// runtime's (an event is parked after as many failed attempts), its parked
// events in cronica_projection_parked under the projector's name, counted
// by parked when it is not nil.
func searchParking(pool *pgxpool.Pool, parked searchindex.ParkCounter) searchindex.Parking {
	return searchindex.Parking{Parker: projections.NewParkedStore(pool), Attempts: projections.DefaultMaxRetries + 1, Counter: parked}
}

// registerSearch registers ix as held by this process: a new instance id,
// the host, the process id and the data directory.
func registerSearch(ctx context.Context, pool *pgxpool.Pool, cfg Config, ix *searchindex.Index, store eventstore.Store,
	logger *slog.Logger) (*control.Holder, error) {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown-host"
	}
	dir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		dir = cfg.DataDir
	}
	inst := control.Instance{ID: uuid.NewString(), Projector: search.Name, Host: host, PID: os.Getpid(), DataDir: dir}
	return control.Register(ctx, pool, inst, heldSearch{ix: ix, store: store}, control.Config{Logger: logger})
}

// heldSearch is the search index serve holds, as the rebuilds asked of it
// see it (control.Index). A rebuild asked while another runs (serve's own,
// of an outdated index) waits for that one to end, then runs.
type heldSearch struct {
	ix    *searchindex.Index
	store eventstore.Store
}

// heldSearchRetry is how often an asked rebuild tries again while another
// rebuild of the index runs.
const heldSearchRetry = time.Second

func (h heldSearch) Rebuild(ctx context.Context, progress func(eventstore.Position)) error {
	for {
		err := h.ix.Rebuild(ctx, h.store, progress)
		if !errors.Is(err, searchindex.ErrRebuildRunning) {
			return err
		}
		if err := pause.For(ctx, heldSearchRetry); err != nil {
			return fmt.Errorf("search index: wait for the running rebuild: %w", err)
		}
	}
}

func (h heldSearch) Generation() string { return h.ix.Generation() }

func (h heldSearch) Checkpoint() (eventstore.Position, error) { return h.ix.Checkpoint() }
