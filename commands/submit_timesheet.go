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
// rejected and break no rule at all, checked again with the three months
// before it (the 4-month average) and the month after (a week straddling
// the boundary). Result.ID is the timesheet's id; the warnings are those
// the person signed with.
func (h SubmitTimesheetHandler) Handle(ctx context.Context, m Meta, cmd SubmitTimesheet) (TimesheetResult, error) {
	return h.env.onTimesheet(ctx, m, "submit timesheet", cmd.OrgID, cmd.PersonID, cmd.Month,
		func(a timeActor, t *timesheet.Timesheet, now time.Time) (string, error) {
			if err := a.mayRecord(cmd.OrgID, a.personID, t.ProjectIDs(), now); err != nil {
				return "", err
			}
			months := []calendar.Month{cmd.Month.Add(-3), cmd.Month.Add(-2), cmd.Month.Add(-1), cmd.Month.Add(1)}
			tc, err := h.env.timesheetContext(ctx, t, nil, months)
			if err != nil {
				return "", err
			}
			return "", t.Submit(a.signature("person", now), tc)
		})
}
