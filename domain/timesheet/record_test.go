package timesheet_test

import (
	"testing"
	"time"

	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/timesheet"
)

func TestRecordEntryRefusesWhatSectionDRefuses(t *testing.T) {
	cases := []struct {
		name  string
		given []timesheet.Entry
		ctx   func(*testing.T, *timesheet.Context)
		entry timesheet.Entry
		code  string
	}{
		{name: "impossible_date", entry: timesheet.Entry{EntryID: entryID(1), Date: calendar.NewDate(2026, time.February, 30),
			ProjectID: proj, ActivityID: act1, Minutes: 60}, code: "TIME_DATE_INVALID"},
		{name: "date_outside_the_month", entry: timesheet.Entry{EntryID: entryID(1), Date: calendar.NewDate(2026, time.April, 1),
			ProjectID: proj, ActivityID: act1, Minutes: 60}, code: "TIME_DATE_OUTSIDE_MONTH"},
		{name: "zero_hours", entry: work(1, 2, 0), code: "TIME_HOURS_INVALID"},
		{name: "negative_hours", entry: work(1, 2, -1), code: "TIME_HOURS_INVALID"},
		{name: "over_24_hours", entry: work(1, 2, 25), code: "TIME_HOURS_INVALID"},
		{name: "end_before_start", entry: timesheet.Entry{EntryID: entryID(1), Date: day(2), ProjectID: proj, ActivityID: act1,
			Start: "17:00", End: "09:00"}, code: "TIME_END_BEFORE_START"},
		{name: "clock_time_malformed", entry: timesheet.Entry{EntryID: entryID(1), Date: day(2), ProjectID: proj, ActivityID: act1,
			Start: "9:00", End: "17:00"}, code: "TIME_CLOCK_INVALID"},
		{name: "hours_disagree_with_clock_times", entry: timesheet.Entry{EntryID: entryID(1), Date: day(2), ProjectID: proj,
			ActivityID: act1, Start: "09:00", End: "17:00", Minutes: 60}, code: "TIME_HOURS_MISMATCH"},
		{name: "project_without_activity", entry: timesheet.Entry{EntryID: entryID(1), Date: day(2), ProjectID: proj, Minutes: 60},
			code: "TIME_ACTIVITY_REQUIRED"},
		{name: "activity_of_another_project", entry: timesheet.Entry{EntryID: entryID(1), Date: day(2), ProjectID: proj,
			ActivityID: act3, Minutes: 60}, code: "TIME_ACTIVITY_NOT_IN_PROJECT"},
		{name: "unknown_project", entry: timesheet.Entry{EntryID: entryID(1), Date: day(2), ProjectID: "50000000-0000-4000-8000-000000000099",
			ActivityID: act1, Minutes: 60}, code: "TIME_UNKNOWN_PROJECT"},
		{name: "outside_the_contract", ctx: endContract(calendar.NewDate(2026, time.February, 28)), entry: work(1, 2, 8),
			code: "TIME_OUTSIDE_CONTRACT"},
		{name: "outside_the_project", ctx: projectFrom(calendar.NewDate(2026, time.March, 15)), entry: work(1, 2, 8),
			code: "TIME_OUTSIDE_PROJECT"},
		{name: "activity_not_assigned", ctx: onlyAssignedTo(act2), entry: work(1, 2, 8), code: "TIME_NOT_ASSIGNED"},
		{name: "daily_cap_across_projects", given: []timesheet.Entry{work(1, 2, 8)},
			entry: timesheet.Entry{EntryID: entryID(2), Date: day(2), ProjectID: proj2, ActivityID: act3, Minutes: 5 * 60}, code: "TIME_DAILY_CAP"},
		{name: "daily_cap_with_employer_time", given: []timesheet.Entry{work(1, 2, 10)},
			entry: timesheet.Entry{EntryID: entryID(2), Date: day(2), Minutes: 3 * 60}, code: "TIME_DAILY_CAP"},
		{name: "weekly_cap", given: []timesheet.Entry{work(1, 2, 10), work(2, 3, 10), work(3, 4, 10), work(4, 5, 10)},
			entry: work(5, 6, 9), code: "TIME_WEEKLY_CAP"},
		{name: "weekend_without_reason", entry: work(1, 7, 4), code: "TIME_ON_WEEKEND_REASON_REQUIRED"},
		{name: "holiday_without_reason", ctx: extraHoliday(day(10)), entry: work(1, 10, 4), code: "TIME_ON_HOLIDAY_REASON_REQUIRED"},
		{name: "leave_without_reason", ctx: leaveOn(day(11)), entry: work(1, 11, 4), code: "TIME_ON_LEAVE_REASON_REQUIRED"},
		{name: "overlapping_clock_times", given: []timesheet.Entry{{EntryID: entryID(1), Date: day(2), ProjectID: proj,
			ActivityID: act1, Start: "09:00", End: "12:00"}},
			entry: timesheet.Entry{EntryID: entryID(2), Date: day(2), ProjectID: proj, ActivityID: act2, Start: "11:00", End: "13:00"},
			code:  "TIME_OVERLAP"},
		{name: "same_entry_twice", given: []timesheet.Entry{work(1, 2, 2)}, entry: work(1, 3, 2), code: "TIME_DUPLICATE_ENTRY"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := setup(t)
			if tc.ctx != nil {
				tc.ctx(t, &ctx)
			}
			ts := newMonth(t)
			for _, e := range tc.given {
				must(t, ts.RecordEntry(e, ctx))
			}
			before := len(ts.Changes())
			wantCode(t, ts.RecordEntry(tc.entry, ctx), tc.code)
			if len(ts.Changes()) != before {
				t.Fatalf("a refused entry recorded events")
			}
		})
	}
}

func TestRecordEntryWarns(t *testing.T) {
	cases := []struct {
		name    string
		given   []timesheet.Entry
		ctx     func(*testing.T, *timesheet.Context)
		entry   timesheet.Entry
		warning string
	}{
		{name: "above_the_contract_norm", entry: work(1, 2, 9), warning: "TIME_ABOVE_NORM"},
		{name: "weekend_with_a_reason", entry: withReason(work(1, 7, 4)), warning: "TIME_ON_WEEKEND"},
		{name: "holiday_with_a_reason", ctx: extraHoliday(day(10)), entry: withReason(work(1, 10, 4)), warning: "TIME_ON_HOLIDAY"},
		{name: "leave_with_a_reason", ctx: leaveOn(day(11)), entry: withReason(work(1, 11, 4)), warning: "TIME_ON_LEAVE"},
		{name: "short_rest_between_days", given: []timesheet.Entry{{EntryID: entryID(1), Date: day(2), ProjectID: proj,
			ActivityID: act1, Start: "10:00", End: "22:00", BreakMinutes: 60}},
			entry:   timesheet.Entry{EntryID: entryID(2), Date: day(3), ProjectID: proj, ActivityID: act1, Start: "08:00", End: "12:00"},
			warning: "TIME_REST_TOO_SHORT"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := setup(t)
			if tc.ctx != nil {
				tc.ctx(t, &ctx)
			}
			ts := newMonth(t)
			for _, e := range tc.given {
				must(t, ts.RecordEntry(e, ctx))
			}
			must(t, ts.RecordEntry(tc.entry, ctx))
			if !hasFinding(ts.Warnings(), tc.warning) {
				t.Fatalf("warnings %+v lack %s", ts.Warnings(), tc.warning)
			}
			rec := ts.Changes()[len(ts.Changes())-1].(*timesheet.TimeEntryRecorded)
			if !hasFinding(rec.Warnings, tc.warning) {
				t.Fatalf("the event does not carry the warning %s the person saw", tc.warning)
			}
		})
	}
}

func TestFirstEntryOpensTheMonth(t *testing.T) {
	ctx := setup(t)
	ts := newMonth(t)
	must(t, ts.RecordEntry(timesheet.Entry{EntryID: entryID(1), Date: day(2), ProjectID: proj, ActivityID: act1,
		Start: "09:00", End: "17:30", BreakMinutes: 30, Description: "Raport WP1"}, ctx))
	must(t, ts.RecordEntry(work(2, 3, 7.5), ctx))
	ch := ts.Changes()
	if len(ch) != 3 || ch[0].EventType() != timesheet.TypeTimesheetOpened || ch[1].EventType() != timesheet.TypeTimeEntryRecorded {
		t.Fatalf("events %v", ch)
	}
	if e, _ := ts.Entry(entryID(1)); e.Minutes != 8*60 {
		t.Fatalf("clock times give %d minutes, want 480", e.Minutes)
	}
	if ts.TotalMinutes() != 8*60+450 {
		t.Fatalf("total %d", ts.TotalMinutes())
	}
	if ts.ID() != timesheet.IDFor(ana, march) {
		t.Fatalf("id %s", ts.ID())
	}
}

func TestChangeAndRemoveEntry(t *testing.T) {
	ctx := setup(t)
	ts := newMonth(t)
	must(t, ts.RecordEntry(work(1, 2, 8), ctx))
	must(t, ts.RecordEntry(work(2, 3, 8), ctx))
	wantCode(t, ts.ChangeEntry(work(1, 3, 5), ctx), "TIME_DAILY_CAP")
	must(t, ts.ChangeEntry(work(1, 3, 4), ctx))
	must(t, ts.RemoveEntry(entryID(2), ctx))
	wantCode(t, ts.RemoveEntry(entryID(2), ctx), "TIME_UNKNOWN_ENTRY")
	if got := ts.Entries(); len(got) != 1 || got[0].Date != day(3) || got[0].Minutes != 240 {
		t.Fatalf("entries %+v", got)
	}
}

// A week that straddles February and March counts both months' hours.
func TestWeeklyCapAcrossTheMonthBoundary(t *testing.T) {
	ctx := setup(t)
	feb, err := timesheet.New(org, ana, calendar.Month{Year: 2026, Month: time.February})
	must(t, err)
	for i, d := range []int{23, 24, 25, 26, 27} {
		must(t, feb.RecordEntry(timesheet.Entry{EntryID: entryID(10 + i), Date: calendar.NewDate(2026, time.February, d),
			ProjectID: proj, ActivityID: act1, Minutes: 9 * 60}, ctx))
	}
	ctx.Others = []*timesheet.Timesheet{feb}
	ts := newMonth(t)
	wantCode(t, ts.RecordEntry(withReason(work(1, 1, 4)), ctx), "TIME_WEEKLY_CAP") // Sunday 1 March: 45 + 4 > 48
	must(t, ts.RecordEntry(withReason(work(1, 1, 3)), ctx))
}

// A rule broken by a later change elsewhere (leave recorded after the
// entry) does not block unrelated entries, but submission refuses it.
func TestLaterLeaveBlocksSubmissionOnly(t *testing.T) {
	ctx := setup(t)
	ts := newMonth(t)
	must(t, ts.RecordEntry(work(1, 11, 8), ctx))
	leaveOn(day(11))(t, &ctx)
	must(t, ts.RecordEntry(work(2, 12, 8), ctx))
	wantCode(t, ts.Submit(sign(accAna, ana), ctx), "TIME_ON_LEAVE_REASON_REQUIRED")
	must(t, ts.ChangeEntry(withReason(work(1, 11, 8)), ctx))
	must(t, ts.Submit(sign(accAna, ana), ctx))
}

func withReason(e timesheet.Entry) timesheet.Entry {
	e.Reason = "livrabil D3.1 cu termen"
	return e
}

func endContract(end calendar.Date) func(*testing.T, *timesheet.Context) {
	return func(t *testing.T, c *timesheet.Context) { must(t, c.Employment.EndContract(contract, end, "")) }
}

func leaveOn(d calendar.Date) func(*testing.T, *timesheet.Context) {
	return func(t *testing.T, c *timesheet.Context) {
		must(t, c.Employment.RecordLeave(employment.Leave{LeaveID: "1e000000-0000-4000-8000-000000000001",
			Kind: employment.LeaveAnnual, Start: d, End: d}))
	}
}

func extraHoliday(d calendar.Date) func(*testing.T, *timesheet.Context) {
	return func(t *testing.T, c *timesheet.Context) {
		c.Calendar = calendar.NewCalendar([]calendar.Holiday{{Date: d, Name: "Bridge day", NameRO: "Zi punte"}})
	}
}

func projectFrom(start calendar.Date) func(*testing.T, *timesheet.Context) {
	return func(t *testing.T, c *timesheet.Context) {
		p := c.Projects[proj]
		d := p.Details()
		d.Start = start
		must(t, p.ChangeDetails(d))
	}
}

func onlyAssignedTo(activity string) func(*testing.T, *timesheet.Context) {
	return func(t *testing.T, c *timesheet.Context) {
		emp, err := employment.New(ana, org)
		must(t, err)
		ct, _ := c.Employment.Contract(contract)
		must(t, emp.SignContract(employment.ContractSigned{ContractID: contract, Number: ct.Number, Type: ct.Type, Start: ct.Start,
			Terms: ct.Terms[0]}))
		must(t, emp.Assign(employment.Assignment{AssignmentID: "a5000000-0000-4000-8000-000000000009", ContractID: contract,
			Role: "expert", ActivityIDs: []string{activity}}, c.Projects[proj]))
		c.Employment = emp
	}
}

// A day already above a cap that was lowered afterwards takes no more
// hours, though a change that does not add to it still goes through.
func TestAnAlreadyBrokenCapTakesNoMore(t *testing.T) {
	ctx := setup(t)
	ts := newMonth(t)
	must(t, ts.RecordEntry(work(1, 3, 10), ctx))
	r := ctx.Projects[proj].Rules()
	r.DailyCapMinutes = 8 * 60
	must(t, ctx.Projects[proj].ChangeRules(r))
	wantCode(t, ts.RecordEntry(work(2, 3, 3), ctx), "TIME_DAILY_CAP")
	must(t, ts.RecordEntry(work(2, 4, 3), ctx))
	must(t, ts.ChangeEntry(withReason(work(1, 3, 9)), ctx)) // less than before: allowed
}
