package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/projections"
	"cronica/readapi"
	"cronica/reports/jobs"
	"cronica/test/pgtest"
)

// reportsInstance is a Cronica server wired as serve wires it (the read
// and write APIs with the report routes, the websocket route, the
// projections, the realtime hub and the progress relay), whose report
// workers start when the test says so: a client can follow a job before
// anything of it runs.
type reportsInstance struct {
	base    string
	pool    *pgxpool.Pool
	service *jobs.Service
}

// newReportsInstance starts an instance on dbURL; everything stops at
// cleanup.
func newReportsInstance(t *testing.T, dbURL string) *reportsInstance {
	t.Helper()
	ctx := context.Background()
	vars := map[string]string{envDatabaseURL: dbURL, envDataDir: t.TempDir()}
	cfg, _, err := parseConfig(flag.NewFlagSet("serve", flag.ContinueOnError), nil, func(k string) string { return vars[k] })
	pgtest.Must(t, err, "config")
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	now := time.Now
	pool, err := pgxpool.New(ctx, dbURL)
	pgtest.Must(t, err, "pool")
	t.Cleanup(pool.Close)
	pgtest.Must(t, migrateAll(ctx, cfg, pool), "migrate")
	store, err := openStore(ctx, cfg, pool, logger, now)
	pgtest.Must(t, err, "open the event store")
	t.Cleanup(func() { store.Close() })

	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	deps := httpDeps{logger: logger, database: pool, store: store,
		readAPI: readapi.Deps{Pool: pool, Logger: logger, Now: now}}
	writeAPI, apiMiddleware, err := identityHTTP(cfg, pool, store, nil, logger, now, base)
	pgtest.Must(t, err, "identity http")
	deps.writeAPI, deps.api = &writeAPI, apiMiddleware
	rt, stopRealtime, err := startRealtime(ctx, pool, store, logger, now, base)
	pgtest.Must(t, err, "realtime")
	deps.realtime = rt
	service, err := newReports(pool, store, nil, logger, now)
	pgtest.Must(t, err, "reports")
	mountReports(&deps, service, store, pool)
	stopRelay := startReportRelay(ctx, pool, rt.hub, logger)
	gin.SetMode(gin.ReleaseMode)
	srv.Config.Handler = routes(deps)
	srv.Start()

	runtime, err := projections.NewRuntime(store, pool, readModels(), projections.Config{Logger: logger})
	pgtest.Must(t, err, "projections")
	projectCtx, stopProjecting := context.WithCancel(ctx)
	projected := make(chan error, 1)
	go func() { projected <- runtime.Run(projectCtx) }()
	t.Cleanup(func() {
		stopRelay()
		if err := stopRealtime(); err != nil {
			t.Errorf("realtime: %v", err)
		}
		srv.Close()
		stopProjecting()
		if err := <-projected; err != nil {
			t.Errorf("projections: %v", err)
		}
	})
	return &reportsInstance{base: base, pool: pool, service: service}
}

// startWorkers runs the instance's report workers until the test ends.
func (s *reportsInstance) startWorkers(t *testing.T) {
	t.Helper()
	stop := startReportWorkers(context.Background(), s.service)
	t.Cleanup(stop)
}

// raw sends a request with body as is (nil: none) and returns the status,
// the body's bytes and the headers.
func (b *browser) raw(t *testing.T, method, path string, body []byte, header map[string]string) (int, []byte, http.Header) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, b.base+path, rd)
	pgtest.Must(t, err, "request")
	if b.csrf != "" {
		req.Header.Set("X-CSRF-Token", b.csrf)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := b.client.Do(req)
	pgtest.Must(t, err, method+" "+path)
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	pgtest.Must(t, err, "read "+path)
	return resp.StatusCode, out, resp.Header
}
