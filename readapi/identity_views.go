package readapi

import (
	"time"

	"cronica/domain/identity"
	"cronica/projections/identityview"
)

// Page is one keyset page of an Identity list, in id order.
type Page[T any] struct {
	Items []T `json:"items"`
	// NextCursor fetches the next page (cursor=...); null on the last page.
	NextCursor *string `json:"next_cursor"`
}

// Me is GET /api/v1/me: who the caller is and what they hold.
type Me struct {
	Account      identityview.AccountView      `json:"account"`
	Person       identityview.PersonView       `json:"person"`
	Organization identityview.OrganizationView `json:"organization"`
	// Grants are the grants in force now that apply to the caller: their
	// account's own and their groups', in any organisation, in grant id
	// order.
	Grants []GrantView `json:"grants"`
}

// APITokens is GET /api/v1/account/tokens: every API token of the
// caller's account, revoked and expired ones included, in token id order,
// never a hash.
type APITokens struct {
	Items []identityview.APITokenView `json:"items"`
}

// GrantView is a grant as the API shows it.
type GrantView struct {
	GrantID   string      `json:"grant_id"`
	OrgID     string      `json:"org_id"`
	Subject   SubjectView `json:"subject"`
	Role      string      `json:"role"`
	Scope     string      `json:"scope"`                // "organization" or "project"
	ProjectID string      `json:"project_id,omitempty"` // project scopes only
	ExpiresAt time.Time   `json:"expires_at,omitzero"`
	// NotBefore: held through a work contract, from its first day.
	NotBefore time.Time `json:"not_before,omitzero"`
	// Active: in force at the time of the read (started, not expired).
	Active    bool      `json:"active"`
	GrantedBy string    `json:"granted_by"`
	GrantedAt time.Time `json:"granted_at"`
}

// SubjectView is who holds a grant.
type SubjectView struct {
	Kind string `json:"kind"` // "account", "group" or "contract"
	ID   string `json:"id"`
}

// GroupMember is an account in a group, as colleagues see it: none of the
// account's sign-in state (failed logins, lockout), which only
// accounts.manage shows.
type GroupMember struct {
	AccountID string `json:"account_id"`
	PersonID  string `json:"person_id"`
	Email     string `json:"email"`
	Enabled   bool   `json:"enabled"`
}

func grantView(g identity.Grant, now time.Time) GrantView {
	return GrantView{
		GrantID: g.ID, OrgID: g.Scope.OrgID,
		Subject: SubjectView{Kind: string(g.Subject.Kind), ID: g.Subject.ID},
		Role:    string(g.Role), Scope: string(g.Scope.Kind), ProjectID: g.Scope.ProjectID,
		ExpiresAt: g.ExpiresAt.UTC(), NotBefore: g.NotBefore.UTC(), Active: g.ActiveAt(now),
		GrantedBy: g.GrantedBy, GrantedAt: g.GrantedAt.UTC(),
	}
}

func groupMember(a identityview.AccountView) GroupMember {
	return GroupMember{AccountID: a.AccountID, PersonID: a.PersonID, Email: a.Email, Enabled: a.Enabled}
}

// pageOf maps an identityview page to the API's, with an opaque cursor.
func pageOf[T, V any](p identityview.Page[T], view func(T) V) Page[V] {
	out := Page[V]{Items: make([]V, 0, len(p.Items))}
	for _, item := range p.Items {
		out.Items = append(out.Items, view(item))
	}
	if p.Next != "" {
		next := encodeIDCursor(p.Next)
		out.NextCursor = &next
	}
	return out
}

func same[T any](v T) T { return v }
