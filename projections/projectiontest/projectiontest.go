package projectiontest

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/internal/postgres"
	"cronica/projections"
	"cronica/test/pgtest"
)

// Applier applies, with Projector's Apply, the events a test appended up
// to Appended().
type Applier struct {
	T         testing.TB
	Pool      *pgxpool.Pool
	Store     eventstore.Store
	Projector projections.Projector
	// Appended is the position of the last event the test appended.
	Appended func() eventstore.Position
	// Applied is the position applied so far; Events the events applied,
	// in log order.
	Applied eventstore.Position
	Events  []eventstore.RecordedEvent
}

// Pending reads the events appended but not applied yet. Readers only see
// events below the cluster's oldest running transaction, and other test
// packages may hold one open for a moment: it waits for the last one.
func (a *Applier) Pending() []eventstore.RecordedEvent {
	a.T.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var out []eventstore.RecordedEvent
	after, last := a.Applied, a.Appended()
	for after < last {
		events, err := a.Store.ReadAll(context.Background(), after, 1000)
		pgtest.Must(a.T, err, "read all")
		if len(events) > 0 {
			out = append(out, events...)
			after = events[len(events)-1].Position
			continue
		}
		if time.Now().After(deadline) {
			a.T.Fatalf("read up to %d, want %d", after, last)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return out
}

// Apply applies the pending events with the projector's Apply, in one
// transaction, as the runtime does with a batch.
func (a *Applier) Apply() {
	a.T.Helper()
	pgtest.Must(a.T, a.TryApply(), "apply")
}

// TryApply is Apply, returning the error.
func (a *Applier) TryApply() error {
	a.T.Helper()
	events := a.Pending()
	err := postgres.InTx(context.Background(), a.Pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		for _, e := range events {
			if err := a.Projector.Apply(context.Background(), tx, projections.LiveTables(a.Projector), e); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		a.Events = append(a.Events, events...)
		if len(events) > 0 {
			a.Applied = events[len(events)-1].Position
		}
	}
	return err
}

// RecordedAt is when the last applied event of type typ was recorded.
func (a *Applier) RecordedAt(typ string) time.Time {
	a.T.Helper()
	for i := len(a.Events) - 1; i >= 0; i-- {
		if a.Events[i].Type == typ {
			return a.Events[i].Metadata.RecordedAt.UTC()
		}
	}
	a.T.Fatalf("no %s applied", typ)
	return time.Time{}
}

// Queryer is a pool, a connection or a transaction.
type Queryer interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Dump is every row of table as JSON, in a stable order, to compare.
func Dump(t testing.TB, q Queryer, table string) string {
	t.Helper()
	var s string
	err := q.QueryRow(context.Background(), `SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY to_jsonb(x)::text), '[]')::text FROM `+
		pgx.Identifier{table}.Sanitize()+` x`).Scan(&s)
	pgtest.Must(t, err, "dump "+table)
	return s
}

// DumpAll dumps every table of tables, with suffix added to its name.
func DumpAll(t testing.TB, q Queryer, tables []string, suffix string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, table := range tables {
		out[table] = Dump(t, q, table+suffix)
	}
	return out
}

// CheckApplyBatchEqualsApply applies events into two copies of p's
// tables, one event at a time with Apply and all at once with ApplyBatch,
// and fails t unless both hold the same rows (none of them empty) and the
// live tables none.
func CheckApplyBatchEqualsApply(t testing.TB, pool *pgxpool.Pool, p projections.Projector, events []eventstore.RecordedEvent) {
	t.Helper()
	ctx := context.Background()
	one, batch := projections.Tables{}, projections.Tables{}
	for _, table := range p.Tables {
		for suffix, tables := range map[string]projections.Tables{"_one": one, "_batch": batch} {
			_, err := pool.Exec(ctx, `CREATE TABLE `+table+suffix+` (LIKE `+table+` INCLUDING ALL)`)
			pgtest.Must(t, err, "create shadow")
			tables[table] = table + suffix
		}
	}
	err := postgres.InTx(ctx, pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		for _, e := range events {
			if err := p.Apply(ctx, tx, one, e); err != nil {
				return err
			}
		}
		return p.ApplyBatch(ctx, tx, batch, events)
	})
	pgtest.Must(t, err, "apply")
	live, gotOne, gotBatch := DumpAll(t, pool, p.Tables, ""), DumpAll(t, pool, p.Tables, "_one"), DumpAll(t, pool, p.Tables, "_batch")
	for _, table := range p.Tables {
		if live[table] != "[]" {
			t.Errorf("%s: the live table has rows; only the shadow tables should", table)
		}
		if gotOne[table] == "[]" || gotOne[table] != gotBatch[table] {
			t.Errorf("%s:\n one by one %s\n batch      %s", table, gotOne[table], gotBatch[table])
		}
	}
}
