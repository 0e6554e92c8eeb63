package commands

import (
	"context"
	"fmt"

	"cronica/domain/identity"
)

// RenameGroup renames a group.
type RenameGroup struct {
	GroupID string
	Name    string
}

// RenameGroupHandler handles RenameGroup.
type RenameGroupHandler struct{ env Env }

// Handle needs groups.manage in the group's organisation. The same name
// records nothing.
func (h RenameGroupHandler) Handle(ctx context.Context, m Meta, cmd RenameGroup) (Result, error) {
	if err := checkID("group_id", cmd.GroupID); err != nil {
		return Result{}, fmt.Errorf("commands: rename group: %w", err)
	}
	g, err := h.env.loadGroup(ctx, cmd.GroupID)
	if err != nil {
		return Result{}, err
	}
	if err := identity.Authorize(m.Actor, identity.ActGroupsManage, identity.Target{OrgID: g.OrgID()}, h.env.Now()); err != nil {
		return Result{}, fmt.Errorf("commands: rename group: %w", err)
	}
	if err := g.Rename(cmd.Name); err != nil {
		return Result{}, fmt.Errorf("commands: rename group: %w", err)
	}
	res, err := h.env.save(ctx, identity.StreamOf(identity.CategoryGroup, cmd.GroupID), g.Version(), g.OrgID(), g.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = cmd.GroupID
	return res, nil
}
