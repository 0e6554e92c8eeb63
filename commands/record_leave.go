package commands

import (
	"context"

	"cronica/domain/employment"
)

// RecordLeave records a period of leave or absence of a person.
type RecordLeave struct {
	OrgID    string
	PersonID string
	// Leave's LeaveID is ignored: the handler makes a new one.
	Leave employment.Leave
}

// RecordLeaveHandler handles RecordLeave.
type RecordLeaveHandler struct{ env Env }

// Handle needs contracts.manage in the organisation; the leave must fall
// within a contract and overlap no other. Result.ID is the new leave's id.
func (h RecordLeaveHandler) Handle(ctx context.Context, m Meta, cmd RecordLeave) (Result, error) {
	return h.env.changeEmployment(ctx, m, "record leave", cmd.OrgID, cmd.PersonID, func(e *employment.Employment) (string, error) {
		id, err := h.env.newID()
		if err != nil {
			return "", err
		}
		l := cmd.Leave
		l.LeaveID = id
		return id, e.RecordLeave(l)
	})
}
