package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/test/pgtest"
)

// appendNotes appends n events to a new stream and returns it and the
// position of the last one.
func appendNotes(t *testing.T, pool *pgxpool.Pool, n int) (string, eventstore.Position) {
	t.Helper()
	ctx := context.Background()
	store, err := pgstore.New(ctx, pool, pgstore.Options{})
	pgtest.Must(t, err, "pgstore.New")
	defer store.Close()
	stream := eventstore.StreamID("note", uuid.New())
	var events []eventstore.EventData
	for i := 0; i < n; i++ {
		events = append(events, eventstore.EventData{ID: uuid.Must(uuid.NewV7()), Type: "NoteWritten.v1",
			Data: []byte(`{"body":"ședință ` + strconv.Itoa(i) + `"}`), Metadata: eventstore.Metadata{ActorID: "person-1", OrgID: "org-1"}})
	}
	res, err := store.Append(ctx, eventstore.AppendRequest{Stream: stream, Expected: eventstore.NoStream(), Events: events})
	pgtest.Must(t, err, "append")
	return stream, res.Position
}

// request sends GET path with an optional bearer token and decodes the body.
func (s *server) request(t *testing.T, path, token string) (int, map[string]any, http.Header) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.base+path, nil)
	pgtest.Must(t, err, "request")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := (&http.Client{Timeout: 15 * time.Second}).Do(req)
	pgtest.Must(t, err, "GET "+path)
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var body map[string]any
	json.Unmarshal(raw, &body) //nolint:errcheck // /metrics is not JSON; callers look at what they need
	if body == nil {
		body = map[string]any{"raw": string(raw)}
	}
	return resp.StatusCode, body, resp.Header
}

func TestServeProjectsTheAuditLogAndReadsYourWrites(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_projections_serve")
	s := startServe(t, cronicaEnv("CRONICA_DATABASE_URL="+dbURL, "CRONICA_ADMIN_TOKEN=s3cret-token-for-tests"))
	pool, err := pgxpool.New(context.Background(), dbURL)
	pgtest.Must(t, err, "pool")
	defer pool.Close()
	stream, pos := appendNotes(t, pool, 3)

	path := "/api/v1/audit/events?order=asc&stream=" + stream + "&min_position=" + strconv.FormatUint(uint64(pos), 10)
	if status, _, _ := s.request(t, path, ""); status != http.StatusUnauthorized {
		t.Fatalf("without the token: %d, want 401", status)
	}
	status, body, _ := s.request(t, path, "s3cret-token-for-tests")
	items, _ := body["items"].([]any)
	if status != http.StatusOK || len(items) != 3 {
		t.Fatalf("read with min_position = %d %v, want 200 and the 3 events just written", status, body)
	}
	first, _ := items[0].(map[string]any)
	if first["stream_id"] != stream || first["type"] != "NoteWritten.v1" || first["actor_id"] != "person-1" || first["category"] != "note" {
		t.Fatalf("first item = %v", first)
	}

	// A position far ahead of the log: 503 with Retry-After, after the wait.
	status, body, header := s.request(t, "/api/v1/audit/events?min_position="+strconv.FormatUint(uint64(pos)<<1, 10), "s3cret-token-for-tests")
	errBody, _ := body["error"].(map[string]any)
	if status != http.StatusServiceUnavailable || header.Get("Retry-After") == "" || errBody["code"] != "projection_lagging" {
		t.Fatalf("min_position ahead of the log = %d %v (Retry-After %q), want 503 projection_lagging", status, body, header.Get("Retry-After"))
	}

	_, metrics, _ := s.request(t, "/metrics", "")
	text, _ := metrics["raw"].(string)
	for _, want := range []string{`cronica_projection_checkpoint_position{projector="audit_log"}`, `cronica_projection_lag_events{projector="audit_log"} 0`,
		`cronica_http_request_duration_seconds_bucket{method="GET",route="/api/v1/audit/events",status="200"`} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if code := s.stop(t); code != 0 {
		t.Fatalf("exit status after SIGTERM = %d", code)
	}
}

func TestProjectionsRebuildAndStatus(t *testing.T) {
	pool, dbURL := pgtest.NewPool(t, "cmd_projections_cli")
	env := cronicaEnv("CRONICA_DATABASE_URL="+dbURL, "CRONICA_DATA_DIR="+t.TempDir())
	if res := runCronica(t, env, "migrate"); res.code != 0 {
		t.Fatalf("migrate: %d %s", res.code, res.stderr)
	}
	_, pos := appendNotes(t, pool, 250)

	res := runCronica(t, env, "projections", "status")
	if res.code != 0 || !regexp.MustCompile(`audit_log\s+halt\s+running\s+0\s+250\s`).MatchString(res.stdout) {
		t.Fatalf("status before: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	res = runCronica(t, env, "projections", "rebuild", "audit_log")
	if res.code != 0 || !strings.Contains(res.stdout, "rebuild audit_log: done, 250 events") {
		t.Fatalf("rebuild: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	var rows int
	pgtest.Must(t, pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log`).Scan(&rows), "count")
	if rows != 250 {
		t.Fatalf("audit_log has %d rows after the rebuild, want 250", rows)
	}
	res = runCronica(t, env, "projections", "status")
	want := regexp.MustCompile(`audit_log\s+halt\s+running\s+` + strconv.FormatUint(uint64(pos), 10) + `\s+0\s`)
	if res.code != 0 || !want.MatchString(res.stdout) {
		t.Fatalf("status after: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	for _, args := range [][]string{{"projections", "rebuild"}, {"projections", "rebuild", "no_such"}, {"projections", "rebuild", "audit_log", "--all"}} {
		if res := runCronica(t, env, args...); res.code != exitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, res.code, exitUsage, res.stderr)
		}
	}
}
