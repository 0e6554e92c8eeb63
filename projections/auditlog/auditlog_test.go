package auditlog_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/internal/postgres"
	"cronica/projections"
	"cronica/projections/auditlog"
	"cronica/test/pgtest"
)

// row is an audit_log row as the test reads it back.
type row struct {
	Position                                   int64
	RecordedAt                                 time.Time
	StreamID, Category                         string
	Version                                    int64
	Type                                       string
	EventID                                    uuid.UUID
	ActorID, OrgID, CorrelationID, CausationID string
}

func newDB(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, _ := pgtest.NewPool(t, "auditlog")
	ctx := context.Background()
	pgtest.Must(t, pgstore.Migrate(ctx, pool), "migrate eventstore")
	pgtest.Must(t, projections.Migrate(ctx, pool), "migrate projections")
	pgtest.Must(t, auditlog.Migrate(ctx, pool), "migrate auditlog")
	return pool
}

func readRows(t *testing.T, pool *pgxpool.Pool, table string) []row {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT position, recorded_at, stream_id, category, version, type, event_id,
		actor_id, org_id, correlation_id, causation_id FROM `+pgx.Identifier{table}.Sanitize()+` ORDER BY position`)
	pgtest.Must(t, err, "query rows")
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[row])
	pgtest.Must(t, err, "collect rows")
	for i := range out {
		out[i].RecordedAt = out[i].RecordedAt.UTC() // pgx scans into the local zone
	}
	return out
}

func wantRow(e eventstore.RecordedEvent) row {
	m := e.Metadata
	return row{int64(e.Position), m.RecordedAt.UTC(), e.StreamID, eventstore.Category(e.StreamID), int64(e.Version), e.Type, e.ID,
		m.ActorID, m.OrgID, m.CorrelationID, m.CausationID}
}

// appendSome writes events to three streams of two categories through the
// real store and reads them back in log order.
func appendSome(t *testing.T, pool *pgxpool.Pool) []eventstore.RecordedEvent {
	t.Helper()
	ctx := context.Background()
	clock := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	store, err := pgstore.New(ctx, pool, pgstore.Options{Now: func() time.Time { clock = clock.Add(time.Second); return clock }})
	pgtest.Must(t, err, "new store")
	t.Cleanup(func() { store.Close() })
	streams := []string{"person-" + uuid.NewString(), "person-" + uuid.NewString(), "timesheet-" + uuid.NewString()}
	for i := range 9 {
		stream := streams[i%3]
		_, err := store.Append(ctx, eventstore.AppendRequest{
			Stream:   stream,
			Expected: eventstore.Any(),
			Events: []eventstore.EventData{{
				ID:   uuid.Must(uuid.NewV7()),
				Type: fmt.Sprintf("Thing%d.v1", i%2),
				Data: json.RawMessage(`{"i":` + fmt.Sprint(i) + `}`),
				Metadata: eventstore.Metadata{
					ActorID: fmt.Sprintf("actor-%d", i%2), OrgID: "org-1",
					CorrelationID: fmt.Sprintf("corr-%d", i), CausationID: fmt.Sprintf("cause-%d", i),
				},
			}},
		})
		pgtest.Must(t, err, "append")
	}
	return readAllOf(t, store, 9)
}

// readAllOf reads the whole log once it shows n events: readers only see
// events below the cluster's oldest running transaction, and other test
// packages may be holding one open for a moment.
func readAllOf(t *testing.T, store eventstore.Store, n int) []eventstore.RecordedEvent {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		events, err := store.ReadAll(context.Background(), eventstore.Start, n+1)
		pgtest.Must(t, err, "read all")
		if len(events) == n {
			return events
		}
		if len(events) > n || time.Now().After(deadline) {
			t.Fatalf("read %d events, want %d", len(events), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestProjectorShape(t *testing.T) {
	p := auditlog.Projector()
	if p.Name != "audit_log" || p.Types != nil || len(p.Tables) != 1 || p.Tables[0] != "audit_log" || p.Policy != projections.Halt || p.Apply == nil || p.ApplyBatch == nil {
		t.Fatalf("projector = %+v", p)
	}
}

func TestApplyWritesOneRowPerEvent(t *testing.T) {
	pool := newDB(t)
	ctx := context.Background()
	events := appendSome(t, pool)
	p := auditlog.Projector()
	err := postgres.InTx(ctx, pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		for _, e := range events {
			if err := p.Apply(ctx, tx, projections.LiveTables(p), e); err != nil {
				return err
			}
		}
		return nil
	})
	pgtest.Must(t, err, "apply")

	got := readRows(t, pool, "audit_log")
	if len(got) != len(events) {
		t.Fatalf("got %d rows, want %d", len(got), len(events))
	}
	for i, e := range events {
		if want := wantRow(e); got[i] != want {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, got[i], want)
		}
	}
	if got[0].Category != "person" || got[2].Category != "timesheet" {
		t.Errorf("categories = %q, %q", got[0].Category, got[2].Category)
	}
}

func TestApplyTwiceFails(t *testing.T) {
	pool := newDB(t)
	ctx := context.Background()
	e := appendSome(t, pool)[0]
	p := auditlog.Projector()
	err := postgres.InTx(ctx, pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if err := p.Apply(ctx, tx, projections.LiveTables(p), e); err != nil {
			return err
		}
		return p.Apply(ctx, tx, projections.LiveTables(p), e)
	})
	if err == nil {
		t.Fatal("applying one event twice succeeded; a duplicate is a runtime bug and must halt the projector")
	}
}

func TestApplyRollsBackWithTheTransaction(t *testing.T) {
	pool := newDB(t)
	ctx := context.Background()
	e := appendSome(t, pool)[0]
	p := auditlog.Projector()
	tx, err := pool.Begin(ctx)
	pgtest.Must(t, err, "begin")
	pgtest.Must(t, p.Apply(ctx, tx, projections.LiveTables(p), e), "apply")
	pgtest.Must(t, tx.Rollback(ctx), "rollback")
	if got := readRows(t, pool, "audit_log"); len(got) != 0 {
		t.Fatalf("rows after rollback: %d", len(got))
	}
}

func TestApplyAndApplyBatchWriteTheShadowTable(t *testing.T) {
	pool := newDB(t)
	ctx := context.Background()
	events := appendSome(t, pool)
	for _, shadow := range []string{"audit_log_one", "audit_log_batch"} {
		_, err := pool.Exec(ctx, `CREATE TABLE `+shadow+` (LIKE audit_log INCLUDING ALL)`)
		pgtest.Must(t, err, "create shadow")
	}
	p := auditlog.Projector()
	err := postgres.InTx(ctx, pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		for _, e := range events {
			if err := p.Apply(ctx, tx, projections.Tables{"audit_log": "audit_log_one"}, e); err != nil {
				return err
			}
		}
		return auditlog.ApplyBatch(ctx, tx, projections.Tables{"audit_log": "audit_log_batch"}, events)
	})
	pgtest.Must(t, err, "apply")
	if live := readRows(t, pool, "audit_log"); len(live) != 0 {
		t.Errorf("live table has %d rows; only the shadow tables should", len(live))
	}
	one, batch := readRows(t, pool, "audit_log_one"), readRows(t, pool, "audit_log_batch")
	if len(one) != len(events) || len(batch) != len(events) {
		t.Fatalf("rows: one by one %d, batch %d, want %d", len(one), len(batch), len(events))
	}
	for i, e := range events {
		if want := wantRow(e); one[i] != want || batch[i] != want {
			t.Errorf("row %d:\n one  %+v\nbatch %+v\nwant  %+v", i, one[i], batch[i], want)
		}
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	pool := newDB(t)
	pgtest.Must(t, auditlog.Migrate(context.Background(), pool), "second migrate")
}

// syntheticEvents are events built by hand, as the runtime would hand them
// over, for the benchmarks.
func syntheticEvents(n int, start int64) []eventstore.RecordedEvent {
	at := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	stream := "person-" + uuid.NewString()
	out := make([]eventstore.RecordedEvent, n)
	for i := range out {
		out[i] = eventstore.RecordedEvent{
			Position: eventstore.Position(start + int64(i)), StreamID: stream, Version: uint64(start) + uint64(i),
			ID: uuid.Must(uuid.NewV7()), Type: "Thing.v1",
			Metadata: eventstore.Metadata{ActorID: "actor-1", OrgID: "org-1", CorrelationID: "c", CausationID: "c",
				RecordedAt: at.Add(time.Duration(i) * time.Millisecond)},
		}
	}
	return out
}

// BenchmarkApply applies pages of 1000 events, one transaction a page, as
// the runtime does (one INSERT per event).
func BenchmarkApply(b *testing.B) {
	benchmarkPages(b, func(ctx context.Context, tx pgx.Tx, page []eventstore.RecordedEvent) error {
		p := auditlog.Projector()
		for _, e := range page {
			if err := p.Apply(ctx, tx, projections.LiveTables(p), e); err != nil {
				return err
			}
		}
		return nil
	})
}

// BenchmarkApplyBatch is BenchmarkApply with one COPY a page.
func BenchmarkApplyBatch(b *testing.B) {
	benchmarkPages(b, func(ctx context.Context, tx pgx.Tx, page []eventstore.RecordedEvent) error {
		return auditlog.ApplyBatch(ctx, tx, projections.Tables{"audit_log": "audit_log"}, page)
	})
}

func benchmarkPages(b *testing.B, apply func(context.Context, pgx.Tx, []eventstore.RecordedEvent) error) {
	pool := newDB(b)
	ctx := context.Background()
	const page = 1000
	next := int64(1)
	b.ResetTimer()
	for b.Loop() {
		events := syntheticEvents(page, next)
		next += page
		err := postgres.InTx(ctx, pool, pgx.TxOptions{}, func(tx pgx.Tx) error { return apply(ctx, tx, events) })
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*page)/b.Elapsed().Seconds(), "events/s")
}
