package realtime

import (
	"cronica/domain/identity"
)

// Effect is what one event may change about live sessions: whose viewer
// (grants, enabled state) must be resolved again, and whose credential
// (session, API token) checked again.
type Effect struct {
	// Refresh: the accounts whose viewers are resolved again.
	Refresh []string
	// RefreshGrant: every session whose viewer holds this grant is
	// resolved again (a revoked grant: its holders, through groups too).
	RefreshGrant string
	// RefreshOrg: every session whose viewer holds a grant in this
	// organisation is resolved again (a grant to a group, whose members
	// the hub does not know).
	RefreshOrg string
	// Recheck: the accounts whose sessions' credentials are checked again.
	Recheck []string
}

// empty reports whether e changes nothing.
func (e Effect) empty() bool {
	return len(e.Refresh) == 0 && e.RefreshGrant == "" && e.RefreshOrg == "" && len(e.Recheck) == 0
}

// Effects maps an event to its Effect. It must be pure.
type Effects func(c *Change) Effect

// IdentityEffects is the Effects of the Identity events: grants given and
// revoked, group memberships, accounts enabled and disabled change what a
// viewer may read; sign-outs, password changes and resets, token
// revocations and disabling end credentials. A context whose events change
// permissions too wraps it (cmd/cronica's realtimeEffects adds the work
// contracts').
func IdentityEffects(c *Change) Effect {
	account, _ := c.String("account_id")
	switch c.Event.Type {
	case identity.TypeRoleGranted:
		var s identity.Subject
		if !c.Object("subject", &s) {
			return Effect{}
		}
		if s.Kind == identity.SubjectAccount {
			return Effect{Refresh: []string{s.ID}}
		}
		return Effect{RefreshOrg: c.OrgID()}
	case identity.TypeRoleRevoked:
		grant, _ := c.String("grant_id")
		return Effect{RefreshGrant: grant}
	case identity.TypeGroupMemberAdded, identity.TypeGroupMemberRemoved, identity.TypeAccountEnabled:
		return Effect{Refresh: nonEmpty(account)}
	case identity.TypeAccountDisabled:
		return Effect{Refresh: nonEmpty(account), Recheck: nonEmpty(account)}
	case identity.TypeAccountLoggedOut, identity.TypeAccountPasswordChanged, identity.TypePasswordReset,
		identity.TypeAPITokenRevoked:
		return Effect{Recheck: nonEmpty(account)}
	}
	return Effect{}
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
