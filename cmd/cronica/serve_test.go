package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/test/pgtest"
)

func TestServeAnswersProbesAndStopsCleanlyOnSIGTERM(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_serve")
	s := startServe(t, cronicaEnv("CRONICA_DATABASE_URL="+dbURL))

	status, body := s.get(t, "/healthz")
	if status != http.StatusOK || body["status"] != "ok" {
		t.Fatalf("/healthz = %d %v, want 200 status ok", status, body)
	}
	status, body = s.get(t, "/readyz")
	checks, _ := body["checks"].(map[string]any)
	if status != http.StatusOK || body["status"] != "ready" || checks["database"] != "ok" || checks["eventstore"] != "ok" {
		t.Fatalf("/readyz = %d %v, want 200 ready with database and eventstore ok", status, body)
	}
	// Outside the API an unknown path is the web app's (its page, or "not
	// built"); under /api it is the standard 404.
	status, body = s.get(t, "/api/v1/no/such/route")
	errBody, _ := body["error"].(map[string]any)
	if status != http.StatusNotFound || errBody["code"] != "not_found" || errBody["message"] == "" {
		t.Fatalf("unknown API route = %d %v, want 404 with the standard error body", status, body)
	}

	if code := s.stop(t); code != 0 {
		t.Fatalf("exit status after SIGTERM = %d, want 0\n%s", code, s.log())
	}
	logs := s.log()
	for _, want := range []string{`"msg":"serve: shutting down"`, `"msg":"serve: http server stopped`, `"msg":"http request"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s", want)
		}
	}
}

func TestServeIsNotReadyWhenTheDatabaseIsGone(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_serve_gone")
	s := startServe(t, cronicaEnv("CRONICA_DATABASE_URL="+dbURL))
	if status, body := s.get(t, "/readyz"); status != http.StatusOK {
		t.Fatalf("/readyz before = %d %v", status, body)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, pgtest.AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	name := dbURL[strings.LastIndex(dbURL, "/")+1:]
	name, _, _ = strings.Cut(name, "?")
	if _, err := admin.Exec(ctx, "DROP DATABASE "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		t.Fatalf("drop %s: %v", name, err)
	}

	status, body := s.get(t, "/readyz")
	checks, _ := body["checks"].(map[string]any)
	if status != http.StatusServiceUnavailable || body["status"] != "not_ready" {
		t.Fatalf("/readyz after drop = %d %v, want 503 not_ready", status, body)
	}
	if db, _ := checks["database"].(string); db == "" || db == "ok" {
		t.Fatalf("database check = %q, want the error", checks["database"])
	}
	if status, _ := s.get(t, "/healthz"); status != http.StatusOK {
		t.Fatalf("/healthz after drop = %d, want 200 (the process is up)", status)
	}
	if code := s.stop(t); code != 0 {
		t.Fatalf("exit status after SIGTERM = %d, want 0", code)
	}
}
