package commands

import (
	"context"
	"time"

	"cronica/domain/calendar"
	"cronica/domain/timesheet"
)

// SubmitTimesheet is the person's signature of their month: it is
// complete.
type SubmitTimesheet struct {
	OrgID    string
	PersonID string
	Month    calendar.Month
}

// SubmitTimesheetHandler handles SubmitTimesheet.
type SubmitTimesheetHandler struct{ env Env }

// Handle signs as the caller's person, who needs time.record in the
// organisation or on every project of the month; only the person may sign
// (anyone else: TIME_SIGNATURE_NOT_OWNER). The month must be a draft or
// rejected and break no rule at all, checked again with the other months
// the rules look across (submissionMonths). Result.ID is the timesheet's id; the warnings are those
// the person signed with.
func (h SubmitTimesheetHandler) Handle(ctx context.Context, m Meta, cmd SubmitTimesheet) (TimesheetResult, error) {
	return h.env.onTimesheet(ctx, m, "submit timesheet", cmd.OrgID, cmd.PersonID, cmd.Month,
		func(a timeActor, t *timesheet.Timesheet, now time.Time) (string, error) {
			if err := a.mayRecord(cmd.OrgID, a.personID, t.ProjectIDs(), now); err != nil {
				return "", err
			}
			tc, err := h.env.timesheetContext(ctx, t, nil, submissionMonths(cmd.Month))
			if err != nil {
				return "", err
			}
			return "", t.Submit(a.signature("person", now), tc)
		})
}

// submissionMonths are the months a submission's rules read besides m: the
// three before it (the 4-month average), the earlier months of its year
// (the Horizon Europe yearly ceiling) and the month after (a week
// straddling the boundary, the rest before the next working day).
func submissionMonths(m calendar.Month) []calendar.Month {
	var out []calendar.Month
	for o := (calendar.Month{Year: m.Year, Month: 1}); o.Compare(m.Add(-3)) < 0; o = o.Next() {
		out = append(out, o)
	}
	return append(out, m.Add(-3), m.Add(-2), m.Add(-1), m.Add(1))
}
