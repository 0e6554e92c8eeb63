package commands_test

import (
	"testing"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/identity"
	"cronica/test/identitytest"
)

func TestGroups(t *testing.T) {
	b := identitytest.NewBench(t)
	org := identitytest.Seed(t, b, "Beneficiar")
	admin := identitytest.Principal(t, b, org.Admin.AccountID)
	member := identitytest.AddUser(t, b, org.OrgID, "Member", identity.RoleMember)

	g := must(b.IDs.CreateGroup.Handle(ctx, identitytest.As(admin), commands.CreateGroup{OrgID: org.OrgID, Name: "Echipa WP2"}))(t)
	s := last(t, b, groupStream(g.ID), 1)
	wantMeta(t, s, admin.AccountID, org.OrgID)
	if e := eventAs[*identity.GroupCreated](t, s); e.GroupID != g.ID || e.OrgID != org.OrgID || e.Name != "Echipa WP2" {
		t.Errorf("event %+v", e)
	}
	must(b.IDs.RenameGroup.Handle(ctx, identitytest.As(admin), commands.RenameGroup{GroupID: g.ID, Name: "Echipa WP3"}))(t)
	if e := eventAs[*identity.GroupRenamed](t, last(t, b, groupStream(g.ID), 2)); e.Name != "Echipa WP3" {
		t.Errorf("event %+v", e)
	}
	must(b.IDs.AddGroupMember.Handle(ctx, identitytest.As(admin), commands.AddGroupMember{GroupID: g.ID, AccountID: member.AccountID}))(t)
	s = last(t, b, groupStream(g.ID), 3)
	wantMeta(t, s, admin.AccountID, org.OrgID)
	if e := eventAs[*identity.GroupMemberAdded](t, s); e.AccountID != member.AccountID {
		t.Errorf("event %+v", e)
	}
	must(b.IDs.AddGroupMember.Handle(ctx, identitytest.As(admin), commands.AddGroupMember{GroupID: g.ID, AccountID: member.AccountID}))(t)
	last(t, b, groupStream(g.ID), 3) // adding twice records nothing
	must(b.IDs.RemoveGroupMember.Handle(ctx, identitytest.As(admin), commands.RemoveGroupMember{GroupID: g.ID, AccountID: member.AccountID}))(t)
	if e := eventAs[*identity.GroupMemberRemoved](t, last(t, b, groupStream(g.ID), 4)); e.AccountID != member.AccountID {
		t.Errorf("event %+v", e)
	}
	_, err := b.IDs.RemoveGroupMember.Handle(ctx, identitytest.As(admin), commands.RemoveGroupMember{GroupID: g.ID, AccountID: member.AccountID})
	wantRule(t, err, "IDENTITY_NOT_A_MEMBER")

	t.Run("member_forbidden", func(t *testing.T) {
		m := identitytest.Principal(t, b, member.AccountID)
		_, err := b.IDs.CreateGroup.Handle(ctx, identitytest.As(m), commands.CreateGroup{OrgID: org.OrgID, Name: "Mine"})
		wantIs(t, err, domain.ErrForbidden)
		_, err = b.IDs.AddGroupMember.Handle(ctx, identitytest.As(m), commands.AddGroupMember{GroupID: g.ID, AccountID: member.AccountID})
		wantIs(t, err, domain.ErrForbidden)
	})
	t.Run("account_of_another_organization", func(t *testing.T) {
		other := identitytest.Seed(t, b, "Partener")
		// The admin holds no grant there: the account does not exist for them.
		_, err := b.IDs.AddGroupMember.Handle(ctx, identitytest.As(admin), commands.AddGroupMember{GroupID: g.ID, AccountID: other.Admin.AccountID})
		wantIs(t, err, domain.ErrNotFound)
		// Whoever sees both organisations is told the rule.
		_, err = b.IDs.AddGroupMember.Handle(ctx, identitytest.AsSystem(), commands.AddGroupMember{GroupID: g.ID, AccountID: other.Admin.AccountID})
		wantRule(t, err, "IDENTITY_MEMBER_OTHER_ORG")
	})
	t.Run("unknown_account", func(t *testing.T) {
		_, err := b.IDs.AddGroupMember.Handle(ctx, identitytest.As(admin), commands.AddGroupMember{GroupID: g.ID, AccountID: "01950000-0000-7000-8000-000000000000"})
		wantIs(t, err, domain.ErrNotFound)
	})
}
