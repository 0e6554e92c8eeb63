package embeddedpg

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// testLogger sends the package's logs to t.Log.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func startPrivateForTest(t *testing.T, dataDir string) *Database {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db, err := Start(ctx, Options{DataDir: dataDir, ForcePrivate: true, Logger: testLogger(t)})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Stop(context.Background()); err != nil {
			t.Errorf("cleanup Stop: %v", err)
		}
	})
	if !db.Private {
		t.Fatalf("Private = false, want the private cluster")
	}
	if want := filepath.Join(dataDir, "postgres"); db.ClusterDir != want {
		t.Fatalf("ClusterDir = %q, want %q", db.ClusterDir, want)
	}
	return db
}

func exec1(t *testing.T, dbURL, sql string, args ...any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatalf("connect %s: %v", dbURL, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func queryString(t *testing.T, dbURL, sql string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatalf("connect %s: %v", dbURL, err)
	}
	defer conn.Close(ctx)
	var s string
	if err := conn.QueryRow(ctx, sql).Scan(&s); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return s
}

func TestPrivateClusterStartsStopsAndKeepsItsData(t *testing.T) {
	dataDir := t.TempDir()

	db := startPrivateForTest(t, dataDir)
	if !strings.HasSuffix(strings.SplitN(db.URL, "?", 2)[0], "/cronica") {
		t.Fatalf("URL = %s, want the cronica database", db.URL)
	}
	exec1(t, db.URL, `CREATE TABLE kept (note text NOT NULL)`)
	exec1(t, db.URL, `INSERT INTO kept (note) VALUES ($1)`, "survives a restart")
	if enc := queryString(t, db.URL, `SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()`); enc != "UTF8" {
		t.Fatalf("encoding = %s, want UTF8", enc)
	}
	if err := db.Stop(context.Background()); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if err := db.Stop(context.Background()); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	if conn, err := pgx.Connect(ctx, db.URL); err == nil {
		conn.Close(ctx)
		t.Fatalf("connected to %s after Stop", db.URL)
	}
	cancel()

	again := startPrivateForTest(t, dataDir)
	if got := queryString(t, again.URL, `SELECT note FROM kept`); got != "survives a restart" {
		t.Fatalf("after restart note = %q", got)
	}
	if err := again.Stop(context.Background()); err != nil {
		t.Fatalf("Stop after restart: %v", err)
	}
}

func TestPrivateClusterRecoversFromAStalePIDFile(t *testing.T) {
	dataDir := t.TempDir()
	db := startPrivateForTest(t, dataDir)
	if err := db.Stop(context.Background()); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	// A crashed run leaves postmaster.pid behind; here it names a live
	// process that is not a postmaster (this test), as after pid reuse.
	pidFile := filepath.Join(db.ClusterDir, "postmaster.pid")
	stale := strconv.Itoa(os.Getpid()) + "\n" + db.ClusterDir + "\n1700000000\n5432\n\n127.0.0.1\n  1  2\nready\n"
	if err := os.WriteFile(pidFile, []byte(stale), 0o600); err != nil {
		t.Fatalf("write stale pid file: %v", err)
	}
	again := startPrivateForTest(t, dataDir)
	if got := queryString(t, again.URL, `SELECT 'up'`); got != "up" {
		t.Fatalf("query after stale pid: %q", got)
	}
}

func TestSecondStartOnTheSameDataDirIsRefusedWhileTheFirstRuns(t *testing.T) {
	dataDir := t.TempDir()
	startPrivateForTest(t, dataDir)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := Start(ctx, Options{DataDir: dataDir, ForcePrivate: true, Logger: testLogger(t)})
	if err == nil || !strings.Contains(err.Error(), "in use by another cronica process") {
		t.Fatalf("second Start error = %v, want in use", err)
	}
}

func TestNothingAvailableSaysWhatToInstallOrSet(t *testing.T) {
	ctx := context.Background()
	_, err := Start(ctx, Options{
		DataDir:      t.TempDir(),
		ForcePrivate: true,
		BinDirs:      []string{},
		Logger:       testLogger(t),
	})
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("error = %v, want ErrUnavailable", err)
	}
	msg := err.Error()
	for _, want := range []string{"apt-get install postgresql", "CRONICA_DATABASE_URL"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q: %s", want, msg)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("message is not one paragraph: %q", msg)
	}

	// Probing an address where nothing listens, with an empty search path.
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	_, err = Start(ctx, Options{
		DataDir:      t.TempDir(),
		ProbeAddr:    "127.0.0.1:" + strconv.Itoa(port),
		ProbeTimeout: time.Second,
		BinDirs:      []string{t.TempDir()},
		Logger:       testLogger(t),
	})
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "127.0.0.1:"+strconv.Itoa(port)) {
		t.Fatalf("error = %v, want ErrUnavailable naming the probed address", err)
	}
}

func TestUsesTheLocalServerWhenOneAnswers(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	probe, err := connect(ctx, serverURL("127.0.0.1", "5432", "postgres"), time.Second)
	if err != nil {
		if probe, err = connect(ctx, serverURL("127.0.0.1", "5432", "test"), time.Second); err != nil {
			t.Skipf("no PostgreSQL at %s: %v", DefaultProbeAddr, err)
		}
	}
	suffix := make([]byte, 4)
	rand.Read(suffix)
	name := "cronica_test_embeddedpg_" + hex.EncodeToString(suffix)
	t.Cleanup(func() {
		probe.Exec(context.Background(), "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)") //nolint:errcheck // best effort
		probe.Close(context.Background())
	})

	db, err := Start(ctx, Options{Database: name, Logger: testLogger(t), BinDirs: []string{}})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	if db.Private {
		t.Fatalf("Private = true, want the running server")
	}
	if got := queryString(t, db.URL, `SELECT current_database()`); got != name {
		t.Fatalf("current_database = %q, want %q", got, name)
	}
	if err := db.Stop(ctx); err != nil {
		t.Fatalf("Stop of a shared server: %v", err)
	}
	if got := queryString(t, db.URL, `SELECT 'still up'`); got != "still up" {
		t.Fatalf("shared server stopped by Stop")
	}
}
