package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/eventstore/sealer"
)

const auditSealSummary = "Seal the event log: record an AuditSealed event (stream auditseal-…) holding the Merkle root over the head\n" +
	"(stream, version, hash) of every stream up to the log's current end, chained to the previous seal's root; its leaves\n" +
	"are kept in cronica_seal_leaves. Prints `audit seal: sealed #<seq> through position <p>: streams=<n> events=<m>\n" +
	"root=<hex>`, or `audit seal: nothing new since seal #<seq>` when nothing but seals was appended since (appending\n" +
	"nothing). Exit 0; 1 when sealing fails, for instance because the last seal no longer matches its leaf record or the\n" +
	"log (run `cronica audit verify`); 2 on a usage error. Publish the root (verify prints the last one) to catch changes\n" +
	"made after it."

// runAuditSeal is `cronica audit seal`.
func runAuditSeal(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("audit seal", flag.ContinueOnError)
	cfg, code, done := parseFlags(fs, args, e, auditSealSummary)
	if done {
		return code
	}
	logger := newLogger(cfg, e.stderr)
	res, err := auditSeal(ctx, cfg, logger, e.now)
	if err != nil {
		logger.Error("audit seal: failed", "err", err)
		fmt.Fprintf(e.stderr, "audit seal: ERROR %v\n", err)
		if errors.Is(err, sealer.ErrLeavesAltered) || errors.Is(err, sealer.ErrLogAltered) {
			fmt.Fprintln(e.stderr, "audit seal: nothing was sealed; run `cronica audit verify` to see what changed")
		}
		return exitFailure
	}
	switch {
	case res.Sealed:
		fmt.Fprintf(e.stdout, "audit seal: sealed #%d through position %d: streams=%d events=%d root=%s\n",
			res.Seal.Seq, uint64(res.Seal.Through), res.Seal.Streams, res.Seal.Events, res.Seal.Root)
	case res.HasSeal:
		fmt.Fprintf(e.stdout, "audit seal: nothing new since seal #%d\n", res.Seal.Seq)
	default:
		fmt.Fprintln(e.stdout, "audit seal: nothing to seal: the log is empty")
	}
	return exitOK
}

// auditSeal opens the database (migrating it: the leaf table) and the
// store, and seals.
func auditSeal(ctx context.Context, cfg Config, logger *slog.Logger, now func() time.Time) (res sealer.Result, err error) {
	db, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return res, fmt.Errorf("audit seal: %w", err)
	}
	defer func() {
		if closeErr := db.close(context.WithoutCancel(ctx)); closeErr != nil {
			logger.Warn("audit seal: close the database", "err", closeErr)
		}
	}()
	if err := migrateAll(ctx, cfg, db.pool); err != nil {
		return res, fmt.Errorf("audit seal: %w", err)
	}
	store, err := openStore(ctx, cfg, db.pool, logger, now)
	if err != nil {
		return res, fmt.Errorf("audit seal: %w", err)
	}
	defer store.Close()
	s, err := newSealer(store, db.pool, "cli", logger)
	if err != nil {
		return res, err
	}
	return s.Seal(ctx)
}

// newSealer is the sealer over store, recording seals as Cronica's own
// System principal (no organisation), correlated as origin.
func newSealer(store eventstore.Store, pool *pgxpool.Pool, origin string, logger *slog.Logger) (*sealer.Sealer, error) {
	return sealer.New(sealer.Config{Store: store, Pool: pool, Actor: identity.System().AccountID, Origin: origin, Logger: logger})
}
