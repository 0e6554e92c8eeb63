package commands_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/test/identitytest"
)

func TestCreateAccount(t *testing.T) {
	b := identitytest.NewBench(t)
	org := identitytest.Seed(t, b, "Beneficiar")
	admin := identitytest.Principal(t, b, org.Admin.AccountID)
	person := must(b.IDs.RegisterPerson.Handle(ctx, identitytest.As(admin), commands.RegisterPerson{OrgID: org.OrgID, Details: identitytest.PersonDetails("Ana")}))(t)
	email := identitytest.UniqueEmail("Ana")

	res := must(b.IDs.CreateAccount.Handle(ctx, identitytest.As(admin), commands.CreateAccount{OrgID: org.OrgID, PersonID: person.ID,
		Email: "  " + strings.ToUpper(email) + " ", PasswordHash: identitytest.PasswordHash}))(t)
	if !identity.ValidID(res.ID) || res.Version != 0 || res.Position == 0 {
		t.Fatalf("result %+v", res)
	}

	claim := last(t, b, emailStream(email), 1)
	wantMeta(t, claim, admin.AccountID, org.OrgID)
	if e := eventAs[*identity.EmailClaimed](t, claim); e.Email != email || e.AccountID != res.ID || e.OrgID != org.OrgID {
		t.Errorf("claim %+v", e)
	}
	created := last(t, b, accountStream(res.ID), 1)
	wantMeta(t, created, admin.AccountID, org.OrgID)
	if e := eventAs[*identity.AccountCreated](t, created); e.Email != email || e.PersonID != person.ID || e.PasswordHash != identitytest.PasswordHash {
		t.Errorf("account %+v", e)
	}
	access := identitytest.ReadStream(t, b, accessStream(org.OrgID))
	g := access[len(access)-1]
	wantMeta(t, g, admin.AccountID, org.OrgID)
	if e := eventAs[*identity.RoleGranted](t, g); e.Role != identity.RoleMember || e.Subject.ID != res.ID ||
		e.Scope.Kind != identity.ScopeOrganization || e.Scope.OrgID != org.OrgID || e.GrantedBy != "system" || !e.GrantedAt.Equal(b.Clock.Now()) {
		t.Errorf("grant %+v", e)
	}
	if res.Position < g.Position {
		t.Errorf("result position %d is before the grant's %d", res.Position, g.Position)
	}
	p := identitytest.Principal(t, b, res.ID)
	if err := identity.Authorize(p, identity.ActTimeRecord, identity.Target{OrgID: org.OrgID}, b.Clock.Now()); err != nil {
		t.Errorf("the new account cannot record time: %v", err)
	}

	t.Run("duplicate_email", func(t *testing.T) {
		other := must(b.IDs.RegisterPerson.Handle(ctx, identitytest.As(admin), commands.RegisterPerson{OrgID: org.OrgID, Details: identitytest.PersonDetails("Ana2")}))(t)
		_, err := b.IDs.CreateAccount.Handle(ctx, identitytest.As(admin), commands.CreateAccount{OrgID: org.OrgID, PersonID: other.ID,
			Email: strings.ToUpper(email), PasswordHash: identitytest.PasswordHash})
		wantIs(t, err, commands.ErrDuplicateEmail)
		last(t, b, emailStream(email), 1)
	})
	t.Run("member_forbidden", func(t *testing.T) {
		m := identitytest.Principal(t, b, identitytest.AddUser(t, b, org.OrgID, "Member", identity.RoleMember).AccountID)
		_, err := b.IDs.CreateAccount.Handle(ctx, identitytest.As(m), commands.CreateAccount{OrgID: org.OrgID, PersonID: person.ID,
			Email: identitytest.UniqueEmail("x"), PasswordHash: identitytest.PasswordHash})
		wantIs(t, err, domain.ErrForbidden)
	})
	t.Run("person_of_another_organization", func(t *testing.T) {
		other := identitytest.Seed(t, b, "Partener")
		_, err := b.IDs.CreateAccount.Handle(ctx, identitytest.AsSystem(), commands.CreateAccount{OrgID: org.OrgID, PersonID: other.Admin.PersonID,
			Email: identitytest.UniqueEmail("x"), PasswordHash: identitytest.PasswordHash})
		wantIs(t, err, domain.ErrNotFound)
	})
	t.Run("invalid_input_claims_nothing", func(t *testing.T) {
		e := identitytest.UniqueEmail("bad")
		_, err := b.IDs.CreateAccount.Handle(ctx, identitytest.As(admin), commands.CreateAccount{OrgID: org.OrgID, PersonID: person.ID,
			Email: e, PasswordHash: "plain-text"})
		if err == nil {
			t.Fatal("a password that is not an argon2id hash was accepted")
		}
		if s := identitytest.ReadStream(t, b, emailStream(e)); s != nil {
			t.Fatalf("the address was claimed: %+v", s)
		}
		_, err = b.IDs.CreateAccount.Handle(ctx, identitytest.As(admin), commands.CreateAccount{OrgID: org.OrgID, PersonID: person.ID,
			Email: "not an address", PasswordHash: identitytest.PasswordHash})
		wantRule(t, err, "IDENTITY_EMAIL_INVALID")
	})
}

// Two requests create accounts with one address at the same moment: both
// have decided before either claims it, and exactly one wins.
func TestCreateAccountConcurrentSameEmail(t *testing.T) {
	b := identitytest.NewBench(t)
	org := identitytest.Seed(t, b, "Beneficiar")
	admin := identitytest.Principal(t, b, org.Admin.AccountID)
	var persons [2]string
	for i := range persons {
		persons[i] = must(b.IDs.RegisterPerson.Handle(ctx, identitytest.As(admin), commands.RegisterPerson{OrgID: org.OrgID, Details: identitytest.PersonDetails("Twin")}))(t).ID
	}
	gated := b.Env
	gated.Store = identitytest.NewGate(b.Env.Store, identity.CategoryEmail, 2)
	ids := commands.NewIdentity(gated)
	email := identitytest.UniqueEmail("twin")

	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range persons {
		wg.Go(func() {
			_, errs[i] = ids.CreateAccount.Handle(ctx, identitytest.As(admin), commands.CreateAccount{OrgID: org.OrgID, PersonID: persons[i],
				Email: email, PasswordHash: identitytest.PasswordHash})
		})
	}
	wg.Wait()
	won, lost := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case errorsIs(err, commands.ErrDuplicateEmail):
			lost++
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if won != 1 || lost != 1 {
		t.Fatalf("%d won, %d lost: %v", won, lost, errs)
	}
	last(t, b, emailStream(email), 1)
}

func TestDisableAndEnableAccount(t *testing.T) {
	b := identitytest.NewBench(t)
	org := identitytest.Seed(t, b, "Beneficiar")
	admin := identitytest.Principal(t, b, org.Admin.AccountID)
	member := identitytest.AddUser(t, b, org.OrgID, "Member", identity.RoleMember)

	res := must(b.IDs.DisableAccount.Handle(ctx, identitytest.As(admin), commands.DisableAccount{AccountID: member.AccountID, Reason: "left the project"}))(t)
	if res.ID != member.AccountID || res.Version != 1 {
		t.Fatalf("result %+v", res)
	}
	s := last(t, b, accountStream(member.AccountID), 2)
	wantMeta(t, s, admin.AccountID, org.OrgID)
	if e := eventAs[*identity.AccountDisabled](t, s); e.Reason != "left the project" || e.AccountID != member.AccountID {
		t.Errorf("event %+v", e)
	}
	if identitytest.Principal(t, b, member.AccountID).Active {
		t.Error("a disabled account's principal is active")
	}
	must(b.IDs.DisableAccount.Handle(ctx, identitytest.As(admin), commands.DisableAccount{AccountID: member.AccountID}))(t)
	last(t, b, accountStream(member.AccountID), 2) // disabling twice records nothing

	must(b.IDs.EnableAccount.Handle(ctx, identitytest.As(admin), commands.EnableAccount{AccountID: member.AccountID}))(t)
	wantMeta(t, last(t, b, accountStream(member.AccountID), 3), admin.AccountID, org.OrgID)
	if !identitytest.Principal(t, b, member.AccountID).Active {
		t.Error("an enabled account's principal is not active")
	}

	t.Run("member_forbidden", func(t *testing.T) {
		other := identitytest.Principal(t, b, identitytest.AddUser(t, b, org.OrgID, "Other", identity.RoleMember).AccountID)
		_, err := b.IDs.DisableAccount.Handle(ctx, identitytest.As(other), commands.DisableAccount{AccountID: member.AccountID})
		wantIs(t, err, domain.ErrForbidden)
		_, err = b.IDs.EnableAccount.Handle(ctx, identitytest.As(other), commands.EnableAccount{AccountID: member.AccountID})
		wantIs(t, err, domain.ErrForbidden)
	})
	t.Run("last_admin_refused", func(t *testing.T) {
		_, err := b.IDs.DisableAccount.Handle(ctx, identitytest.As(admin), commands.DisableAccount{AccountID: admin.AccountID})
		wantRule(t, err, "IDENTITY_LAST_ADMIN")
		hr := identitytest.Principal(t, b, identitytest.AddUser(t, b, org.OrgID, "Hr", identity.RoleHRManager).AccountID)
		_, err = b.IDs.DisableAccount.Handle(ctx, identitytest.As(hr), commands.DisableAccount{AccountID: admin.AccountID})
		wantRule(t, err, "IDENTITY_LAST_ADMIN")
	})
	t.Run("disabled_admins_do_not_count", func(t *testing.T) {
		o := identitytest.Seed(t, b, "Doi admini")
		first := identitytest.Principal(t, b, o.Admin.AccountID)
		second := identitytest.AddUser(t, b, o.OrgID, "Second", identity.RoleOrgAdmin)
		must(b.IDs.DisableAccount.Handle(ctx, identitytest.As(first), commands.DisableAccount{AccountID: second.AccountID}))(t)
		_, err := b.IDs.DisableAccount.Handle(ctx, identitytest.AsSystem(), commands.DisableAccount{AccountID: first.AccountID})
		wantRule(t, err, "IDENTITY_LAST_ADMIN")
		// Once the second is enabled again, the first may go.
		must(b.IDs.EnableAccount.Handle(ctx, identitytest.As(first), commands.EnableAccount{AccountID: second.AccountID}))(t)
		must(b.IDs.DisableAccount.Handle(ctx, identitytest.As(first), commands.DisableAccount{AccountID: first.AccountID}))(t)
	})
}

func TestChangePassword(t *testing.T) {
	b := identitytest.NewBench(t)
	org := identitytest.Seed(t, b, "Beneficiar")
	member := identitytest.AddUser(t, b, org.OrgID, "Member", identity.RoleMember)
	self := identitytest.Principal(t, b, member.AccountID)
	newHash := strings.Replace(identitytest.PasswordHash, "t=3", "t=4", 1)

	must(b.IDs.ChangePassword.Handle(ctx, identitytest.As(self), commands.ChangePassword{AccountID: member.AccountID, PasswordHash: newHash}))(t)
	s := last(t, b, accountStream(member.AccountID), 2)
	wantMeta(t, s, member.AccountID, org.OrgID)
	if e := eventAs[*identity.AccountPasswordChanged](t, s); e.PasswordHash != newHash {
		t.Errorf("event %+v", e)
	}

	t.Run("others_refused", func(t *testing.T) {
		_, err := b.IDs.ChangePassword.Handle(ctx, identitytest.As(identitytest.Principal(t, b, org.Admin.AccountID)), commands.ChangePassword{AccountID: member.AccountID, PasswordHash: newHash})
		wantIs(t, err, domain.ErrForbidden)
		_, err = b.IDs.ChangePassword.Handle(ctx, identitytest.AsSystem(), commands.ChangePassword{AccountID: member.AccountID, PasswordHash: newHash})
		wantIs(t, err, domain.ErrForbidden)
	})
	t.Run("not_a_hash", func(t *testing.T) {
		_, err := b.IDs.ChangePassword.Handle(ctx, identitytest.As(self), commands.ChangePassword{AccountID: member.AccountID, PasswordHash: "secret"})
		if err == nil {
			t.Fatal("a plain password was accepted")
		}
	})
}

func TestRecordLogin(t *testing.T) {
	b := identitytest.NewBench(t)
	org := identitytest.Seed(t, b, "Beneficiar")
	member := identitytest.AddUser(t, b, org.OrgID, "Member", identity.RoleMember)
	self := identitytest.Principal(t, b, member.AccountID)
	stream := accountStream(member.AccountID)
	until := b.Clock.Now().Add(15 * time.Minute)

	must(b.IDs.RecordLoginFailed.Handle(ctx, identitytest.AsSystem(), commands.RecordLoginFailed{AccountID: member.AccountID, IP: "192.0.2.7",
		Reason: commands.LoginFailedWrongPassword, LockedUntil: until}))(t)
	evs := identitytest.ReadStream(t, b, stream)
	if len(evs) != 3 {
		t.Fatalf("%d events", len(evs))
	}
	wantMeta(t, evs[1], "system", org.OrgID)
	if e := eventAs[*identity.AccountLoginFailed](t, evs[1]); e.IP != "192.0.2.7" || e.Reason != "wrong_password" {
		t.Errorf("event %+v", e)
	}
	if e := eventAs[*identity.AccountLockedOut](t, evs[2]); !e.Until.Equal(until) {
		t.Errorf("event %+v", e)
	}

	must(b.IDs.RecordLoginSucceeded.Handle(ctx, identitytest.AsSystem(), commands.RecordLoginSucceeded{AccountID: member.AccountID, IP: "192.0.2.7"}))(t)
	wantMeta(t, last(t, b, stream, 4), "system", org.OrgID)
	must(b.IDs.RecordLogout.Handle(ctx, identitytest.As(self), commands.RecordLogout{AccountID: member.AccountID}))(t)
	s := last(t, b, stream, 5)
	wantMeta(t, s, member.AccountID, org.OrgID)
	eventAs[*identity.AccountLoggedOut](t, s)

	t.Run("others_refused", func(t *testing.T) {
		_, err := b.IDs.RecordLogout.Handle(ctx, identitytest.As(identitytest.Principal(t, b, org.Admin.AccountID)), commands.RecordLogout{AccountID: member.AccountID})
		wantIs(t, err, domain.ErrForbidden)
	})
	t.Run("unknown_reason", func(t *testing.T) {
		_, err := b.IDs.RecordLoginFailed.Handle(ctx, identitytest.AsSystem(), commands.RecordLoginFailed{AccountID: member.AccountID, Reason: "bad luck"})
		wantIs(t, err, eventstore.ErrInvalid)
	})
	t.Run("concurrent_records_all_kept", func(t *testing.T) {
		gated := b.Env
		gated.Store = identitytest.NewGate(b.Env.Store, identity.CategoryAccount, 2)
		ids := commands.NewIdentity(gated)
		before := len(identitytest.ReadStream(t, b, stream))
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = ids.RecordLoginFailed.Handle(ctx, identitytest.AsSystem(), commands.RecordLoginFailed{AccountID: member.AccountID,
					Reason: commands.LoginFailedWrongPassword})
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("a sign-in fact was lost: %v", err)
			}
		}
		last(t, b, stream, before+2)
	})
}
