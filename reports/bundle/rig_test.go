package bundle_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"

	"cronica/commands"
	"cronica/domain/audit"
	"cronica/domain/identity"
	"cronica/domain/report"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/eventstore/seal"
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
	svc *jobs.Service
	x   *bundle.Exporter
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

// seal records the next seal of the whole log, as the sealer does: the
// root over the head of every stream at the log's last position, appended
// to the seal stream at version seq.
func (r *rig) seal(t testing.TB) audit.AuditSealed {
	t.Helper()
	ctx := context.Background()
	v := eventstore.NewChainVerifier()
	var last eventstore.Position
	var events uint64
	for {
		page, err := r.Store.ReadAll(ctx, last, 1000)
		pgtest.Must(t, err, "read the log")
		if len(page) == 0 {
			break
		}
		for _, e := range page {
			pgtest.Must(t, v.Check(e), "check the log")
			events++
		}
		last = page[len(page)-1].Position
	}
	var heads []seal.Head
	v.EachHead(func(stream string, version uint64, hash eventstore.Hash) {
		heads = append(heads, seal.Head{Stream: stream, Version: version, Hash: hash})
	})
	pgtest.Must(t, seal.Sort(heads), "sort the heads")
	s := audit.AuditSealed{Through: bundlePos(last), Root: seal.Root(heads).String(), Streams: len(heads), Events: events}
	expected := eventstore.NoStream()
	if prev, err := r.Store.ReadStream(ctx, audit.SealStream(), 0, 1000); err == nil {
		var p audit.AuditSealed
		pgtest.Must(t, json.Unmarshal(prev[len(prev)-1].Data, &p), "decode the last seal")
		s.Seq, s.PreviousRoot = p.Seq+1, p.Root
		expected = eventstore.Exact(prev[len(prev)-1].Version)
	}
	data, err := json.Marshal(s)
	pgtest.Must(t, err, "encode the seal")
	id, err := uuid.NewV7()
	pgtest.Must(t, err, "id")
	res, err := r.Store.Append(ctx, eventstore.AppendRequest{Stream: audit.SealStream(), Expected: expected,
		Events: []eventstore.EventData{{ID: id, Type: audit.TypeAuditSealed, Data: data,
			Metadata: eventstore.Metadata{ActorID: "system", CorrelationID: "test-seal"}}}})
	pgtest.Must(t, err, "append the seal")
	r.Sync(t, res.Position)
	return s
}

func bundlePos(p eventstore.Position) string { return strconv.FormatUint(uint64(p), 10) }

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
