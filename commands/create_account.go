package commands

import (
	"context"
	"errors"
	"fmt"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/eventstore"
)

// ErrDuplicateEmail: another account already holds the email address
// (compared normalised: trimmed, lowercase). The HTTP edge answers 409.
var ErrDuplicateEmail = errors.New("commands: the email address is already used by another account")

// CreateAccount opens a sign-in for a registered person.
type CreateAccount struct {
	OrgID    string
	PersonID string // a person of OrgID
	Email    string
	// PasswordHash is the argon2id PHC string of the initial password
	// (hashed by the HTTP layer with internal/auth; never the password).
	PasswordHash string
}

// CreateAccountHandler handles CreateAccount.
type CreateAccountHandler struct{ env Env }

// Handle needs accounts.manage in the organisation. It writes three
// streams, in this order:
//
//  1. the email claim (email-<EmailClaimID>, expected "no stream"): an
//     address already claimed is ErrDuplicateEmail, so of two concurrent
//     creations with one address exactly one goes on;
//  2. the account (account-<new id>);
//  3. the member role in the organisation's Access, given as System (the
//     handler's own decision, not the caller's: someone with
//     accounts.manage but not grants.manage still gets a usable account),
//     with the caller in the event's metadata. A concurrent change of
//     Access is retried, since this grant does not depend on it.
//
// Result.ID is the new account's id, Version the account stream's,
// Position that of the last append. There is no transaction across
// streams: a crash after step 1 leaves a claim whose account does not
// exist (the address then stays taken; RequestPasswordReset treats it as
// unknown), and one after step 2 an account without the member role.
func (h CreateAccountHandler) Handle(ctx context.Context, m Meta, cmd CreateAccount) (Result, error) {
	if err := checkID("org_id", cmd.OrgID); err != nil {
		return Result{}, fmt.Errorf("commands: create account: %w", err)
	}
	if err := checkID("person_id", cmd.PersonID); err != nil {
		return Result{}, fmt.Errorf("commands: create account: %w", err)
	}
	now := h.env.Now()
	if err := identity.Authorize(m.Actor, identity.ActAccountsManage, identity.Target{OrgID: cmd.OrgID}, now); err != nil {
		return Result{}, fmt.Errorf("commands: create account: %w", err)
	}
	person, err := h.env.loadPerson(ctx, cmd.PersonID)
	if err != nil {
		return Result{}, fmt.Errorf("commands: create account: %w", err)
	}
	if person.OrgID() != cmd.OrgID {
		// Whoever may see the other organisation learns nothing from a 404
		// that a 422 would tell them, and nobody else may learn more.
		return Result{}, fmt.Errorf("commands: create account: person %s is not one of organization %s: %w",
			cmd.PersonID, cmd.OrgID, domain.ErrNotFound)
	}
	id, err := h.env.newID()
	if err != nil {
		return Result{}, err
	}
	// Decide everything before claiming the address, so that invalid input
	// never leaves a claim behind.
	account, err := identity.CreateAccount(id, cmd.OrgID, cmd.PersonID, cmd.Email, cmd.PasswordHash)
	if err != nil {
		return Result{}, fmt.Errorf("commands: create account: %w", err)
	}
	claim, err := identity.ClaimEmail(cmd.Email, id, cmd.OrgID)
	if err != nil {
		return Result{}, fmt.Errorf("commands: create account: %w", err)
	}
	claimStream := identity.StreamOf(identity.CategoryEmail, identity.EmailClaimID(claim.Email))
	if _, err := h.env.save(ctx, claimStream, -1, cmd.OrgID, []domain.Event{claim}, m); err != nil {
		if errors.Is(err, eventstore.ErrConcurrency) {
			return Result{}, fmt.Errorf("commands: create account: %s: %w", claim.Email, ErrDuplicateEmail)
		}
		return Result{}, fmt.Errorf("commands: create account: %w", err)
	}
	res, err := h.env.save(ctx, identity.StreamOf(identity.CategoryAccount, id), account.Version(), cmd.OrgID, account.Changes(), m)
	if err != nil {
		return Result{}, fmt.Errorf("commands: create account: %w", err)
	}
	grantID, err := h.env.newID()
	if err != nil {
		return Result{}, err
	}
	granted, err := retryConflicts(ctx, func() (Result, error) {
		access, err := h.env.loadAccess(ctx, cmd.OrgID)
		if err != nil {
			return Result{}, err
		}
		member := identity.Grant{ID: grantID, Subject: identity.Subject{Kind: identity.SubjectAccount, ID: id},
			Role: identity.RoleMember, Scope: identity.Scope{Kind: identity.ScopeOrganization}}
		if err := access.GrantRole(identity.System(), member, now); err != nil {
			return Result{}, err
		}
		return h.env.save(ctx, identity.StreamOf(identity.CategoryAccess, cmd.OrgID), access.Version(), cmd.OrgID, access.Changes(), m)
	})
	if err != nil {
		return Result{}, fmt.Errorf("commands: create account %s: grant the member role: %w", id, err)
	}
	return Result{ID: id, Version: res.Version, Position: granted.Position}, nil
}
