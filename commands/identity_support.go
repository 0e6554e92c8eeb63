package commands

import (
	"context"
	"errors"
	"fmt"
	"time"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/eventstore"
)

// What the Identity handlers share: loading each aggregate by id, checking
// ids and hashes, the "self or action" rule, and the retry of appends that
// record facts.

// checkID refuses an id that is not a canonical lowercase UUID, naming the
// field; the error matches eventstore.ErrInvalid.
func checkID(field, id string) error {
	if !identity.ValidID(id) {
		return &eventstore.ValidationError{Field: field, Reason: fmt.Sprintf("%q is not a canonical lowercase uuid", clip(id))}
	}
	return nil
}

// checkTokenHash refuses a token hash that is not a hex SHA-256 (64
// lowercase hex digits): the only form internal/auth produces, so anything
// else is a caller's bug, not a user's mistake.
func checkTokenHash(field, hash string) error {
	ok := len(hash) == 64
	for i := 0; ok && i < len(hash); i++ {
		c := hash[i]
		ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f'
	}
	if !ok {
		return &eventstore.ValidationError{Field: field, Reason: "not a hex SHA-256 (64 lowercase hex digits)"}
	}
	return nil
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// loadOrganization, loadPerson, loadAccount, loadGroup and loadAccess read
// an aggregate's stream and rebuild it; a missing aggregate is
// domain.ErrNotFound (Access is never missing: an organisation without
// grants has an empty one).
func (env Env) loadOrganization(ctx context.Context, id string) (*identity.Organization, error) {
	h, err := env.load(ctx, identity.StreamOf(identity.CategoryOrganization, id))
	if err != nil {
		return nil, err
	}
	o, err := identity.LoadOrganization(h)
	if err != nil {
		return nil, fmt.Errorf("commands: organization %s: %w", id, err)
	}
	return o, nil
}

func (env Env) loadPerson(ctx context.Context, id string) (*identity.Person, error) {
	h, err := env.load(ctx, identity.StreamOf(identity.CategoryPerson, id))
	if err != nil {
		return nil, err
	}
	p, err := identity.LoadPerson(h)
	if err != nil {
		return nil, fmt.Errorf("commands: person %s: %w", id, err)
	}
	return p, nil
}

func (env Env) loadAccount(ctx context.Context, id string) (*identity.Account, error) {
	h, err := env.load(ctx, identity.StreamOf(identity.CategoryAccount, id))
	if err != nil {
		return nil, err
	}
	a, err := identity.LoadAccount(h)
	if err != nil {
		return nil, fmt.Errorf("commands: account %s: %w", id, err)
	}
	return a, nil
}

func (env Env) loadGroup(ctx context.Context, id string) (*identity.Group, error) {
	h, err := env.load(ctx, identity.StreamOf(identity.CategoryGroup, id))
	if err != nil {
		return nil, err
	}
	g, err := identity.LoadGroup(h)
	if err != nil {
		return nil, fmt.Errorf("commands: group %s: %w", id, err)
	}
	return g, nil
}

func (env Env) loadAccess(ctx context.Context, orgID string) (*identity.Access, error) {
	h, err := env.load(ctx, identity.StreamOf(identity.CategoryAccess, orgID))
	if err != nil {
		return nil, err
	}
	return identity.LoadAccess(orgID, h), nil
}

// authorizeSelfOr lets an active account act on itself, and anyone else who
// may do action in the account's organisation (so a caller with no grant
// there gets domain.ErrNotFound).
func authorizeSelfOr(p identity.Principal, account *identity.Account, action identity.Action, now time.Time) error {
	if p.Active && p.AccountID == account.ID() {
		return nil
	}
	return identity.Authorize(p, action, identity.Target{OrgID: account.OrgID()}, now)
}

// refuseOthers is the answer to a caller who is not the account an action
// is reserved to: domain.ErrNotFound when they hold no grant in its
// organisation (as for every foreign resource), domain.ErrForbidden
// otherwise, however much they may do there.
func refuseOthers(p identity.Principal, account *identity.Account, now time.Time) error {
	if err := identity.Authorize(p, identity.ActOrgRead, identity.Target{OrgID: account.OrgID()}, now); err != nil {
		return err
	}
	return domain.ErrForbidden
}

func isNotFound(err error) bool { return errors.Is(err, domain.ErrNotFound) }

// conflictAttempts bounds retryConflicts.
const conflictAttempts = 5

// retryConflicts runs attempt (load, decide, save) again when its append
// met a concurrent change, up to conflictAttempts times. Only for appends
// whose decision cannot depend on what the other writer did: facts to
// record (sign-ins) and the member grant a handler gives as System. Every
// other handler returns the conflict to its caller.
func retryConflicts(ctx context.Context, attempt func() (Result, error)) (Result, error) {
	for i := 1; ; i++ {
		res, err := attempt()
		if err == nil || !errors.Is(err, eventstore.ErrConcurrency) || i == conflictAttempts || ctx.Err() != nil {
			return res, err
		}
	}
}

// withoutDisabledAdmins is access as the last-administrator rule should see
// it: without the organisation-wide administrator grants of disabled (or
// missing) accounts. Access.CheckCanDisable and Access.RevokeRole count a
// disabled account's administrator grant as an administrator, so, left
// alone, disabling admin A and then admin B would leave an organisation
// whose only administrators cannot sign in. Until the domain knows which
// accounts are enabled, the handlers that apply that rule (DisableAccount,
// RevokeRole) apply it to this view too. It reads one stream per
// administrator grant.
func (env Env) withoutDisabledAdmins(ctx context.Context, access *identity.Access, now time.Time) (*identity.Access, error) {
	var kept []domain.Event
	for _, g := range access.Grants(now) {
		if g.Role == identity.RoleOrgAdmin && g.Subject.Kind == identity.SubjectAccount {
			a, err := env.loadAccount(ctx, g.Subject.ID)
			if err != nil && !errors.Is(err, domain.ErrNotFound) {
				return nil, err
			}
			if err != nil || !a.Enabled() {
				continue
			}
		}
		kept = append(kept, &identity.RoleGranted{OrgID: access.OrgID(), Grant: g})
	}
	return identity.LoadAccess(access.OrgID(), kept), nil
}
