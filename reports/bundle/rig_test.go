package bundle_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"cronica/commands"
	"cronica/domain/audit"
	"cronica/domain/identity"
	"cronica/domain/report"
	"cronica/eventstore/pgstore"
	"cronica/eventstore/sealer"
	"cronica/projections"
	"cronica/projections/auditlog"
	"cronica/projections/reportlog"
	"cronica/reports"
	"cronica/reports/bundle"
	"cronica/reports/jobs"
	"cronica/reports/kinds"
	"cronica/reports/reportstest"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// rig is the reports' rig over a store whose clock the test moves (the
// reports' own rig stamps events with the wall clock, so a period could
// not cut the log), with the report service and an exporter.
type rig struct {
	*reportstest.Rig
	svc    *jobs.Service
	x      *bundle.Exporter
	sealer *sealer.Sealer
}

// newRig gives t its own database and the world's clock at 2026-03-02
// 09:00 UTC, stamping events too.
func newRig(t testing.TB) *rig {
	t.Helper()
	ctx := context.Background()
	pool, _ := pgtest.NewPool(t, "bundle")
	pgtest.Must(t, pgstore.Migrate(ctx, pool), "migrate the event store")
	pgtest.Must(t, projections.Migrate(ctx, pool), "migrate the projections")
	pgtest.Must(t, auditlog.Migrate(ctx, pool), "migrate audit_log")
	pgtest.Must(t, reportlog.Migrate(ctx, pool), "migrate report_log")
	pgtest.Must(t, jobs.Migrate(ctx, pool), "migrate jobs")
	pgtest.Must(t, sealer.Migrate(ctx, pool), "migrate the seal leaves")
	clock := identitytest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	store, err := pgstore.New(ctx, pool, pgstore.Options{Now: clock.Now})
	pgtest.Must(t, err, "open the event store")
	t.Cleanup(func() { store.Close() })
	bench := timetest.BenchOn(t, store, clock, clock.Now)
	codec, err := commands.NewCodec(append(timetest.EventTypes(), report.EventTypes())...)
	pgtest.Must(t, err, "codec")
	identitytest.RunProjectors(t, store, pool, slog.New(slog.NewTextHandler(io.Discard, nil)), auditlog.Projector(), reportlog.Projector())
	index := reports.NewLogIndex(pool)
	engine, err := reports.New(reports.Config{Store: store, Decoder: codec, Index: index, Kinds: kinds.All(), Now: clock.Now})
	pgtest.Must(t, err, "engine")
	r := &rig{Rig: &reportstest.Rig{Bench: bench, Pool: pool, Codec: codec, Index: index, Engine: engine}}
	env := bench.Env
	env.Codec = codec
	r.svc, err = jobs.New(jobs.Config{Pool: pool, Engine: engine, Record: commands.NewRecordReport(env),
		Principals: principals{t, r.Rig}, Now: clock.Now, NewID: uuid.NewV7})
	pgtest.Must(t, err, "jobs service")
	r.x, err = bundle.New(bundle.Config{Store: store, Decoder: codec, Index: bundle.NewLogIndex(pool),
		Reports: bundle.JobReports{Service: r.svc, Pool: pool}, Now: clock.Now, Zone: bucharest(t)})
	pgtest.Must(t, err, "exporter")
	r.sealer, err = sealer.New(sealer.Config{Store: store, Pool: pool})
	pgtest.Must(t, err, "sealer")
	return r
}

// principals resolves accounts from their streams (no identity read model
// runs here).
type principals struct {
	t testing.TB
	r *reportstest.Rig
}

func (p principals) PrincipalFor(_ context.Context, accountID string) (identity.Principal, error) {
	return identitytest.Principal(p.t, p.r.Bench.Bench, accountID), nil
}

// generate records req as who, its file kept.
func (r *rig) generate(t testing.TB, who identity.Principal, req reports.Request) jobs.Generated {
	t.Helper()
	r.Head(t)
	ctx := context.Background()
	p, err := r.Engine.Prepare(ctx, who, req)
	pgtest.Must(t, err, "prepare "+req.Type)
	g, err := r.svc.Generate(ctx, identitytest.As(who), p, "", nil)
	pgtest.Must(t, err, "generate "+req.Type)
	r.Sync(t, g.Position)
	return g
}

// seal records the next seal of the whole log with the sealer `cronica
// audit seal` and serve use.
func (r *rig) seal(t testing.TB) audit.AuditSealed {
	t.Helper()
	res, err := r.sealer.Seal(context.Background())
	pgtest.Must(t, err, "seal the log")
	if !res.Sealed {
		t.Fatal("nothing new to seal")
	}
	r.Sync(t, res.Seal.Position)
	return res.Seal.Event
}

// export builds a bundle, as who, of project over from..to (Bucharest).
func (r *rig) export(t testing.TB, who identity.Principal, projectID, from, to string) ([]byte, bundle.Summary, error) {
	t.Helper()
	r.Head(t)
	period, err := bundle.ParsePeriod(from, to, bucharest(t))
	pgtest.Must(t, err, "period")
	var b bytes.Buffer
	sum, err := r.x.Export(context.Background(), who, bundle.Request{ProjectID: projectID, Period: period}, &b)
	return b.Bytes(), sum, err
}

func bucharest(t testing.TB) *time.Location {
	t.Helper()
	z, err := time.LoadLocation("Europe/Bucharest")
	pgtest.Must(t, err, "zone")
	return z
}

// unzip is the bundle's files by name.
func unzip(t testing.TB, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	pgtest.Must(t, err, "open the zip")
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		pgtest.Must(t, err, "open "+f.Name)
		c, err := io.ReadAll(rc)
		pgtest.Must(t, err, "read "+f.Name)
		rc.Close()
		out[f.Name] = c
	}
	return out
}

// rezip is a zip of files (as a tampered bundle is made).
func rezip(t testing.TB, files map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, c := range files {
		w, err := zw.Create(name)
		pgtest.Must(t, err, "zip "+name)
		_, err = w.Write(c)
		pgtest.Must(t, err, "zip "+name)
	}
	pgtest.Must(t, zw.Close(), "zip")
	return b.Bytes()
}

// extract writes files under dir.
func extract(t testing.TB, files map[string][]byte, dir string) {
	t.Helper()
	for name, c := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		pgtest.Must(t, os.MkdirAll(filepath.Dir(p), 0o755), "mkdir")
		pgtest.Must(t, os.WriteFile(p, c, 0o644), "write "+name)
	}
}
