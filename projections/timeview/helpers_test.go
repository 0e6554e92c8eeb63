package timeview_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain/calendar"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/projections/projectiontest"
	"cronica/projections/timeview"
	"cronica/projections/timeview/timeviewtest"
	"cronica/test/pgtest"
)

// quiet is the runtime's logger in tests.
var quiet = slog.New(slog.DiscardHandler)

// t0 is the story's clock: the store records events from there, one
// second per append.
var t0 = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

// env is one test's database, a real store, the story's aggregates, and
// the events applied so far.
type env struct {
	*timeviewtest.World
	*projectiontest.Applier
	t     *testing.T
	pool  *pgxpool.Pool
	store *pgstore.Store
}

func newEnv(t *testing.T) *env {
	t.Helper()
	pool, store := projectiontest.NewStore(t, "timeview", t0, timeview.Migrate)
	w := &env{World: timeviewtest.New(t, store), t: t, pool: pool, store: store}
	w.Applier = &projectiontest.Applier{T: t, Pool: pool, Store: store, Projector: timeview.Projector(),
		Appended: func() eventstore.Position { return w.Last }}
	return w
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func date(y int, m time.Month, d int) calendar.Date { return calendar.NewDate(y, m, d) }

// effortFromEntries is what time_effort must hold: the GROUP BY of
// time_entries, in the dump's form.
func effortFromEntries(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	var s string
	err := pool.QueryRow(context.Background(), `SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY to_jsonb(x)::text), '[]')::text FROM (
		SELECT org_id, project_id, month, work_package_id, activity_id, person_id, sum(minutes)::bigint AS minutes,
			count(*)::integer AS entries
		FROM time_entries GROUP BY org_id, project_id, month, work_package_id, activity_id, person_id) x`).Scan(&s)
	pgtest.Must(t, err, "effort from entries")
	return s
}
