package commands

import (
	"context"
	"fmt"

	"cronica/domain/identity"
)

// ChangeOrganizationDetails replaces an organisation's details (all of
// them: send the unchanged fields too).
type ChangeOrganizationDetails struct {
	OrgID   string
	Details identity.OrgDetails
}

// ChangeOrganizationDetailsHandler handles ChangeOrganizationDetails.
type ChangeOrganizationDetailsHandler struct{ env Env }

// Handle needs org.manage in the organisation. Unchanged details record
// nothing (Result.Position is then zero).
func (h ChangeOrganizationDetailsHandler) Handle(ctx context.Context, m Meta, cmd ChangeOrganizationDetails) (Result, error) {
	if err := checkID("org_id", cmd.OrgID); err != nil {
		return Result{}, fmt.Errorf("commands: change organization details: %w", err)
	}
	now := h.env.Now()
	if err := identity.Authorize(m.Actor, identity.ActOrgManage, identity.Target{OrgID: cmd.OrgID}, now); err != nil {
		return Result{}, fmt.Errorf("commands: change organization details: %w", err)
	}
	org, err := h.env.loadOrganization(ctx, cmd.OrgID)
	if err != nil {
		return Result{}, err
	}
	if err := org.ChangeDetails(cmd.Details); err != nil {
		return Result{}, fmt.Errorf("commands: change organization details: %w", err)
	}
	res, err := h.env.save(ctx, identity.StreamOf(identity.CategoryOrganization, cmd.OrgID), org.Version(), cmd.OrgID, org.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = cmd.OrgID
	return res, nil
}
