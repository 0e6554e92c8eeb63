package identity

import (
	"time"

	"cronica/domain"
)

// Target is what an action is done to: always an organisation, sometimes
// one project of it.
type Target struct {
	OrgID     string
	ProjectID string
}

// Principal is a caller with the grants that apply to them: their
// account's own, their groups', and their work contracts' (resolved by the
// caller from the read models).
type Principal struct {
	AccountID string
	OrgID     string // the organisation the account belongs to
	Active    bool
	Grants    []Grant
	system    bool // only System() sets it
}

// System is the principal of Cronica's own processes (bootstrap, demo
// seeding, scheduled jobs): it may do anything and is named in the events
// it causes.
func System() Principal { return Principal{AccountID: "system", Active: true, system: true} }

// IsSystem reports whether p is System().
func (p Principal) IsSystem() bool { return p.system }

// Authorize is the one permission check. It returns nil when p may do
// action on target at now; domain.ErrNotFound when p holds no grant in
// target's organisation at all (so a foreign organisation's resources look
// absent, not forbidden, and their existence does not leak); and
// domain.ErrForbidden otherwise.
func Authorize(p Principal, action Action, target Target, now time.Time) error {
	if p.IsSystem() {
		return nil
	}
	if !p.Active {
		return domain.ErrForbidden
	}
	if !RoleAuditor.Allows(action) && len(p.AuditorGrants(target.OrgID, now)) > 0 {
		// An auditor changes nothing in the organisation they audit,
		// whatever else they hold there (every account's member role
		// included): only the auditor role's own actions pass.
		return domain.ErrForbidden
	}
	inOrg := false
	for _, g := range p.Grants {
		if !g.ActiveAt(now) || g.Scope.OrgID != target.OrgID {
			continue
		}
		inOrg = true
		if g.gives(action, target, now) {
			return nil
		}
	}
	if !inOrg {
		return domain.ErrNotFound
	}
	return domain.ErrForbidden
}

// CanGrant checks that p may give role in scope at now: p must hold
// grants.manage there, and every action of role (as the scope narrows it)
// must be one p holds there too, so nobody can hand out, to anyone or to
// themselves, more than they have.
func CanGrant(p Principal, role Role, scope Scope, now time.Time) error {
	target := Target{OrgID: scope.OrgID, ProjectID: scope.ProjectID}
	if err := Authorize(p, ActGrantsManage, target, now); err != nil {
		return err
	}
	if p.IsSystem() {
		return nil
	}
	probe := Grant{Role: role, Scope: scope}
	for _, a := range role.Actions() {
		if !probe.gives(a, target, now) {
			continue // the scope does not give this action anyway
		}
		if Authorize(p, a, target, now) != nil {
			return domain.Rule("IDENTITY_ESCALATION", "a role can only be granted by someone who holds all of its permissions there",
				"un rol poate fi acordat doar de cineva care deține toate permisiunile lui în acel loc",
				map[string]any{"role": string(role), "missing": string(a)})
		}
	}
	return nil
}
