package commands

import (
	"context"
	"errors"
	"fmt"

	"cronica/domain"
	"cronica/domain/identity"
)

// RevokeRole takes a grant back.
type RevokeRole struct {
	OrgID   string
	GrantID string
	Reason  string // optional, up to 500 characters
}

// RevokeRoleHandler handles RevokeRole.
type RevokeRoleHandler struct{ env Env }

// Handle checks grants.manage in the organisation first, so that a caller
// with no grant there gets domain.ErrNotFound; then grants.manage where
// the grant applies (a project manager may revoke in their project); then
// the domain's rules: whoever revokes must be able to give the role
// (CanGrant), and the organisation keeps at least one administrator
// (IDENTITY_LAST_ADMIN), counting only enabled accounts (see
// withoutDisabledAdmins). An unknown grant is domain.ErrNotFound.
func (h RevokeRoleHandler) Handle(ctx context.Context, m Meta, cmd RevokeRole) (Result, error) {
	if err := checkID("org_id", cmd.OrgID); err != nil {
		return Result{}, fmt.Errorf("commands: revoke role: %w", err)
	}
	if err := checkID("grant_id", cmd.GrantID); err != nil {
		return Result{}, fmt.Errorf("commands: revoke role: %w", err)
	}
	now := h.env.Now()
	// Only "no grant in this organisation" stops here: grants.manage held
	// in one project (a project manager's) is checked below, with the
	// revoked grant's own scope.
	err := identity.Authorize(m.Actor, identity.ActGrantsManage, identity.Target{OrgID: cmd.OrgID}, now)
	if errors.Is(err, domain.ErrNotFound) {
		return Result{}, fmt.Errorf("commands: revoke role: %w", err)
	}
	access, err := h.env.loadAccess(ctx, cmd.OrgID)
	if err != nil {
		return Result{}, err
	}
	target := identity.Target{OrgID: cmd.OrgID}
	var revoked identity.Grant
	for _, g := range access.Grants(now) {
		if g.ID == cmd.GrantID {
			revoked, target.ProjectID = g, g.Scope.ProjectID
		}
	}
	if err := identity.Authorize(m.Actor, identity.ActGrantsManage, target, now); err != nil {
		return Result{}, fmt.Errorf("commands: revoke role: %w", err)
	}
	// The enabled-only view is taken before the domain removes the grant:
	// its subject, if enabled, must not be the last administrator in it.
	var enabledOnly *identity.Access
	if revoked.Role == identity.RoleOrgAdmin && revoked.Subject.Kind == identity.SubjectAccount && revoked.Scope.Kind == identity.ScopeOrganization {
		if enabledOnly, err = h.env.withoutDisabledAdmins(ctx, access, now); err != nil {
			return Result{}, err
		}
	}
	if err := access.RevokeRole(m.Actor, cmd.GrantID, cmd.Reason, now); err != nil {
		return Result{}, fmt.Errorf("commands: revoke role: %w", err)
	}
	if enabledOnly != nil {
		if err := enabledOnly.CheckCanDisable(revoked.Subject.ID, now); err != nil {
			return Result{}, fmt.Errorf("commands: revoke role: %w", err)
		}
	}
	res, err := h.env.save(ctx, identity.StreamOf(identity.CategoryAccess, cmd.OrgID), access.Version(), cmd.OrgID, access.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = cmd.GrantID
	return res, nil
}
