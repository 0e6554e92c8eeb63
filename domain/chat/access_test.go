package chat_test

import (
	"errors"
	"testing"
	"time"

	"cronica/domain"
	"cronica/domain/chat"
	"cronica/domain/identity"
)

var now = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

func principal(account string, grants ...identity.Grant) identity.Principal {
	return identity.Principal{AccountID: account, OrgID: org, Active: true, Grants: grants}
}

func grant(account string, role identity.Role, project string) identity.Grant {
	scope := identity.Scope{Kind: identity.ScopeOrganization, OrgID: org}
	if project != "" {
		scope = identity.Scope{Kind: identity.ScopeProject, OrgID: org, ProjectID: project}
	}
	g := identity.Grant{ID: account, Subject: identity.Subject{Kind: identity.SubjectAccount, ID: account}, Role: role, Scope: scope}
	if role == identity.RoleAuditor {
		g.ExpiresAt = now.Add(24 * time.Hour)
	}
	return g
}

func TestMay(t *testing.T) {
	const other = "50000000-0000-4000-8000-000000000002"
	member := principal(accAna, grant(accAna, identity.RoleMember, ""))
	projectOnly := principal(accBob, grant(accBob, identity.RoleMember, proj))
	auditor := principal(accCleo, grant(accCleo, identity.RoleMember, ""), grant(accCleo, identity.RoleAuditor, ""))
	admin := principal(accCleo, grant(accCleo, identity.RoleOrgAdmin, ""))
	foreign := identity.Principal{AccountID: accBob, Active: true, Grants: []identity.Grant{{ID: "g", Role: identity.RoleOrgAdmin,
		Subject: identity.Subject{Kind: identity.SubjectAccount, ID: accBob}, Scope: identity.Scope{Kind: identity.ScopeOrganization, OrgID: chan2}}}}
	projectCh := chat.Access{OrgID: org, Kind: chat.KindProject, ProjectID: proj}
	tests := []struct {
		name   string
		p      identity.Principal
		action identity.Action
		a      chat.Access
		want   error
	}{
		{name: "member_reads_project_channel", p: member, action: identity.ActChatRead, a: projectCh},
		{name: "member_writes_project_channel", p: member, action: identity.ActChatWrite, a: projectCh},
		{name: "member_does_not_manage", p: member, action: identity.ActChatManage, a: projectCh, want: domain.ErrForbidden},
		{name: "project_grant_reads_its_project", p: projectOnly, action: identity.ActChatRead, a: projectCh},
		{name: "project_grant_not_another_project", p: projectOnly, action: identity.ActChatRead,
			a: chat.Access{OrgID: org, Kind: chat.KindProject, ProjectID: other}, want: domain.ErrNotFound},
		{name: "custom_member", p: member, action: identity.ActChatWrite, a: chat.Access{OrgID: org, Kind: chat.KindCustom, Member: true}},
		{name: "custom_non_member", p: member, action: identity.ActChatRead, a: chat.Access{OrgID: org, Kind: chat.KindCustom}, want: domain.ErrNotFound},
		{name: "admin_non_member_of_direct", p: admin, action: identity.ActChatRead, a: chat.Access{OrgID: org, Kind: chat.KindDirect}, want: domain.ErrNotFound},
		{name: "group_member", p: member, action: identity.ActChatRead, a: chat.Access{OrgID: org, Kind: chat.KindGroup, Member: true}},
		{name: "group_member_with_project_grant_only", p: projectOnly, action: identity.ActChatRead, a: chat.Access{OrgID: org, Kind: chat.KindGroup, Member: true},
			want: domain.ErrNotFound},
		{name: "auditor_does_not_read_chat", p: auditor, action: identity.ActChatRead, a: projectCh, want: domain.ErrNotFound},
		{name: "auditor_member_of_custom", p: auditor, action: identity.ActChatRead, a: chat.Access{OrgID: org, Kind: chat.KindCustom, Member: true},
			want: domain.ErrNotFound},
		{name: "other_organisation", p: foreign, action: identity.ActChatRead, a: projectCh, want: domain.ErrNotFound},
		{name: "system", p: identity.System(), action: identity.ActChatManage, a: chat.Access{OrgID: org, Kind: chat.KindDirect}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := chat.May(tc.p, tc.action, tc.a, now)
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("May: %v, want %v", err, tc.want)
			}
		})
	}
}

func TestAccessOf(t *testing.T) {
	c := channel(t, customCreated())
	if a := c.AccessOf(accBob, false); !a.Member || a.Kind != chat.KindCustom || a.OrgID != org {
		t.Errorf("bob in his custom channel: %+v", a)
	}
	if a := c.AccessOf(accCleo, true); a.Member {
		t.Errorf("cleo is no member of the custom channel, whatever the group: %+v", a)
	}
	g := channel(t, &chat.ChannelCreated{ChannelID: chanID, OrgID: org, Kind: chat.KindGroup, GroupID: group, CreatedBy: accAna})
	if a := g.AccessOf(accCleo, true); !a.Member {
		t.Errorf("a group member: %+v", a)
	}
	p := channel(t, projectCreated())
	if a := p.AccessOf(accCleo, true); a.Member || a.ProjectID != proj {
		t.Errorf("a project channel: %+v", a)
	}
}
