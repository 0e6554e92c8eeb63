package commands_test

import (
	"context"
	"errors"
	"testing"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/test/identitytest"
)

// Every handler that acts on an organisation's resources, called by p on
// organisation org's resources.
func resourceCalls(ids *commands.Identity, org seededOrg, member user, groupID, tokenID, grantID, tokenHash string) map[string]func(context.Context, commands.Meta) error {
	discard := func(_ commands.Result, err error) error { return err }
	return map[string]func(context.Context, commands.Meta) error{
		"change_organization_details": func(c context.Context, m commands.Meta) error {
			return discard(ids.ChangeOrganizationDetails.Handle(c, m, commands.ChangeOrganizationDetails{OrgID: org.OrgID, Details: identitytest.OrgDetails("Taken")}))
		},
		"register_person": func(c context.Context, m commands.Meta) error {
			return discard(ids.RegisterPerson.Handle(c, m, commands.RegisterPerson{OrgID: org.OrgID, Details: identitytest.PersonDetails("Spy")}))
		},
		"change_person_details": func(c context.Context, m commands.Meta) error {
			return discard(ids.ChangePersonDetails.Handle(c, m, commands.ChangePersonDetails{PersonID: member.PersonID, Details: identitytest.PersonDetails("Spy")}))
		},
		"create_account": func(c context.Context, m commands.Meta) error {
			return discard(ids.CreateAccount.Handle(c, m, commands.CreateAccount{OrgID: org.OrgID, PersonID: member.PersonID,
				Email: identitytest.UniqueEmail("spy"), PasswordHash: identitytest.PasswordHash}))
		},
		"disable_account": func(c context.Context, m commands.Meta) error {
			return discard(ids.DisableAccount.Handle(c, m, commands.DisableAccount{AccountID: member.AccountID}))
		},
		"enable_account": func(c context.Context, m commands.Meta) error {
			return discard(ids.EnableAccount.Handle(c, m, commands.EnableAccount{AccountID: member.AccountID}))
		},
		"change_password": func(c context.Context, m commands.Meta) error {
			return discard(ids.ChangePassword.Handle(c, m, commands.ChangePassword{AccountID: member.AccountID, PasswordHash: identitytest.PasswordHash}))
		},
		"record_login_succeeded": func(c context.Context, m commands.Meta) error {
			return discard(ids.RecordLoginSucceeded.Handle(c, m, commands.RecordLoginSucceeded{AccountID: member.AccountID}))
		},
		"record_login_failed": func(c context.Context, m commands.Meta) error {
			return discard(ids.RecordLoginFailed.Handle(c, m, commands.RecordLoginFailed{AccountID: member.AccountID, Reason: commands.LoginFailedWrongPassword}))
		},
		"record_logout": func(c context.Context, m commands.Meta) error {
			return discard(ids.RecordLogout.Handle(c, m, commands.RecordLogout{AccountID: member.AccountID}))
		},
		"issue_api_token": func(c context.Context, m commands.Meta) error {
			_, err := ids.IssueAPIToken.Handle(c, m, commands.IssueAPIToken{AccountID: member.AccountID, Name: "spy", TokenHash: tokenHash})
			return err
		},
		"revoke_api_token": func(c context.Context, m commands.Meta) error {
			return discard(ids.RevokeAPIToken.Handle(c, m, commands.RevokeAPIToken{AccountID: member.AccountID, TokenID: tokenID}))
		},
		"create_group": func(c context.Context, m commands.Meta) error {
			return discard(ids.CreateGroup.Handle(c, m, commands.CreateGroup{OrgID: org.OrgID, Name: "Spies"}))
		},
		"rename_group": func(c context.Context, m commands.Meta) error {
			return discard(ids.RenameGroup.Handle(c, m, commands.RenameGroup{GroupID: groupID, Name: "Spies"}))
		},
		"add_group_member": func(c context.Context, m commands.Meta) error {
			return discard(ids.AddGroupMember.Handle(c, m, commands.AddGroupMember{GroupID: groupID, AccountID: member.AccountID}))
		},
		"remove_group_member": func(c context.Context, m commands.Meta) error {
			return discard(ids.RemoveGroupMember.Handle(c, m, commands.RemoveGroupMember{GroupID: groupID, AccountID: member.AccountID}))
		},
		"grant_role": func(c context.Context, m commands.Meta) error {
			return discard(ids.GrantRole.Handle(c, m, commands.GrantRole{OrgID: org.OrgID, Subject: account(member.AccountID), Role: identity.RoleHRManager}))
		},
		"revoke_role": func(c context.Context, m commands.Meta) error {
			return discard(ids.RevokeRole.Handle(c, m, commands.RevokeRole{OrgID: org.OrgID, GrantID: grantID}))
		},
	}
}

// An administrator of another organisation is told that every resource of
// this one does not exist; a member of this one without the rights is
// forbidden; neither writes anything.
func TestOtherCallersRefused(t *testing.T) {
	b := identitytest.NewBench(t)
	org := identitytest.Seed(t, b, "Beneficiar")
	admin := identitytest.Principal(t, b, org.Admin.AccountID)
	member := identitytest.AddUser(t, b, org.OrgID, "Member", identity.RoleMember)
	group := must(b.IDs.CreateGroup.Handle(ctx, identitytest.As(admin), commands.CreateGroup{OrgID: org.OrgID, Name: "WP1"}))(t)
	must(b.IDs.AddGroupMember.Handle(ctx, identitytest.As(admin), commands.AddGroupMember{GroupID: group.ID, AccountID: member.AccountID}))(t)
	_, hash := identitytest.NewToken(t)
	token := must(b.IDs.IssueAPIToken.Handle(ctx, identitytest.As(admin), commands.IssueAPIToken{AccountID: member.AccountID, Name: "ci", TokenHash: hash}))(t)
	grantID := identitytest.Grant(t, b, org.OrgID, member.AccountID, identity.RoleFinancialOfficer, "")

	outsider := identitytest.Principal(t, b, identitytest.Seed(t, b, "Alta").Admin.AccountID)
	insider := identitytest.Principal(t, b, identitytest.AddUser(t, b, org.OrgID, "Colleague", identity.RoleMember).AccountID)
	calls := resourceCalls(b.IDs, org, member, group.ID, token.TokenID, grantID, hash)

	head, _, err := b.Store.Head(ctx)
	noErr(t, err)
	for _, tc := range []struct {
		name string
		p    identity.Principal
		want error
	}{
		{"another_organization", outsider, domain.ErrNotFound},
		{"member_without_rights", insider, domain.ErrForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for name, call := range calls {
				t.Run(name, func(t *testing.T) {
					if err := call(ctx, identitytest.As(tc.p)); !errors.Is(err, tc.want) {
						t.Fatalf("error %v, want %v", err, tc.want)
					}
				})
			}
		})
	}
	if after, _, err := b.Store.Head(ctx); err != nil || after != head {
		t.Fatalf("refused calls wrote to the log: head %d -> %d (%v)", head, after, err)
	}
}

// Ids that are not canonical UUIDs are invalid input naming the field,
// before anything is read.
func TestInvalidIDs(t *testing.T) {
	b := identitytest.NewBench(t)
	const bad = "42"
	sys := identitytest.AsSystem()
	for _, tc := range []struct {
		name, field string
		call        func() error
	}{
		{"change_organization_details", "org_id", func() error {
			_, err := b.IDs.ChangeOrganizationDetails.Handle(ctx, sys, commands.ChangeOrganizationDetails{OrgID: bad})
			return err
		}},
		{"register_person", "org_id", func() error {
			_, err := b.IDs.RegisterPerson.Handle(ctx, sys, commands.RegisterPerson{OrgID: bad})
			return err
		}},
		{"change_person_details", "person_id", func() error {
			_, err := b.IDs.ChangePersonDetails.Handle(ctx, sys, commands.ChangePersonDetails{PersonID: bad})
			return err
		}},
		{"create_account", "person_id", func() error {
			_, err := b.IDs.CreateAccount.Handle(ctx, sys, commands.CreateAccount{OrgID: "01950000-0000-7000-8000-000000000000", PersonID: bad})
			return err
		}},
		{"disable_account", "account_id", func() error {
			_, err := b.IDs.DisableAccount.Handle(ctx, sys, commands.DisableAccount{AccountID: bad})
			return err
		}},
		{"enable_account", "account_id", func() error {
			_, err := b.IDs.EnableAccount.Handle(ctx, sys, commands.EnableAccount{AccountID: bad})
			return err
		}},
		{"change_password", "account_id", func() error {
			_, err := b.IDs.ChangePassword.Handle(ctx, sys, commands.ChangePassword{AccountID: bad})
			return err
		}},
		{"reset_password", "account_id", func() error {
			_, err := b.IDs.ResetPassword.Handle(ctx, sys, commands.ResetPassword{AccountID: bad})
			return err
		}},
		{"record_logout", "account_id", func() error {
			_, err := b.IDs.RecordLogout.Handle(ctx, sys, commands.RecordLogout{AccountID: bad})
			return err
		}},
		{"revoke_api_token", "token_id", func() error {
			_, err := b.IDs.RevokeAPIToken.Handle(ctx, sys, commands.RevokeAPIToken{AccountID: "01950000-0000-7000-8000-000000000000", TokenID: bad})
			return err
		}},
		{"rename_group", "group_id", func() error {
			_, err := b.IDs.RenameGroup.Handle(ctx, sys, commands.RenameGroup{GroupID: bad})
			return err
		}},
		{"add_group_member", "account_id", func() error {
			_, err := b.IDs.AddGroupMember.Handle(ctx, sys, commands.AddGroupMember{GroupID: "01950000-0000-7000-8000-000000000000", AccountID: bad})
			return err
		}},
		{"grant_role", "project_id", func() error {
			_, err := b.IDs.GrantRole.Handle(ctx, sys, commands.GrantRole{OrgID: "01950000-0000-7000-8000-000000000000", ProjectID: bad})
			return err
		}},
		{"revoke_role", "grant_id", func() error {
			_, err := b.IDs.RevokeRole.Handle(ctx, sys, commands.RevokeRole{OrgID: "01950000-0000-7000-8000-000000000000", GrantID: "01950000-0000-7000-8000-00000000000A"})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var ve *eventstore.ValidationError
			if !errors.Is(err, eventstore.ErrInvalid) || !errors.As(err, &ve) || ve.Field != tc.field {
				t.Fatalf("error %v, want invalid %s", err, tc.field)
			}
		})
	}
}
