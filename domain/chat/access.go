package chat

import (
	"fmt"
	"time"

	"cronica/domain"
	"cronica/domain/identity"
)

// Access is what deciding whether someone reads a channel needs: the
// channel's organisation, kind and project, and whether the caller is a
// member where membership counts (of the group for a group channel, of the
// channel for a direct or custom one).
type Access struct {
	OrgID     string
	Kind      Kind
	ProjectID string
	Member    bool
}

// MayRead is the one rule of who reads a channel, shared by the commands,
// the read API, the realtime topic and search: a project channel needs
// chat.read on its project; the others need chat.read in the organisation
// and membership. Any refusal is domain.ErrNotFound, so a channel one may
// not read is not told from one that does not exist.
func MayRead(p identity.Principal, a Access, now time.Time) error {
	return May(p, identity.ActChatRead, a, now)
}

// May says whether p may do action (chat.read, chat.write, chat.manage) in
// a channel: reading it is needed first (refused with domain.ErrNotFound),
// then the action on the channel's project or organisation (refused with
// domain.ErrForbidden). Auditors hold no chat action, so they are refused
// everywhere.
func May(p identity.Principal, action identity.Action, a Access, now time.Time) error {
	if p.IsSystem() {
		return nil
	}
	target := identity.Target{OrgID: a.OrgID}
	if a.Kind == KindProject {
		target.ProjectID = a.ProjectID
	} else if !a.Member {
		return fmt.Errorf("chat: not a member of the channel: %w", domain.ErrNotFound)
	}
	if err := identity.Authorize(p, identity.ActChatRead, target, now); err != nil {
		return fmt.Errorf("chat: %s: %w", identity.ActChatRead, domain.ErrNotFound)
	}
	if action == identity.ActChatRead {
		return nil
	}
	if err := identity.Authorize(p, action, target, now); err != nil {
		return fmt.Errorf("chat: %s: %w", action, domain.ErrForbidden)
	}
	return nil
}

// AccessOf is the Access of ch for account, given whether account is a
// member of ch's group (ignored for other kinds).
func (c *Channel) AccessOf(account string, groupMember bool) Access {
	a := Access{OrgID: c.orgID, Kind: c.kind, ProjectID: c.projectID}
	switch c.kind {
	case KindGroup:
		a.Member = groupMember
	case KindDirect, KindCustom:
		a.Member = c.IsMember(account)
	}
	return a
}
