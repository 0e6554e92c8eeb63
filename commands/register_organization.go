package commands

import (
	"context"
	"fmt"

	"cronica/domain"
	"cronica/domain/identity"
)

// RegisterOrganization starts an organisation. Only Cronica itself
// (identity.System(): bootstrap, demo seeding) may do it; its first
// administrator is then a person, an account and an org_admin grant made
// with the other handlers, still as System.
type RegisterOrganization struct {
	Details identity.OrgDetails
}

// RegisterOrganizationHandler handles RegisterOrganization.
type RegisterOrganizationHandler struct{ env Env }

// Handle registers the organisation under a new id; Result.ID is that id.
// Anyone but System gets domain.ErrForbidden.
func (h RegisterOrganizationHandler) Handle(ctx context.Context, m Meta, cmd RegisterOrganization) (Result, error) {
	// No organisation exists yet to authorise against: the rule is "System only".
	if !m.Actor.IsSystem() {
		return Result{}, fmt.Errorf("commands: register organization: %w", domain.ErrForbidden)
	}
	id, err := h.env.newID()
	if err != nil {
		return Result{}, err
	}
	org, err := identity.RegisterOrganization(id, cmd.Details)
	if err != nil {
		return Result{}, fmt.Errorf("commands: register organization: %w", err)
	}
	res, err := h.env.save(ctx, identity.StreamOf(identity.CategoryOrganization, id), org.Version(), id, org.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = id
	return res, nil
}
