package realtime

import (
	"context"
	"time"

	"cronica/domain"
	"cronica/domain/identity"
)

// OrgRules say which events an organisation's topic carries and what a
// viewer needs to see each: an event whose stream category is a key of
// Categories (and whose organisation is the topic's) belongs to the topic;
// a viewer sees it with any one of the actions that Types names for its
// type, or else Categories for its category. Following the topic at all
// needs org.read.
type OrgRules struct {
	Categories map[string][]identity.Action
	Types      map[string][]identity.Action
}

// IdentityOrgRules are the Identity events of an organisation, each visible
// to those who may read it through the read API: the organisation and its
// groups with org.read, people and group members with people.read, accounts
// with accounts.manage, grants with grants.manage or audit.read.
func IdentityOrgRules() OrgRules {
	return OrgRules{
		Categories: map[string][]identity.Action{
			identity.CategoryOrganization: {identity.ActOrgRead},
			identity.CategoryGroup:        {identity.ActOrgRead},
			identity.CategoryPerson:       {identity.ActPeopleRead},
			identity.CategoryAccount:      {identity.ActAccountsManage},
			identity.CategoryAccess:       {identity.ActGrantsManage, identity.ActAuditRead},
		},
		Types: map[string][]identity.Action{
			identity.TypeGroupMemberAdded:   {identity.ActPeopleRead},
			identity.TypeGroupMemberRemoved: {identity.ActPeopleRead},
		},
	}
}

// OrgKind is the "org:<id>" topics: the changes of one organisation that
// rules select.
func OrgKind(rules OrgRules) Kind { return orgKind{rules: rules} }

type orgKind struct{ rules OrgRules }

func (orgKind) Name() string { return "org" }

func (k orgKind) Resolve(_ context.Context, _ Viewer, id string) (Route, error) {
	if !domain.ValidID(id) {
		return Route{}, ErrUnknownTopic
	}
	return Route{Key: id, Access: orgAccess{orgID: id, rules: k.rules}}, nil
}

func (k orgKind) Match(_ context.Context, c *Change) ([]string, error) {
	if _, ok := k.rules.Categories[c.Category()]; !ok {
		return nil, nil
	}
	if org := c.OrgID(); org != "" {
		return []string{org}, nil
	}
	return nil, nil
}

type orgAccess struct {
	orgID string
	rules OrgRules
}

func (a orgAccess) Allowed(v Viewer, now time.Time) error {
	return identity.Authorize(v.Principal, identity.ActOrgRead, identity.Target{OrgID: a.orgID}, now)
}

func (a orgAccess) Shows(v Viewer, c *Change, now time.Time) bool {
	actions, ok := a.rules.Types[c.Event.Type]
	if !ok {
		actions = a.rules.Categories[c.Category()]
	}
	for _, act := range actions {
		if identity.Authorize(v.Principal, act, identity.Target{OrgID: a.orgID}, now) == nil {
			return true
		}
	}
	return false
}
