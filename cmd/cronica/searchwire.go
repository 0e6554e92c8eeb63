package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"cronica/eventstore"
	"cronica/projections/search"
	"cronica/projections/searchindex"
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

// startSearch keeps ix following the log until stop is called: a failed
// Follow (the store unreachable, an event it cannot apply) is logged and
// retried from the checkpoint inside the index. An index built by another
// format of the projector (search.Version) is rebuilt meanwhile, in the
// background, while it keeps serving; a failed rebuild is logged and tried
// again at the next start. stop waits for both, then closes the index.
func startSearch(ctx context.Context, ix *searchindex.Index, store eventstore.Store, logger *slog.Logger) (stop func() error) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
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

// mountSearch opens the search index, keeps it following store, and gives
// it to the read API (GET /orgs/:org/search). stop ends the following and
// closes the index: call it before the store closes.
func mountSearch(ctx context.Context, deps *httpDeps, cfg Config, store eventstore.Store, logger *slog.Logger) (stop func() error, err error) {
	ix, err := openSearch(cfg, logger)
	if err != nil {
		return nil, err
	}
	deps.readAPI.Search = ix
	return startSearch(ctx, ix, store, logger), nil
}

// rebuildSearch is `cronica projections rebuild search`: a new generation
// of the index from the start of the log, swapped in at the end. The index
// is one process's at a time: with a serve running, stop it first (serve
// opens the new generation when it starts again).
func rebuildSearch(ctx context.Context, cfg Config, logger *slog.Logger, store eventstore.Store, w io.Writer) error {
	ix, err := openSearch(cfg, logger)
	if err != nil {
		return err
	}
	defer ix.Close()
	started := time.Now()
	var last time.Time
	var at eventstore.Position
	err = ix.Rebuild(ctx, store, func(p eventstore.Position) {
		at = p
		if time.Since(last) >= time.Second {
			last = time.Now()
			fmt.Fprintf(w, "rebuild %s: position %d\n", search.Name, p)
		}
	})
	if err != nil {
		return fmt.Errorf("rebuild %s: %w", search.Name, err)
	}
	fmt.Fprintf(w, "rebuild %s: done in %s, swapped in generation %s at position %d\n", search.Name,
		time.Since(started).Round(time.Millisecond), ix.Generation(), at)
	return nil
}

// printSearchStatus is the search index's line of `cronica projections
// status`: its checkpoint (inside the index) and lag in events, or that a
// running serve holds it.
func printSearchStatus(ctx context.Context, cfg Config, lag func(context.Context, eventstore.Position) (int64, error), w io.Writer) error {
	ix, err := search.Open(cfg.DataDir, nil)
	if err != nil {
		fmt.Fprintf(w, "%s (bleve index in %s): held by a running serve\n", search.Name, cfg.DataDir)
		return nil //nolint:nilerr // a held index is a state to show, not a failure
	}
	defer ix.Close()
	cp, err := ix.Checkpoint()
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	behind, err := lag(ctx, cp)
	if err != nil {
		return fmt.Errorf("search index: lag: %w", err)
	}
	fmt.Fprintf(w, "%s (bleve index, generation %s): checkpoint %d, lag %d events\n", search.Name, ix.Generation(), cp, behind)
	return nil
}
