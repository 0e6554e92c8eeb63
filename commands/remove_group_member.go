package commands

import (
	"context"
	"fmt"

	"cronica/domain/identity"
)

// RemoveGroupMember removes an account from a group.
type RemoveGroupMember struct {
	GroupID   string
	AccountID string
}

// RemoveGroupMemberHandler handles RemoveGroupMember.
type RemoveGroupMemberHandler struct{ env Env }

// Handle needs groups.manage in the group's organisation; an account that
// is not a member is IDENTITY_NOT_A_MEMBER.
func (h RemoveGroupMemberHandler) Handle(ctx context.Context, m Meta, cmd RemoveGroupMember) (Result, error) {
	if err := checkID("group_id", cmd.GroupID); err != nil {
		return Result{}, fmt.Errorf("commands: remove group member: %w", err)
	}
	if err := checkID("account_id", cmd.AccountID); err != nil {
		return Result{}, fmt.Errorf("commands: remove group member: %w", err)
	}
	g, err := h.env.loadGroup(ctx, cmd.GroupID)
	if err != nil {
		return Result{}, err
	}
	if err := identity.Authorize(m.Actor, identity.ActGroupsManage, identity.Target{OrgID: g.OrgID()}, h.env.Now()); err != nil {
		return Result{}, fmt.Errorf("commands: remove group member: %w", err)
	}
	if err := g.RemoveMember(cmd.AccountID); err != nil {
		return Result{}, fmt.Errorf("commands: remove group member: %w", err)
	}
	res, err := h.env.save(ctx, identity.StreamOf(identity.CategoryGroup, cmd.GroupID), g.Version(), g.OrgID(), g.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = cmd.GroupID
	return res, nil
}
