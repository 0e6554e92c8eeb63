package main

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/test/pgtest"
)

// seedLog migrates the database of pool and appends hours to two streams,
// returning the streams.
func seedLog(t *testing.T, pool *pgxpool.Pool) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	pgtest.Must(t, pgstore.Migrate(ctx, pool), "migrate")
	store, err := pgstore.New(ctx, pool, pgstore.Options{})
	pgtest.Must(t, err, "pgstore.New")
	defer store.Close()
	var streams []string
	for s, hours := range [][]int{{7, 8, 6}, {4, 5}} {
		stream := eventstore.StreamID("timesheet", uuid.New())
		streams = append(streams, stream)
		expected := eventstore.NoStream()
		for _, h := range hours {
			id, err := uuid.NewV7()
			pgtest.Must(t, err, "uuid")
			data, _ := json.Marshal(map[string]int{"hours": h})
			res, err := store.Append(ctx, eventstore.AppendRequest{
				Stream: stream, Expected: expected,
				Events: []eventstore.EventData{{ID: id, Type: "TimeEntryRecorded.v1", Data: data,
					Metadata: eventstore.Metadata{ActorID: fmt.Sprintf("person-%d", s), OrgID: "org-1", CorrelationID: id.String()}}},
			})
			pgtest.Must(t, err, "append")
			expected = eventstore.Exact(res.LastVersion)
		}
	}
	return streams
}

var brokenLine = regexp.MustCompile(`^audit verify: BROKEN stream=(\S+) version=(\d+) reason=(".*") expected=([0-9a-f]{64}) found=([0-9a-f]{64})$`)

func TestAuditVerifyPassesThenFindsTheTamperedEvent(t *testing.T) {
	pool, dbURL := pgtest.NewPool(t, "cmd_audit")
	streams := seedLog(t, pool)
	env := cronicaEnv("CRONICA_DATABASE_URL="+dbURL, "CRONICA_DATA_DIR="+t.TempDir())

	res := runCronica(t, env, "audit", "verify")
	if res.code != 0 || strings.TrimSpace(res.stdout) != "audit verify: OK streams=2 events=5 seals=0" {
		t.Fatalf("clean log: exit %d, stdout %q, stderr:\n%s", res.code, res.stdout, res.stderr)
	}

	ctx := context.Background()
	// The log is append-only by trigger; tampering takes disabling it, as
	// an attacker with database access could.
	if _, err := pool.Exec(ctx, `ALTER TABLE cronica_events DISABLE TRIGGER USER`); err != nil {
		t.Fatalf("disable triggers: %v", err)
	}
	tag, err := pool.Exec(ctx, `UPDATE cronica_events SET data = '{"hours":99}' WHERE stream_id = $1 AND version = 1`, streams[0])
	if err != nil || tag.RowsAffected() != 1 {
		t.Fatalf("tamper: %v (%d rows)", err, tag.RowsAffected())
	}

	res = runCronica(t, env, "audit", "verify")
	if res.code != 1 {
		t.Fatalf("tampered log: exit %d, want 1; stdout %q, stderr:\n%s", res.code, res.stdout, res.stderr)
	}
	m := brokenLine.FindStringSubmatch(strings.TrimSpace(res.stdout))
	if m == nil {
		t.Fatalf("stdout %q does not match %s", res.stdout, brokenLine)
	}
	if m[1] != streams[0] || m[2] != "1" {
		t.Errorf("broken link at %s version %s, want %s version 1", m[1], m[2], streams[0])
	}
	if m[4] == m[5] {
		t.Errorf("expected and found hashes are equal: %s", m[4])
	}
}

func TestAuditVerifyReportsAlteredMetadataAndUnreadableEvents(t *testing.T) {
	cases := []struct {
		name   string
		tamper string
	}{
		// Who did it: the actor column rewritten, the hash left alone.
		{"altered_actor", `UPDATE cronica_events SET actor_id = 'intruder' WHERE stream_id = $1 AND version = 2`},
		// A stored hash cut short: the event cannot even be read back.
		{"unreadable_hash", `UPDATE cronica_events SET hash = '\x0102' WHERE stream_id = $1 AND version = 2`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pool, dbURL := pgtest.NewPool(t, "cmd_audit_"+c.name)
			streams := seedLog(t, pool)
			ctx := context.Background()
			if _, err := pool.Exec(ctx, `ALTER TABLE cronica_events DISABLE TRIGGER USER`); err != nil {
				t.Fatalf("disable triggers: %v", err)
			}
			tag, err := pool.Exec(ctx, c.tamper, streams[0])
			if err != nil || tag.RowsAffected() != 1 {
				t.Fatalf("tamper: %v (%d rows)", err, tag.RowsAffected())
			}
			res := runCronica(t, cronicaEnv("CRONICA_DATABASE_URL="+dbURL, "CRONICA_DATA_DIR="+t.TempDir()), "audit", "verify")
			if res.code != 1 {
				t.Fatalf("exit %d, want 1; stdout %q, stderr:\n%s", res.code, res.stdout, res.stderr)
			}
			if !strings.HasPrefix(res.stdout, "audit verify: BROKEN") || !strings.Contains(res.stdout, streams[0]) ||
				!strings.Contains(res.stdout, "version") {
				t.Fatalf("stdout %q does not name the altered event of %s", res.stdout, streams[0])
			}
		})
	}
}

func TestAuditVerifyExitsTwoWhenTheDatabaseIsUnreachable(t *testing.T) {
	res := runCronica(t, cronicaEnv("CRONICA_DATABASE_URL=postgres://postgres@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"),
		"audit", "verify")
	if res.code != 2 {
		t.Fatalf("exit %d, want 2; stdout %q, stderr:\n%s", res.code, res.stdout, res.stderr)
	}
	if strings.Contains(res.stdout, "OK") || strings.Contains(res.stdout, "BROKEN") {
		t.Fatalf("stdout %q claims a verdict", res.stdout)
	}
}
