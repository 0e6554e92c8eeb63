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

	"cronica/domain/audit"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/test/pgtest"
)

var (
	sealedLine = regexp.MustCompile(`^audit seal: sealed #(\d+) through position (\d+): streams=(\d+) events=(\d+) root=([0-9a-f]{64})$`)
	okLine     = regexp.MustCompile(`^audit verify: OK streams=(\d+) events=(\d+) seals=(\d+) last_seal=#(\d+) through=(\d+) root=([0-9a-f]{64})$`)
)

// sealWorld is a database with seedLog's two streams (hours 7, 8, 6 and
// 4, 5) and the environment of a cronica run against it.
type sealWorld struct {
	pool    *pgxpool.Pool
	env     []string
	streams []string
}

func newSealWorld(t *testing.T, name string) *sealWorld {
	t.Helper()
	pool, dbURL := pgtest.NewPool(t, "cmd_seal_"+name)
	streams := seedLog(t, pool)
	return &sealWorld{pool: pool, streams: streams, env: cronicaEnv("CRONICA_DATABASE_URL="+dbURL, "CRONICA_DATA_DIR="+t.TempDir())}
}

func (w *sealWorld) run(t *testing.T, args ...string) result {
	t.Helper()
	return runCronica(t, w.env, args...)
}

// sealNow runs audit seal and returns its printed seq, position and root.
func (w *sealWorld) sealNow(t *testing.T) []string {
	t.Helper()
	res := w.run(t, "audit", "seal")
	m := sealedLine.FindStringSubmatch(strings.TrimSpace(res.stdout))
	if res.code != 0 || m == nil {
		t.Fatalf("audit seal: exit %d, stdout %q does not match %s; stderr:\n%s", res.code, res.stdout, sealedLine, res.stderr)
	}
	return m
}

func (w *sealWorld) sql(t *testing.T, sql string, args ...any) {
	t.Helper()
	ctx := context.Background()
	for _, q := range []string{`ALTER TABLE cronica_events DISABLE TRIGGER USER`, sql, `ALTER TABLE cronica_events ENABLE TRIGGER USER`} {
		a := args
		if q != sql {
			a = nil
		}
		tag, err := w.pool.Exec(ctx, q, a...)
		if err != nil || (q == sql && tag.RowsAffected() == 0) {
			t.Fatalf("%s: %v (%d rows)", q, err, tag.RowsAffected())
		}
	}
}

func (w *sealWorld) countEvents(t *testing.T) int {
	t.Helper()
	var n int
	pgtest.Must(t, w.pool.QueryRow(context.Background(), `SELECT count(*) FROM cronica_events`).Scan(&n), "count")
	return n
}

// appendHours appends one more entry to stream through the store.
func (w *sealWorld) appendHours(t *testing.T, stream string, hours int) {
	t.Helper()
	ctx := context.Background()
	store, err := pgstore.New(ctx, w.pool, pgstore.Options{})
	pgtest.Must(t, err, "pgstore.New")
	defer store.Close()
	id := uuid.Must(uuid.NewV7())
	data, _ := json.Marshal(map[string]int{"hours": hours})
	_, err = store.Append(ctx, eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(),
		Events: []eventstore.EventData{{ID: id, Type: "TimeEntryRecorded.v1", Data: data,
			Metadata: eventstore.Metadata{ActorID: "person-9", OrgID: "org-1", CorrelationID: id.String()}}}})
	pgtest.Must(t, err, "append")
}

// A seal is recorded once and named by verify; sealing again with nothing
// new appends nothing; the next seal covers the first.
func TestAuditSealThenVerify(t *testing.T) {
	w := newSealWorld(t, "ok")
	first := w.sealNow(t)
	if first[1] != "0" || first[3] != "2" || first[4] != "5" {
		t.Fatalf("first seal %q: want #0 over 2 streams and 5 events", first[0])
	}
	events := w.countEvents(t)
	res := w.run(t, "audit", "seal")
	if res.code != 0 || strings.TrimSpace(res.stdout) != "audit seal: nothing new since seal #0" {
		t.Fatalf("again: exit %d, stdout %q, stderr:\n%s", res.code, res.stdout, res.stderr)
	}
	if n := w.countEvents(t); n != events {
		t.Fatalf("a seal with nothing new appended %d events", n-events)
	}
	res = w.run(t, "audit", "verify")
	m := okLine.FindStringSubmatch(strings.TrimSpace(res.stdout))
	if res.code != 0 || m == nil || m[1] != "3" || m[2] != "6" || m[3] != "1" || m[4] != "0" || m[5] != first[2] || m[6] != first[5] {
		t.Fatalf("verify: exit %d, stdout %q, want OK streams=3 events=6 seals=1 and seal #0's position and root; stderr:\n%s",
			res.code, res.stdout, res.stderr)
	}

	w.appendHours(t, w.streams[1], 3)
	second := w.sealNow(t)
	if second[1] != "1" || second[3] != "3" || second[4] != "7" {
		t.Fatalf("second seal %q: want #1 over 3 streams (the seal stream too) and 7 events", second[0])
	}
	// The event: Cronica's own actor, no organisation, its correlation.
	var actor, org, correlation string
	pgtest.Must(t, w.pool.QueryRow(context.Background(), `SELECT actor_id, org_id, correlation_id FROM cronica_events WHERE stream_id = $1 AND version = 1`,
		audit.SealStream()).Scan(&actor, &org, &correlation), "the seal event")
	if actor != "system" || org != "" || !strings.HasPrefix(correlation, "cli-audit-seal-") {
		t.Fatalf("seal event: actor %q org %q correlation %q", actor, org, correlation)
	}
	res = w.run(t, "audit", "verify")
	if m := okLine.FindStringSubmatch(strings.TrimSpace(res.stdout)); res.code != 0 || m == nil || m[3] != "2" || m[4] != "1" || m[6] != second[5] {
		t.Fatalf("verify: exit %d, stdout %q", res.code, res.stdout)
	}
	if res := w.run(t, "audit", "seal", "extra"); res.code != 2 {
		t.Fatalf("audit seal extra: exit %d, want 2", res.code)
	}
}

// What the chains cannot see — a stream's last event deleted, a whole
// stream deleted, an event moved past the seal, the leaf record altered —
// audit verify finds through the seal and names.
func TestAuditVerifyNamesWhatTheSealFinds(t *testing.T) {
	cases := []struct {
		name  string
		alter func(t *testing.T, w *sealWorld, seal []string)
		want  func(w *sealWorld) []string
	}{
		{name: "deleted_last_event", alter: func(t *testing.T, w *sealWorld, _ []string) {
			w.sql(t, `DELETE FROM cronica_events WHERE stream_id = $1 AND version = 2`, w.streams[0])
		}, want: func(w *sealWorld) []string {
			return []string{"audit verify: BROKEN seal=#0 through=",
				fmt.Sprintf("audit verify: stream %s: sealed at version 2, the log has version 1 at the seal: events after version 1 were deleted", w.streams[0])}
		}},
		{name: "deleted_stream", alter: func(t *testing.T, w *sealWorld, _ []string) {
			w.sql(t, `DELETE FROM cronica_events WHERE stream_id = $1`, w.streams[1])
		}, want: func(w *sealWorld) []string {
			return []string{fmt.Sprintf("audit verify: stream %s: sealed at version 1, absent from the log: the stream was deleted", w.streams[1])}
		}},
		{name: "event_moved_after_the_seal", alter: func(t *testing.T, w *sealWorld, _ []string) {
			var sealAt int64
			pgtest.Must(t, w.pool.QueryRow(context.Background(), `SELECT position FROM cronica_events WHERE stream_id = $1`, audit.SealStream()).Scan(&sealAt),
				"the seal's position")
			w.sql(t, `UPDATE cronica_events SET position = $2 WHERE stream_id = $1 AND version = 1`, w.streams[1], sealAt+1)
		}, want: func(w *sealWorld) []string {
			return []string{fmt.Sprintf("audit verify: stream %s: sealed at version 1, the log has version 0 at the seal and version 1 only after it", w.streams[1]),
				"events were moved after the seal (reordered)"}
		}},
		{name: "leaf_record_altered", alter: func(t *testing.T, w *sealWorld, _ []string) {
			_, err := w.pool.Exec(context.Background(), `UPDATE cronica_seal_leaves SET hash = sha256(hash) WHERE stream_id = $1`, w.streams[0])
			pgtest.Must(t, err, "alter a leaf")
		}, want: func(w *sealWorld) []string {
			return []string{"audit verify: BROKEN seal=#0", "the leaf record was altered"}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newSealWorld(t, tc.name)
			seal := w.sealNow(t)
			tc.alter(t, w, seal)
			res := w.run(t, "audit", "verify")
			if res.code != 1 {
				t.Fatalf("exit %d, want 1; stdout:\n%s\nstderr:\n%s", res.code, res.stdout, res.stderr)
			}
			for _, want := range tc.want(w) {
				if !strings.Contains(res.stdout, want) {
					t.Errorf("stdout lacks %q:\n%s", want, res.stdout)
				}
			}
			lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
			if last := lines[len(lines)-1]; !strings.HasPrefix(last, "audit verify: BROKEN streams=") || !strings.Contains(last, "seals=1 failed=1") {
				t.Errorf("last line %q: want the BROKEN summary", last)
			}
		})
	}
}

// A sealer refuses to seal over a leaf record that no longer hashes to the
// last seal's root, and says to run audit verify.
func TestAuditSealRefusesAnAlteredLeafRecord(t *testing.T) {
	w := newSealWorld(t, "refuse")
	w.sealNow(t)
	_, err := w.pool.Exec(context.Background(), `DELETE FROM cronica_seal_leaves WHERE stream_id = $1`, w.streams[1])
	pgtest.Must(t, err, "delete a leaf")
	w.appendHours(t, w.streams[0], 2)
	events := w.countEvents(t)
	res := w.run(t, "audit", "seal")
	if res.code != 1 || !strings.Contains(res.stderr, "run `cronica audit verify`") || res.stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr:\n%s", res.code, res.stdout, res.stderr)
	}
	if n := w.countEvents(t); n != events {
		t.Fatalf("the refused seal appended %d events", n-events)
	}
}

// serve seals the log once its first event is a day old (the default
// interval), once, and logs it; audit verify then checks that seal.
func TestServeSealsDaily(t *testing.T) {
	pool, dbURL := pgtest.NewPool(t, "cmd_seal_serve")
	ctx := context.Background()
	pgtest.Must(t, pgstore.Migrate(ctx, pool), "migrate")
	twoDaysAgo := func() time.Time { return time.Now().Add(-48 * time.Hour) }
	store, err := pgstore.New(ctx, pool, pgstore.Options{Now: twoDaysAgo})
	pgtest.Must(t, err, "pgstore.New")
	stream := eventstore.StreamID("timesheet", uuid.New())
	for h := range 3 {
		id := uuid.Must(uuid.NewV7())
		_, err := store.Append(ctx, eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(),
			Events: []eventstore.EventData{{ID: id, Type: "TimeEntryRecorded.v1", Data: json.RawMessage(fmt.Sprintf(`{"hours":%d}`, h+4)),
				Metadata: eventstore.Metadata{ActorID: "person-1", OrgID: "org-1", CorrelationID: id.String()}}}})
		pgtest.Must(t, err, "append")
	}
	store.Close()

	env := cronicaEnv("CRONICA_DATABASE_URL=" + dbURL)
	s := startServe(t, env)
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(s.log(), `"msg":"audit seal: sealed"`) {
		if time.Now().After(deadline) {
			s.stop(t)
			t.Fatalf("serve did not seal the log:\n%s", s.log())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if code := s.stop(t); code != 0 {
		t.Fatalf("serve exited %d:\n%s", code, s.log())
	}
	var seals int
	pgtest.Must(t, pool.QueryRow(ctx, `SELECT count(*) FROM cronica_events WHERE stream_id = $1`, audit.SealStream()).Scan(&seals), "count")
	if seals != 1 {
		t.Fatalf("%d seals, want 1", seals)
	}
	res := runCronica(t, cronicaEnv("CRONICA_DATABASE_URL="+dbURL, "CRONICA_DATA_DIR="+t.TempDir()), "audit", "verify")
	if m := okLine.FindStringSubmatch(strings.TrimSpace(res.stdout)); res.code != 0 || m == nil || m[3] != "1" {
		t.Fatalf("verify: exit %d, stdout %q", res.code, res.stdout)
	}
}
