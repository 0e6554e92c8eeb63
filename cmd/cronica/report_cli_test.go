package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"cronica/test/pgtest"
)

// TestReportCommandLine generates the demo's first approved month as an
// Anexa 8 with `cronica report`, verifies the file with `cronica report
// verify`, and refuses an altered copy and a bad request.
func TestReportCommandLine(t *testing.T) {
	pool, dbURL := pgtest.NewPool(t, "cmd_report")
	env := cronicaEnv("CRONICA_DATABASE_URL="+dbURL, "CRONICA_DATA_DIR="+t.TempDir())
	if r := runCronica(t, env, "demo"); r.code != exitOK {
		t.Fatalf("demo: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var org, person, month, project string
	err := pool.QueryRow(context.Background(), `SELECT e.org_id, e.data->>'person_id', e.data->>'month',
			(SELECT r.data->'entry'->>'project_id' FROM cronica_events r WHERE r.stream_id = e.stream_id
				AND r.type = 'TimeEntryRecorded.v1' AND r.data->'entry'->>'project_id' IS NOT NULL ORDER BY r.version LIMIT 1)
		FROM cronica_events e WHERE e.type = 'TimesheetApproved.v1' ORDER BY e.position LIMIT 1`).Scan(&org, &person, &month, &project)
	pgtest.Must(t, err, "an approved month of the demo")

	file := filepath.Join(t.TempDir(), "anexa8.pdf")
	r := runCronica(t, env, "report", "anexa8", "--org", org, "--param", "person="+person, "--param", "project="+project,
		"--param", "month="+month, "--format", "pdf", "-o", file)
	if r.code != exitOK || !strings.Contains(r.stderr, "done") {
		t.Fatalf("report: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	sha := regexp.MustCompile(`sha256: ([0-9a-f]{64})`).FindStringSubmatch(r.stdout)
	if sha == nil || !strings.Contains(r.stdout, "as_of_position: ") {
		t.Fatalf("report printed no manifest:\n%s", r.stdout)
	}
	pdf, err := os.ReadFile(file)
	if err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("the file is not a PDF (%v)", err)
	}

	if v := runCronica(t, env, "report", "verify", file, "--org", org); v.code != exitOK || !strings.Contains(v.stdout, "MATCH") ||
		!strings.Contains(v.stdout, sha[1]) {
		t.Fatalf("verify: exit %d\n%s%s", v.code, v.stdout, v.stderr)
	}
	altered := filepath.Join(t.TempDir(), "altered.pdf")
	pdf[len(pdf)/2] ^= 1
	if err := os.WriteFile(altered, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if v := runCronica(t, env, "report", "verify", altered, "--org", org); v.code != exitFailure ||
		!strings.Contains(v.stdout, "MISMATCH") || !strings.Contains(v.stdout, "unknown_digest") {
		t.Fatalf("verify an altered file: exit %d\n%s%s", v.code, v.stdout, v.stderr)
	}
	if b := runCronica(t, env, "report", "anexa8", "--org", org, "--param", "month=2026-13", "-o", file); b.code != exitUsage ||
		!strings.Contains(b.stderr, "invalid request") {
		t.Fatalf("a bad month: exit %d\n%s%s", b.code, b.stdout, b.stderr)
	}
	if ty := runCronica(t, env, "report", "types"); ty.code != exitOK || !strings.Contains(ty.stdout, "anexa8") ||
		!strings.Contains(ty.stdout, "--param month=<month> (required)") {
		t.Fatalf("report types: exit %d\n%s%s", ty.code, ty.stdout, ty.stderr)
	}
}
