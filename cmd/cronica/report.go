package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	usecase "cronica/commands"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/projections"
	"cronica/projections/auditlog"
	"cronica/projections/reportlog"
	"cronica/reports"
	"cronica/reports/jobs"
	"cronica/reports/kinds"
	"cronica/reports/render"
)

const reportSummary = "Generate a report as of any point of the log and record it:\n" +
	"  cronica report TYPE --org ORG --param k=v ... [--as-of POSITION|RFC3339|YYYY-MM-DD] [--format F] -o FILE\n" +
	"Prints the manifest (type, parameters, as-of position, SHA-256) on stdout; `cronica report types` lists the types."

// paramFlags collects repeated --param k=v.
type paramFlags reports.Params

func (p paramFlags) String() string { return fmt.Sprint(map[string]string(p)) }

func (p paramFlags) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want name=value, got %q", s)
	}
	p[k] = v
	return nil
}

// runReport is `cronica report TYPE ...`.
func runReport(ctx context.Context, e env, args []string) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(e.stderr, "cronica report: the report type comes first\n%s\n", reportSummary)
		return exitUsage
	}
	kind := args[0]
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	params := paramFlags{}
	fs.Var(params, "param", "a parameter, name=value (repeat)")
	org := fs.String("org", "", "the organisation's id (required)")
	asOf := fs.String("as-of", "", "a log position, an RFC 3339 time or a date; empty: the head of the log")
	format := fs.String("format", "", "pdf, xlsx, csv or docx; empty: the type's first format")
	out := fs.String("o", "", "the file to write (required)")
	cfg, code, done := parseFlags(fs, args[1:], e, reportSummary)
	if done {
		return code
	}
	if *org == "" || *out == "" {
		fmt.Fprintln(e.stderr, "cronica report: --org and -o are required")
		return exitUsage
	}
	a, err := reports.ParseAsOf(*asOf)
	var f render.Format
	if err == nil && *format != "" {
		f, err = render.ParseFormat(*format)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "cronica report: %v\n", err)
		return exitUsage
	}
	logger := newLogger(cfg, e.stderr)
	req := reports.Request{OrgID: *org, Type: kind, Format: f, Params: reports.Params(params), AsOf: a}
	err = withReports(ctx, cfg, logger, e.now, func(ctx context.Context, svc *jobs.Service) error {
		p, err := svc.Engine().Prepare(ctx, identity.System(), req)
		if err != nil {
			return err
		}
		bar := newProgressBar(e.stderr, kind)
		g, err := svc.Generate(ctx, usecase.Meta{Actor: identity.System(), CorrelationID: "cli-report-" + kind}, p, "", bar.step)
		bar.finish(err == nil)
		if err != nil {
			return err
		}
		if err := os.WriteFile(*out, g.Result.Bytes, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", *out, err)
		}
		m := g.Result.Manifest
		fmt.Fprintf(e.stdout, "report %s: %s\nfile: %s (%d bytes)\nsha256: %s\nas_of_position: %d\neffective_position: %d (%s)\nparameters: %v\n",
			g.ReportID, m.Type, *out, m.Size, m.SHA256, m.AsOfPosition, m.EffectivePosition,
			m.EffectiveTime.Format(time.RFC3339), map[string]string(m.Params))
		return nil
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "cronica report: %v\n", err)
		if errors.Is(err, reports.ErrInvalidRequest) {
			return exitUsage
		}
		return exitFailure
	}
	return exitOK
}

const reportVerifySummary = "Regenerate the report a file claims to be and compare:\n" +
	"  cronica report verify FILE --org ORG [--report ID]\n" +
	"Exit 0 when the file is the recorded report byte for byte, 1 when it is not, 2 on other failures."

// runReportVerify is `cronica report verify FILE`.
func runReportVerify(ctx context.Context, e env, args []string) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(e.stderr, "cronica report verify: the file comes first\n%s\n", reportVerifySummary)
		return exitUsage
	}
	path := args[0]
	fs := flag.NewFlagSet("report verify", flag.ContinueOnError)
	org := fs.String("org", "", "the organisation's id (required)")
	reportID := fs.String("report", "", "the report the file should be (default: found by the file's SHA-256)")
	cfg, code, done := parseFlags(fs, args[1:], e, reportVerifySummary)
	if done {
		return code
	}
	if *org == "" {
		fmt.Fprintln(e.stderr, "cronica report verify: --org is required")
		return exitUsage
	}
	file, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(e.stderr, "cronica report verify: %v\n", err)
		return exitUsage
	}
	var v jobs.Verification
	err = withReports(ctx, cfg, newLogger(cfg, e.stderr), e.now, func(ctx context.Context, svc *jobs.Service) error {
		v, err = svc.Verify(ctx, identity.System(), *org, file, *reportID)
		return err
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "cronica report verify: %v\n", err)
		return exitFailure + 1
	}
	if v.Match {
		fmt.Fprintf(e.stdout, "report verify: MATCH %s sha256=%s report=%s type=%s as_of_position=%d\n", path, v.SHA256,
			v.Report.ReportID, v.Report.Type, v.Report.AsOfPosition)
		return exitOK
	}
	fmt.Fprintf(e.stdout, "report verify: MISMATCH %s sha256=%s reason=%s", path, v.SHA256, v.Reason)
	if v.Report != nil {
		fmt.Fprintf(e.stdout, " report=%s recorded_sha256=%s regenerated_sha256=%s", v.Report.ReportID, v.Report.SHA256, v.Regenerated)
	}
	fmt.Fprintln(e.stdout)
	return exitFailure
}

const reportTypesSummary = "List the report types, their formats and parameters."

// runReportTypes is `cronica report types`.
func runReportTypes(_ context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("report types", flag.ContinueOnError)
	if _, code, done := parseFlags(fs, args, e, reportTypesSummary); done {
		return code
	}
	engine, err := reports.New(reports.Config{Store: noStore{}, Decoder: noDecoder{}, Index: noIndex{}, Kinds: kinds.All(), Now: e.now})
	if err != nil {
		fmt.Fprintf(e.stderr, "cronica report types: %v\n", err)
		return exitFailure
	}
	for _, k := range engine.Kinds() {
		en, _ := k.Title()
		fmt.Fprintf(e.stdout, "%-16s %s; formats %v\n", k.Name(), en, k.Formats())
		for _, p := range k.Params() {
			req := ""
			if p.Required {
				req = " (required)"
			}
			fmt.Fprintf(e.stdout, "    --param %s=<%s>%s  %s\n", p.Name, p.Kind, req, p.Help)
		}
	}
	return exitOK
}

// withReports opens the database and the store, brings the log index
// (audit_log) and report_log up to the log's head, and runs fn with a
// report service acting for the command line.
func withReports(ctx context.Context, cfg Config, logger *slog.Logger, now func() time.Time,
	fn func(context.Context, *jobs.Service) error) error {
	w, err := openIdentityWriter(ctx, cfg, logger, now)
	if err != nil {
		return err
	}
	defer w.close(ctx, logger)
	if err := catchUpIndex(ctx, w.store, w.db.pool, logger); err != nil {
		return err
	}
	engine, err := newReportEngine(w.store, w.env.Codec, w.db.pool, now)
	if err != nil {
		return err
	}
	svc, err := newReportService(w.db.pool, engine, w.env, logger)
	if err != nil {
		return err
	}
	return fn(ctx, svc)
}

// catchUpIndex runs the audit_log and report_log projectors until they
// have passed the log's head (when serve runs, its instances hold them and
// these wait for them to get there).
func catchUpIndex(ctx context.Context, store eventStore, pool *pgxpool.Pool, logger *slog.Logger) error {
	head, ok := store.(projections.LogHead)
	if !ok {
		return nil // the adapter cannot say where the log ends: the index is used as it is
	}
	target, _, err := head.Head(ctx)
	if err != nil {
		return fmt.Errorf("the log's head: %w", err)
	}
	ps := []projections.Projector{auditlog.Projector(), reportlog.Projector()}
	rt, err := projections.NewRuntime(store, pool, ps, projections.Config{Logger: logger})
	if err != nil {
		return err
	}
	ctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- rt.Run(ctx) }()
	defer func() { stop(); <-done }()
	for {
		all, err := projections.Checkpoints(ctx, pool)
		if err != nil {
			return err
		}
		if all[auditlog.Projector().Name].Position >= target && all[reportlog.Name].Position >= target {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-done:
			return fmt.Errorf("the projections stopped: %w", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// progressBar draws a report's progress on a terminal line.
type progressBar struct {
	w     io.Writer
	label string
	last  time.Time
	drawn bool
}

func newProgressBar(w io.Writer, label string) *progressBar { return &progressBar{w: w, label: label} }

const barWidth = 30

// step draws done of total, at most ten times a second.
func (b *progressBar) step(done, total int) {
	if total <= 0 || (time.Since(b.last) < 100*time.Millisecond && done < total) {
		return
	}
	b.last, b.drawn = time.Now(), true
	n := barWidth * done / total
	fmt.Fprintf(b.w, "\r%s [%s%s] %3d%% %d/%d", b.label, strings.Repeat("#", n), strings.Repeat("-", barWidth-n),
		100*done/total, done, total)
}

// finish ends the bar's line.
func (b *progressBar) finish(ok bool) {
	if !b.drawn {
		b.step(1, 1)
	}
	if ok {
		fmt.Fprintln(b.w, " done")
		return
	}
	fmt.Fprintln(b.w, " failed")
}

// The engine `report types` builds reads nothing.
type (
	noStore   struct{ eventstore.Store }
	noDecoder struct{ reports.Decoder }
	noIndex   struct{ reports.Index }
)
