package commands

import (
	"context"
	"errors"
	"fmt"

	"cronica/domain"
	"cronica/domain/identity"
)

// AddGroupMember adds an account to a group.
type AddGroupMember struct {
	GroupID   string
	AccountID string // an account of the group's organisation
}

// AddGroupMemberHandler handles AddGroupMember.
type AddGroupMemberHandler struct{ env Env }

// Handle needs groups.manage in the group's organisation. The account must
// be one of that organisation (IDENTITY_MEMBER_OTHER_ORG); an account the
// caller cannot see at all (no grant in its organisation) is
// domain.ErrNotFound, like a missing one. Adding a member twice records
// nothing.
func (h AddGroupMemberHandler) Handle(ctx context.Context, m Meta, cmd AddGroupMember) (Result, error) {
	if err := checkID("group_id", cmd.GroupID); err != nil {
		return Result{}, fmt.Errorf("commands: add group member: %w", err)
	}
	if err := checkID("account_id", cmd.AccountID); err != nil {
		return Result{}, fmt.Errorf("commands: add group member: %w", err)
	}
	g, err := h.env.loadGroup(ctx, cmd.GroupID)
	if err != nil {
		return Result{}, err
	}
	now := h.env.Now()
	if err := identity.Authorize(m.Actor, identity.ActGroupsManage, identity.Target{OrgID: g.OrgID()}, now); err != nil {
		return Result{}, fmt.Errorf("commands: add group member: %w", err)
	}
	account, err := h.env.loadAccount(ctx, cmd.AccountID)
	if err != nil {
		return Result{}, fmt.Errorf("commands: add group member: %w", err)
	}
	if account.OrgID() != g.OrgID() {
		err := identity.Authorize(m.Actor, identity.ActOrgRead, identity.Target{OrgID: account.OrgID()}, now)
		if errors.Is(err, domain.ErrNotFound) {
			return Result{}, fmt.Errorf("commands: add group member: account %s: %w", cmd.AccountID, err)
		}
	}
	if err := g.AddMember(account.ID(), account.OrgID()); err != nil {
		return Result{}, fmt.Errorf("commands: add group member: %w", err)
	}
	res, err := h.env.save(ctx, identity.StreamOf(identity.CategoryGroup, cmd.GroupID), g.Version(), g.OrgID(), g.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = cmd.GroupID
	return res, nil
}
