package notification

import (
	"testing"

	"cronica/domain/calendar"
)

func TestTimesheetDueOn(t *testing.T) {
	tests := []struct {
		name  string
		month calendar.Month
		extra []calendar.Holiday
		want  calendar.Date
	}{
		{"last_day_a_weekday", calendar.Month{Year: 2026, Month: 3}, nil, calendar.NewDate(2026, 3, 31)},
		// 2026-05-31 is Sunday (and Rusalii): Friday the 29th.
		{"last_day_a_weekend", calendar.Month{Year: 2026, Month: 5}, nil, calendar.NewDate(2026, 5, 29)},
		// 2026-11-30, a Monday, is Saint Andrew's day.
		{"last_weekday_a_holiday", calendar.Month{Year: 2026, Month: 11}, nil, calendar.NewDate(2026, 11, 27)},
		{"organisation_day_off", calendar.Month{Year: 2026, Month: 3}, []calendar.Holiday{{Date: calendar.NewDate(2026, 3, 31)}},
			calendar.NewDate(2026, 3, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TimesheetDueOn(calendar.NewCalendar(tt.extra), tt.month); got != tt.want {
				t.Fatalf("due on %s, want %s", got, tt.want)
			}
		})
	}
}

func TestApprovalDueOn(t *testing.T) {
	cal := calendar.NewCalendar(nil)
	tests := []struct {
		name      string
		submitted calendar.Date
		want      calendar.Date
	}{
		{"monday_to_thursday", calendar.NewDate(2026, 3, 2), calendar.NewDate(2026, 3, 5)},
		{"friday_over_the_weekend", calendar.NewDate(2026, 3, 6), calendar.NewDate(2026, 3, 11)},
		// 30 November and 1 December are public holidays.
		{"over_two_holidays", calendar.NewDate(2026, 11, 27), calendar.NewDate(2026, 12, 4)},
		{"submitted_on_a_sunday", calendar.NewDate(2026, 3, 8), calendar.NewDate(2026, 3, 11)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ApprovalDueOn(cal, tt.submitted); got != tt.want {
				t.Fatalf("due on %s, want %s", got, tt.want)
			}
		})
	}
}

func TestRemind(t *testing.T) {
	ts := "0190a1b2-0000-7000-8000-0000000000cc"
	valid := ReminderDue{Kind: KindTimesheetDue, OrgID: org, Subject: Subject{Type: SubjectTimesheet, ID: ts}, Period: "2026-03",
		DueOn: "2026-03-31", PersonID: person, TimesheetID: ts, Month: "2026-03"}
	change := func(f func(*ReminderDue)) ReminderDue { r := valid; f(&r); return r }
	tests := []struct {
		name string
		r    ReminderDue
		code string
	}{
		{name: "timesheet_due", r: valid},
		{name: "task_due_with_its_accounts", r: ReminderDue{Kind: KindTaskDue, OrgID: org, Subject: Subject{Type: SubjectTask, ID: ts},
			Period: "2026-03-31", DueOn: "2026-03-31", AccountIDs: []string{account}}},
		{name: "not_a_reminder_kind", r: change(func(r *ReminderDue) { r.Kind = KindMention }), code: "NOTIFY_REMINDER_INVALID"},
		{name: "no_period", r: change(func(r *ReminderDue) { r.Period = "" }), code: "NOTIFY_REMINDER_INVALID"},
		{name: "bad_due_day", r: change(func(r *ReminderDue) { r.DueOn = "2026-02-30" }), code: "NOTIFY_REMINDER_INVALID"},
		{name: "timesheet_without_month", r: change(func(r *ReminderDue) { r.Month = "" }), code: "NOTIFY_REMINDER_INVALID"},
		{name: "timesheet_of_another_subject", r: change(func(r *ReminderDue) { r.TimesheetID = account }), code: "NOTIFY_REMINDER_INVALID"},
		{name: "bad_account", r: change(func(r *ReminderDue) { r.AccountIDs = []string{"x"} }), code: "NOTIFY_REMINDER_INVALID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rem, err := Remind(tt.r)
			if tt.code != "" {
				wantRule(t, err, tt.code)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			e := rem.Changes()[0].(*ReminderDue)
			if e.ReminderID != ReminderID(tt.r.Kind, tt.r.Subject.ID, tt.r.Period) || rem.ID() != e.ReminderID || rem.OrgID() != org {
				t.Fatalf("recorded %+v", e)
			}
		})
	}
	if ReminderID(KindTimesheetDue, ts, "2026-03") == ReminderID(KindTimesheetDue, ts, "2026-04") {
		t.Fatal("two periods share a reminder id")
	}
}
