package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/internal/bench"
	"cronica/projections"
	"cronica/projections/auditlog"
)

const benchProjectSummary = "Measure the projection runtime with the audit_log projector in a scratch database on the\n" +
	"configured PostgreSQL: (a) a blue/green rebuild from zero over --events events, (b) a raw COPY of the\n" +
	"same rows into a table of the same shape, (c) the lag from append commit to read-model commit at a steady\n" +
	"append rate. The last line is `rebuild_eps=<a> ratio_vs_copy=<a/b> lag_p99_ms=<c>`."

// runBenchProject is `cronica bench project`.
func runBenchProject(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("bench project", flag.ContinueOnError)
	events := fs.Int("events", bench.DefaultProjectEvents, "events in the log for the rebuild")
	rate := fs.Int("lag-rate", bench.DefaultLagRate, "steady append rate of phase (c), events/s")
	lagFor := fs.Duration("lag-duration", bench.DefaultLagDuration, "how long phase (c) appends")
	keep := fs.Bool("keep", false, "keep the scratch database instead of dropping it")
	cfg, code, done := parseFlags(fs, args, e, benchProjectSummary)
	if done {
		return code
	}
	logger := newLogger(cfg, e.stderr)
	err := func() (err error) {
		db, err := openDatabase(ctx, cfg, logger)
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, db.close(context.WithoutCancel(ctx))) }()
		_, err = bench.RunProject(ctx, bench.ProjectConfig{
			ServerURL: db.url,
			Migrate: func(ctx context.Context, pool *pgxpool.Pool) error {
				return errors.Join(pgstore.Migrate(ctx, pool), projections.Migrate(ctx, pool), auditlog.Migrate(ctx, pool))
			},
			OpenStore: func(ctx context.Context, pool *pgxpool.Pool) (eventstore.Store, func() error, error) {
				s, err := pgstore.New(ctx, pool, pgstore.Options{Now: e.now, Logger: logger})
				if err != nil {
					return nil, nil, err
				}
				return s, s.Close, nil
			},
			Projector:   auditlog.Projector(),
			Events:      *events,
			LagRate:     *rate,
			LagDuration: *lagFor,
			Keep:        *keep,
			Logger:      logger,
			Out:         e.stdout,
		})
		return err
	}()
	if err != nil {
		fmt.Fprintf(e.stderr, "cronica bench project: %v\n", err)
		return exitFailure
	}
	return exitOK
}
