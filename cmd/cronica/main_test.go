package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// binary is the cronica binary built once for the package's tests.
var binary string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "cronica-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "cmd/cronica tests: temp dir:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "cronica")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "cmd/cronica tests: go build:", err)
		return 1
	}
	return m.Run()
}

// cronicaEnv is the environment of a child cronica: the test's own, minus
// any CRONICA_* variable, plus vars ("KEY=value").
func cronicaEnv(vars ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CRONICA_") {
			env = append(env, kv)
		}
	}
	// One key-encryption key for every run of a test, whatever its data
	// dir (startServe gives serve a data dir of its own).
	return append(append(env, envDataKey+"="+testDataKey), vars...)
}

// result is what a finished cronica run left behind.
type result struct {
	code           int
	stdout, stderr string
}

// runCronica runs the binary to completion, with no standard input.
func runCronica(t *testing.T, env []string, args ...string) result {
	t.Helper()
	return runCronicaWithStdin(t, env, "", args...)
}

// server is a running `cronica serve`.
type server struct {
	cmd    *exec.Cmd
	base   string // http://host:port
	mu     sync.Mutex
	logs   bytes.Buffer
	exited chan struct{}
	err    error
}

// startServe starts `cronica serve` on a free port with JSON logs and waits
// for its "listening" line.
func startServe(t *testing.T, env []string) *server {
	t.Helper()
	cmd := exec.Command(binary, "serve")
	cmd.Env = append(env, "CRONICA_HTTP_ADDR=127.0.0.1:0", "CRONICA_LOG_FORMAT=json", "CRONICA_DATA_DIR="+t.TempDir())
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, exited: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start cronica serve: %v", err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			s.mu.Lock()
			s.logs.WriteString(line + "\n")
			s.mu.Unlock()
			var entry struct {
				Msg  string `json:"msg"`
				Addr string `json:"addr"`
			}
			if json.Unmarshal([]byte(line), &entry) == nil && entry.Msg == "serve: listening" {
				addr <- entry.Addr
			}
		}
		io.Copy(io.Discard, stderr) //nolint:errcheck // drain after a scanner error
		s.err = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-s.exited:
		default:
			cmd.Process.Kill() //nolint:errcheck // the test already failed
			<-s.exited
		}
		if t.Failed() {
			t.Logf("cronica serve logs:\n%s", s.log())
		}
	})
	select {
	case a := <-addr:
		s.base = "http://" + a
	case <-s.exited:
		t.Fatalf("cronica serve exited before listening: %v\n%s", s.err, s.log())
	case <-time.After(60 * time.Second):
		t.Fatalf("cronica serve did not log its address within 60s\n%s", s.log())
	}
	return s
}

func (s *server) log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logs.String()
}

// get fetches path and decodes a JSON body into a generic value.
func (s *server) get(t *testing.T, path string) (int, map[string]any) {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(s.base + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("GET %s: decode body: %v", path, err)
	}
	return resp.StatusCode, body
}

// stop sends SIGTERM and returns the exit status.
func (s *server) stop(t *testing.T) int {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	select {
	case <-s.exited:
	case <-time.After(30 * time.Second):
		// SIGQUIT makes the Go runtime print every goroutine's stack into
		// the log: where the shutdown hangs.
		_ = s.cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-s.exited:
		case <-time.After(5 * time.Second):
		}
		t.Fatalf("cronica serve did not exit within 30s of SIGTERM\n%s", s.log())
	}
	if s.err == nil {
		return 0
	}
	if exitErr, ok := s.err.(*exec.ExitError); ok {
		return exitErr.ExitCode()
	}
	t.Fatalf("cronica serve: %v", s.err)
	return -1
}
