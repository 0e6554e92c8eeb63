package identity

import "time"

// SubjectKind says who holds a grant.
type SubjectKind string

// The subjects a grant can name: an account, a group (every member), or a
// work contract (whoever holds it; contracts arrive with the Time issue).
const (
	SubjectAccount  SubjectKind = "account"
	SubjectGroup    SubjectKind = "group"
	SubjectContract SubjectKind = "contract"
)

// Subject is the holder of a grant.
type Subject struct {
	Kind SubjectKind `json:"kind"`
	ID   string      `json:"id"`
}

// ScopeKind says where a grant applies.
type ScopeKind string

// A grant applies to a whole organisation or to one of its projects.
const (
	ScopeOrganization ScopeKind = "organization"
	ScopeProject      ScopeKind = "project"
)

// Scope is where a grant applies. OrgID is always set; ProjectID only for
// project scopes.
type Scope struct {
	Kind      ScopeKind `json:"kind"`
	OrgID     string    `json:"org_id"`
	ProjectID string    `json:"project_id,omitempty"`
}

// Covers reports whether the scope includes target.
func (s Scope) Covers(t Target) bool {
	if s.OrgID != t.OrgID {
		return false
	}
	return s.Kind == ScopeOrganization || (t.ProjectID != "" && s.ProjectID == t.ProjectID)
}

// Grant is a role held by a subject in a scope, from NotBefore (zero: at
// once) until ExpiresAt (zero: no expiry).
type Grant struct {
	ID        string    `json:"grant_id"`
	Subject   Subject   `json:"subject"`
	Role      Role      `json:"role"`
	Scope     Scope     `json:"scope"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	// NotBefore is set only where a principal holds the grant through a
	// work contract: the role applies from the contract's start (and ends
	// with it, through ExpiresAt). Grants as recorded never carry it.
	NotBefore time.Time `json:"not_before,omitzero"`
	GrantedBy string    `json:"granted_by"`
	GrantedAt time.Time `json:"granted_at"`
}

// ActiveAt reports whether g is in force at now.
func (g Grant) ActiveAt(now time.Time) bool {
	return (g.NotBefore.IsZero() || !now.Before(g.NotBefore)) && (g.ExpiresAt.IsZero() || now.Before(g.ExpiresAt))
}

// gives reports whether g, at now, allows action on target.
func (g Grant) gives(action Action, target Target, now time.Time) bool {
	if !g.ActiveAt(now) || !g.Scope.Covers(target) || !g.Role.Allows(action) {
		return false
	}
	if g.Scope.Kind == ScopeProject {
		for _, a := range orgOnly {
			if a == action {
				return false
			}
		}
	}
	return true
}
