package commands

import (
	"context"

	"cronica/domain/calendar"
	"cronica/domain/timesheet"
)

// RejectTimesheet sends a submitted month back to the person, with a
// reason; the person may then change it and submit it again.
type RejectTimesheet struct {
	OrgID    string
	PersonID string
	Month    calendar.Month
	Reason   string
}

// RejectTimesheetHandler handles RejectTimesheet.
type RejectTimesheetHandler struct{ env Env }

// Handle needs what approving needs (ApproveTimesheetHandler) and a
// reason. Result.ID is the timesheet's id.
func (h RejectTimesheetHandler) Handle(ctx context.Context, m Meta, cmd RejectTimesheet) (TimesheetResult, error) {
	return h.env.review(ctx, m, "reject timesheet", cmd.OrgID, cmd.PersonID, cmd.Month, func(t *timesheet.Timesheet, s timesheet.Signature) error {
		return t.Reject(s, cmd.Reason)
	})
}
