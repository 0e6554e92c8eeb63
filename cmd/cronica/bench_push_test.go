package main

import (
	"regexp"
	"strings"
	"testing"

	"cronica/test/pgtest"
)

// A smoke test of `cronica bench push` on a few clients: both phases run,
// every receipt comes, and the last line has the promised shape. The
// figures are not checked: a test never asserts a duration.
func TestBenchPushSmoke(t *testing.T) {
	res := runCronica(t, cronicaEnv("CRONICA_DATABASE_URL="+pgtest.AdminURL(), "CRONICA_LOG_LEVEL=warn", "CRONICA_DATA_DIR="+t.TempDir()),
		"bench", "push", "--clients", "20", "--commands", "5", "--rate", "50")
	if res.code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", res.code, res.stdout, res.stderr)
	}
	lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
	for _, want := range []string{"(a) push", "deliveries=100 missing=0", "(b) bare melody", "fanout="} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("the report lacks %q:\n%s", want, res.stdout)
		}
	}
	if last := lines[len(lines)-1]; !regexp.MustCompile(`^push_p99_ms=[0-9]+\.[0-9] ratio_vs_bare=[0-9]+\.[0-9]{2}$`).MatchString(last) {
		t.Fatalf("last line %q", last)
	}
}
