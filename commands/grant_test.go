package commands_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/identity"
	"cronica/test/identitytest"
)

func account(id string) identity.Subject {
	return identity.Subject{Kind: identity.SubjectAccount, ID: id}
}

// adminGrantOf is the id of the org_admin grant the account holds.
func adminGrantOf(t *testing.T, b *bench, accountID string) string {
	t.Helper()
	for _, g := range identitytest.Principal(t, b, accountID).Grants {
		if g.Role == identity.RoleOrgAdmin {
			return g.ID
		}
	}
	t.Fatalf("account %s holds no org_admin grant", accountID)
	return ""
}

func TestGrantRole(t *testing.T) {
	b := identitytest.NewBench(t)
	org := identitytest.Seed(t, b, "Beneficiar")
	admin := identitytest.Principal(t, b, org.Admin.AccountID)
	member := identitytest.AddUser(t, b, org.OrgID, "Member", identity.RoleMember)

	res := must(b.IDs.GrantRole.Handle(ctx, identitytest.As(admin), commands.GrantRole{OrgID: org.OrgID, Subject: account(member.AccountID), Role: identity.RoleHRManager}))(t)
	access := identitytest.ReadStream(t, b, accessStream(org.OrgID))
	s := access[len(access)-1]
	wantMeta(t, s, admin.AccountID, org.OrgID)
	e := eventAs[*identity.RoleGranted](t, s)
	if e.ID != res.ID || e.Role != identity.RoleHRManager || e.Subject != account(member.AccountID) || e.GrantedBy != admin.AccountID ||
		e.Scope != (identity.Scope{Kind: identity.ScopeOrganization, OrgID: org.OrgID}) {
		t.Errorf("event %+v", e)
	}
	hr := identitytest.Principal(t, b, member.AccountID)
	must(b.IDs.RegisterPerson.Handle(ctx, identitytest.As(hr), commands.RegisterPerson{OrgID: org.OrgID, Details: identitytest.PersonDetails("Nou")}))(t)

	t.Run("project_scope", func(t *testing.T) {
		project := identitytest.Project(t, b, org.OrgID)
		res := must(b.IDs.GrantRole.Handle(ctx, identitytest.As(admin), commands.GrantRole{OrgID: org.OrgID, Subject: account(member.AccountID),
			Role: identity.RoleProjectManager, ProjectID: project}))(t)
		e := eventAs[*identity.RoleGranted](t, last(t, b, accessStream(org.OrgID), len(identitytest.ReadStream(t, b, accessStream(org.OrgID)))))
		if e.ID != res.ID || e.Scope != (identity.Scope{Kind: identity.ScopeProject, OrgID: org.OrgID, ProjectID: project}) {
			t.Errorf("event %+v", e)
		}
	})
	t.Run("self_escalation_refused", func(t *testing.T) {
		pmUser := identitytest.AddUser(t, b, org.OrgID, "Pm", identity.RoleProjectManager)
		pm := identitytest.Principal(t, b, pmUser.AccountID)
		for _, role := range []identity.Role{identity.RoleOrgAdmin, identity.RoleHRManager} {
			_, err := b.IDs.GrantRole.Handle(ctx, identitytest.As(pm), commands.GrantRole{OrgID: org.OrgID, Subject: account(pmUser.AccountID), Role: role})
			wantRule(t, err, "IDENTITY_ESCALATION")
		}
		m := identitytest.Principal(t, b, identitytest.AddUser(t, b, org.OrgID, "Plain", identity.RoleMember).AccountID)
		_, err := b.IDs.GrantRole.Handle(ctx, identitytest.As(m), commands.GrantRole{OrgID: org.OrgID, Subject: account(m.AccountID), Role: identity.RoleOrgAdmin})
		wantIs(t, err, domain.ErrForbidden)
	})
	t.Run("domain_rules", func(t *testing.T) {
		_, err := b.IDs.GrantRole.Handle(ctx, identitytest.As(admin), commands.GrantRole{OrgID: org.OrgID, Subject: account(member.AccountID), Role: identity.RoleAuditor})
		wantRule(t, err, "IDENTITY_AUDITOR_NEEDS_EXPIRY")
		_, err = b.IDs.GrantRole.Handle(ctx, identitytest.As(admin), commands.GrantRole{OrgID: org.OrgID, Subject: account(member.AccountID), Role: identity.RoleHRManager})
		wantRule(t, err, "IDENTITY_GRANT_EXISTS")
		_, err = b.IDs.GrantRole.Handle(ctx, identitytest.As(admin), commands.GrantRole{OrgID: org.OrgID, Subject: account(member.AccountID), Role: "owner"})
		wantRule(t, err, "IDENTITY_ROLE_UNKNOWN")
		must(b.IDs.GrantRole.Handle(ctx, identitytest.As(admin), commands.GrantRole{OrgID: org.OrgID, Subject: account(member.AccountID), Role: identity.RoleAuditor,
			ExpiresAt: b.Clock.Now().Add(24 * time.Hour)}))(t)
	})
	t.Run("subject_must_exist", func(t *testing.T) {
		_, err := b.IDs.GrantRole.Handle(ctx, identitytest.As(admin), commands.GrantRole{OrgID: org.OrgID, Subject: account("01950000-0000-7000-8000-000000000000"), Role: identity.RoleMember})
		wantIs(t, err, domain.ErrNotFound)
		other := identitytest.Seed(t, b, "Partener")
		foreign := must(b.IDs.CreateGroup.Handle(ctx, identitytest.AsSystem(), commands.CreateGroup{OrgID: other.OrgID, Name: "Lor"}))(t)
		_, err = b.IDs.GrantRole.Handle(ctx, identitytest.As(admin), commands.GrantRole{OrgID: org.OrgID,
			Subject: identity.Subject{Kind: identity.SubjectGroup, ID: foreign.ID}, Role: identity.RoleMember})
		wantIs(t, err, domain.ErrNotFound)
		own := must(b.IDs.CreateGroup.Handle(ctx, identitytest.As(admin), commands.CreateGroup{OrgID: org.OrgID, Name: "Noi"}))(t)
		must(b.IDs.GrantRole.Handle(ctx, identitytest.As(admin), commands.GrantRole{OrgID: org.OrgID,
			Subject: identity.Subject{Kind: identity.SubjectGroup, ID: own.ID}, Role: identity.RoleFinancialOfficer}))(t)
		// An account of a partner organisation may be given a role here.
		must(b.IDs.GrantRole.Handle(ctx, identitytest.As(admin), commands.GrantRole{OrgID: org.OrgID, Subject: account(other.Admin.AccountID), Role: identity.RoleMember}))(t)
	})
}

func TestRevokeRole(t *testing.T) {
	b := identitytest.NewBench(t)
	org := identitytest.Seed(t, b, "Beneficiar")
	admin := identitytest.Principal(t, b, org.Admin.AccountID)
	member := identitytest.AddUser(t, b, org.OrgID, "Member", identity.RoleMember)
	hrGrant := identitytest.Grant(t, b, org.OrgID, member.AccountID, identity.RoleHRManager, "")

	res := must(b.IDs.RevokeRole.Handle(ctx, identitytest.As(admin), commands.RevokeRole{OrgID: org.OrgID, GrantID: hrGrant, Reason: "changed jobs"}))(t)
	if res.ID != hrGrant {
		t.Fatalf("result %+v", res)
	}
	access := identitytest.ReadStream(t, b, accessStream(org.OrgID))
	s := access[len(access)-1]
	wantMeta(t, s, admin.AccountID, org.OrgID)
	if e := eventAs[*identity.RoleRevoked](t, s); e.GrantID != hrGrant || e.RevokedBy != admin.AccountID || e.Reason != "changed jobs" {
		t.Errorf("event %+v", e)
	}
	_, err := b.IDs.RevokeRole.Handle(ctx, identitytest.As(admin), commands.RevokeRole{OrgID: org.OrgID, GrantID: hrGrant})
	wantIs(t, err, domain.ErrNotFound)

	t.Run("member_forbidden", func(t *testing.T) {
		m := identitytest.Principal(t, b, member.AccountID)
		_, err := b.IDs.RevokeRole.Handle(ctx, identitytest.As(m), commands.RevokeRole{OrgID: org.OrgID, GrantID: adminGrantOf(t, b, admin.AccountID)})
		wantIs(t, err, domain.ErrForbidden)
		_, err = b.IDs.RevokeRole.Handle(ctx, identitytest.As(m), commands.RevokeRole{OrgID: org.OrgID, GrantID: uuid.Must(uuid.NewV7()).String()})
		wantIs(t, err, domain.ErrForbidden) // a member cannot tell which grants exist
	})
	t.Run("last_admin_refused", func(t *testing.T) {
		_, err := b.IDs.RevokeRole.Handle(ctx, identitytest.As(admin), commands.RevokeRole{OrgID: org.OrgID, GrantID: adminGrantOf(t, b, admin.AccountID)})
		wantRule(t, err, "IDENTITY_LAST_ADMIN")
	})
	t.Run("disabled_admins_do_not_count", func(t *testing.T) {
		o := identitytest.Seed(t, b, "Doi admini")
		first := identitytest.Principal(t, b, o.Admin.AccountID)
		second := identitytest.AddUser(t, b, o.OrgID, "Second", identity.RoleOrgAdmin)
		must(b.IDs.DisableAccount.Handle(ctx, identitytest.As(first), commands.DisableAccount{AccountID: second.AccountID}))(t)
		_, err := b.IDs.RevokeRole.Handle(ctx, identitytest.As(first), commands.RevokeRole{OrgID: o.OrgID, GrantID: adminGrantOf(t, b, first.AccountID)})
		wantRule(t, err, "IDENTITY_LAST_ADMIN")
		// The disabled admin's own grant may go.
		must(b.IDs.RevokeRole.Handle(ctx, identitytest.As(first), commands.RevokeRole{OrgID: o.OrgID, GrantID: adminGrantOf(t, b, second.AccountID)}))(t)
	})
	t.Run("project_manager_in_their_project", func(t *testing.T) {
		project := identitytest.Project(t, b, org.OrgID)
		pmUser := identitytest.AddUser(t, b, org.OrgID, "Pm", "")
		identitytest.Grant(t, b, org.OrgID, pmUser.AccountID, identity.RoleProjectManager, project)
		pm := identitytest.Principal(t, b, pmUser.AccountID)
		g := must(b.IDs.GrantRole.Handle(ctx, identitytest.As(pm), commands.GrantRole{OrgID: org.OrgID, Subject: account(member.AccountID),
			Role: identity.RoleMember, ProjectID: project}))(t)
		must(b.IDs.RevokeRole.Handle(ctx, identitytest.As(pm), commands.RevokeRole{OrgID: org.OrgID, GrantID: g.ID}))(t)
		// Nothing outside the project.
		_, err := b.IDs.GrantRole.Handle(ctx, identitytest.As(pm), commands.GrantRole{OrgID: org.OrgID, Subject: account(member.AccountID), Role: identity.RoleMember})
		wantIs(t, err, domain.ErrForbidden)
		_, err = b.IDs.RevokeRole.Handle(ctx, identitytest.As(pm), commands.RevokeRole{OrgID: org.OrgID, GrantID: adminGrantOf(t, b, admin.AccountID)})
		wantIs(t, err, domain.ErrForbidden)
	})
}
