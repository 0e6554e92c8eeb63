package commands

import (
	"context"
	"fmt"

	"cronica/domain/identity"
)

// CreateGroup starts a named group of accounts of an organisation (a role
// granted to the group applies to each member).
type CreateGroup struct {
	OrgID string
	Name  string // required, up to 100 characters
}

// CreateGroupHandler handles CreateGroup.
type CreateGroupHandler struct{ env Env }

// Handle needs groups.manage in the organisation, which must exist;
// Result.ID is the new group's id.
func (h CreateGroupHandler) Handle(ctx context.Context, m Meta, cmd CreateGroup) (Result, error) {
	if err := checkID("org_id", cmd.OrgID); err != nil {
		return Result{}, fmt.Errorf("commands: create group: %w", err)
	}
	if err := identity.Authorize(m.Actor, identity.ActGroupsManage, identity.Target{OrgID: cmd.OrgID}, h.env.Now()); err != nil {
		return Result{}, fmt.Errorf("commands: create group: %w", err)
	}
	if _, err := h.env.loadOrganization(ctx, cmd.OrgID); err != nil {
		return Result{}, fmt.Errorf("commands: create group: %w", err)
	}
	id, err := h.env.newID()
	if err != nil {
		return Result{}, err
	}
	g, err := identity.CreateGroup(id, cmd.OrgID, cmd.Name)
	if err != nil {
		return Result{}, fmt.Errorf("commands: create group: %w", err)
	}
	res, err := h.env.save(ctx, identity.StreamOf(identity.CategoryGroup, id), g.Version(), cmd.OrgID, g.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = id
	return res, nil
}
