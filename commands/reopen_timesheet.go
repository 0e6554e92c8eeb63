package commands

import (
	"context"
	"time"

	"cronica/domain/calendar"
	"cronica/domain/timesheet"
)

// ReopenTimesheet makes a submitted, approved or locked month a draft
// again, with a reason shown in every later report.
type ReopenTimesheet struct {
	OrgID    string
	PersonID string
	Month    calendar.Month
	Reason   string
}

// ReopenTimesheetHandler handles ReopenTimesheet.
type ReopenTimesheetHandler struct{ env Env }

// Handle lets the person withdraw their own submitted month with
// time.record (in the organisation or on every project of the month); an
// approved or locked month is reopened by a reviewer (what approving
// needs, ApproveTimesheetHandler), never by the person
// (TIME_SELF_APPROVAL). A reason is required. Result.ID is the timesheet's
// id.
func (h ReopenTimesheetHandler) Handle(ctx context.Context, m Meta, cmd ReopenTimesheet) (TimesheetResult, error) {
	return h.env.onTimesheet(ctx, m, "reopen timesheet", cmd.OrgID, cmd.PersonID, cmd.Month,
		func(a timeActor, t *timesheet.Timesheet, now time.Time) (string, error) {
			if a.is(cmd.PersonID) {
				if err := a.mayRecord(cmd.OrgID, cmd.PersonID, t.ProjectIDs(), now); err != nil {
					return "", err
				}
				return "", t.Reopen(a.signature("person", now), cmd.Reason)
			}
			emp, err := h.env.employmentIfAny(ctx, cmd.PersonID)
			if err != nil {
				return "", err
			}
			as, err := a.reviewAs(t, emp, now)
			if err != nil {
				return "", err
			}
			return "", t.Reopen(a.signature(as, now), cmd.Reason)
		})
}
