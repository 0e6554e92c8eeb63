package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

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
	var service *jobs.Service
	srv := startTestServer(t, dbURL, nil, func(s *testServer, deps *httpDeps) func() {
		var err error
		service, err = newReports(s.pool, s.store, nil, s.logger, time.Now)
		pgtest.Must(t, err, "reports")
		mountReports(deps, service, s.store, s.pool)
		return startReportRelay(context.Background(), s.pool, s.rt.hub, s.logger)
	})
	return &reportsInstance{base: srv.base, pool: srv.pool, service: service}
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
