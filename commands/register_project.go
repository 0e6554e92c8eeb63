package commands

import (
	"context"
	"fmt"

	"cronica/domain/identity"
	"cronica/domain/project"
)

// RegisterProject starts a funded project of an organisation (the
// beneficiary).
type RegisterProject struct {
	OrgID   string
	Details project.Details
	// Rules, when non-zero, replace the programme's default rules.
	Rules project.Rules
}

// RegisterProjectHandler handles RegisterProject.
type RegisterProjectHandler struct{ env Env }

// Handle needs project.manage in the organisation, which must exist;
// Result.ID is the new project's id (the first id the handler takes).
func (h RegisterProjectHandler) Handle(ctx context.Context, m Meta, cmd RegisterProject) (Result, error) {
	if err := checkID("org_id", cmd.OrgID); err != nil {
		return Result{}, fmt.Errorf("commands: register project: %w", err)
	}
	if err := identity.Authorize(m.Actor, identity.ActProjectManage, identity.Target{OrgID: cmd.OrgID}, h.env.Now()); err != nil {
		return Result{}, fmt.Errorf("commands: register project: %w", err)
	}
	// A grant in the organisation implies it exists, but System has none.
	if _, err := h.env.loadOrganization(ctx, cmd.OrgID); err != nil {
		return Result{}, fmt.Errorf("commands: register project: %w", err)
	}
	id, err := h.env.newID()
	if err != nil {
		return Result{}, err
	}
	p, err := project.Register(id, cmd.OrgID, cmd.Details, cmd.Rules)
	if err != nil {
		return Result{}, fmt.Errorf("commands: register project: %w", err)
	}
	res, err := h.env.save(ctx, project.StreamOf(id), p.Version(), cmd.OrgID, p.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = id
	return res, nil
}
