package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/pprof"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	usecase "cronica/commands"
	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/timesheet"
	"cronica/eventstore"
	"cronica/projections"
	"cronica/projections/auditlog"
	"cronica/projections/identityview"
	"cronica/reports"
	"cronica/reports/kinds"
	"cronica/reports/render"
)

const benchReportSummary = "Measure the reports on the configured PostgreSQL, in a scratch database. Seeds one Horizon Europe\n" +
	"project with --wps work packages and --people people, and a year of approved timesheets (4 entries a\n" +
	"working day, appended straight to the store: about 1,000,000 events for 1,000 people), then prints:\n" +
	"(0) the baseline: reading raw, undecoded, every stream the Anexa 8 of every person reads; (a) the Anexa 8\n" +
	"PDF of every person for one month (seconds, ratio a/0); (b) the project's yearly effort XLSX (seconds, peak\n" +
	"heap in MiB); (d) the same report as of the middle of the log. The last line is\n" +
	"`anexa8_1000_s=<a> effort_xlsx_s=<b> effort_xlsx_mib=<c> asof_1m_s=<d>`."

// reportParams are bench report's flags.
type reportParams struct {
	people, wps, workers, year int
	keep                       bool
	cpuProfile                 string // of (b), when set
}

// runBenchReport is `cronica bench report`.
func runBenchReport(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("bench report", flag.ContinueOnError)
	p := reportParams{}
	fs.IntVar(&p.people, "people", 1000, "people with a year of approved timesheets")
	fs.IntVar(&p.wps, "wps", 10, "work packages of the project (one activity each)")
	fs.IntVar(&p.workers, "workers", 8, "concurrent appenders while seeding, and concurrent Anexa 8 reports")
	fs.IntVar(&p.year, "year", 2025, "the year recorded")
	fs.BoolVar(&p.keep, "keep", false, "keep the scratch database instead of dropping it")
	fs.StringVar(&p.cpuProfile, "cpuprofile", "", "write a CPU profile of (b), the effort XLSX, to this file")
	cfg, code, done := parseFlags(fs, args, e, benchReportSummary)
	if done {
		return code
	}
	if p.people < 1 || p.wps < 1 || p.workers < 1 {
		fmt.Fprintln(e.stderr, "cronica bench report: --people, --wps and --workers must be at least 1")
		return exitUsage
	}
	if err := benchReport(ctx, cfg, newLogger(cfg, e.stderr), e.now, e.stdout, p); err != nil {
		fmt.Fprintf(e.stderr, "cronica bench report: %v\n", err)
		return exitFailure
	}
	return exitOK
}

// reportWorld is what bench report seeds.
type reportWorld struct {
	projectID  string
	activities []string
	people     []string
}

// benchReport seeds, measures and prints.
func benchReport(ctx context.Context, cfg Config, logger *slog.Logger, now func() time.Time, out io.Writer, p reportParams) (err error) {
	db, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, db.close(context.WithoutCancel(ctx))) }()
	rig, err := newBenchRig(ctx, cfg, db.url, rigOptions{name: "bench report", keep: p.keep, maxConns: int32(p.workers + 16),
		projectors: []projections.Projector{auditlog.Projector(), identityview.Projector()}}, logger, now)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, rig.close()) }()
	fmt.Fprintf(out, "bench report: scratch database %s, %d people, %d work packages, year %d\n", rig.dbName, p.people, p.wps, p.year)

	started := time.Now()
	w, err := seedReportWorld(ctx, rig, p)
	if err != nil {
		return err
	}
	events, err := appendYears(ctx, rig, w, p)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  seed: %d people, %d events in %s\n", len(w.people), events, time.Since(started).Round(time.Millisecond))
	head, ok := rig.store.(projections.LogHead)
	if !ok {
		return errors.New("bench report: the store cannot tell its head")
	}
	last, _, err := head.Head(ctx)
	if err != nil {
		return err
	}
	caught := time.Now()
	if err := waitCheckpoint(ctx, rig, auditlog.Projector().Name, last); err != nil {
		return err
	}
	fmt.Fprintf(out, "  audit_log index caught up in %s (log head %d)\n", time.Since(caught).Round(time.Millisecond), last)

	codec, err := newCodec()
	if err != nil {
		return err
	}
	engine, err := reports.New(reports.Config{Store: rig.store, Decoder: codec, Index: reports.NewLogIndex(rig.pool),
		Kinds: kinds.All(), Now: now})
	if err != nil {
		return err
	}
	month := calendar.Month{Year: p.year, Month: time.June}
	base, err := timed(func() error { return readRaw(ctx, rig, w, month, p.workers) })
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  (0) raw reads of the Anexa 8 streams of %d people: %.2f s\n", len(w.people), base.Seconds())

	sys := identity.System()
	anexa8, err := timed(func() error {
		return parallel(ctx, p.workers, len(w.people), func(ctx context.Context, i int) error {
			_, err := engine.Generate(ctx, sys, reports.Request{OrgID: rig.orgID, Type: "anexa8", Format: render.FormatPDF,
				Params: reports.Params{"person": w.people[i], "project": w.projectID, "month": month.String()}}, nil)
			return err
		})
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  (a) Anexa 8 PDFs of %d people for %s: %.2f s (%.1f ms each; ratio a/0 %.1f)\n", len(w.people), month,
		anexa8.Seconds(), anexa8.Seconds()*1000/float64(len(w.people)), anexa8.Seconds()/base.Seconds())

	effortReq := reports.Request{OrgID: rig.orgID, Type: "effort", Format: render.FormatXLSX, Params: reports.Params{
		"project": w.projectID, "from": fmt.Sprintf("%d-01", p.year), "to": fmt.Sprintf("%d-12", p.year)}}
	var size int
	stopProfile, err := startCPUProfile(p.cpuProfile)
	if err != nil {
		return err
	}
	effort, peak, err := measured(func() error {
		res, err := engine.Generate(ctx, sys, effortReq, nil)
		size = len(res.Bytes)
		return err
	})
	if perr := stopProfile(); err == nil {
		err = perr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  (b) effort XLSX of %d people x 12 months x %d WPs: %.2f s, peak heap %.0f MiB, %d bytes\n",
		len(w.people), p.wps, effort.Seconds(), peak, size)

	var middle int64
	if err := rig.pool.QueryRow(ctx, `SELECT position FROM audit_log ORDER BY position OFFSET (SELECT count(*) / 2 FROM audit_log) LIMIT 1`).
		Scan(&middle); err != nil {
		return fmt.Errorf("bench report: the middle of the log: %w", err)
	}
	past := effortReq
	past.AsOf = reports.AsOf{Position: eventstore.Position(middle)}
	asOf, err := timed(func() error { _, err := engine.Generate(ctx, sys, past, nil); return err })
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  (d) the effort XLSX as of position %d (the middle of %d events): %.2f s\n", middle, events, asOf.Seconds())
	fmt.Fprintf(out, "anexa8_1000_s=%.2f effort_xlsx_s=%.2f effort_xlsx_mib=%.0f asof_1m_s=%.2f\n", anexa8.Seconds(), effort.Seconds(), peak, asOf.Seconds())
	return nil
}

// seedReportWorld registers the project and the people through the
// handlers.
func seedReportWorld(ctx context.Context, rig *benchRig, p reportParams) (reportWorld, error) {
	sys := usecase.Meta{Actor: identity.System(), CorrelationID: "bench-report"}
	var w reportWorld
	res, err := rig.time.RegisterProject.Handle(ctx, sys, usecase.RegisterProject{OrgID: rig.orgID, Details: project.Details{
		Programme: project.HorizonEurope, Title: "Raport de probă", Acronym: "RAPORT", GrantNumber: "101000002",
		Start: calendar.NewDate(p.year, time.January, 1), End: calendar.NewDate(p.year+2, time.December, 31)}})
	if err != nil {
		return w, fmt.Errorf("bench report: seed: %w", err)
	}
	w.projectID = res.ID
	for i := range p.wps {
		code := fmt.Sprintf("WP%d", i+1)
		wp, err := rig.time.AddWorkPackage.Handle(ctx, sys, usecase.AddWorkPackage{OrgID: rig.orgID, ProjectID: w.projectID,
			WorkPackage: project.WorkPackage{Code: code, Title: "Pachetul de lucru " + code}})
		if err != nil {
			return w, fmt.Errorf("bench report: seed: %w", err)
		}
		a, err := rig.time.AddActivity.Handle(ctx, sys, usecase.AddActivity{OrgID: rig.orgID, ProjectID: w.projectID,
			Activity: project.Activity{WorkPackageID: wp.ID, Code: fmt.Sprintf("A%d.1", i+1), Title: "Activitatea " + code}})
		if err != nil {
			return w, fmt.Errorf("bench report: seed: %w", err)
		}
		w.activities = append(w.activities, a.ID)
	}
	w.people = make([]string, p.people)
	err = parallel(ctx, p.workers, p.people, func(ctx context.Context, i int) error {
		person, err := rig.ids.RegisterPerson.Handle(ctx, sys, usecase.RegisterPerson{OrgID: rig.orgID,
			Details: identity.PersonDetails{GivenName: "Ștefan", FamilyName: fmt.Sprintf("Țuțea %04d", i)}})
		if err != nil {
			return fmt.Errorf("bench report: seed person %d: %w", i, err)
		}
		c, err := rig.time.SignContract.Handle(ctx, sys, usecase.SignContract{OrgID: rig.orgID, PersonID: person.ID,
			Number: fmt.Sprintf("%d/%d", i, p.year), Type: employment.FullTime, Start: calendar.NewDate(p.year, time.January, 1),
			Terms: employment.Terms{Position: "Cercetător", CORCode: "213201", StaffCategory: "researcher", DailyNormMinutes: 480,
				WorkingTimeFactor: "1", GrossMonthlyCents: 900_000, Currency: "RON"}})
		if err != nil {
			return fmt.Errorf("bench report: seed person %d: %w", i, err)
		}
		if _, err := rig.time.AssignToProject.Handle(ctx, sys, usecase.AssignToProject{OrgID: rig.orgID, PersonID: person.ID,
			Assignment: employment.Assignment{ContractID: c.ID, ProjectID: w.projectID, Role: "expert", Category: "B"}}); err != nil {
			return fmt.Errorf("bench report: seed person %d: %w", i, err)
		}
		w.people[i] = person.ID
		return nil
	})
	return w, err
}

// appendYears appends every person's twelve months straight to the store,
// one append per month: opened, four 2-hour entries per working day on
// rotating work packages, submitted and approved. The events are the
// domain's own, encoded by the codec; the rules are not run (the bench
// measures the reports, not the commands).
func appendYears(ctx context.Context, rig *benchRig, w reportWorld, p reportParams) (int64, error) {
	codec, err := newCodec()
	if err != nil {
		return 0, err
	}
	cal := calendar.NewCalendar(nil)
	var total atomic.Int64
	n := len(w.people) * 12
	err = parallel(ctx, p.workers, n, func(ctx context.Context, i int) error {
		person, m := w.people[i/12], calendar.Month{Year: p.year, Month: time.Month(i%12 + 1)}
		h := timesheet.Header{TimesheetID: timesheet.IDFor(person, m), OrgID: rig.orgID, PersonID: person, Month: m}
		evs := []domain.Event{&timesheet.TimesheetOpened{Header: h}}
		minutes := 0
		for d := m.First(); m.Contains(d); d = d.AddDays(1) {
			if !cal.IsWorkingDay(d) {
				continue
			}
			for k := range 4 {
				a := w.activities[(d.Day+k+i)%len(w.activities)]
				evs = append(evs, &timesheet.TimeEntryRecorded{Header: h, Entry: timesheet.Entry{EntryID: uuid.NewString(), Date: d,
					ProjectID: w.projectID, ActivityID: a, Minutes: 120, Description: "lucru la " + a[:8]}})
				minutes += 120
			}
		}
		at := m.Last().Time().Add(18 * time.Hour)
		evs = append(evs,
			&timesheet.TimesheetSubmitted{Header: h, TotalMinutes: minutes,
				Signature: timesheet.Signature{AccountID: "system", PersonID: person, At: at, As: "person"}},
			&timesheet.TimesheetApproved{Header: h,
				Signature: timesheet.Signature{AccountID: rig.admin.AccountID, At: at.Add(time.Hour), As: "administrator"}})
		data, err := codec.EventData(evs, uuid.NewV7, eventstore.Metadata{ActorID: "system", OrgID: rig.orgID, CorrelationID: "bench-report"})
		if err != nil {
			return err
		}
		if _, err := rig.store.Append(ctx, eventstore.AppendRequest{Stream: timesheet.StreamOf(h.TimesheetID),
			Expected: eventstore.NoStream(), Events: data}); err != nil {
			return fmt.Errorf("bench report: append %s %s: %w", person, m, err)
		}
		total.Add(int64(len(data)))
		return nil
	})
	return total.Load(), err
}

// readRaw reads, undecoded, the streams each person's Anexa 8 reads.
func readRaw(ctx context.Context, rig *benchRig, w reportWorld, m calendar.Month, workers int) error {
	return parallel(ctx, workers, len(w.people), func(ctx context.Context, i int) error {
		person := w.people[i]
		for _, s := range []string{reports.TimesheetStream(person, m), employment.StreamOf(person),
			identity.StreamOf(identity.CategoryPerson, person), project.StreamOf(w.projectID),
			identity.StreamOf(identity.CategoryOrganization, rig.orgID)} {
			if _, err := rig.store.ReadStream(ctx, s, 0, 1000); err != nil && !errors.Is(err, eventstore.ErrStreamNotFound) {
				return err
			}
		}
		return nil
	})
}

// waitCheckpoint waits until projector name has passed pos.
func waitCheckpoint(ctx context.Context, rig *benchRig, name string, pos eventstore.Position) error {
	for {
		all, err := projections.Checkpoints(ctx, rig.pool)
		if err != nil {
			return err
		}
		if all[name].Position >= pos {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// startCPUProfile starts a CPU profile into path ("" : none) and returns
// what stops it.
func startCPUProfile(path string) (func() error, error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("bench report: cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		return nil, errors.Join(fmt.Errorf("bench report: cpu profile: %w", err), f.Close())
	}
	return func() error { pprof.StopCPUProfile(); return f.Close() }, nil
}

// timed runs fn and measures it.
func timed(fn func() error) (time.Duration, error) {
	start := time.Now()
	err := fn()
	return time.Since(start), err
}

// measured runs fn and measures it, with the peak of the heap above what
// it was before (sampled every 5 ms), in MiB.
func measured(fn func() error) (time.Duration, float64, error) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	before := ms.HeapAlloc
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var s runtime.MemStats
		for {
			runtime.ReadMemStats(&s)
			if s.HeapAlloc > peak.Load() {
				peak.Store(s.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	d, err := timed(fn)
	close(stop)
	<-sampled
	return d, float64(peak.Load()-min(before, peak.Load())) / (1 << 20), err
}
