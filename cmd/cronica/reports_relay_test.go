package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"cronica/reports/jobs"
	"cronica/test/pgtest"
)

// published records what the relay publishes.
type published chan reportProgress

func (p published) Publish(kind, key string, payload any) error {
	if rp, ok := payload.(reportProgress); ok && kind == "report" && key == rp.ID {
		p <- rp
	}
	return nil
}

// The progress relay publishes each job's announcement to its report
// topic, skips what is not a job's, and listens again when its connection
// is cut.
func TestProgressRelayPublishesAndReconnects(t *testing.T) {
	ctx := context.Background()
	pool, _ := pgtest.NewPool(t, "cmd_reports_relay")
	out := make(published, 16)
	stop := startReportRelay(ctx, pool, out, slog.New(slog.NewTextHandler(io.Discard, nil)))
	t.Cleanup(stop)

	notify := func(p jobs.Progress) {
		t.Helper()
		b, err := json.Marshal(p)
		pgtest.Must(t, err, "marshal")
		_, err = pool.Exec(ctx, "SELECT pg_notify($1, $2)", jobs.ProgressChannel, string(b))
		pgtest.Must(t, err, "notify")
	}
	// received announces p until the relay publishes it (a notification
	// sent before the relay listens is lost, as it is meant to be).
	received := func(what string, p jobs.Progress) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			notify(p)
			select {
			case got := <-out:
				if got.ID != p.ID {
					continue // an earlier announcement sent again
				}
				if got.Status != p.Status || got.Done != p.Done || got.Total != p.Total {
					t.Fatalf("%s: published %+v, want %+v", what, got, p)
				}
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
		t.Fatalf("%s: the relay published nothing", what)
	}

	first := jobs.Progress{ID: uuid.NewString(), OrgID: uuid.NewString(), Status: jobs.StatusRunning, Done: 2, Total: 5}
	received("a job's progress", first)
	_, err := pool.Exec(ctx, "SELECT pg_notify($1, $2)", jobs.ProgressChannel, `{"id":"not-an-id"}`)
	pgtest.Must(t, err, "notify garbage")

	// Cut the relay's connection: it listens again.
	tag, err := pool.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND query = $1 AND pid <> pg_backend_pid()`,
		"LISTEN "+pgx.Identifier{jobs.ProgressChannel}.Sanitize())
	pgtest.Must(t, err, "terminate the relay's connection")
	if tag.RowsAffected() != 1 {
		t.Fatalf("%d listening connections, want the relay's one", tag.RowsAffected())
	}
	received("progress after the connection was cut", jobs.Progress{ID: uuid.NewString(), Status: jobs.StatusDone, Done: 5, Total: 5})
}
