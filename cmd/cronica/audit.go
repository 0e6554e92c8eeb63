package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"cronica/eventstore"
	"cronica/eventstore/sealer"
)

// Exit statuses of `audit verify`.
const (
	exitAuditOK     = 0 // every chain holds
	exitAuditBroken = 1 // a chain is broken, or the log cannot be read past some event
	exitAuditError  = 2 // anything else: configuration, connection, cancellation
)

const auditVerifySummary = "Walk the whole event log in log order and check every stream's hash chain and every seal\n" +
	"(`cronica audit seal`). Prints `audit verify: OK streams=<n> events=<m> seals=<k> ...` (exit 0), or the first\n" +
	"broken link and what differs from each seal (exit 1); other failures exit 2."

// auditProgressEvery is how often (in events) the walk logs its progress.
const auditProgressEvery = 100_000

// runAuditVerify is `cronica audit verify`.
func runAuditVerify(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	pageSize := fs.Int("page-size", 5000, "events per ReadAll page")
	bundlePath := fs.String("bundle", "", "check this export bundle (a zip made by cronica audit export) offline, with no database, instead of the log")
	cfg, code, done := parseFlags(fs, args, e, auditVerifySummary)
	if done {
		return code
	}
	if *bundlePath != "" {
		return verifyBundleFile(e, *bundlePath)
	}
	if err := eventstore.ValidateReadLimit(*pageSize); err != nil {
		fmt.Fprintf(e.stderr, "cronica audit verify: --page-size: %v\n", err)
		return exitUsage
	}
	logger := newLogger(cfg, e.stderr)
	code, err := auditVerify(ctx, cfg, logger, e.stdout, e.now, *pageSize)
	if err != nil {
		logger.Error("audit verify: failed", "err", err)
		fmt.Fprintf(e.stderr, "audit verify: ERROR %v\n", err)
	}
	return code
}

// auditVerify opens the configured store and verifies the whole log. It
// returns the exit status, and the error behind an exitAuditError.
func auditVerify(ctx context.Context, cfg Config, logger *slog.Logger, out io.Writer, now func() time.Time, pageSize int) (code int, err error) {
	db, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return exitAuditError, fmt.Errorf("audit verify: %w", err)
	}
	defer func() {
		if closeErr := db.close(context.WithoutCancel(ctx)); closeErr != nil {
			logger.Warn("audit verify: close the database", "err", closeErr)
		}
	}()
	store, err := openStore(ctx, cfg, db.pool, logger, now)
	if err != nil {
		return exitAuditError, fmt.Errorf("audit verify: %w", err)
	}
	defer store.Close()
	return verifyLog(ctx, store, sealer.NewLeaves(db.pool), logger, out, pageSize)
}

// verifyLog feeds every event of the log, from the start, to a
// ChainVerifier, and the seals to a sealer.Checker as the walk passes them,
// and prints the verdict.
func verifyLog(ctx context.Context, store eventStore, leaves sealer.LeafReader, logger *slog.Logger, out io.Writer, pageSize int) (int, error) {
	v := eventstore.NewChainVerifier()
	seals, err := sealer.NewChecker(ctx, store, leaves)
	if err != nil {
		return exitAuditError, fmt.Errorf("audit verify: %w", err)
	}
	after := eventstore.Start
	nextProgress := auditProgressEvery
	start := time.Now()
	for {
		page, err := store.ReadAll(ctx, after, pageSize)
		if err != nil {
			return readFailed(ctx, store, out, v, after, err)
		}
		if len(page) == 0 {
			break
		}
		for _, ev := range page {
			if err := seals.Before(ctx, ev.Position, v); err != nil {
				return exitAuditError, fmt.Errorf("audit verify: %w", err)
			}
			err := v.Check(ev)
			var broken *eventstore.BrokenLink
			if errors.As(err, &broken) {
				printSealFindings(out, logger, seals)
				fmt.Fprintf(out, "audit verify: BROKEN stream=%s version=%d reason=%q expected=%s found=%s\n",
					broken.Stream, broken.Version, broken.Reason, broken.Expected, broken.Found)
				logger.Error("audit verify: broken hash chain", "stream", broken.Stream, "version", broken.Version,
					"position", uint64(ev.Position), "reason", broken.Reason)
				return exitAuditBroken, nil
			}
			if err != nil {
				return exitAuditError, fmt.Errorf("audit verify: check %s version %d: %w", ev.StreamID, ev.Version, err)
			}
			seals.Saw(ev)
		}
		after = page[len(page)-1].Position
		if v.Events() >= nextProgress {
			logger.Info("audit verify: progress", "events", v.Events(), "streams", v.Streams(), "position", uint64(after))
			nextProgress += auditProgressEvery
		}
	}
	if err := seals.End(ctx, v); err != nil {
		return exitAuditError, fmt.Errorf("audit verify: %w", err)
	}
	if seals.Failed() > 0 {
		printSealFindings(out, logger, seals)
		fmt.Fprintf(out, "audit verify: BROKEN streams=%d events=%d seals=%d failed=%d: the log does not match its seals\n",
			v.Streams(), v.Events(), seals.Checked(), seals.Failed())
		return exitAuditBroken, nil
	}
	fmt.Fprintf(out, "audit verify: OK streams=%d events=%d seals=%d", v.Streams(), v.Events(), seals.Checked())
	if last, ok := seals.Last(); ok {
		fmt.Fprintf(out, " last_seal=#%d through=%d root=%s", last.Seq, uint64(last.Through), last.Root)
	}
	fmt.Fprintln(out)
	logger.Info("audit verify: every chain and seal holds", "streams", v.Streams(), "events", v.Events(), "seals", seals.Checked(),
		"seals_after_the_walk", seals.Skipped(), "elapsed", time.Since(start))
	return exitAuditOK, nil
}

// printSealFindings prints what the seals found, one line each.
func printSealFindings(out io.Writer, logger *slog.Logger, seals *sealer.Checker) {
	for _, f := range seals.Findings() {
		fmt.Fprintf(out, "audit verify: %s\n", f)
		logger.Error("audit verify: a seal does not match the log", "kind", string(f.Kind), "seal", f.Seal, "stream", f.Stream)
	}
}

// readFailed decides what a failed ReadAll means. If the store still
// answers, the log itself cannot be read past after (say, stored metadata
// that no longer decodes): that is a finding, exit 1, with whatever the
// error names. If the store does not answer, or the walk was cancelled, it
// is an ordinary failure, exit 2.
func readFailed(ctx context.Context, store eventStore, out io.Writer, v *eventstore.ChainVerifier, after eventstore.Position, readErr error) (int, error) {
	if ctx.Err() != nil {
		return exitAuditError, fmt.Errorf("audit verify: read after position %d: %w", after, readErr)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if pingErr := store.Ping(pingCtx); pingErr != nil {
		return exitAuditError, fmt.Errorf("audit verify: read after position %d: %w (and the store does not answer: %w)", after, readErr, pingErr)
	}
	fmt.Fprintf(out, "audit verify: BROKEN unreadable event after position=%d verified_streams=%d verified_events=%d reason=%q\n",
		uint64(after), v.Streams(), v.Events(), readErr.Error())
	return exitAuditBroken, nil
}
