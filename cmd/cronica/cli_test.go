package main

import (
	"strings"
	"testing"

	"cronica/test/pgtest"
)

func TestHelpListsTheSubcommands(t *testing.T) {
	res := runCronica(t, cronicaEnv(), "help")
	if res.code != 0 {
		t.Fatalf("help: exit %d", res.code)
	}
	for _, want := range []string{"serve", "migrate", "audit verify", "bench append", "CRONICA_DATABASE_URL"} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("help lacks %q:\n%s", want, res.stdout)
		}
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"audit"}, {"bench", "nothing"}, {"migrate", "--nope"}} {
		res := runCronica(t, cronicaEnv(), args...)
		if res.code != 2 {
			t.Errorf("cronica %q: exit %d, want 2", args, res.code)
		}
	}
	res := runCronica(t, cronicaEnv("CRONICA_EVENTSTORE=mongo"), "migrate")
	if res.code != 2 || !strings.Contains(res.stderr, `"mongo": use postgres or esdb`) {
		t.Errorf("bad event store: exit %d, stderr %q", res.code, res.stderr)
	}
}

func TestMigratePrintsWhatItApplied(t *testing.T) {
	env := cronicaEnv("CRONICA_DATABASE_URL="+pgtest.NewDatabase(t, "cmd_migrate"), "CRONICA_DATA_DIR="+t.TempDir())
	first := runCronica(t, env, "migrate")
	if first.code != 0 || !strings.Contains(first.stdout, "migrate: applied eventstore 0001_") {
		t.Fatalf("first migrate: exit %d, stdout %q, stderr:\n%s", first.code, first.stdout, first.stderr)
	}
	second := runCronica(t, env, "migrate")
	if second.code != 0 || !strings.Contains(second.stdout, "nothing to apply") || strings.Contains(second.stdout, "applied") {
		t.Fatalf("second migrate: exit %d, stdout %q", second.code, second.stdout)
	}
}
