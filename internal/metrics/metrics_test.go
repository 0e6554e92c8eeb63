package metrics_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/internal/metrics"
	"cronica/projections"
	"cronica/test/pgtest"
)

func init() { gin.SetMode(gin.TestMode) }

func scrape(t *testing.T, h http.Handler) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body, _ := io.ReadAll(rec.Result().Body)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics: %d %s", rec.Code, body)
	}
	return string(body)
}

// expectLine fails unless the exposition has exactly this sample line.
func expectLine(t *testing.T, body, line string) {
	t.Helper()
	for _, l := range strings.Split(body, "\n") {
		if l == line {
			return
		}
	}
	t.Errorf("no line %q in:\n%s", line, grep(body, "cronica_"))
}

func grep(body, prefix string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestHTTPMiddlewareAndHandler(t *testing.T) {
	reg := metrics.NewRegistry()
	mw, err := metrics.HTTPMiddleware(reg)
	pgtest.Must(t, err, "middleware")
	r := gin.New()
	r.Use(mw)
	r.GET("/things/:id", func(c *gin.Context) { c.String(http.StatusOK, c.Param("id")) })
	r.GET("/metrics", gin.WrapH(metrics.Handler(reg, slog.New(slog.DiscardHandler))))

	for _, req := range []*http.Request{
		httptest.NewRequest(http.MethodGet, "/things/1", nil),
		httptest.NewRequest(http.MethodGet, "/things/2", nil),
		httptest.NewRequest(http.MethodGet, "/nowhere", nil),
		httptest.NewRequest("BREW", "/things/3", nil),
	} {
		r.ServeHTTP(httptest.NewRecorder(), req)
	}
	body := scrape(t, r)
	expectLine(t, body, `cronica_http_request_duration_seconds_count{method="GET",route="/things/:id",status="200"} 2`)
	expectLine(t, body, `cronica_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1`)
	expectLine(t, body, `cronica_http_request_duration_seconds_count{method="other",route="unmatched",status="404"} 1`)
	expectLine(t, body, `cronica_http_request_duration_seconds_bucket{method="GET",route="/things/:id",status="200",le="+Inf"} 2`)
	if !strings.Contains(body, "go_goroutines ") || !strings.Contains(body, "process_") {
		t.Error("the registry lacks the Go and process collectors")
	}
	// Registering twice on one registry is an error, not a panic.
	if _, err := metrics.HTTPMiddleware(reg); err == nil {
		t.Error("second HTTPMiddleware on one registry succeeded")
	}
}

// A websocket's life is not a request's duration: an upgraded request is
// not observed, one refused before the upgrade is.
func TestHTTPMiddlewareLeavesOutWebsockets(t *testing.T) {
	reg := metrics.NewRegistry()
	mw, err := metrics.HTTPMiddleware(reg)
	pgtest.Must(t, err, "middleware")
	r := gin.New()
	r.Use(mw)
	r.GET("/ws", func(c *gin.Context) {
		if c.GetHeader("Authorization") == "" {
			c.Status(http.StatusUnauthorized)
			return
		}
		c.Status(http.StatusSwitchingProtocols)
	})
	r.GET("/metrics", gin.WrapH(metrics.Handler(reg, slog.New(slog.DiscardHandler))))
	for _, auth := range []string{"", "Bearer x"} {
		req := httptest.NewRequest(http.MethodGet, "/ws", nil)
		req.Header.Set("Connection", "Upgrade")
		req.Header.Set("Upgrade", "websocket")
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		r.ServeHTTP(httptest.NewRecorder(), req)
	}
	body := scrape(t, r)
	expectLine(t, body, `cronica_http_request_duration_seconds_count{method="GET",route="/ws",status="401"} 1`)
	if strings.Contains(body, `status="101"`) {
		t.Errorf("the upgraded request was observed:\n%s", body)
	}
}

func TestProjectionCollector(t *testing.T) {
	pool, _ := pgtest.NewPool(t, "metrics")
	ctx := context.Background()
	pgtest.Must(t, pgstore.Migrate(ctx, pool), "migrate eventstore")
	pgtest.Must(t, projections.Migrate(ctx, pool), "migrate projections")
	clock := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	store, err := pgstore.New(ctx, pool, pgstore.Options{Now: func() time.Time { clock = clock.Add(10 * time.Second); return clock }})
	pgtest.Must(t, err, "store")
	t.Cleanup(func() { store.Close() })

	stream := "person-" + uuid.NewString()
	for i := range 3 {
		_, err := store.Append(ctx, eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(),
			Events: []eventstore.EventData{{ID: uuid.Must(uuid.NewV7()), Type: "Thing.v1", Data: json.RawMessage(fmt.Sprint(i))}}})
		pgtest.Must(t, err, "append")
	}
	events := readAllOf(t, store, 3)

	exec := func(sql string, args ...any) {
		t.Helper()
		_, err := pool.Exec(ctx, sql, args...)
		pgtest.Must(t, err, sql)
	}
	// audit_log: one event behind the head, running, one parked event.
	exec(`INSERT INTO cronica_projection_checkpoints (projector, position, recorded_at) VALUES ('audit_log', $1, $2)`,
		int64(events[1].Position), events[1].Metadata.RecordedAt)
	exec(`INSERT INTO cronica_projection_parked (projector, position, stream_id, version, event_id, type, error, attempts)
		VALUES ('audit_log', $1, $2, 0, $3, 'Thing.v1', 'boom', 5)`, int64(events[0].Position), stream, events[0].ID)
	// feed: halted before applying anything, two parked events.
	exec(`INSERT INTO cronica_projection_checkpoints (projector, state, halted_reason) VALUES ('feed', 'halted', 'boom')`)
	for _, e := range events[:2] {
		exec(`INSERT INTO cronica_projection_parked (projector, position, stream_id, version, event_id, type, error, attempts)
			VALUES ('feed', $1, $2, $3, $4, 'Thing.v1', 'boom', 5)`, int64(e.Position), stream, int64(e.Version), e.ID)
	}
	// search: caught up.
	exec(`INSERT INTO cronica_projection_checkpoints (projector, position, recorded_at) VALUES ('search', $1, $2)`,
		int64(events[2].Position), events[2].Metadata.RecordedAt)
	// orphan: parked events but no checkpoint row.
	exec(`INSERT INTO cronica_projection_parked (projector, position, stream_id, version, event_id, type, error, attempts)
		VALUES ('orphan', $1, $2, 0, $3, 'Thing.v1', 'boom', 5)`, int64(events[0].Position), stream, events[0].ID)

	reg := metrics.NewRegistry()
	pgtest.Must(t, reg.Register(metrics.NewProjectionCollector(pool, store)), "register collector")
	pm, err := metrics.NewProjectionMetrics(reg)
	pgtest.Must(t, err, "projection metrics")
	pm.Parked("audit_log")
	pm.Applied("audit_log", 2)
	pm.Applied("audit_log", 0)
	var nilMetrics *metrics.ProjectionMetrics
	nilMetrics.Parked("audit_log") // a nil value counts nothing
	nilMetrics.Applied("audit_log", 1)

	body := scrape(t, metrics.Handler(reg, nil))
	pos := func(i int) string { return fmt.Sprint(float64(events[i].Position)) }
	for _, line := range []string{
		`cronica_projection_checkpoint_position{projector="audit_log"} ` + pos(1),
		`cronica_projection_lag_events{projector="audit_log"} 1`,
		`cronica_projection_lag_seconds{projector="audit_log"} 10`,
		`cronica_projection_parked_events{projector="audit_log"} 1`,
		`cronica_projection_halted{projector="audit_log"} 0`,

		`cronica_projection_checkpoint_position{projector="feed"} 0`,
		`cronica_projection_lag_events{projector="feed"} 3`,
		`cronica_projection_lag_seconds{projector="feed"} +Inf`,
		`cronica_projection_parked_events{projector="feed"} 2`,
		`cronica_projection_halted{projector="feed"} 1`,

		`cronica_projection_checkpoint_position{projector="search"} ` + pos(2),
		`cronica_projection_lag_events{projector="search"} 0`,
		`cronica_projection_lag_seconds{projector="search"} 0`,
		`cronica_projection_parked_events{projector="search"} 0`,

		`cronica_projection_parked_events{projector="orphan"} 1`,
		`cronica_projection_halted{projector="orphan"} 0`,

		`cronica_projection_parked_total{projector="audit_log"} 1`,
		`cronica_projection_events_applied_total{projector="audit_log"} 2`,
	} {
		expectLine(t, body, line)
	}
	if _, err := metrics.NewProjectionMetrics(reg); err == nil {
		t.Error("second NewProjectionMetrics on one registry succeeded")
	}
}

// A database that does not answer costs the projection metrics, not the
// scrape.
func TestProjectionCollectorDatabaseDown(t *testing.T) {
	_, dbURL := pgtest.NewPool(t, "metrics_down")
	pool, err := pgxpool.New(context.Background(), dbURL)
	pgtest.Must(t, err, "pool")
	pool.Close()
	reg := prometheus.NewRegistry()
	pgtest.Must(t, reg.Register(metrics.NewProjectionCollector(pool, nil)), "register")
	pm, err := metrics.NewProjectionMetrics(reg)
	pgtest.Must(t, err, "projection metrics")
	pm.Applied("audit_log", 1)
	body := scrape(t, metrics.Handler(reg, slog.New(slog.DiscardHandler)))
	expectLine(t, body, `cronica_projection_events_applied_total{projector="audit_log"} 1`)
	if strings.Contains(body, "cronica_projection_lag_events") {
		t.Errorf("projection gauges without a database:\n%s", body)
	}
}

// readAllOf reads the whole log once it shows n events: readers only see
// events below the cluster's oldest running transaction, and other test
// packages may be holding one open for a moment.
func readAllOf(t *testing.T, store eventstore.Store, n int) []eventstore.RecordedEvent {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		events, err := store.ReadAll(context.Background(), eventstore.Start, n+1)
		pgtest.Must(t, err, "read all")
		if len(events) == n {
			return events
		}
		if len(events) > n || time.Now().After(deadline) {
			t.Fatalf("read %d events, want %d", len(events), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
