package commands

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
)

// EndAssignment sets the last day of a person's assignment to a project.
type EndAssignment struct {
	OrgID        string
	PersonID     string
	AssignmentID string
	End          calendar.Date
}

// EndAssignmentHandler handles EndAssignment.
type EndAssignmentHandler struct{ env Env }

// Handle needs contracts.manage in the organisation or project.manage on
// the assignment's project. An unknown assignment is
// EMPLOYMENT_UNKNOWN_ASSIGNMENT (to those who may end assignments in the
// organisation). Result.ID is the assignment's id.
func (h EndAssignmentHandler) Handle(ctx context.Context, m Meta, cmd EndAssignment) (Result, error) {
	if err := checkIDs("org_id", cmd.OrgID, "person_id", cmd.PersonID); err != nil {
		return Result{}, fmt.Errorf("commands: end assignment: %w", err)
	}
	now := h.env.Now()
	org := identity.Target{OrgID: cmd.OrgID}
	// Who holds contracts.manage needs no more; anyone else known in the
	// organisation is judged by the assignment's project, once loaded.
	byContracts := identity.Authorize(m.Actor, identity.ActContractsManage, org, now)
	if errors.Is(byContracts, domain.ErrNotFound) {
		return Result{}, fmt.Errorf("commands: end assignment: %w", byContracts)
	}
	return h.env.saveEmployment(ctx, m, "end assignment", cmd.OrgID, cmd.PersonID, func(e *employment.Employment) (string, error) {
		if byContracts != nil {
			as := e.Assignments()
			i := slices.IndexFunc(as, func(a employment.Assignment) bool { return a.AssignmentID == cmd.AssignmentID })
			if i < 0 {
				return "", byContracts
			}
			if err := identity.Authorize(m.Actor, identity.ActProjectManage, identity.Target{OrgID: cmd.OrgID, ProjectID: as[i].ProjectID}, now); err != nil {
				return "", err
			}
		}
		return cmd.AssignmentID, e.EndAssignment(cmd.AssignmentID, cmd.End)
	})
}
