package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"cronica/eventstore"
	"cronica/projections"
	"cronica/projections/search"
)

const projectionsStatusSummary = "Show every projector: checkpoint, lag in events and seconds, parked events, halted or running."

const projectionsRebuildSummary = "Rebuild projectors blue/green: build shadow tables from the start of the log while the live\n" +
	"ones keep serving, catch up, then swap them in atomically. Name the projectors, or give --all.\n" +
	"The search index is rebuilt by the running serve instances that hold one (the command waits for\n" +
	"them all; Ctrl-C stops waiting, not the rebuilds), or here when no serve runs."

// runProjectionsStatus is `cronica projections status`.
func runProjectionsStatus(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("projections status", flag.ContinueOnError)
	cfg, code, done := parseFlags(fs, args, e, projectionsStatusSummary)
	if done {
		return code
	}
	logger := newLogger(cfg, e.stderr)
	err := withStore(ctx, cfg, logger, e.now, func(s opened) error {
		head, ok := s.store.(projections.LogHead)
		if !ok {
			return fmt.Errorf("the %s event store cannot measure lag", cfg.EventStore)
		}
		statuses, err := projections.Statuses(ctx, s.db.pool, head, readModels())
		if err != nil {
			return err
		}
		printStatuses(e.stdout, statuses)
		return printSearchStatus(ctx, cfg, s.db.pool, head.CountAfter, e.stdout)
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "cronica projections status: %v\n", err)
		return exitFailure
	}
	return exitOK
}

func printStatuses(w io.Writer, statuses []projections.Status) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROJECTOR\tPOLICY\tSTATE\tCHECKPOINT\tLAG_EVENTS\tLAG_SECONDS\tPARKED\tUPDATED")
	for _, s := range statuses {
		state := "running"
		if s.Halted {
			state = "halted"
		}
		updated := "never"
		if !s.UpdatedAt.IsZero() {
			updated = s.UpdatedAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%.1f\t%d\t%s\n", s.Name, s.Policy, state, s.Position, s.LagEvents, s.LagSeconds, s.Parked, updated)
	}
	tw.Flush()
	for _, s := range statuses {
		if s.Halted {
			fmt.Fprintf(w, "%s halted: %s\n", s.Name, s.HaltedReason)
		}
	}
}

// runProjectionsRebuild is `cronica projections rebuild NAME... | --all`.
func runProjectionsRebuild(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("projections rebuild", flag.ContinueOnError)
	all := fs.Bool("all", false, "rebuild every projector")
	names, rest := splitNames(args)
	cfg, code, done := parseFlags(fs, rest, e, projectionsRebuildSummary)
	if done {
		return code
	}
	known := map[string]bool{search.Name: true}
	for _, p := range readModels() {
		known[p.Name] = true
		if *all {
			names = append(names, p.Name)
		}
	}
	if *all {
		// Last: with serve instances running, they rebuild their indexes
		// (the command waits for them), after the tables are rebuilt.
		names = append(names, search.Name)
	}
	if len(names) == 0 || (*all && len(names) != len(known)) {
		fmt.Fprintln(e.stderr, "cronica projections rebuild: name the projectors to rebuild, or give --all (not both)")
		return exitUsage
	}
	for _, n := range names {
		if !known[n] {
			fmt.Fprintf(e.stderr, "cronica projections rebuild: no projector called %q (known: %s)\n", n, strings.Join(sortedKeys(known), ", "))
			return exitUsage
		}
	}
	logger := newLogger(cfg, e.stderr)
	err := withStore(ctx, cfg, logger, e.now, func(s opened) error {
		rt, err := projections.NewRuntime(s.store, s.db.pool, readModels(), projections.Config{Logger: logger})
		if err != nil {
			return err
		}
		var head eventstore.Position
		var total int64
		if h, ok := s.store.(projections.LogHead); ok {
			if head, _, err = h.Head(ctx); err != nil {
				return err
			}
			if total, err = h.CountAfter(ctx, eventstore.Start); err != nil {
				return err
			}
		}
		for _, name := range names {
			if name == search.Name {
				if err := rebuildSearch(ctx, cfg, logger, s.db.pool, s.store, head, e.stdout); err != nil {
					return err
				}
				continue
			}
			bar := newProgress(e.stdout, name, total)
			res, err := rt.Rebuild(ctx, name, head, bar.report)
			if err != nil {
				return err
			}
			bar.done(res)
		}
		return nil
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "cronica projections rebuild: %v\n", err)
		return exitFailure
	}
	return exitOK
}

// splitNames takes the leading projector names off args (flags may follow).
func splitNames(args []string) (names, rest []string) {
	for i, a := range args {
		if strings.HasPrefix(a, "-") {
			return names, args[i:]
		}
		names = append(names, a)
	}
	return names, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// progress prints a rebuild's progress: a bar redrawn in place on a
// terminal, a plain line per second otherwise (logs, CI).
type progress struct {
	w        io.Writer
	name     string
	total    int64
	terminal bool
	last     time.Time
}

func newProgress(w io.Writer, name string, total int64) *progress {
	p := &progress{w: w, name: name, total: total}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.terminal = true
		}
	}
	return p
}

func (p *progress) report(r projections.RebuildProgress) {
	if r.Swapped {
		return
	}
	if p.terminal {
		const width = 30
		frac := 1.0
		if p.total > 0 {
			frac = min(float64(r.Events)/float64(p.total), 1)
		}
		filled := int(frac * width)
		fmt.Fprintf(p.w, "\r%s [%s%s] %5.1f%% %d/%d events", p.name, strings.Repeat("#", filled), strings.Repeat(".", width-filled),
			frac*100, r.Events, p.total)
		return
	}
	if time.Since(p.last) >= time.Second {
		p.last = time.Now()
		fmt.Fprintf(p.w, "rebuild %s: %d of %d events, position %d\n", p.name, r.Events, p.total, r.Position)
	}
}

func (p *progress) done(res projections.RebuildResult) {
	if p.terminal {
		fmt.Fprintln(p.w)
	}
	eps := 0.0
	if res.Elapsed > 0 {
		eps = float64(res.Events) / res.Elapsed.Seconds()
	}
	fmt.Fprintf(p.w, "rebuild %s: done, %d events in %s (%.0f events/s), %d parked, swapped in at position %d\n",
		p.name, res.Events, res.Elapsed.Round(time.Millisecond), eps, res.Parked, res.Position)
}

// opened is a database and an event store opened for a command.
type opened struct {
	db    *database
	store eventStore
}

// withStore opens the database (migrated) and the event store, runs fn and
// closes both.
func withStore(ctx context.Context, cfg Config, logger *slog.Logger, now func() time.Time, fn func(opened) error) (err error) {
	db, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer func() {
		if closeErr := db.close(context.WithoutCancel(ctx)); closeErr != nil {
			logger.Warn("close the database", "err", closeErr)
		}
	}()
	if err := migrateAll(ctx, cfg, db.pool); err != nil {
		return err
	}
	store, err := openStore(ctx, cfg, db.pool, logger, now)
	if err != nil {
		return err
	}
	defer store.Close()
	return fn(opened{db: db, store: store})
}
