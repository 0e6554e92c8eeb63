package timesheet_test

import (
	"testing"
	"time"

	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/timesheet"
)

// fullMonth records 8 h on the HE project on every working day of m.
func fullMonth(t *testing.T, ctx timesheet.Context, m calendar.Month, firstID int) *timesheet.Timesheet {
	t.Helper()
	ts, err := timesheet.New(org, ana, m)
	must(t, err)
	n := firstID
	for d := m.First(); m.Contains(d); d = d.AddDays(1) {
		if _, holiday := ctx.Calendar.IsHoliday(d); holiday || d.IsWeekend() {
			continue
		}
		n++
		must(t, ts.RecordEntry(timesheet.Entry{EntryID: entryID(n), Date: d, ProjectID: proj, ActivityID: act1, Minutes: 480}, ctx))
	}
	return ts
}

// Three full months on a Horizon Europe grant fit 215 days a year, unless
// parental leave later in the year leaves fewer declarable days.
func TestSubmitWarnsAboveTheHEYearlyCeiling(t *testing.T) {
	cases := []struct {
		name     string
		parental bool
		want     bool
	}{
		{name: "within_215_days", parental: false, want: false},
		{name: "parental_leave_lowers_the_ceiling", parental: true, want: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := setup(t)
			if tc.parental {
				must(t, ctx.Employment.RecordLeave(employment.Leave{LeaveID: "1e000000-0000-4000-8000-000000000002",
					Kind: employment.LeaveParental, Start: calendar.NewDate(2026, time.April, 1), End: calendar.NewDate(2026, time.December, 31)}))
			}
			ctx.Others = []*timesheet.Timesheet{fullMonth(t, ctx, march.Add(-2), 100), fullMonth(t, ctx, march.Add(-1), 200)}
			ts := fullMonth(t, ctx, march, 300)
			must(t, ts.Submit(sign(accAna, ana), ctx))
			if got := hasFinding(ts.Warnings(), "HE_YEARLY_DAYS_CEILING"); got != tc.want {
				t.Fatalf("HE_YEARLY_DAYS_CEILING warned %v, want %v: %+v", got, tc.want, ts.Warnings())
			}
		})
	}
}
