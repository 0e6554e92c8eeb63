package commands

import (
	"context"
	"fmt"

	"cronica/domain/employment"
	"cronica/domain/identity"
)

// AssignToProject puts one of a person's contracts to work on a project of
// the organisation: on some of its activities (none listed: all), between
// two dates (zero: the overlap of the contract and the project).
type AssignToProject struct {
	OrgID    string
	PersonID string
	// Assignment's AssignmentID is ignored: the handler makes a new one.
	Assignment employment.Assignment
}

// AssignToProjectHandler handles AssignToProject.
type AssignToProjectHandler struct{ env Env }

// Handle needs contracts.manage in the organisation or project.manage on
// that project. The project must be one of the organisation's (another's,
// or none, is domain.ErrNotFound), the activities its own
// (TIME_ACTIVITY_NOT_IN_PROJECT), the dates within both the contract's and
// the project's. Result.ID is the new assignment's id (the first id the
// handler takes).
func (h AssignToProjectHandler) Handle(ctx context.Context, m Meta, cmd AssignToProject) (Result, error) {
	if err := checkIDs("org_id", cmd.OrgID, "person_id", cmd.PersonID, "project_id", cmd.Assignment.ProjectID); err != nil {
		return Result{}, fmt.Errorf("commands: assign to project: %w", err)
	}
	org := identity.Target{OrgID: cmd.OrgID}
	inProject := identity.Target{OrgID: cmd.OrgID, ProjectID: cmd.Assignment.ProjectID}
	if err := authorizeEither(m.Actor, identity.ActContractsManage, org, identity.ActProjectManage, inProject, h.env.Now()); err != nil {
		return Result{}, fmt.Errorf("commands: assign to project: %w", err)
	}
	p, err := h.env.loadProjectOf(ctx, cmd.OrgID, cmd.Assignment.ProjectID)
	if err != nil {
		return Result{}, fmt.Errorf("commands: assign to project: %w", err)
	}
	return h.env.saveEmployment(ctx, m, "assign to project", cmd.OrgID, cmd.PersonID, func(e *employment.Employment) (string, error) {
		id, err := h.env.newID()
		if err != nil {
			return "", err
		}
		a := cmd.Assignment
		a.AssignmentID = id
		return id, e.Assign(a, p)
	})
}
