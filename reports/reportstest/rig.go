package reportstest

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"cronica/commands"
	"cronica/domain/identity"
	"cronica/domain/report"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/projections"
	"cronica/projections/auditlog"
	"cronica/projections/projectiontest"
	"cronica/projections/reportlog"
	"cronica/reports"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Rig is a Time bench with the audit_log index and the report_log read
// model running, and a report engine over the same store.
type Rig struct {
	*timetest.Bench
	Pool   *pgxpool.Pool
	Codec  *commands.Codec
	Index  *reports.LogIndex
	Engine *reports.Engine
}

// NewRig gives t its own database, store and audit_log projector (clock
// at 2026-03-02 09:00 UTC, as timetest's), and an engine with kinds.
func NewRig(t testing.TB, kinds ...reports.Kind) *Rig {
	t.Helper()
	ctx := context.Background()
	pool, _ := pgtest.NewPool(t, "reports")
	pgtest.Must(t, pgstore.Migrate(ctx, pool), "migrate the event store")
	pgtest.Must(t, projections.Migrate(ctx, pool), "migrate the projections")
	pgtest.Must(t, auditlog.Migrate(ctx, pool), "migrate audit_log")
	pgtest.Must(t, reportlog.Migrate(ctx, pool), "migrate report_log")
	store, err := pgstore.New(ctx, pool, pgstore.Options{})
	pgtest.Must(t, err, "open the event store")
	t.Cleanup(func() { store.Close() })
	clock := identitytest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	bench := timetest.BenchOn(t, store, clock, clock.Now)
	codec, err := commands.NewCodec(append(timetest.EventTypes(), report.EventTypes())...)
	pgtest.Must(t, err, "codec")
	identitytest.RunProjectors(t, store, pool, slog.New(slog.NewTextHandler(io.Discard, nil)), auditlog.Projector(), reportlog.Projector())
	index := reports.NewLogIndex(pool)
	engine, err := reports.New(reports.Config{Store: store, Decoder: codec, Index: index, Kinds: kinds, Now: clock.Now})
	pgtest.Must(t, err, "engine")
	return &Rig{Bench: bench, Pool: pool, Codec: codec, Index: index, Engine: engine}
}

// Sync waits until the index has passed pos.
func (r *Rig) Sync(t testing.TB, pos eventstore.Position) {
	t.Helper()
	projectiontest.WaitForCheckpoint(t, r.Pool, "audit_log", pos)
}

// Head is the log's last position, once the index has passed it.
func (r *Rig) Head(t testing.TB) eventstore.Position {
	t.Helper()
	var p int64
	pgtest.Must(t, r.Pool.QueryRow(context.Background(), `SELECT coalesce(max(position), 0) FROM cronica_events`).Scan(&p), "head")
	r.Sync(t, eventstore.Position(p))
	return eventstore.Position(p)
}

// Generate generates req as who once the index has passed the log's head,
// or fails t.
func (r *Rig) Generate(t testing.TB, who identity.Principal, req reports.Request) reports.Result {
	t.Helper()
	r.Head(t)
	res, err := r.Engine.Generate(context.Background(), who, req, nil)
	pgtest.Must(t, err, "generate "+req.Type)
	return res
}
