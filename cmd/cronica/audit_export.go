package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/reports"
	"cronica/reports/bundle"
	"cronica/reports/jobs"
)

// bundleZone is the zone of a bundle's period: the app's (Romanian
// working days).
const bundleZone = "Europe/Bucharest"

const auditExportSummary = "Export the auditor's bundle of one project over a period:\n" +
	"  cronica audit export --project P --from YYYY-MM-DD --to YYYY-MM-DD -o bundle.zip\n" +
	"The period is [from 00:00, to 24:00) in " + bundleZone + ". The zip holds the events of the project's record\n" +
	"in log order with their hashes, the seals with inclusion proofs, the project's reports of the period, a manifest,\n" +
	"a README for the auditor and SHA256SUMS; check it with `cronica audit verify --bundle FILE`.\n" +
	"Exit 0 done, 1 on a failure, 2 on a bad project, period or flag."

// runAuditExport is `cronica audit export`.
func runAuditExport(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("audit export", flag.ContinueOnError)
	projectID := fs.String("project", "", "the project's id (required)")
	from := fs.String("from", "", "the period's first day, YYYY-MM-DD (required)")
	to := fs.String("to", "", "the period's last day, YYYY-MM-DD (required)")
	out := fs.String("o", "", "the zip file to write (required)")
	cfg, code, done := parseFlags(fs, args, e, auditExportSummary)
	if done {
		return code
	}
	if *projectID == "" || *from == "" || *to == "" || *out == "" {
		fmt.Fprintln(e.stderr, "cronica audit export: --project, --from, --to and -o are required")
		return exitUsage
	}
	if !domain.ValidID(*projectID) {
		fmt.Fprintf(e.stderr, "cronica audit export: --project %q is not a project id (a lowercase UUID)\n", *projectID)
		return exitUsage
	}
	zone, err := time.LoadLocation(bundleZone)
	if err != nil {
		fmt.Fprintf(e.stderr, "cronica audit export: the zone %s: %v\n", bundleZone, err)
		return exitFailure
	}
	period, err := bundle.ParsePeriod(*from, *to, zone)
	if err != nil {
		fmt.Fprintf(e.stderr, "cronica audit export: %v\n", err)
		return exitUsage
	}
	logger := newLogger(cfg, e.stderr)
	started := time.Now()
	var sum bundle.Summary
	err = withBundleExporter(ctx, cfg, e, zone, func(ctx context.Context, x *bundle.Exporter) error {
		sum, err = exportTo(ctx, x, bundle.Request{ProjectID: *projectID, Period: period}, *out)
		return err
	})
	switch {
	case errors.Is(err, reports.ErrInvalidRequest), errors.Is(err, domain.ErrNotFound):
		fmt.Fprintf(e.stderr, "cronica audit export: %v\n", err)
		return exitUsage
	case err != nil:
		fmt.Fprintf(e.stderr, "cronica audit export: %v\n", err)
		return exitFailure
	}
	m := sum.Manifest
	fmt.Fprintf(e.stdout, "audit export: %s project=%s (%s) period=%s..%s positions=%s..%s streams=%d events=%d seals=%d reports=%d bytes=%d sha256=%s\n",
		*out, m.Project.ID, m.Project.Acronym, m.Period.From, m.Period.To, m.Positions.First, m.Positions.Through,
		m.Counts.Streams, m.Counts.Events, m.Counts.Seals, m.Counts.Reports, sum.Bytes, sum.SHA256)
	logger.Info("audit export: done", "file", *out, "events", m.Counts.Events, "elapsed", time.Since(started))
	return exitOK
}

// exportTo writes the bundle to path through a temporary file beside it,
// renamed into place once complete: a failed export leaves nothing.
func exportTo(ctx context.Context, x *bundle.Exporter, req bundle.Request, path string) (bundle.Summary, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return bundle.Summary{}, fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // nothing once renamed
	sum, err := x.Export(ctx, identity.System(), req, tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if closeErr := tmp.Close(); err == nil && closeErr != nil {
		err = fmt.Errorf("write %s: %w", path, closeErr)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	return sum, err
}

// withBundleExporter opens the database and the store, brings the log
// index (audit_log) and report_log up to the log's head, and runs fn with
// an exporter over them.
func withBundleExporter(ctx context.Context, cfg Config, e env, zone *time.Location, fn func(context.Context, *bundle.Exporter) error) error {
	logger := newLogger(cfg, e.stderr)
	w, err := openIdentityWriter(ctx, cfg, logger, e.now)
	if err != nil {
		return err
	}
	defer w.close(ctx, logger)
	if err := catchUpIndex(ctx, w.store, w.db.pool, logger); err != nil {
		return err
	}
	engine, err := newReportEngine(w.store, w.env.Codec, w.db.pool, e.now)
	if err != nil {
		return err
	}
	svc, err := newReportService(w.db.pool, engine, w.env, logger)
	if err != nil {
		return err
	}
	x, err := newBundleExporter(w.store, w.env.Codec, w.db.pool, svc, e.now, zone)
	if err != nil {
		return err
	}
	return fn(ctx, x)
}

// newBundleExporter wires an exporter: the store, the codec, the log
// index over audit_log, and the reports (report_log, and the kept files
// through the report service, which regenerates a file not kept).
func newBundleExporter(store eventstore.Store, codec reports.Decoder, pool *pgxpool.Pool, svc *jobs.Service,
	now func() time.Time, zone *time.Location) (*bundle.Exporter, error) {
	x, err := bundle.New(bundle.Config{Store: store, Decoder: codec, Index: bundle.NewLogIndex(pool),
		Reports: bundle.JobReports{Service: svc, Pool: pool}, Now: now, Zone: zone})
	if err != nil {
		return nil, fmt.Errorf("audit export: %w", err)
	}
	return x, nil
}
