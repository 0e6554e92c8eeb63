package commands

import (
	"context"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/timesheet"
)

// LockTimesheet closes an approved month (e.g. once claimed): only a
// reopening with a reason changes it afterwards.
type LockTimesheet struct {
	OrgID    string
	PersonID string
	Month    calendar.Month
}

// LockTimesheetHandler handles LockTimesheet.
type LockTimesheetHandler struct{ env Env }

// Handle needs what approving needs (ApproveTimesheetHandler); the person
// never locks their own month (domain.ErrForbidden). The month must be
// approved (TIME_NOT_APPROVED). Result.ID is the timesheet's id.
func (h LockTimesheetHandler) Handle(ctx context.Context, m Meta, cmd LockTimesheet) (TimesheetResult, error) {
	return h.env.review(ctx, m, "lock timesheet", cmd.OrgID, cmd.PersonID, cmd.Month, func(t *timesheet.Timesheet, s timesheet.Signature) error {
		if s.As == "person" {
			return domain.ErrForbidden // the domain's Lock does not look at who signs
		}
		return t.Lock(s)
	})
}
