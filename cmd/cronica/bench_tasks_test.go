package main

import (
	"regexp"
	"strings"
	"testing"

	"cronica/test/pgtest"
)

// A smoke test of `cronica bench tasks` on a small list: the seed is
// projected, every phase answers 200, and the last line has the promised
// shape. The figures are not checked: a test never asserts a duration.
func TestBenchTasksSmoke(t *testing.T) {
	res := runCronica(t, cronicaEnv("CRONICA_DATABASE_URL="+pgtest.AdminURL(), "CRONICA_LOG_LEVEL=warn", "CRONICA_DATA_DIR="+t.TempDir()),
		"bench", "tasks", "--tasks", "120", "--people", "5", "--labels", "4", "--requests", "10")
	if res.code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", res.code, res.stdout, res.stderr)
	}
	for _, want := range []string{"120 tasks in one list", "seed:", "(0) GET /api/v1/me", "(a) board, ", "(b) filtered list"} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("the report lacks %q:\n%s", want, res.stdout)
		}
	}
	// The board holds every task that is not archived (one in thirty is).
	if m := regexp.MustCompile(`\(a\) board, ([0-9]+) cards`).FindStringSubmatch(res.stdout); m == nil || m[1] == "0" {
		t.Errorf("the board's cards: %q", m)
	}
	lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
	if last := lines[len(lines)-1]; !regexp.MustCompile(`^board_p99_ms=[0-9]+\.[0-9] filter_p99_ms=[0-9]+\.[0-9]$`).MatchString(last) {
		t.Fatalf("last line %q", last)
	}
}
