package identity

import (
	"fmt"
	"sort"
	"time"

	"cronica/domain"
)

// Access holds every grant of one organisation (stream access-<org id>),
// so the rules that span grants are decided in one aggregate: nobody grants
// more than they hold, auditors' grants expire, and an organisation keeps at
// least one administrator.
type Access struct {
	domain.Root
	orgID  string
	grants map[string]Grant // active and expired; revoked ones are removed
	used   map[string]bool  // every grant id ever recorded, revoked ones included
}

// NewAccess is the empty Access of an organisation (its stream may not exist
// yet).
func NewAccess(orgID string) *Access {
	return &Access{Root: domain.NewRoot(), orgID: orgID, grants: map[string]Grant{}, used: map[string]bool{}}
}

// OrgID is the organisation.
func (a *Access) OrgID() string { return a.orgID }

// Grants returns the grants in force at now, ordered by id.
func (a *Access) Grants(now time.Time) []Grant {
	var out []Grant
	for _, g := range a.grants {
		if g.ActiveAt(now) {
			out = append(out, g)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// GrantRole records g (its ID, Subject, Role, Scope and ExpiresAt as the
// caller asks) given by p at now. The rules: a known role; a scope inside
// this organisation (a project scope needs a project); no duplicate of a
// grant in force; an expiry in the future, and always one for auditors;
// and CanGrant (no escalation).
func (a *Access) GrantRole(p Principal, g Grant, now time.Time) error {
	if !ValidID(g.ID) {
		return fmt.Errorf("identity: grant role: id %q is not a uuid", g.ID)
	}
	if !g.Role.Known() {
		return domain.Rule("IDENTITY_ROLE_UNKNOWN", "unknown role", "rol necunoscut", map[string]any{"role": string(g.Role)})
	}
	switch g.Subject.Kind {
	case SubjectAccount, SubjectGroup, SubjectContract:
	default:
		return domain.Rule("IDENTITY_SUBJECT_INVALID", "a grant is held by an account, a group or a work contract",
			"un drept este deținut de un cont, un grup sau un contract de muncă", map[string]any{"field": "subject.kind"})
	}
	if !ValidID(g.Subject.ID) {
		return domain.Rule("IDENTITY_SUBJECT_INVALID", "the subject id is not valid", "identificatorul titularului nu este valid",
			map[string]any{"field": "subject.id"})
	}
	g.Scope.OrgID = a.orgID
	switch {
	case g.Scope.Kind == ScopeOrganization && g.Scope.ProjectID == "":
	case g.Scope.Kind == ScopeProject && ValidID(g.Scope.ProjectID):
	default:
		return domain.Rule("IDENTITY_SCOPE_INVALID", "the scope is the organisation, or one of its projects",
			"domeniul este organizația sau unul dintre proiectele ei", map[string]any{"field": "scope"})
	}
	if !g.ExpiresAt.IsZero() && !g.ExpiresAt.After(now) {
		return domain.Rule("IDENTITY_EXPIRY_IN_PAST", "the expiry must be in the future", "expirarea trebuie să fie în viitor",
			map[string]any{"field": "expires_at"})
	}
	if g.Role == RoleAuditor && g.ExpiresAt.IsZero() {
		return domain.Rule("IDENTITY_AUDITOR_NEEDS_EXPIRY", "an auditor's access must have an expiry date",
			"accesul unui auditor trebuie să aibă o dată de expirare", map[string]any{"field": "expires_at"})
	}
	for _, other := range a.grants {
		if other.ActiveAt(now) && other.Subject == g.Subject && other.Role == g.Role && other.Scope == g.Scope {
			return domain.Rule("IDENTITY_GRANT_EXISTS", "this role is already granted there", "acest rol este deja acordat acolo",
				map[string]any{"grant_id": other.ID})
		}
	}
	if a.used[g.ID] {
		return fmt.Errorf("identity: grant role: id %s is used", g.ID)
	}
	if err := CanGrant(p, g.Role, g.Scope, now); err != nil {
		return err
	}
	if until, ok := heldUntil(p, ActGrantsManage, Target{OrgID: g.Scope.OrgID, ProjectID: g.Scope.ProjectID}, now); ok &&
		(g.ExpiresAt.IsZero() || g.ExpiresAt.After(until)) {
		return domain.Rule("IDENTITY_ESCALATION", "a grant cannot outlast the granter's own right to grant",
			"un drept nu poate dura mai mult decât dreptul celui care îl acordă",
			map[string]any{"role": string(g.Role), "missing": "expires_at", "max_expires_at": until})
	}
	g.GrantedBy, g.GrantedAt = p.AccountID, now
	a.record(&RoleGranted{OrgID: a.orgID, Grant: g})
	return nil
}

// RevokeRole takes grant id back. Whoever revokes must be able to grant it
// (CanGrant), and the last administrator grant of the organisation cannot be
// revoked.
func (a *Access) RevokeRole(p Principal, id, reason string, now time.Time) error {
	g, ok := a.grants[id]
	if !ok {
		return domain.ErrNotFound
	}
	r, err := text("reason", reason, false, 500)
	if err != nil {
		return err
	}
	if err := CanGrant(p, g.Role, g.Scope, now); err != nil {
		return err
	}
	if a.isLastAdminGrant(g, now) {
		return errLastAdmin
	}
	a.record(&RoleRevoked{OrgID: a.orgID, GrantID: id, RevokedBy: p.AccountID, Reason: r})
	return nil
}

var errLastAdmin = domain.Rule("IDENTITY_LAST_ADMIN", "an organisation must keep at least one administrator",
	"o organizație trebuie să păstreze cel puțin un administrator", nil)

// CheckCanDisable refuses to disable the account that holds the
// organisation's last administrator grant.
func (a *Access) CheckCanDisable(accountID string, now time.Time) error {
	for _, g := range a.grants {
		if g.Subject == (Subject{Kind: SubjectAccount, ID: accountID}) && a.isLastAdminGrant(g, now) {
			return errLastAdmin
		}
	}
	return nil
}

// isLastAdminGrant: g is an organisation-wide administrator grant to an
// account, in force, and no other account holds one. (Grants held through
// groups or contracts do not count: an organisation must always have a
// named person as administrator.)
func (a *Access) isLastAdminGrant(g Grant, now time.Time) bool {
	if !adminGrant(g, now) {
		return false
	}
	for _, other := range a.grants {
		if other.ID != g.ID && adminGrant(other, now) && other.Subject.ID != g.Subject.ID && lastsAsLong(other, g) {
			return false
		}
	}
	return true
}

// heldUntil is when p's right to do action on target ends: ok is false when
// it does not end (a grant without expiry gives it, or p is System).
func heldUntil(p Principal, action Action, target Target, now time.Time) (until time.Time, ok bool) {
	if p.IsSystem() {
		return time.Time{}, false
	}
	for _, g := range p.Grants {
		if g.gives(action, target, now) {
			if g.ExpiresAt.IsZero() {
				return time.Time{}, false
			}
			if g.ExpiresAt.After(until) {
				until = g.ExpiresAt
			}
		}
	}
	return until, true
}

// lastsAsLong reports whether other is in force at least as long as g.
func lastsAsLong(other, g Grant) bool {
	return other.ExpiresAt.IsZero() || !g.ExpiresAt.IsZero() && !other.ExpiresAt.Before(g.ExpiresAt)
}

func adminGrant(g Grant, now time.Time) bool {
	return g.Role == RoleOrgAdmin && g.Scope.Kind == ScopeOrganization && g.Subject.Kind == SubjectAccount && g.ActiveAt(now)
}

func (a *Access) record(e domain.Event) {
	a.apply(e)
	a.Record(e)
}

func (a *Access) apply(e domain.Event) {
	switch e := e.(type) {
	case *RoleGranted:
		a.grants[e.ID] = e.Grant
		a.used[e.ID] = true
	case *RoleRevoked:
		delete(a.grants, e.GrantID)
	}
}

// LoadAccess rebuilds an organisation's Access from its stream; an empty
// history is a valid, empty Access.
func LoadAccess(orgID string, history []domain.Event) *Access {
	a := NewAccess(orgID)
	for _, e := range history {
		a.apply(e)
		a.Loaded()
	}
	return a
}
