package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/eventstore/sealer"
)

// envSealInterval is how old the log's last seal may grow before serve
// seals it again (flag --seal-interval).
const envSealInterval = "CRONICA_SEAL_INTERVAL"

// defaultSealInterval is a daily seal.
const defaultSealInterval = sealer.DefaultInterval

// startSeal runs the seal scheduler (one per cluster: it waits for its
// lock) until stop, which waits for it. With cfg.SealInterval 0 it runs
// nothing.
func startSeal(ctx context.Context, cfg Config, pool *pgxpool.Pool, store eventstore.Store, logger *slog.Logger,
	now func() time.Time) (stop func(), err error) {
	if cfg.SealInterval == 0 {
		logger.Info("audit seal: scheduled seals are off (" + envSealInterval + "=off)")
		return func() {}, nil
	}
	s, err := newSealer(store, pool, "serve", logger)
	if err != nil {
		return nil, err
	}
	scheduler, err := sealer.NewScheduler(sealer.SchedulerConfig{Pool: pool, Sealer: s, Interval: cfg.SealInterval, Now: now, Logger: logger})
	if err != nil {
		return nil, err
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); scheduler.Run(runCtx) }()
	return func() { cancel(); wg.Wait() }, nil
}
