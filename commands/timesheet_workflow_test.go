package commands_test

import (
	"slices"
	"testing"

	"cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/timesheet"
	"cronica/test/identitytest"
	"cronica/test/timetest"
)

// month is one person's month, addressed as the timesheet commands take
// it, with the Meta of whoever acts on it.
type month struct {
	b      *timetest.Bench
	org    string
	person string
	m      calendar.Month
}

func (mo month) record(t *testing.T, as identity.Principal, e timesheet.Entry) (commands.TimesheetResult, error) {
	t.Helper()
	return mo.b.Time.RecordTimeEntry.Handle(ctx, identitytest.As(as), commands.RecordTimeEntry{OrgID: mo.org, PersonID: mo.person, Month: mo.m, Entry: e})
}

func (mo month) submit(as identity.Principal) (commands.TimesheetResult, error) {
	return mo.b.Time.SubmitTimesheet.Handle(ctx, identitytest.As(as), commands.SubmitTimesheet{OrgID: mo.org, PersonID: mo.person, Month: mo.m})
}

func (mo month) approve(as identity.Principal) (commands.TimesheetResult, error) {
	return mo.b.Time.ApproveTimesheet.Handle(ctx, identitytest.As(as), commands.ApproveTimesheet{OrgID: mo.org, PersonID: mo.person, Month: mo.m, Comment: "ok"})
}

func (mo month) reject(as identity.Principal, reason string) (commands.TimesheetResult, error) {
	return mo.b.Time.RejectTimesheet.Handle(ctx, identitytest.As(as), commands.RejectTimesheet{OrgID: mo.org, PersonID: mo.person, Month: mo.m, Reason: reason})
}

func (mo month) lock(as identity.Principal) (commands.TimesheetResult, error) {
	return mo.b.Time.LockTimesheet.Handle(ctx, identitytest.As(as), commands.LockTimesheet{OrgID: mo.org, PersonID: mo.person, Month: mo.m})
}

func (mo month) reopen(as identity.Principal, reason string) (commands.TimesheetResult, error) {
	return mo.b.Time.ReopenTimesheet.Handle(ctx, identitytest.As(as), commands.ReopenTimesheet{OrgID: mo.org, PersonID: mo.person, Month: mo.m, Reason: reason})
}

// lastSignature is the signature of the last event of the month's stream.
func (mo month) lastSignature(t *testing.T) timesheet.Signature {
	t.Helper()
	s := identitytest.ReadStream(t, mo.b.Bench, timesheet.StreamOf(timesheet.IDFor(mo.person, mo.m)))
	switch e := s[len(s)-1].Event.(type) {
	case *timesheet.TimesheetSubmitted:
		return e.Signature
	case *timesheet.TimesheetApproved:
		return e.Signature
	case *timesheet.TimesheetRejected:
		return e.Signature
	case *timesheet.TimesheetLocked:
		return e.Signature
	case *timesheet.TimesheetReopened:
		return e.Signature
	default:
		t.Fatalf("the last event is %s", e.EventType())
		return timesheet.Signature{}
	}
}

func hasCode(fs []timesheet.Finding, code string) bool {
	return slices.ContainsFunc(fs, func(f timesheet.Finding) bool { return f.Code == code })
}

// A month from the first entry to its second approval: record, submit
// (the person's signature), approve (the supervisor's), lock, reopen with
// a reason, change, submit and approve again.
func TestTimesheetWorkflow(t *testing.T) {
	b := timetest.NewBench(t)
	w := timetest.Seed(t, b, "Beneficiar")
	admin := identitytest.Principal(t, b.Bench, w.Admin.AccountID)
	expert := identitytest.Principal(t, b.Bench, w.Expert.AccountID)
	manager := identitytest.Principal(t, b.Bench, w.Manager.AccountID)
	march := month{b: b, org: w.OrgID, person: w.Expert.PersonID, m: timetest.Month(t, "2026-03")}
	at := func(d string) calendar.Date { return timetest.Date(t, d) }

	first := must(march.record(t, expert, timetest.Hours(at("2026-03-02"), w.ProjectID, w.Activities[0], 6)))(t)
	if first.Status != timesheet.StatusDraft || first.ID == "" || len(first.Warnings) != 0 {
		t.Fatalf("first entry: %+v", first)
	}
	must(march.record(t, expert, timetest.Hours(at("2026-03-02"), w.ProjectID, w.Activities[2], 2)))(t)
	must(march.record(t, expert, timesheet.Entry{Date: at("2026-03-03"), ProjectID: w.ProjectID, ActivityID: w.Activities[1],
		Start: "09:00", End: "17:30", BreakMinutes: 30, Description: "analiza datelor"}))(t)
	long := must(march.record(t, expert, timetest.Hours(at("2026-03-04"), w.ProjectID, w.Activities[3], 9)))(t)
	if !hasCode(long.Warnings, "TIME_ABOVE_NORM") {
		t.Fatalf("9 h on a full-time day: warnings %+v", long.Warnings)
	}
	// Time for the employer outside projects counts too.
	must(march.record(t, expert, timesheet.Entry{Date: at("2026-03-05"), Minutes: 240, Description: "predare"}))(t)

	sub := must(march.submit(expert))(t)
	if sub.Status != timesheet.StatusSubmitted || !hasCode(sub.Warnings, "TIME_ABOVE_NORM") {
		t.Fatalf("submit: %+v", sub)
	}
	if s := march.lastSignature(t); s.As != "person" || s.PersonID != w.Expert.PersonID || s.AccountID != w.Expert.AccountID {
		t.Fatalf("the person's signature: %+v", s)
	}
	_, err := march.record(t, expert, timetest.Hours(at("2026-03-06"), w.ProjectID, w.Activities[0], 1))
	wantRule(t, err, "TIME_TIMESHEET_LOCKED")

	if r := must(march.approve(manager))(t); r.Status != timesheet.StatusApproved {
		t.Fatalf("approve: %+v", r)
	}
	if s := march.lastSignature(t); s.As != "supervisor" || s.PersonID != w.Manager.PersonID {
		t.Fatalf("the supervisor's signature: %+v", s)
	}
	if r := must(march.lock(admin))(t); r.Status != timesheet.StatusLocked {
		t.Fatalf("lock: %+v", r)
	}
	if s := march.lastSignature(t); s.As != "administrator" {
		t.Fatalf("the lock's signature: %+v", s)
	}
	_, err = march.reopen(admin, "")
	wantRule(t, err, "TIME_FIELD_REQUIRED")
	_, err = march.reopen(expert, "I forgot a day")
	wantRule(t, err, "TIME_SELF_APPROVAL")
	if r := must(march.reopen(admin, "Corecție cerută de auditor"))(t); r.Status != timesheet.StatusDraft {
		t.Fatalf("reopen: %+v", r)
	}

	changed := timetest.Hours(at("2026-03-02"), w.ProjectID, w.Activities[0], 5)
	changed.EntryID = first.ID
	must(b.Time.ChangeTimeEntry.Handle(ctx, identitytest.As(expert), commands.ChangeTimeEntry{OrgID: w.OrgID, PersonID: w.Expert.PersonID,
		Month: march.m, Entry: changed}))(t)
	must(march.submit(expert))(t)
	// Rejected, corrected, submitted and approved.
	if r := must(march.reject(manager, "A1.2 lipsește pe 6 martie"))(t); r.Status != timesheet.StatusRejected {
		t.Fatalf("reject: %+v", r)
	}
	extra := must(march.record(t, expert, timetest.Hours(at("2026-03-06"), w.ProjectID, w.Activities[1], 3)))(t)
	must(b.Time.RemoveTimeEntry.Handle(ctx, identitytest.As(expert), commands.RemoveTimeEntry{OrgID: w.OrgID, PersonID: w.Expert.PersonID,
		Month: march.m, EntryID: extra.ID}))(t)
	must(march.submit(expert))(t)
	must(march.approve(manager))(t)

	ts := timetest.LoadTimesheet(t, b, w.Expert.PersonID, march.m)
	if ts.Status() != timesheet.StatusApproved || len(ts.Reopenings()) != 1 || ts.Reopenings()[0].Reason != "Corecție cerută de auditor" ||
		ts.Reopenings()[0].From != timesheet.StatusLocked {
		t.Fatalf("the month: %s, reopenings %+v", ts.Status(), ts.Reopenings())
	}
	if ts.TotalMinutes() != 5*60+2*60+8*60+9*60+4*60 {
		t.Fatalf("total %d minutes", ts.TotalMinutes())
	}
	var types []string
	for _, s := range identitytest.ReadStream(t, b.Bench, timesheet.StreamOf(ts.ID())) {
		types = append(types, s.Event.EventType())
		wantMeta(t, s, s.Meta.ActorID, w.OrgID)
	}
	want := []string{timesheet.TypeTimesheetOpened, timesheet.TypeTimeEntryRecorded, timesheet.TypeTimeEntryRecorded,
		timesheet.TypeTimeEntryRecorded, timesheet.TypeTimeEntryRecorded, timesheet.TypeTimeEntryRecorded,
		timesheet.TypeTimesheetSubmitted, timesheet.TypeTimesheetApproved, timesheet.TypeTimesheetLocked, timesheet.TypeTimesheetReopened,
		timesheet.TypeTimeEntryChanged, timesheet.TypeTimesheetSubmitted, timesheet.TypeTimesheetRejected, timesheet.TypeTimeEntryRecorded,
		timesheet.TypeTimeEntryRemoved, timesheet.TypeTimesheetSubmitted, timesheet.TypeTimesheetApproved}
	if !slices.Equal(types, want) {
		t.Fatalf("events:\n%v\nwant\n%v", types, want)
	}
}

// The person withdraws their own submitted month with time.record; the
// signature says so.
func TestThePersonWithdrawsASubmittedMonth(t *testing.T) {
	b := timetest.NewBench(t)
	w := timetest.Seed(t, b, "Beneficiar")
	expert := identitytest.Principal(t, b.Bench, w.Expert.AccountID)
	march := month{b: b, org: w.OrgID, person: w.Expert.PersonID, m: timetest.Month(t, "2026-03")}
	must(march.record(t, expert, timetest.Hours(timetest.Date(t, "2026-03-02"), w.ProjectID, w.Activities[0], 8)))(t)
	must(march.submit(expert))(t)
	if r := must(march.reopen(expert, "o zi greșită"))(t); r.Status != timesheet.StatusDraft {
		t.Fatalf("withdraw: %+v", r)
	}
	if s := march.lastSignature(t); s.As != "person" || s.PersonID != w.Expert.PersonID {
		t.Fatalf("signature %+v", s)
	}
}

// Rules of COMPLIANCE D that need another aggregate's state: leave, a
// public holiday, the organisation's extra day, the assignment, a week
// that straddles two months.
func TestEntryRulesReadTheOtherAggregates(t *testing.T) {
	b := timetest.NewBench(t)
	w := timetest.Seed(t, b, "Beneficiar")
	sys := identitytest.AsSystem()
	expert := identitytest.Principal(t, b.Bench, w.Expert.AccountID)
	at := func(d string) calendar.Date { return timetest.Date(t, d) }
	mo := func(m string) month {
		return month{b: b, org: w.OrgID, person: w.Expert.PersonID, m: timetest.Month(t, m)}
	}

	must(b.Time.RecordLeave.Handle(ctx, sys, commands.RecordLeave{OrgID: w.OrgID, PersonID: w.Expert.PersonID,
		Leave: leave("annual", at("2026-03-09"), at("2026-03-10"))}))(t)
	must(b.Time.AddCalendarDay.Handle(ctx, sys, commands.AddCalendarDay{OrgID: w.OrgID, Date: at("2026-03-13"), Name: "Bridge day"}))(t)

	for _, tc := range []struct {
		name  string
		month string
		entry timesheet.Entry
		code  string
	}{
		{"leave_needs_a_reason", "2026-03", timetest.Hours(at("2026-03-09"), w.ProjectID, w.Activities[0], 2), "TIME_ON_LEAVE_REASON_REQUIRED"},
		{"holiday_needs_a_reason", "2026-05", timetest.Hours(at("2026-05-01"), w.ProjectID, w.Activities[0], 2), "TIME_ON_HOLIDAY_REASON_REQUIRED"},
		{"extra_day_needs_a_reason", "2026-03", timetest.Hours(at("2026-03-13"), w.ProjectID, w.Activities[0], 2), "TIME_ON_HOLIDAY_REASON_REQUIRED"},
		{"weekend_needs_a_reason", "2026-03", timetest.Hours(at("2026-03-07"), w.ProjectID, w.Activities[0], 2), "TIME_ON_WEEKEND_REASON_REQUIRED"},
		{"outside_the_contract", "2024-12", timetest.Hours(at("2024-12-02"), w.ProjectID, w.Activities[0], 2), "TIME_OUTSIDE_CONTRACT"},
		{"unknown_project", "2026-03", timetest.Hours(at("2026-03-11"), w.Admin.PersonID, w.Activities[0], 2), "TIME_UNKNOWN_PROJECT"},
		{"date_outside_the_month", "2026-03", timetest.Hours(at("2026-04-01"), w.ProjectID, w.Activities[0], 2), "TIME_DATE_OUTSIDE_MONTH"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := mo(tc.month).record(t, expert, tc.entry)
			wantRule(t, err, tc.code)
		})
	}

	// With a reason, leave is a warning.
	e := timetest.Hours(at("2026-03-09"), w.ProjectID, w.Activities[0], 2)
	e.Reason = "chemat pentru raportul final"
	r := must(mo("2026-03").record(t, expert, e))(t)
	if !hasCode(r.Warnings, "TIME_ON_LEAVE") {
		t.Fatalf("warnings %+v", r.Warnings)
	}

	// The week of Monday 2026-03-30 straddles April: with 20 h in March
	// and 24 h in April, 5 more hours in April pass the 48 h weekly cap of
	// the project, and so does 1 more hour in March once April has 48.
	rec := func(m, d string, h float64) error {
		_, err := mo(m).record(t, expert, timetest.Hours(at(d), w.ProjectID, w.Activities[0], h))
		return err
	}
	for _, step := range []struct {
		month, date string
		hours       float64
		code        string
	}{
		{"2026-03", "2026-03-30", 10, ""}, {"2026-03", "2026-03-31", 10, ""},
		{"2026-04", "2026-04-01", 12, ""}, {"2026-04", "2026-04-02", 12, ""},
		{"2026-04", "2026-04-03", 5, "TIME_WEEKLY_CAP"},
		{"2026-04", "2026-04-03", 4, ""},
		{"2026-03", "2026-03-31", 1, "TIME_WEEKLY_CAP"},
		{"2026-03", "2026-03-31", 3, "TIME_DAILY_CAP"},
	} {
		err := rec(step.month, step.date, step.hours)
		if step.code == "" {
			must(0, err)(t)
		} else {
			wantRule(t, err, step.code)
		}
	}
}

func leave(kind string, start, end calendar.Date) employment.Leave {
	return employment.Leave{Kind: employment.LeaveKind(kind), Start: start, End: end}
}
