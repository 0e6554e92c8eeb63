package commands

import (
	"context"
	"fmt"
	"time"

	"cronica/domain"
	"cronica/domain/employment"
	"cronica/domain/identity"
)

// GrantRole gives a role to an account, a group or a work contract, in the
// whole organisation or in one of its projects.
type GrantRole struct {
	OrgID   string
	Subject identity.Subject
	Role    identity.Role
	// ProjectID, when set, limits the grant to that project of OrgID.
	ProjectID string
	// ExpiresAt ends the grant; zero: no end (an auditor's grant needs one).
	ExpiresAt time.Time
}

// GrantRoleHandler handles GrantRole.
type GrantRoleHandler struct{ env Env }

// Handle needs grants.manage where the grant applies (checked first, so a
// caller with no grant in the organisation gets domain.ErrNotFound), and
// then the domain's rules on the organisation's Access: a known role, no
// duplicate, an expiry in the future (always one for auditors), and
// CanGrant: nobody gives, to anyone or to themselves, a role with an action
// they do not hold there (IDENTITY_ESCALATION). Result.ID is the new
// grant's id.
//
// A project scope must be one of OrgID's projects (domain.ErrNotFound
// otherwise). The subject must exist: an account (of any organisation: a
// partner's staff or an external auditor may be given a role here), a
// group of OrgID, or a work contract of OrgID (whoever holds the contract
// holds the role while the contract is in force).
func (h GrantRoleHandler) Handle(ctx context.Context, m Meta, cmd GrantRole) (Result, error) {
	if err := checkID("org_id", cmd.OrgID); err != nil {
		return Result{}, fmt.Errorf("commands: grant role: %w", err)
	}
	scope := identity.Scope{Kind: identity.ScopeOrganization}
	if cmd.ProjectID != "" {
		if err := checkID("project_id", cmd.ProjectID); err != nil {
			return Result{}, fmt.Errorf("commands: grant role: %w", err)
		}
		scope = identity.Scope{Kind: identity.ScopeProject, ProjectID: cmd.ProjectID}
	}
	now := h.env.Now()
	target := identity.Target{OrgID: cmd.OrgID, ProjectID: cmd.ProjectID}
	if err := identity.Authorize(m.Actor, identity.ActGrantsManage, target, now); err != nil {
		return Result{}, fmt.Errorf("commands: grant role: %w", err)
	}
	if cmd.ProjectID != "" {
		if _, err := h.env.loadProjectOf(ctx, cmd.OrgID, cmd.ProjectID); err != nil {
			return Result{}, fmt.Errorf("commands: grant role: %w", err)
		}
	}
	if err := h.checkSubject(ctx, cmd.OrgID, cmd.Subject); err != nil {
		return Result{}, fmt.Errorf("commands: grant role: %w", err)
	}
	access, err := h.env.loadAccess(ctx, cmd.OrgID)
	if err != nil {
		return Result{}, err
	}
	id, err := h.env.newID()
	if err != nil {
		return Result{}, err
	}
	g := identity.Grant{ID: id, Subject: cmd.Subject, Role: cmd.Role, Scope: scope, ExpiresAt: cmd.ExpiresAt}
	if err := access.GrantRole(m.Actor, g, now); err != nil {
		return Result{}, fmt.Errorf("commands: grant role: %w", err)
	}
	res, err := h.env.save(ctx, identity.StreamOf(identity.CategoryAccess, cmd.OrgID), access.Version(), cmd.OrgID, access.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = id
	return res, nil
}

// checkSubject finds the account or group a grant names; the shape of the
// subject (kind, id) is the domain's to judge.
func (h GrantRoleHandler) checkSubject(ctx context.Context, orgID string, s identity.Subject) error {
	if !identity.ValidID(s.ID) {
		return nil
	}
	switch s.Kind {
	case identity.SubjectAccount:
		_, err := h.env.loadAccount(ctx, s.ID)
		return err
	case identity.SubjectGroup:
		g, err := h.env.loadGroup(ctx, s.ID)
		if err != nil {
			return err
		}
		if g.OrgID() != orgID {
			return fmt.Errorf("group %s is not one of organization %s: %w", s.ID, orgID, domain.ErrNotFound)
		}
	case identity.SubjectContract:
		return h.env.checkContract(ctx, orgID, s.ID)
	}
	return nil
}

// checkContract finds contract id of orgID: its claim names the person,
// whose employment record must hold it.
func (env Env) checkContract(ctx context.Context, orgID, id string) error {
	history, err := env.load(ctx, employment.ClaimStreamOf(id))
	if err != nil {
		return err
	}
	if len(history) == 0 {
		return fmt.Errorf("contract %s: %w", id, domain.ErrNotFound)
	}
	claim, ok := history[0].(*employment.ContractClaimed)
	if !ok || claim.OrgID != orgID {
		return fmt.Errorf("contract %s is not one of organization %s: %w", id, orgID, domain.ErrNotFound)
	}
	e, err := env.loadEmployment(ctx, orgID, claim.PersonID)
	if err != nil {
		return err
	}
	if _, ok := e.Contract(id); !ok {
		return fmt.Errorf("contract %s: %w", id, domain.ErrNotFound)
	}
	return nil
}
