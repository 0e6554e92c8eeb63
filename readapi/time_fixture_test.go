package readapi_test

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/timesheet"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/projections"
	"cronica/projections/auditlog"
	"cronica/projections/identityview"
	"cronica/projections/timeview"
	"cronica/readapi"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// timeFixture is the Time read API over data written by the real Time
// commands (test/timetest), with the identity, audit and timeview
// projectors running.
//
// Alfa (timetest.Seed): a Horizon Europe project ALFA (WP1: A1.1, A1.2;
// WP2: A2.1, A2.2; contract convention, calendar-year daily rate); its
// manager, a member of the organisation with project_manager on ALFA only,
// who supervises the expert and the researcher; both are members with a
// full-time contract (9,000 RON a month) from 2025. Added here: a PEO project PEO1
// (actual hourly cost) the researcher also works on, an HR manager, a
// financial officer, leave, an extra day off, an amendment, and time:
//
//   - the expert's March 2026 on ALFA: 21 days of 8 h and one of 5 h
//     (173 h: 21.625 days, declared 21.5), submitted and approved by the
//     manager;
//   - the researcher's March 2026: 10 h on ALFA and 10 h on PEO1,
//     submitted and approved, and April 2026: 4 h on PEO1 only (draft).
//
// Beta is another organisation seeded the same way.
type timeFixture struct {
	*world
	tb                     *timetest.Bench
	alfa, beta             timetest.World
	hr, fo                 identitytest.User
	peo                    string // PEO1's project id
	peoWP, peoActivity     string
	admin, betaAdmin       caller
	expert, researcher, pm caller
	hrC, foC               caller
	leaveID                string
	march, april           calendar.Month
}

func newTimeFixture(t *testing.T) *timeFixture {
	t.Helper()
	ctx := context.Background()
	pool, _ := pgtest.NewPool(t, "readapi_time")
	for _, m := range []func(context.Context, *pgxpool.Pool) error{pgstore.Migrate, projections.Migrate, identityview.Migrate,
		auditlog.Migrate, timeview.Migrate} {
		pgtest.Must(t, m(ctx, pool), "migrate")
	}
	store, err := pgstore.New(ctx, pool, pgstore.Options{})
	pgtest.Must(t, err, "open the event store")
	t.Cleanup(func() { store.Close() })
	clock := identitytest.NewClock(time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC))
	tb := timetest.BenchOn(t, store, clock, clock.Now)
	identitytest.RunProjectors(t, store, pool, slog.New(slog.DiscardHandler), identityview.Projector(), auditlog.Projector(), auditlog.ProjectsProjector(),
		timeview.Projector())
	f := &timeFixture{world: &world{bench: tb.Bench, pool: pool}, tb: tb,
		march: calendar.Month{Year: 2026, Month: time.March}, april: calendar.Month{Year: 2026, Month: time.April}}
	f.router = f.routerWith(readapi.NewWaiter(pool, 10*time.Second))

	f.alfa = timetest.Seed(t, tb, "Alfa")
	f.beta = timetest.Seed(t, tb, "Beta")
	b := tb.Bench
	f.hr = identitytest.AddUser(t, b, f.alfa.OrgID, "Hera", identity.RoleHRManager)
	f.fo = identitytest.AddUser(t, b, f.alfa.OrgID, "Filip", identity.RoleFinancialOfficer)
	f.admin, f.betaAdmin = caller{f.alfa.Admin.AccountID, f.alfa.OrgID}, caller{f.beta.Admin.AccountID, f.beta.OrgID}
	f.expert, f.researcher = caller{f.alfa.Expert.AccountID, f.alfa.OrgID}, caller{f.alfa.Researcher.AccountID, f.alfa.OrgID}
	f.pm, f.hrC, f.foC = caller{f.alfa.Manager.AccountID, f.alfa.OrgID}, caller{f.hr.AccountID, f.alfa.OrgID}, caller{f.fo.AccountID, f.alfa.OrgID}

	sys := identitytest.AsSystem()
	must := func(_ any, err error) {
		t.Helper()
		pgtest.Must(t, err, "seed")
	}
	// PEO1, with the researcher on it.
	reg, err := tb.Time.RegisterProject.Handle(ctx, sys, commands.RegisterProject{OrgID: f.alfa.OrgID, Details: project.Details{
		Programme: project.PEO, Title: "Competențe digitale", Acronym: "PEO1", SMISCode: "300100",
		Start: calendar.NewDate(2026, 1, 1), End: calendar.NewDate(2026, 12, 31)}})
	pgtest.Must(t, err, "register PEO1")
	f.peo = reg.ID
	wp, err := tb.Time.AddWorkPackage.Handle(ctx, sys, commands.AddWorkPackage{OrgID: f.alfa.OrgID, ProjectID: f.peo,
		WorkPackage: project.WorkPackage{Code: "WP1", Title: "Formare"}})
	pgtest.Must(t, err, "add PEO1 WP1")
	f.peoWP = wp.ID
	act, err := tb.Time.AddActivity.Handle(ctx, sys, commands.AddActivity{OrgID: f.alfa.OrgID, ProjectID: f.peo,
		Activity: project.Activity{WorkPackageID: wp.ID, Code: "A1", Title: "Cursuri"}})
	pgtest.Must(t, err, "add PEO1 A1")
	f.peoActivity = act.ID
	timetest.Assign(t, tb, f.alfa.OrgID, f.alfa.Researcher.PersonID, f.alfa.Contracts[f.alfa.Researcher.PersonID], f.peo)

	// Leave, an extra day off, an amendment.
	lv, err := tb.Time.RecordLeave.Handle(ctx, sys, commands.RecordLeave{OrgID: f.alfa.OrgID, PersonID: f.alfa.Expert.PersonID,
		Leave: employment.Leave{Kind: employment.LeaveAnnual, Start: calendar.NewDate(2026, 5, 4), End: calendar.NewDate(2026, 5, 8)}})
	pgtest.Must(t, err, "record leave")
	f.leaveID = lv.ID
	must(tb.Time.RecordLeave.Handle(ctx, sys, commands.RecordLeave{OrgID: f.alfa.OrgID, PersonID: f.alfa.Researcher.PersonID,
		Leave: employment.Leave{Kind: employment.LeaveSick, Start: calendar.NewDate(2026, 6, 1), End: calendar.NewDate(2026, 6, 2)}}))
	must(tb.Time.AddCalendarDay.Handle(ctx, sys, commands.AddCalendarDay{OrgID: f.alfa.OrgID, Date: calendar.NewDate(2026, 12, 24),
		Name: "Christmas Eve", NameRO: "Ajunul Crăciunului"}))
	terms := timetest.FullTime(f.alfa.Manager.PersonID)
	terms.EffectiveFrom, terms.GrossMonthlyCents = calendar.NewDate(2026, 7, 1), 990_000
	must(tb.Time.AmendContract.Handle(ctx, sys, commands.AmendContract{OrgID: f.alfa.OrgID, PersonID: f.alfa.Researcher.PersonID,
		ContractID: f.alfa.Contracts[f.alfa.Researcher.PersonID], Terms: terms, Note: "indexare salarială"}))

	// The expert's March: 173 h on ALFA, A1.1 and A2.1.
	days := workingDays(f.march, calendar.NewCalendar(nil))
	for i, d := range days {
		hours, activity := 8.0, f.alfa.Activities[0]
		if i == len(days)-1 {
			hours = 5
		}
		if i%2 == 1 {
			activity = f.alfa.Activities[2]
		}
		f.record(t, f.alfa.Expert.PersonID, timetest.Hours(d, f.alfa.ProjectID, activity, hours))
	}
	f.submitAndApprove(t, f.alfa.Expert, f.march)
	// The researcher's March: 10 h on ALFA (A1.2), 10 h on PEO1; April: 4 h on PEO1.
	f.record(t, f.alfa.Researcher.PersonID, timetest.Hours(days[0], f.alfa.ProjectID, f.alfa.Activities[1], 6))
	f.record(t, f.alfa.Researcher.PersonID, timetest.Hours(days[1], f.alfa.ProjectID, f.alfa.Activities[1], 4))
	f.record(t, f.alfa.Researcher.PersonID, timetest.Hours(days[2], f.peo, f.peoActivity, 8))
	f.record(t, f.alfa.Researcher.PersonID, timetest.Hours(days[3], f.peo, f.peoActivity, 2))
	f.submitAndApprove(t, f.alfa.Researcher, f.march)
	f.record(t, f.alfa.Researcher.PersonID, timetest.Hours(calendar.NewDate(2026, 4, 1), f.peo, f.peoActivity, 4))
	return f
}

// record records an entry as System.
func (f *timeFixture) record(t *testing.T, personID string, e timesheet.Entry) commands.TimesheetResult {
	t.Helper()
	res, err := f.tb.Time.RecordTimeEntry.Handle(context.Background(), identitytest.AsSystem(), commands.RecordTimeEntry{
		OrgID: f.alfa.OrgID, PersonID: personID, Month: e.Date.MonthOf(), Entry: e})
	pgtest.Must(t, err, "record "+e.Date.String())
	return res
}

// submitAndApprove signs u's month as u, then as the manager (u's
// supervisor).
func (f *timeFixture) submitAndApprove(t *testing.T, u identitytest.User, m calendar.Month) {
	t.Helper()
	ctx := context.Background()
	_, err := f.tb.Time.SubmitTimesheet.Handle(ctx, identitytest.As(identitytest.Principal(t, f.tb.Bench, u.AccountID)),
		commands.SubmitTimesheet{OrgID: f.alfa.OrgID, PersonID: u.PersonID, Month: m})
	pgtest.Must(t, err, "submit")
	_, err = f.tb.Time.ApproveTimesheet.Handle(ctx, identitytest.As(identitytest.Principal(t, f.tb.Bench, f.alfa.Manager.AccountID)),
		commands.ApproveTimesheet{OrgID: f.alfa.OrgID, PersonID: u.PersonID, Month: m, Comment: "în regulă"})
	pgtest.Must(t, err, "approve")
}

// workingDays are m's working days under cal.
func workingDays(m calendar.Month, cal calendar.Calendar) []calendar.Date {
	var out []calendar.Date
	for d := m.First(); m.Contains(d); d = d.AddDays(1) {
		if cal.IsWorkingDay(d) {
			out = append(out, d)
		}
	}
	return out
}

// readOK GETs target as who and decodes a 200 into out.
func (f *timeFixture) readOK(t *testing.T, who caller, target string, out any) {
	t.Helper()
	f.readJSON(t, who, target, out)
}

// status GETs target as who and checks the status and, for errors, the
// code.
func (f *timeFixture) status(t *testing.T, who caller, target string, want int, code string) {
	t.Helper()
	res := f.read(t, who, target)
	if want == http.StatusOK {
		if res.status != http.StatusOK {
			t.Fatalf("GET %s: %d %s, want 200", target, res.status, res.body)
		}
		return
	}
	expectError(t, res, want, code)
}

// scopedUser is a new person of Alfa whose only grant is role on project
// projectID (the member role accounts start with is revoked).
func (f *timeFixture) scopedUser(t *testing.T, given string, role identity.Role, projectID string) caller {
	t.Helper()
	b := f.tb.Bench
	u := identitytest.AddUser(t, b, f.alfa.OrgID, given, "")
	for _, g := range identitytest.Principal(t, b, u.AccountID).Grants {
		_, err := b.IDs.RevokeRole.Handle(context.Background(), identitytest.AsSystem(), commands.RevokeRole{OrgID: f.alfa.OrgID, GrantID: g.ID})
		pgtest.Must(t, err, "revoke")
	}
	identitytest.Grant(t, b, f.alfa.OrgID, u.AccountID, role, projectID)
	return caller{u.AccountID, f.alfa.OrgID}
}

// positionOf is a position as a query parameter.
func positionOf(p eventstore.Position) string { return strconv.FormatUint(uint64(p), 10) }
