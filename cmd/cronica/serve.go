package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"cronica/internal/metrics"
	"cronica/projections"
	"cronica/readapi"
	"cronica/web"
)

const serveSummary = "Run the HTTP server: resolve the database, apply the migrations, open the event store and serve\n" +
	"until SIGTERM or SIGINT, then shut down gracefully."

// runServe is `cronica serve`.
func runServe(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	shutdownTimeout := fs.Duration("shutdown-timeout", 15*time.Second, "how long in-flight requests may take after SIGTERM")
	cfg, code, done := parseFlags(fs, args, e, serveSummary)
	if done {
		return code
	}
	logger := newLogger(cfg, e.stderr)
	if err := serve(ctx, cfg, logger, e.now, *shutdownTimeout); err != nil {
		logger.Error("serve: stopped with an error", "err", err)
		return exitFailure
	}
	return exitOK
}

// serve wires the server, runs it until ctx is done, and releases
// everything in reverse order.
func serve(ctx context.Context, cfg Config, logger *slog.Logger, now func() time.Time, shutdownTimeout time.Duration) (err error) {
	db, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer func() {
		if closeErr := db.close(context.WithoutCancel(ctx)); closeErr != nil {
			err = errors.Join(err, fmt.Errorf("serve: %w", closeErr))
		}
	}()
	if err := migrateAll(ctx, cfg, db.pool); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	store, err := openStore(ctx, cfg, db.pool, logger, now)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer func() {
		if closeErr := store.Close(); closeErr != nil {
			err = errors.Join(err, fmt.Errorf("serve: close the event store: %w", closeErr))
		}
	}()

	deps := httpDeps{logger: logger, database: db.pool, store: store,
		readAPI: readapi.Deps{Pool: db.pool, AdminToken: cfg.AdminToken, Logger: logger, Now: now}}
	if deps.readAPI.Personal, err = openKeyring(ctx, cfg, db.pool, logger, now); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	reg := metrics.NewRegistry()
	if deps.observe, err = metrics.HTTPMiddleware(reg); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	deps.metrics = metrics.Handler(reg, logger)
	if deps.openAPI, err = openAPIDocument(); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if deps.web, err = web.Files(); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	projectionMetrics, err := metrics.NewProjectionMetrics(reg)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if head, ok := store.(metrics.HeadSource); ok {
		if err := reg.Register(metrics.NewProjectionCollector(db.pool, head)); err != nil {
			return fmt.Errorf("serve: register the projection collector: %w", err)
		}
	}

	runtime, err := projections.NewRuntime(store, db.pool, readModels(), projections.Config{Metrics: projectionMetrics, Logger: logger})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	// The projections run until the HTTP server has stopped, then commit
	// what they hold before the store and the database close.
	projectCtx, stopProjecting := context.WithCancel(context.WithoutCancel(ctx))
	projected := make(chan error, 1)
	go func() { projected <- runtime.Run(projectCtx) }()
	defer func() {
		stopProjecting()
		if runErr := <-projected; runErr != nil {
			err = errors.Join(err, fmt.Errorf("serve: projections: %w", runErr))
		}
	}()

	// The search index follows the log beside the projections, its
	// checkpoint inside the index (searchwire.go).
	stopSearch, err := mountSearch(ctx, &deps, cfg, store, projectionMetrics, logger)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer func() {
		if stopErr := stopSearch(); stopErr != nil {
			err = errors.Join(err, fmt.Errorf("serve: %w", stopErr))
		}
	}()

	// gin's mode is a package variable of gin; release mode drops its debug
	// route dump. Set here, in the wiring, before the engine is built.
	gin.SetMode(gin.ReleaseMode)
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("serve: listen on %s: %w", cfg.HTTPAddr, err)
	}
	// The default public URL is the address listened on, known only now.
	publicURL := cfg.publicURL(ln.Addr().String())
	cache, stopCache, err := startStreamCache(ctx, store, db.pool, logger)
	if err != nil {
		return errors.Join(fmt.Errorf("serve: %w", err), ln.Close())
	}
	defer func() {
		if stopErr := stopCache(); stopErr != nil {
			err = errors.Join(err, fmt.Errorf("serve: %w", stopErr))
		}
	}()
	writeAPI, apiMiddleware, err := identityHTTP(cfg, db.pool, store, cache, logger, now, publicURL)
	if err != nil {
		return errors.Join(fmt.Errorf("serve: %w", err), ln.Close())
	}
	deps.writeAPI, deps.api, deps.trustProxy = &writeAPI, apiMiddleware, cfg.TrustProxy
	rt, stopRealtime, err := startRealtime(ctx, db.pool, store, logger, now, publicURL)
	if err != nil {
		return errors.Join(fmt.Errorf("serve: %w", err), ln.Close())
	}
	defer func() {
		if stopErr := stopRealtime(); stopErr != nil {
			err = errors.Join(err, fmt.Errorf("serve: realtime: %w", stopErr))
		}
	}()
	deps.realtime = rt
	reportService, err := newReports(db.pool, store, cache, logger, now)
	if err != nil {
		return errors.Join(fmt.Errorf("serve: %w", err), ln.Close())
	}
	mountReports(&deps, reportService, store, db.pool)
	if err := mountHistory(&deps, store, db.pool, now); err != nil {
		return errors.Join(fmt.Errorf("serve: %w", err), ln.Close())
	}
	stopReports := startReports(ctx, reportService, db.pool, rt.hub, logger)
	defer stopReports() // before the realtime hub, the store and the database close
	stopNotify, err := startNotify(ctx, cfg, db.pool, store, logger, now, publicURL)
	if err != nil {
		return errors.Join(fmt.Errorf("serve: %w", err), ln.Close())
	}
	defer stopNotify() // the delivery worker and the reminder scheduler, before the store and the database close
	stopSeal, err := startSeal(ctx, cfg, db.pool, store, logger, now)
	if err != nil {
		return errors.Join(fmt.Errorf("serve: %w", err), ln.Close())
	}
	defer stopSeal() // the daily seal, before the store and the database close
	srv := &http.Server{
		Handler:           routes(deps),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	srv.RegisterOnShutdown(rt.onShutdown) // websocket clients reconnect to another instance at once
	logger.Info("serve: listening", "addr", ln.Addr().String(), "public_url", publicURL, "eventstore", string(cfg.EventStore))

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("serve: shutting down", "timeout", shutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return errors.Join(fmt.Errorf("serve: shutdown: %w", err), srv.Close())
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	logger.Info("serve: http server stopped; closing the event store and the database")
	return nil
}
