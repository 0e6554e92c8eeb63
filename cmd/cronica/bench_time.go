package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	usecase "cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/timesheet"
	"cronica/eventstore"
	"cronica/internal/bench"
	"cronica/projections/timeview"
	"cronica/readapi"
)

const benchTimeSummary = "Measure the Time context on the configured PostgreSQL, in a scratch database: Cronica wired as serve\n" +
	"wires it (projections running, the read API on a loopback port). After seeding --people people with a\n" +
	"contract, two project assignments and August's leave, it prints (a) single-event appends to the store by\n" +
	"--workers writers, the baseline; (b) a year of timesheets recorded through the RecordTimeEntry handler (one\n" +
	"8-hour entry per working day: about 230 per person) by the same writers, commands/s, p50, p99 and the\n" +
	"ratio b/a; (c) the read models' catch-up; (d) a project's monthly effort summary through the read API,\n" +
	"p50 and p99, against (e) the same project's detail read, the stack's floor. The last line is\n" +
	"`commands_per_s=<b> summary_p99_ms=<d p99>`."

// timeParams are bench time's flags.
type timeParams struct {
	people, projects, workers, reads, year int
	keep                                   bool
}

// runBenchTime is `cronica bench time`.
func runBenchTime(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("bench time", flag.ContinueOnError)
	p := timeParams{}
	fs.IntVar(&p.people, "people", 1000, "people with a contract, each recording a year of timesheets")
	fs.IntVar(&p.projects, "projects", 10, "Horizon Europe projects the people are assigned to (two each)")
	fs.IntVar(&p.workers, "workers", 32, "concurrent writers")
	fs.IntVar(&p.reads, "reads", 1000, "effort summary reads measured")
	fs.IntVar(&p.year, "year", 2025, "the year recorded")
	fs.BoolVar(&p.keep, "keep", false, "keep the scratch database instead of dropping it")
	cfg, code, done := parseFlags(fs, args, e, benchTimeSummary)
	if done {
		return code
	}
	if p.people < 1 || p.projects < 2 || p.workers < 1 || p.reads < 1 {
		fmt.Fprintln(e.stderr, "cronica bench time: --people, --workers and --reads must be at least 1, --projects at least 2")
		return exitUsage
	}
	logger := newLogger(cfg, e.stderr)
	if err := benchTime(ctx, cfg, logger, e.now, e.stdout, p); err != nil {
		fmt.Fprintf(e.stderr, "cronica bench time: %v\n", err)
		return exitFailure
	}
	return exitOK
}

// timeWorld is what bench time seeds.
type timeWorld struct {
	projects   []timeProject
	people     []string
	cal        calendar.Calendar
	leaveStart calendar.Date
	leaveEnd   calendar.Date
}

type timeProject struct {
	id         string
	activities []string // one per work package
}

// benchTime seeds, runs the phases and prints the figures.
func benchTime(ctx context.Context, cfg Config, logger *slog.Logger, now func() time.Time, out io.Writer, p timeParams) (err error) {
	db, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, db.close(context.WithoutCancel(ctx))) }()
	rig, err := newBenchRig(ctx, cfg, db.url, rigOptions{name: "bench time", keep: p.keep, maxConns: int32(p.workers + 16)}, logger, now)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, rig.close()) }()
	fmt.Fprintf(out, "bench time: scratch database %s, %d people, %d projects, %d writers, year %d\n",
		rig.dbName, p.people, p.projects, p.workers, p.year)

	started := time.Now()
	w, err := seedTimeWorld(ctx, rig, p)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  seed: %d people with contracts, assignments and leave in %s\n", len(w.people), time.Since(started).Round(time.Millisecond))

	baseline, err := timeBaseline(ctx, rig.store, p.workers, 20_000)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  (a) store appends, baseline:   %8.0f appends/s   p50 %.1f ms  p99 %.1f ms\n", baseline.rate(), ms(baseline.p(0.50)), ms(baseline.p(0.99)))
	rec, last, err := recordYear(ctx, rig, w, p)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  (b) RecordTimeEntry commands:  %8.0f commands/s  p50 %.1f ms  p99 %.1f ms  (%d entries, ratio b/a %.2f)\n",
		rec.rate(), ms(rec.p(0.50)), ms(rec.p(0.99)), rec.n, rec.rate()/baseline.rate())

	caught := time.Now()
	if err := readapi.NewWaiter(rig.pool, 30*time.Minute).Wait(ctx, []string{timeview.Name}, last); err != nil {
		return fmt.Errorf("bench time: catch up: %w", err)
	}
	fmt.Fprintf(out, "  (c) read models caught up %s after the last command\n", time.Since(caught).Round(time.Millisecond))

	pr := w.projects[0]
	month := calendar.Month{Year: p.year, Month: time.June}
	summary := fmt.Sprintf("%s/api/v1/orgs/%s/projects/%s/effort?from=%s&to=%s", rig.base, rig.orgID, pr.id, month, month)
	detail := fmt.Sprintf("%s/api/v1/orgs/%s/projects/%s", rig.base, rig.orgID, pr.id)
	sum, floor, err := timeReads(ctx, rig.token, summary, detail, p.reads)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  (d) effort summary of %s:  p50 %.1f ms  p99 %.1f ms\n", month, ms(sum.p(0.50)), ms(sum.p(0.99)))
	fmt.Fprintf(out, "  (e) project detail, floor:      p50 %.1f ms  p99 %.1f ms  (ratio d/e p99 %.2f)\n", ms(floor.p(0.50)), ms(floor.p(0.99)),
		float64(sum.p(0.99))/float64(max(floor.p(0.99), 1)))
	fmt.Fprintf(out, "commands_per_s=%.0f summary_p99_ms=%.1f\n", rec.rate(), float64(sum.p(0.99))/float64(time.Millisecond))
	return nil
}

// seedTimeWorld registers the projects (two work packages with an activity
// each) and the people, each with a full-time contract from January,
// assigned to two projects, on annual leave for most of August.
func seedTimeWorld(ctx context.Context, rig *benchRig, p timeParams) (timeWorld, error) {
	sys := usecase.Meta{Actor: identity.System(), CorrelationID: "bench-time"}
	w := timeWorld{cal: calendar.NewCalendar(nil), leaveStart: calendar.NewDate(p.year, time.August, 4),
		leaveEnd: calendar.NewDate(p.year, time.August, 29)}
	for i := range p.projects {
		res, err := rig.time.RegisterProject.Handle(ctx, sys, usecase.RegisterProject{OrgID: rig.orgID, Details: project.Details{
			Programme: project.HorizonEurope, Title: fmt.Sprintf("Bench project %d", i), Acronym: fmt.Sprintf("BT%02d", i),
			Start: calendar.NewDate(p.year, time.January, 1), End: calendar.NewDate(p.year+2, time.December, 31)}})
		if err != nil {
			return w, fmt.Errorf("bench time: seed: %w", err)
		}
		tp := timeProject{id: res.ID}
		for _, code := range []string{"WP1", "WP2"} {
			wp, err := rig.time.AddWorkPackage.Handle(ctx, sys, usecase.AddWorkPackage{OrgID: rig.orgID, ProjectID: res.ID,
				WorkPackage: project.WorkPackage{Code: code, Title: "Work package " + code}})
			if err != nil {
				return w, fmt.Errorf("bench time: seed: %w", err)
			}
			a, err := rig.time.AddActivity.Handle(ctx, sys, usecase.AddActivity{OrgID: rig.orgID, ProjectID: res.ID,
				Activity: project.Activity{WorkPackageID: wp.ID, Code: "A" + code[2:] + ".1", Title: "Activity of " + code}})
			if err != nil {
				return w, fmt.Errorf("bench time: seed: %w", err)
			}
			tp.activities = append(tp.activities, a.ID)
		}
		w.projects = append(w.projects, tp)
	}
	w.people = make([]string, p.people)
	err := parallel(ctx, p.workers, p.people, func(ctx context.Context, i int) error {
		id, err := seedPerson(ctx, rig, sys, w, i, p.year)
		w.people[i] = id
		return err
	})
	return w, err
}

// seedPerson registers person i with their contract, assignments and leave.
func seedPerson(ctx context.Context, rig *benchRig, sys usecase.Meta, w timeWorld, i, year int) (string, error) {
	person, err := rig.ids.RegisterPerson.Handle(ctx, sys, usecase.RegisterPerson{OrgID: rig.orgID,
		Details: identity.PersonDetails{GivenName: "Expert", FamilyName: fmt.Sprintf("Nr. %d", i)}})
	if err != nil {
		return "", fmt.Errorf("bench time: seed person %d: %w", i, err)
	}
	c, err := rig.time.SignContract.Handle(ctx, sys, usecase.SignContract{OrgID: rig.orgID, PersonID: person.ID,
		Number: fmt.Sprintf("%d/%d", i, year), Type: employment.FullTime, Start: calendar.NewDate(year, time.January, 1),
		Terms: employment.Terms{Position: "Cercetător", CORCode: "213201", DailyNormMinutes: 480, WorkingTimeFactor: "1",
			GrossMonthlyCents: 900_000, Currency: "RON"}})
	if err != nil {
		return "", fmt.Errorf("bench time: seed person %d: %w", i, err)
	}
	for _, k := range []int{i, i + 1} {
		pr := w.projects[k%len(w.projects)]
		if _, err := rig.time.AssignToProject.Handle(ctx, sys, usecase.AssignToProject{OrgID: rig.orgID, PersonID: person.ID,
			Assignment: employment.Assignment{ContractID: c.ID, ProjectID: pr.id, Role: "expert"}}); err != nil {
			return "", fmt.Errorf("bench time: seed person %d: %w", i, err)
		}
	}
	if _, err := rig.time.RecordLeave.Handle(ctx, sys, usecase.RecordLeave{OrgID: rig.orgID, PersonID: person.ID,
		Leave: employment.Leave{Kind: employment.LeaveAnnual, Start: w.leaveStart, End: w.leaveEnd}}); err != nil {
		return "", fmt.Errorf("bench time: seed person %d: %w", i, err)
	}
	return person.ID, nil
}

// recordYear records, for every person, 8 hours on every working day of
// the year outside their leave, alternating between their two projects and
// the two work packages; it returns the latencies and the last position.
func recordYear(ctx context.Context, rig *benchRig, w timeWorld, p timeParams) (latencies, eventstore.Position, error) {
	sys := usecase.Meta{Actor: identity.System(), CorrelationID: "bench-time"}
	var days []calendar.Date
	for d := calendar.NewDate(p.year, time.January, 1); d.Year == p.year; d = d.AddDays(1) {
		if w.cal.IsWorkingDay(d) && !d.Within(w.leaveStart, w.leaveEnd) {
			days = append(days, d)
		}
	}
	var (
		mu   sync.Mutex
		all  latencies
		last eventstore.Position
	)
	start := time.Now()
	err := parallel(ctx, p.workers, len(w.people), func(ctx context.Context, i int) error {
		own := make([]time.Duration, 0, len(days))
		var top eventstore.Position
		for n, d := range days {
			pr := w.projects[(i+n%2)%len(w.projects)]
			e := timesheet.Entry{Date: d, ProjectID: pr.id, ActivityID: pr.activities[(n/2)%2], Minutes: 480}
			t0 := time.Now()
			res, err := rig.time.RecordTimeEntry.Handle(ctx, sys, usecase.RecordTimeEntry{OrgID: rig.orgID, PersonID: w.people[i],
				Month: d.MonthOf(), Entry: e})
			if err != nil {
				return fmt.Errorf("bench time: person %d, %s: %w", i, d, err)
			}
			own = append(own, time.Since(t0))
			top = max(top, res.Position)
		}
		mu.Lock()
		all.d = append(all.d, own...)
		last = max(last, top)
		mu.Unlock()
		return nil
	})
	all.finish(time.Since(start))
	return all, last, err
}

// timeBaseline appends n single events to new streams with the given
// number of writers: what the store does without the domain.
func timeBaseline(ctx context.Context, store eventstore.Store, writers, n int) (latencies, error) {
	var (
		mu  sync.Mutex
		all latencies
	)
	per := n / writers
	start := time.Now()
	err := parallel(ctx, writers, writers, func(ctx context.Context, _ int) error {
		own := make([]time.Duration, 0, per)
		for range per {
			id, err := uuid.NewV7()
			if err != nil {
				return err
			}
			t0 := time.Now()
			_, err = store.Append(ctx, eventstore.AppendRequest{Stream: "benchbaseline-" + id.String(), Expected: eventstore.NoStream(),
				Events: []eventstore.EventData{{ID: id, Type: "BenchEntry.v1", Data: []byte(`{"date":"2025-06-02","minutes":480}`)}}})
			if err != nil {
				return fmt.Errorf("bench time: baseline: %w", err)
			}
			own = append(own, time.Since(t0))
		}
		mu.Lock()
		all.d = append(all.d, own...)
		mu.Unlock()
		return nil
	})
	all.finish(time.Since(start))
	return all, err
}

// timeReads measures sequential GETs of summary, then of floor, after a
// warm-up of each, as the administrator.
func timeReads(ctx context.Context, token, summary, floor string, n int) (latencies, latencies, error) {
	client := &http.Client{Timeout: 30 * time.Second}
	measure := func(url string) (latencies, error) {
		var l latencies
		for i := range n + n/10 {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			if err != nil {
				return l, fmt.Errorf("bench time: %w", err)
			}
			req.Header.Set("Authorization", "Bearer "+token)
			t0 := time.Now()
			resp, err := client.Do(req)
			if err != nil {
				return l, fmt.Errorf("bench time: GET %s: %w", url, err)
			}
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK {
				return l, fmt.Errorf("bench time: GET %s: status %d: %w", url, resp.StatusCode, err)
			}
			if i >= n/10 { // the first tenth warms up
				l.d = append(l.d, time.Since(t0))
			}
		}
		l.finish(0)
		return l, nil
	}
	sum, err := measure(summary)
	if err != nil {
		return sum, latencies{}, err
	}
	fl, err := measure(floor)
	return sum, fl, err
}

// latencies are measured durations and the wall time they took.
type latencies struct {
	d       []time.Duration
	n       int
	elapsed time.Duration
}

func (l *latencies) finish(elapsed time.Duration) {
	slices.Sort(l.d)
	l.n, l.elapsed = len(l.d), elapsed
}

func (l latencies) p(q float64) time.Duration { return bench.Percentile(l.d, q) }

func (l latencies) rate() float64 {
	if l.elapsed <= 0 {
		return 0
	}
	return float64(l.n) / l.elapsed.Seconds()
}

// parallel runs job(0..n-1) on workers goroutines; the first error stops
// the others and is returned.
func parallel(ctx context.Context, workers, n int, job func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := job(ctx, i); err != nil {
					cancel(err)
					return
				}
			}
		}()
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	return context.Cause(ctx)
}
