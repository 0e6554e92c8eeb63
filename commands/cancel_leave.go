package commands

import (
	"context"

	"cronica/domain/employment"
)

// CancelLeave withdraws leave recorded by mistake, with a reason.
type CancelLeave struct {
	OrgID    string
	PersonID string
	LeaveID  string
	Reason   string
}

// CancelLeaveHandler handles CancelLeave.
type CancelLeaveHandler struct{ env Env }

// Handle needs contracts.manage in the organisation. Result.ID is the
// leave's id.
func (h CancelLeaveHandler) Handle(ctx context.Context, m Meta, cmd CancelLeave) (Result, error) {
	return h.env.changeEmployment(ctx, m, "cancel leave", cmd.OrgID, cmd.PersonID, func(e *employment.Employment) (string, error) {
		return cmd.LeaveID, e.CancelLeave(cmd.LeaveID, cmd.Reason)
	})
}
