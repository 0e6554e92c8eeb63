package browser

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"cronica/test/pgtest"
)

// scenarios are web/e2e/run.mjs's, one per screen group, in this order.
var scenarios = []string{"auth", "reset", "timesheet", "offline", "live", "notifications", "projects", "contracts", "admin", "effort", "reports", "audit", "history", "tasks", "taskdetails", "chat", "phone"}

// need finds a program the tests cannot run without: missing, the test skips
// with the reason, or fails when CI is set (CI must run them).
func need(t *testing.T, what, install string, candidates ...string) string {
	t.Helper()
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	msg := fmt.Sprintf("browser tests need %s (%s); none of %v found", what, install, candidates)
	if os.Getenv("CI") != "" {
		t.Fatal(msg + " and CI is set, so this is a failure")
	}
	t.Skip(msg + "; skipped because CI is not set")
	return ""
}

// repoRoot is the module's root, two folders up from this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("browser tests: no go.mod at %s: %v", root, err)
	}
	return root
}

// newestUnder is the latest modification time of the files under paths.
func newestUnder(t *testing.T, paths ...string) time.Time {
	t.Helper()
	var newest time.Time
	for _, p := range paths {
		err := filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if info, err := d.Info(); err == nil && info.ModTime().After(newest) {
				newest = info.ModTime()
			}
			return nil
		})
		if err != nil {
			t.Fatalf("browser tests: walk %s: %v", p, err)
		}
	}
	return newest
}

// run runs a command in dir, its output logged, and fails the test if it fails.
func run(t *testing.T, ctx context.Context, dir string, env []string, name string, args ...string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("browser tests: %s %s in %s: %v\n%s", name, strings.Join(args, " "), dir, err, out)
	}
}

// buildWebApp installs the app's npm dependencies when they are missing or
// older than the lock file, and builds the app when dist is missing or older
// than its sources, so the binary embeds what web/src says.
func buildWebApp(t *testing.T, ctx context.Context, web, npm string) {
	t.Helper()
	installed := filepath.Join(web, "node_modules", ".package-lock.json")
	lock, err := os.Stat(filepath.Join(web, "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(installed); err != nil || info.ModTime().Before(lock.ModTime()) {
		t.Log("browser tests: npm ci in web/")
		run(t, ctx, web, os.Environ(), npm, "ci", "--no-audit", "--no-fund")
	}
	index, err := os.Stat(filepath.Join(web, "dist", "index.html"))
	sources := newestUnder(t, filepath.Join(web, "src"), filepath.Join(web, "index.html"), filepath.Join(web, "vite.config.ts"),
		filepath.Join(web, "package-lock.json"), filepath.Join(web, "tsconfig.json"))
	if err != nil || index.ModTime().Before(sources) {
		t.Log("browser tests: npm run build in web/")
		run(t, ctx, web, os.Environ(), npm, "run", "build")
	}
}

// cronicaEnv is the test's environment without any CRONICA_* variable, plus vars.
func cronicaEnv(vars ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CRONICA_") {
			env = append(env, kv)
		}
	}
	return append(env, vars...)
}

// serve starts `cronica serve` on a free loopback port and returns its URL
// once it listens; it is stopped when the test ends.
func serve(t *testing.T, binary string, env []string) string {
	t.Helper()
	cmd := exec.Command(binary, "serve")
	cmd.Env = append(env, "CRONICA_HTTP_ADDR=127.0.0.1:0", "CRONICA_LOG_FORMAT=json")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("browser tests: start cronica serve: %v", err)
	}
	var (
		mu   sync.Mutex
		logs bytes.Buffer
	)
	addr := make(chan string, 1)
	exited := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			line := sc.Text()
			mu.Lock()
			logs.WriteString(line + "\n")
			mu.Unlock()
			var entry struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &entry) == nil && entry.Msg == "serve: listening" {
				addr <- entry.Addr
			}
		}
		io.Copy(io.Discard, stderr) //nolint:errcheck // drain after a scanner error
		exited <- cmd.Wait()
	}()
	logText := func() string {
		mu.Lock()
		defer mu.Unlock()
		return logs.String()
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt) //nolint:errcheck // it may have exited
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill() //nolint:errcheck // it would not stop
			<-exited
		}
		if t.Failed() {
			t.Logf("cronica serve logs:\n%s", logText())
		}
	})
	select {
	case a := <-addr:
		return "http://" + a
	case err := <-exited:
		t.Fatalf("browser tests: cronica serve exited before listening: %v\n%s", err, logText())
	case <-time.After(90 * time.Second):
		t.Fatalf("browser tests: cronica serve did not listen within 90s\n%s", logText())
	}
	return ""
}

// TestBrowser runs every scenario of web/e2e/run.mjs in real Chromium against
// the real server seeded with the demo.
func TestBrowser(t *testing.T) {
	chromium := need(t, "Chromium", "apt-get install chromium", os.Getenv("CHROMIUM"), "chromium", "chromium-browser")
	node := need(t, "node", "apt-get install nodejs", "node")
	npm := need(t, "npm", "apt-get install npm", "npm")
	root := repoRoot(t)
	web := filepath.Join(root, "web")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()

	buildWebApp(t, ctx, web, npm)
	binary := filepath.Join(t.TempDir(), "cronica")
	run(t, ctx, root, os.Environ(), "go", "build", "-o", binary, "./cmd/cronica")

	dbURL := pgtest.NewDatabase(t, "browser")
	dataDir := t.TempDir()
	env := cronicaEnv("CRONICA_DATABASE_URL="+dbURL, "CRONICA_DATA_DIR="+dataDir)
	run(t, ctx, root, env, binary, "demo")
	base := serve(t, binary, env)

	artifacts := os.Getenv("CRONICA_TEST_ARTIFACTS")
	if artifacts != "" {
		artifacts = filepath.Join(artifacts, "browser")
	} else {
		artifacts = t.ArtifactDir()
	}
	t.Logf("browser tests: %s, screenshots in %s", base, artifacts)

	for _, name := range scenarios {
		t.Run(name, func(t *testing.T) {
			sctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(sctx, node, filepath.Join("e2e", "run.mjs"), name)
			cmd.Dir = web
			cmd.Env = append(os.Environ(), "CRONICA_URL="+base, "CRONICA_ARTIFACTS="+artifacts,
				"CRONICA_OUTBOX="+filepath.Join(dataDir, "outbox"), "CHROMIUM="+chromium)
			out, err := cmd.CombinedOutput()
			t.Logf("%s", out)
			if err != nil {
				t.Fatalf("scenario %s: %v", name, err)
			}
		})
	}
}
