package timeview_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain/calendar"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/internal/postgres"
	"cronica/projections"
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
	t       *testing.T
	pool    *pgxpool.Pool
	store   *pgstore.Store
	applied eventstore.Position
	events  []eventstore.RecordedEvent // applied so far, in log order
}

func newEnv(t *testing.T) *env {
	t.Helper()
	pool, _ := pgtest.NewPool(t, "timeview")
	ctx := context.Background()
	pgtest.Must(t, pgstore.Migrate(ctx, pool), "migrate eventstore")
	pgtest.Must(t, projections.Migrate(ctx, pool), "migrate projections")
	pgtest.Must(t, timeview.Migrate(ctx, pool), "migrate timeview")
	var mu sync.Mutex
	clock := t0
	store, err := pgstore.New(ctx, pool, pgstore.Options{PollInterval: 50 * time.Millisecond, Now: func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(time.Second)
		return clock
	}})
	pgtest.Must(t, err, "new store")
	t.Cleanup(func() { store.Close() })
	return &env{World: timeviewtest.New(t, store), t: t, pool: pool, store: store}
}

// pending reads the events appended but not applied yet. Readers only see
// events below the cluster's oldest running transaction, and other test
// packages may hold one open for a moment: it waits for the last one.
func (w *env) pending() []eventstore.RecordedEvent {
	w.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var out []eventstore.RecordedEvent
	after := w.applied
	for after < w.Last {
		events, err := w.store.ReadAll(context.Background(), after, 1000)
		pgtest.Must(w.t, err, "read all")
		if len(events) > 0 {
			out = append(out, events...)
			after = events[len(events)-1].Position
			continue
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("read up to %d, want %d", after, w.Last)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return out
}

// apply applies the pending events with the projector's Apply, in one
// transaction, as the runtime does with a batch.
func (w *env) apply() {
	w.t.Helper()
	pgtest.Must(w.t, w.tryApply(), "apply")
}

func (w *env) tryApply() error {
	w.t.Helper()
	events := w.pending()
	p := timeview.Projector()
	err := postgres.InTx(context.Background(), w.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		for _, e := range events {
			if err := p.Apply(context.Background(), tx, projections.LiveTables(p), e); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		w.events = append(w.events, events...)
		if len(events) > 0 {
			w.applied = events[len(events)-1].Position
		}
	}
	return err
}

// recordedAt is when the last applied event of type typ was recorded.
func (w *env) recordedAt(typ string) time.Time {
	w.t.Helper()
	for i := len(w.events) - 1; i >= 0; i-- {
		if w.events[i].Type == typ {
			return w.events[i].Metadata.RecordedAt.UTC()
		}
	}
	w.t.Fatalf("no %s applied", typ)
	return time.Time{}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func date(y int, m time.Month, d int) calendar.Date { return calendar.NewDate(y, m, d) }

// dump is table's rows as canonical JSON, in a stable order: two models are
// equal when their dumps are.
func dump(t *testing.T, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, table string) string {
	t.Helper()
	var s string
	err := q.QueryRow(context.Background(), `SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY to_jsonb(x)::text), '[]')::text FROM `+
		pgx.Identifier{table}.Sanitize()+` x`).Scan(&s)
	pgtest.Must(t, err, "dump "+table)
	return s
}

func dumpAll(t *testing.T, pool *pgxpool.Pool, suffix string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, table := range timeview.Tables() {
		out[table] = dump(t, pool, table+suffix)
	}
	return out
}

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
