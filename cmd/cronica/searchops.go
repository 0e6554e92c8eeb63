package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/projections"
	"cronica/projections/search"
	"cronica/projections/searchindex/control"
)

// searchRebuildPoll is how often `projections rebuild search` reads the
// progress of the rebuilds it asked of the serve instances.
const searchRebuildPoll = 250 * time.Millisecond

// rebuildSearch is `cronica projections rebuild search`: a new generation
// of the index from the start of the log, swapped in at the end. An index is
// one process's at a time, so with serve instances running (registered and
// live, see control) the command asks each of them to rebuild the index it
// holds and waits for them all (askSearchRebuild); with none, it rebuilds
// the index of this data directory itself. head is the log's head, for the
// progress lines.
func rebuildSearch(ctx context.Context, cfg Config, logger *slog.Logger, pool *pgxpool.Pool, store eventstore.Store,
	head eventstore.Position, w io.Writer) error {
	req, err := control.RequestRebuild(ctx, pool, search.Name, requester(), control.DefaultLiveFor)
	if errors.Is(err, control.ErrNoInstance) {
		return rebuildSearchHere(ctx, cfg, logger, pool, store, w)
	}
	if err != nil {
		return fmt.Errorf("rebuild %s: %w", search.Name, err)
	}
	return awaitSearchRebuild(ctx, pool, req, head, w)
}

// requester names this process in a rebuild request.
func requester() string {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown-host"
	}
	return fmt.Sprintf("cronica projections rebuild on %s pid %d", host, os.Getpid())
}

// rebuildSearchHere rebuilds the index of this data directory, which no
// serve holds, with serve's poison path.
func rebuildSearchHere(ctx context.Context, cfg Config, logger *slog.Logger, pool *pgxpool.Pool, store eventstore.Store, w io.Writer) error {
	ix, err := openSearch(cfg, logger)
	if err != nil {
		return err
	}
	defer ix.Close()
	ix.SetParking(searchParking(pool, nil))
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

// awaitSearchRebuild follows the rebuild req asked of the serve instances:
// a line per instance as it progresses (at most one a second) and when it
// ends. It fails unless every instance swapped its new generation in; when
// ctx ends first (Ctrl-C) it stops waiting, and the instances go on.
func awaitSearchRebuild(ctx context.Context, pool *pgxpool.Pool, req control.Request, head eventstore.Position, w io.Writer) error {
	started := time.Now()
	names := make([]string, len(req.Instances))
	for i, inst := range req.Instances {
		names[i] = inst.String()
	}
	fmt.Fprintf(w, "rebuild %s: asked %d serve instance(s) to rebuild their index online (request %d): %s\n",
		search.Name, len(req.Instances), req.ID, strings.Join(names, ", "))
	printed := map[string]time.Time{}
	seen := map[string]control.State{}
	targets, err := control.Wait(ctx, pool, req, control.DefaultLiveFor, searchRebuildPoll, func(targets []control.Target) {
		for _, t := range targets {
			id := t.Instance.ID
			switch {
			case t.State == control.Done && seen[id] != control.Done:
				fmt.Fprintf(w, "rebuild %s on %s: done, swapped in generation %s at position %d\n", search.Name, t.Instance, t.Generation, t.Position)
			case t.State == control.Failed && seen[id] != control.Failed:
				fmt.Fprintf(w, "rebuild %s on %s: failed: %s\n", search.Name, t.Instance, t.Err)
			case t.State == control.Running && time.Since(printed[id]) >= time.Second:
				printed[id] = time.Now()
				fmt.Fprintf(w, "rebuild %s on %s: position %d of %d\n", search.Name, t.Instance, t.Position, head)
			}
			seen[id] = t.State
		}
	})
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("rebuild %s: stopped waiting (%w); the serve instances go on with request %d (`cronica projections status` shows them)",
				search.Name, ctx.Err(), req.ID)
		}
		return fmt.Errorf("rebuild %s: %w", search.Name, err)
	}
	failed := 0
	for _, t := range targets {
		if t.State != control.Done {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("rebuild %s: failed on %d of %d serve instance(s)", search.Name, failed, len(targets))
	}
	fmt.Fprintf(w, "rebuild %s: done on %d serve instance(s) in %s\n", search.Name, len(targets), time.Since(started).Round(time.Millisecond))
	return nil
}

// printSearchStatus is the search index's lines of `cronica projections
// status`: the index of this data directory (its generation, checkpoint
// inside the index, lag in events) unless a process holds it, then one line
// per live serve instance holding an index (the same, as its heartbeat
// reports them, and a rebuild running on it), each with the events the
// search projector parked.
func printSearchStatus(ctx context.Context, cfg Config, pool *pgxpool.Pool, lag func(context.Context, eventstore.Position) (int64, error),
	w io.Writer) error {
	parked, err := projections.NewParkedStore(pool).Count(ctx, search.Name)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	live, err := control.Live(ctx, pool, search.Name, control.DefaultLiveFor)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if ix, err := search.Open(cfg.DataDir, nil); err == nil {
		defer ix.Close()
		cp, err := ix.Checkpoint()
		if err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		behind, err := lag(ctx, cp)
		if err != nil {
			return fmt.Errorf("search index: lag: %w", err)
		}
		fmt.Fprintf(w, "%s (bleve index, generation %s): checkpoint %d, lag %d events, %d parked\n", search.Name, ix.Generation(), cp, behind, parked)
	} else if len(live) == 0 {
		fmt.Fprintf(w, "%s (bleve index in %s): held by a running process, %d parked\n", search.Name, cfg.DataDir, parked)
	}
	for _, inst := range live {
		behind, err := lag(ctx, inst.Checkpoint)
		if err != nil {
			return fmt.Errorf("search index: lag: %w", err)
		}
		rebuilding := ""
		if inst.Rebuilding {
			rebuilding = fmt.Sprintf(", rebuilding (position %d)", inst.RebuildPosition)
		}
		fmt.Fprintf(w, "%s (bleve index, generation %s, serve on %s): checkpoint %d, lag %d events, %d parked, heartbeat %.1fs ago%s\n",
			search.Name, inst.Generation, inst, inst.Checkpoint, behind, parked, inst.Silent.Seconds(), rebuilding)
	}
	return nil
}
