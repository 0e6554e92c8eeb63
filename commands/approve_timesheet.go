package commands

import (
	"context"
	"time"

	"cronica/domain/calendar"
	"cronica/domain/timesheet"
)

// ApproveTimesheet is the supervisor's or project manager's signature of a
// submitted month.
type ApproveTimesheet struct {
	OrgID    string
	PersonID string
	Month    calendar.Month
	Comment  string
}

// ApproveTimesheetHandler handles ApproveTimesheet.
type ApproveTimesheetHandler struct{ env Env }

// Handle signs in the capacity reviewAs finds: the person's supervisor
// (named by a contract in force that month), a holder of timesheet.approve
// in the organisation, or on every project of the month. The person
// themselves is refused (TIME_SELF_APPROVAL), anyone else
// domain.ErrForbidden. The month must be submitted (TIME_NOT_SUBMITTED).
// Result.ID is the timesheet's id.
func (h ApproveTimesheetHandler) Handle(ctx context.Context, m Meta, cmd ApproveTimesheet) (TimesheetResult, error) {
	return h.env.review(ctx, m, "approve timesheet", cmd.OrgID, cmd.PersonID, cmd.Month, func(t *timesheet.Timesheet, s timesheet.Signature) error {
		return t.Approve(s, cmd.Comment)
	})
}

// review is the shape of the reviewing handlers: the caller signs in the
// capacity reviewAs finds, and sign decides.
func (env Env) review(ctx context.Context, m Meta, op, orgID, personID string, month calendar.Month,
	sign func(*timesheet.Timesheet, timesheet.Signature) error) (TimesheetResult, error) {
	return env.onTimesheet(ctx, m, op, orgID, personID, month, func(a timeActor, t *timesheet.Timesheet, now time.Time) (string, error) {
		emp, err := env.employmentIfAny(ctx, personID)
		if err != nil {
			return "", err
		}
		as, err := a.reviewAs(t, emp, now)
		if err != nil {
			return "", err
		}
		return "", sign(t, a.signature(as, now))
	})
}
