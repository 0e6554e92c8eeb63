package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"cronica/test/pgtest"
)

// A smoke test of `cronica bench search` on a small corpus: the messages
// are indexed, the queries find permitted hits, the scratch index is
// removed, and the last line has the promised shape. The figures are not
// checked: a test never asserts a duration.
func TestBenchSearchSmoke(t *testing.T) {
	dataDir := t.TempDir()
	res := runCronica(t, cronicaEnv("CRONICA_DATABASE_URL="+pgtest.AdminURL(), "CRONICA_LOG_LEVEL=warn", "CRONICA_DATA_DIR="+dataDir),
		"bench", "search", "--messages", "3000", "--channels", "20", "--people", "30", "--queries", "40", "--users", "5", "--batch", "700")
	if res.code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", res.code, res.stdout, res.stderr)
	}
	if !strings.Contains(res.stdout, "indexed 3000 messages in") {
		t.Errorf("no indexing figure:\n%s", res.stdout)
	}
	m := regexp.MustCompile(`40 queries as 5 users \([0-9]+ with a filter\), ([0-9]+) permitted hits a query on average`).FindStringSubmatch(res.stdout)
	if m == nil || m[1] == "0" {
		t.Errorf("the queries found nothing: %q\n%s", m, res.stdout)
	}
	lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
	if last := lines[len(lines)-1]; !regexp.MustCompile(`^index_docs_per_s=[0-9]+ query_p99_ms=[0-9]+\.[0-9]$`).MatchString(last) {
		t.Fatalf("last line %q", last)
	}
	if entries, _ := os.ReadDir(dataDir); len(entries) != 0 {
		t.Errorf("the scratch index was left behind: %v", entries)
	}
	if res := runCronica(t, cronicaEnv("CRONICA_DATA_DIR="+dataDir), "bench", "search", "--messages", "10"); res.code != exitUsage {
		t.Errorf("--messages 10: exit %d, want %d", res.code, exitUsage)
	}
}
