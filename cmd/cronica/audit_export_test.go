package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"cronica/test/pgtest"
)

// TestAuditExportCommandLine exports the demo project's bundle with
// `cronica audit export` (after a report of it, and a seal when the
// binary has `audit seal`), checks it with `cronica audit verify
// --bundle` offline, exports it again byte for byte, finds an altered
// copy broken, and refuses bad flags with exit 2.
func TestAuditExportCommandLine(t *testing.T) {
	pool, dbURL := pgtest.NewPool(t, "cmd_audit_export")
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
	dir := t.TempDir()
	if r := runCronica(t, env, "report", "anexa8", "--org", org, "--param", "person="+person, "--param", "project="+project,
		"--param", "month="+month, "--format", "pdf", "-o", filepath.Join(dir, "anexa8.pdf")); r.code != exitOK {
		t.Fatalf("report: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	seals := "0"
	if slices.ContainsFunc(commands(), func(c command) bool { return c.name == "audit seal" }) {
		if r := runCronica(t, env, "audit", "seal"); r.code != exitOK {
			t.Fatalf("audit seal: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		seals = "1"
	}

	file := filepath.Join(dir, "bundle.zip")
	args := []string{"audit", "export", "--project", project, "--from", "2026-01-01", "--to", "2026-12-31", "-o", file}
	r := runCronica(t, env, args...)
	if r.code != exitOK || !strings.Contains(r.stdout, "audit export: "+file) || !strings.Contains(r.stdout, " reports=1 ") {
		t.Fatalf("audit export: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	first, err := os.ReadFile(file)
	pgtest.Must(t, err, "read the bundle")
	counts := regexp.MustCompile(`streams=(\d+) events=(\d+) seals=(\d+) reports=(\d+)`).FindStringSubmatch(r.stdout)
	if counts == nil || counts[3] != seals {
		t.Fatalf("audit export printed no counts, or not %s seals:\n%s", seals, r.stdout)
	}

	// Offline: no configuration, no database.
	v := runCronica(t, cronicaEnv(), "audit", "verify", "--bundle", file)
	if want := "audit verify --bundle: OK " + counts[0] + "\n"; v.code != exitAuditOK || v.stdout != want {
		t.Fatalf("verify --bundle: exit %d, want %q\n%s%s", v.code, want, v.stdout, v.stderr)
	}
	files := zipFiles(t, first)
	if !strings.Contains(string(files["README.md"]), "audit verify --bundle: OK "+counts[0]) {
		t.Fatalf("the README does not name what verify prints (%s)", counts[0])
	}

	if r := runCronica(t, env, args...); r.code != exitOK {
		t.Fatalf("audit export again: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	again, err := os.ReadFile(file)
	pgtest.Must(t, err, "read the bundle again")
	if !bytes.Equal(again, first) {
		t.Fatal("the same export gave other bytes")
	}

	// One byte of a report file altered: named, exit 1.
	for name, c := range files {
		if strings.HasSuffix(name, ".pdf") {
			c = bytes.Clone(c)
			c[len(c)/3] ^= 0x20
			files[name] = c
		}
	}
	altered := filepath.Join(dir, "altered.zip")
	pgtest.Must(t, os.WriteFile(altered, zipOf(t, files), 0o600), "write the altered bundle")
	v = runCronica(t, cronicaEnv(), "audit", "verify", "--bundle", altered)
	if v.code != exitAuditBroken || !strings.Contains(v.stdout, "audit verify --bundle: FAIL file=reports/") ||
		!strings.Contains(v.stdout, ".pdf: SHA-256 is") || !strings.Contains(v.stdout, "audit verify --bundle: BROKEN failures=") {
		t.Fatalf("verify an altered bundle: exit %d\n%s%s", v.code, v.stdout, v.stderr)
	}

	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"--project", "AQUASENSE", "--from", "2026-01-01", "--to", "2026-12-31"}, "is not a project id"},
		{[]string{"--project", project, "--from", "2026-02-30", "--to", "2026-12-31"}, "is not a date YYYY-MM-DD"},
		{[]string{"--project", project, "--from", "2026-12-31", "--to", "2026-01-01"}, "ends (2026-01-01) before it starts"},
		{[]string{"--project", "0197a1c2-0000-7000-8000-000000000000", "--from", "2026-01-01", "--to", "2026-12-31"}, "not found"},
		{[]string{"--project", project, "--from", "2026-01-01"}, "are required"},
	} {
		out := filepath.Join(dir, "bad.zip")
		r := runCronica(t, env, append(append([]string{"audit", "export"}, bad.args...), "-o", out)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, bad.want) {
			t.Errorf("audit export %v: exit %d, want 2 and %q\n%s%s", bad.args, r.code, bad.want, r.stdout, r.stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("audit export %v left a file behind", bad.args)
		}
	}
	if v := runCronica(t, cronicaEnv(), "audit", "verify", "--bundle", filepath.Join(dir, "missing.zip")); v.code != exitAuditError {
		t.Errorf("verify a missing bundle: exit %d\n%s%s", v.code, v.stdout, v.stderr)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

// zipFiles is a zip's files by name.
func zipFiles(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	pgtest.Must(t, err, "open the zip")
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		pgtest.Must(t, err, "open "+f.Name)
		c, err := io.ReadAll(rc)
		rc.Close()
		pgtest.Must(t, err, "read "+f.Name)
		out[f.Name] = c
	}
	return out
}

// zipOf is a zip of files.
func zipOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, c := range files {
		w, err := zw.Create(name)
		pgtest.Must(t, err, "zip "+name)
		_, err = w.Write(c)
		pgtest.Must(t, err, "zip "+name)
	}
	pgtest.Must(t, zw.Close(), "close the zip")
	return b.Bytes()
}
