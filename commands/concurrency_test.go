package commands_test

import (
	"sync"
	"testing"

	"cronica/commands"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/test/identitytest"
)

// Two handlers change one aggregate at the same moment: both load the same
// version (the gate holds their appends until both arrive), one append
// wins, and the other gets eventstore.ErrConcurrency, never a lost update.
func TestConcurrentChangesOneLoses(t *testing.T) {
	b := identitytest.NewBench(t)
	org := identitytest.Seed(t, b, "Beneficiar")
	admin := identitytest.Principal(t, b, org.Admin.AccountID)
	member := identitytest.AddUser(t, b, org.OrgID, "Member", identity.RoleMember)
	other := identitytest.AddUser(t, b, org.OrgID, "Other", identity.RoleMember)
	group := must(b.IDs.CreateGroup.Handle(ctx, identitytest.As(admin), commands.CreateGroup{OrgID: org.OrgID, Name: "WP1"}))(t)

	for _, tc := range []struct {
		name     string
		category string
		stream   string
		calls    [2]func(ids *commands.Identity) error
	}{
		{"person_details", identity.CategoryPerson, personStream(member.PersonID), [2]func(*commands.Identity) error{
			func(ids *commands.Identity) error {
				_, err := ids.ChangePersonDetails.Handle(ctx, identitytest.As(admin), commands.ChangePersonDetails{PersonID: member.PersonID, Details: identitytest.PersonDetails("Maria")})
				return err
			},
			func(ids *commands.Identity) error {
				_, err := ids.ChangePersonDetails.Handle(ctx, identitytest.As(admin), commands.ChangePersonDetails{PersonID: member.PersonID, Details: identitytest.PersonDetails("Mara")})
				return err
			},
		}},
		{"grants_of_one_organization", identity.CategoryAccess, accessStream(org.OrgID), [2]func(*commands.Identity) error{
			func(ids *commands.Identity) error {
				_, err := ids.GrantRole.Handle(ctx, identitytest.As(admin), commands.GrantRole{OrgID: org.OrgID, Subject: account(member.AccountID), Role: identity.RoleHRManager})
				return err
			},
			func(ids *commands.Identity) error {
				_, err := ids.GrantRole.Handle(ctx, identitytest.As(admin), commands.GrantRole{OrgID: org.OrgID, Subject: account(other.AccountID), Role: identity.RoleFinancialOfficer})
				return err
			},
		}},
		{"group", identity.CategoryGroup, groupStream(group.ID), [2]func(*commands.Identity) error{
			func(ids *commands.Identity) error {
				_, err := ids.RenameGroup.Handle(ctx, identitytest.As(admin), commands.RenameGroup{GroupID: group.ID, Name: "WP2"})
				return err
			},
			func(ids *commands.Identity) error {
				_, err := ids.AddGroupMember.Handle(ctx, identitytest.As(admin), commands.AddGroupMember{GroupID: group.ID, AccountID: member.AccountID})
				return err
			},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(identitytest.ReadStream(t, b, tc.stream))
			gated := b.Env
			gated.Store = identitytest.NewGate(b.Env.Store, tc.category, 2)
			ids := commands.NewIdentity(gated)
			var wg sync.WaitGroup
			var errs [2]error
			for i, call := range tc.calls {
				wg.Go(func() { errs[i] = call(ids) })
			}
			wg.Wait()
			won, lost := 0, 0
			for _, err := range errs {
				switch {
				case err == nil:
					won++
				case errorsIs(err, eventstore.ErrConcurrency):
					lost++
				default:
					t.Fatalf("unexpected error: %v", err)
				}
			}
			if won != 1 || lost != 1 {
				t.Fatalf("%d won, %d lost: %v", won, lost, errs)
			}
			last(t, b, tc.stream, before+1)
		})
	}
}
