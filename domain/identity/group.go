package identity

import (
	"fmt"
	"slices"

	"cronica/domain"
)

// Group is a named set of accounts of one organisation; a grant to a group
// applies to each member.
type Group struct {
	domain.Root
	id, orgID, name string
	members         []string
}

// Readers.
func (g *Group) ID() string        { return g.id }
func (g *Group) OrgID() string     { return g.orgID }
func (g *Group) Name() string      { return g.name }
func (g *Group) Members() []string { return slices.Clone(g.members) }

// CreateGroup starts a group.
func CreateGroup(id, orgID, name string) (*Group, error) {
	if !ValidID(id) || !ValidID(orgID) {
		return nil, fmt.Errorf("identity: create group: ids %q, %q are not uuids", id, orgID)
	}
	n, err := text("name", name, true, 100)
	if err != nil {
		return nil, err
	}
	g := &Group{Root: domain.NewRoot()}
	g.record(&GroupCreated{GroupID: id, OrgID: orgID, Name: n})
	return g, nil
}

// Rename renames the group.
func (g *Group) Rename(name string) error {
	n, err := text("name", name, true, 100)
	if err != nil {
		return err
	}
	if n != g.name {
		g.record(&GroupRenamed{GroupID: g.id, OrgID: g.orgID, Name: n})
	}
	return nil
}

// AddMember adds account (of organisation accountOrgID) to the group: only
// accounts of the group's own organisation may join. Adding a member twice
// records nothing.
func (g *Group) AddMember(accountID, accountOrgID string) error {
	if accountOrgID != g.orgID {
		return domain.Rule("IDENTITY_MEMBER_OTHER_ORG", "only accounts of the group's organisation can join it",
			"doar conturile organizației grupului pot face parte din el", map[string]any{"account_id": accountID})
	}
	if !slices.Contains(g.members, accountID) {
		g.record(&GroupMemberAdded{GroupID: g.id, OrgID: g.orgID, AccountID: accountID})
	}
	return nil
}

// RemoveMember removes account from the group; a non-member is a rule error.
func (g *Group) RemoveMember(accountID string) error {
	if !slices.Contains(g.members, accountID) {
		return domain.Rule("IDENTITY_NOT_A_MEMBER", "the account is not a member of the group", "contul nu face parte din grup",
			map[string]any{"account_id": accountID})
	}
	g.record(&GroupMemberRemoved{GroupID: g.id, OrgID: g.orgID, AccountID: accountID})
	return nil
}

func (g *Group) record(e domain.Event) {
	g.apply(e)
	g.Record(e)
}

func (g *Group) apply(e domain.Event) {
	switch e := e.(type) {
	case *GroupCreated:
		g.id, g.orgID, g.name = e.GroupID, e.OrgID, e.Name
	case *GroupRenamed:
		g.name = e.Name
	case *GroupMemberAdded:
		g.members = append(g.members, e.AccountID)
	case *GroupMemberRemoved:
		g.members = slices.DeleteFunc(g.members, func(m string) bool { return m == e.AccountID })
	}
}

// LoadGroup rebuilds a group from its stream; an empty history is
// domain.ErrNotFound.
func LoadGroup(history []domain.Event) (*Group, error) {
	if len(history) == 0 {
		return nil, domain.ErrNotFound
	}
	g := &Group{Root: domain.NewRoot()}
	for _, e := range history {
		g.apply(e)
		g.Loaded()
	}
	return g, nil
}
