package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/internal/bench"
)

const benchAppendSummary = "Measure the PostgreSQL event store on the configured server, in a scratch database\n" +
	"(cronica_bench_<random>, dropped at the end): (a) raw single-row INSERTs, (b) single-event\n" +
	"appends, (c) batch appends, (d) a catch-up read of the whole log. The last line is\n" +
	"`ratio_single_vs_insert=<b/a> batch_eps=<c> catchup_eps=<d>`."

// runBenchAppend is `cronica bench append`.
func runBenchAppend(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("bench append", flag.ContinueOnError)
	duration := fs.Duration("duration", bench.DefaultDuration, "measured time of each write phase")
	warmup := fs.Duration("warmup", bench.DefaultWarmup, "unmeasured warm-up before each phase")
	writers := fs.Int("writers", bench.DefaultWriters, "concurrent connections (a) and writers (b, c)")
	batch := fs.Int("batch", bench.DefaultBatchSize, "events per append in phase (c)")
	pageSize := fs.Int("page-size", bench.DefaultPageSize, "ReadAll page size in phase (d)")
	rounds := fs.Int("rounds", bench.DefaultRounds, "alternating rounds of phases (a) and (b)")
	keep := fs.Bool("keep", false, "keep the scratch database instead of dropping it")
	cfg, code, done := parseFlags(fs, args, e, benchAppendSummary)
	if done {
		return code
	}
	logger := newLogger(cfg, e.stderr)
	if cfg.EventStore != EventStorePostgres {
		logger.Warn("bench append: measures the PostgreSQL event store; the configured event store is not used", "eventstore", string(cfg.EventStore))
	}
	err := benchAppend(ctx, cfg, logger, e.now, e.stdout, bench.AppendConfig{
		Duration:  *duration,
		Warmup:    *warmup,
		Writers:   *writers,
		BatchSize: *batch,
		PageSize:  *pageSize,
		Rounds:    *rounds,
		Keep:      *keep,
	})
	if err != nil {
		logger.Error("bench append: failed", "err", err)
		return exitFailure
	}
	return exitOK
}

// benchAppend resolves the server and runs the bench with pgstore wired in.
func benchAppend(ctx context.Context, cfg Config, logger *slog.Logger, now func() time.Time, out io.Writer, bc bench.AppendConfig) (err error) {
	db, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return fmt.Errorf("bench append: %w", err)
	}
	defer func() {
		if closeErr := db.close(context.WithoutCancel(ctx)); closeErr != nil {
			err = errors.Join(err, fmt.Errorf("bench append: %w", closeErr))
		}
	}()
	bc.ServerURL = db.url
	bc.Migrate = pgstore.Migrate
	bc.OpenStore = func(ctx context.Context, pool *pgxpool.Pool) (eventstore.Store, func() error, error) {
		s, err := pgstore.New(ctx, pool, pgstore.Options{Now: now, Logger: logger})
		if err != nil {
			return nil, nil, err
		}
		return s, s.Close, nil
	}
	bc.Logger = logger
	bc.Out = out
	if _, err := bench.RunAppend(ctx, bc); err != nil {
		return fmt.Errorf("bench append: %w", err)
	}
	return nil
}
