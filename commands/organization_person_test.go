package commands_test

import (
	"testing"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/identity"
	"cronica/test/identitytest"
)

func TestRegisterOrganization(t *testing.T) {
	b := identitytest.NewBench(t)
	res := must(b.IDs.RegisterOrganization.Handle(ctx, identitytest.AsSystem(), commands.RegisterOrganization{Details: identitytest.OrgDetails("Universitatea Tehnică")}))(t)
	if !identity.ValidID(res.ID) || res.Version != 0 || res.Position == 0 {
		t.Fatalf("result %+v", res)
	}
	s := last(t, b, orgStream(res.ID), 1)
	wantMeta(t, s, "system", res.ID)
	if s.Meta.CorrelationID != "seed" {
		t.Errorf("correlation id %q", s.Meta.CorrelationID)
	}
	e := eventAs[*identity.OrganizationRegistered](t, s)
	if e.OrgID != res.ID || e.LegalName != "Universitatea Tehnică" || e.RegistrationCode != "12345607" {
		t.Errorf("event %+v", e)
	}

	t.Run("only_system", func(t *testing.T) {
		org := identitytest.Seed(t, b, "Other")
		_, err := b.IDs.RegisterOrganization.Handle(ctx, identitytest.As(identitytest.Principal(t, b, org.Admin.AccountID)), commands.RegisterOrganization{Details: identitytest.OrgDetails("X")})
		wantIs(t, err, domain.ErrForbidden)
		_, err = b.IDs.RegisterOrganization.Handle(ctx, commands.Meta{}, commands.RegisterOrganization{Details: identitytest.OrgDetails("X")})
		wantIs(t, err, domain.ErrForbidden)
	})
	t.Run("invalid_details", func(t *testing.T) {
		d := identitytest.OrgDetails("X")
		d.RegistrationCode = "12345678"
		_, err := b.IDs.RegisterOrganization.Handle(ctx, identitytest.AsSystem(), commands.RegisterOrganization{Details: d})
		wantRule(t, err, "IDENTITY_CUI_INVALID")
	})
}

func TestChangeOrganizationDetails(t *testing.T) {
	b := identitytest.NewBench(t)
	org := identitytest.Seed(t, b, "Beneficiar")
	admin := identitytest.Principal(t, b, org.Admin.AccountID)
	d := identitytest.OrgDetails("Beneficiar SRL")
	d.VATPayer = true
	res := must(b.IDs.ChangeOrganizationDetails.Handle(ctx, identitytest.As(admin), commands.ChangeOrganizationDetails{OrgID: org.OrgID, Details: d}))(t)
	if res.ID != org.OrgID || res.Version != 1 {
		t.Fatalf("result %+v", res)
	}
	s := last(t, b, orgStream(org.OrgID), 2)
	wantMeta(t, s, admin.AccountID, org.OrgID)
	if e := eventAs[*identity.OrganizationDetailsChanged](t, s); e.LegalName != "Beneficiar SRL" || !e.VATPayer {
		t.Errorf("event %+v", e)
	}

	t.Run("unchanged_records_nothing", func(t *testing.T) {
		res := must(b.IDs.ChangeOrganizationDetails.Handle(ctx, identitytest.As(admin), commands.ChangeOrganizationDetails{OrgID: org.OrgID, Details: d}))(t)
		if res.Position != 0 || res.Version != 1 {
			t.Fatalf("result %+v", res)
		}
		last(t, b, orgStream(org.OrgID), 2)
	})
	t.Run("hr_manager_forbidden", func(t *testing.T) {
		hr := identitytest.AddUser(t, b, org.OrgID, "Hr", identity.RoleHRManager)
		_, err := b.IDs.ChangeOrganizationDetails.Handle(ctx, identitytest.As(identitytest.Principal(t, b, hr.AccountID)), commands.ChangeOrganizationDetails{OrgID: org.OrgID, Details: d})
		wantIs(t, err, domain.ErrForbidden)
	})
	t.Run("unknown_organization", func(t *testing.T) {
		_, err := b.IDs.ChangeOrganizationDetails.Handle(ctx, identitytest.AsSystem(), commands.ChangeOrganizationDetails{OrgID: "01950000-0000-7000-8000-000000000000", Details: d})
		wantIs(t, err, domain.ErrNotFound)
	})
}

func TestRegisterAndChangePerson(t *testing.T) {
	b := identitytest.NewBench(t)
	org := identitytest.Seed(t, b, "Beneficiar")
	hr := identitytest.AddUser(t, b, org.OrgID, "Hr", identity.RoleHRManager)
	hrP := identitytest.Principal(t, b, hr.AccountID)

	details := identitytest.PersonDetails("Ioana")
	details.Personal.CNP = "1800101221144"
	res := must(b.IDs.RegisterPerson.Handle(ctx, identitytest.As(hrP), commands.RegisterPerson{OrgID: org.OrgID, Details: details}))(t)
	s := last(t, b, personStream(res.ID), 1)
	wantMeta(t, s, hr.AccountID, org.OrgID)
	if e := eventAs[*identity.PersonRegistered](t, s); e.PersonID != res.ID || e.OrgID != org.OrgID || e.GivenName != "Ioana" {
		t.Errorf("event %+v", e)
	}

	details.Personal.Phone = "+40 721 000 111"
	res = must(b.IDs.ChangePersonDetails.Handle(ctx, identitytest.As(hrP), commands.ChangePersonDetails{PersonID: res.ID, Details: details}))(t)
	s = last(t, b, personStream(res.ID), 2)
	wantMeta(t, s, hr.AccountID, org.OrgID)
	e := eventAs[*identity.PersonDetailsChanged](t, s)
	if e.PersonID != res.ID || !e.Personal.IsZero() || e.PersonalSealed == nil {
		t.Fatalf("event %+v", e)
	}
	if got, err := b.Keys.Open(ctx, res.ID, identity.TypePersonDetailsChanged, *e.PersonalSealed); err != nil || got != details.Personal {
		t.Errorf("sealed personal data opens to %+v, %v", got, err)
	}

	t.Run("member_forbidden", func(t *testing.T) {
		m := identitytest.Principal(t, b, identitytest.AddUser(t, b, org.OrgID, "Member", identity.RoleMember).AccountID)
		_, err := b.IDs.RegisterPerson.Handle(ctx, identitytest.As(m), commands.RegisterPerson{OrgID: org.OrgID, Details: details})
		wantIs(t, err, domain.ErrForbidden)
		_, err = b.IDs.ChangePersonDetails.Handle(ctx, identitytest.As(m), commands.ChangePersonDetails{PersonID: res.ID, Details: details})
		wantIs(t, err, domain.ErrForbidden)
	})
	t.Run("organization_must_exist", func(t *testing.T) {
		_, err := b.IDs.RegisterPerson.Handle(ctx, identitytest.AsSystem(), commands.RegisterPerson{OrgID: "01950000-0000-7000-8000-000000000000", Details: details})
		wantIs(t, err, domain.ErrNotFound)
	})
	t.Run("invalid_cnp", func(t *testing.T) {
		d := details
		d.Personal.CNP = "1800101221145"
		_, err := b.IDs.RegisterPerson.Handle(ctx, identitytest.As(hrP), commands.RegisterPerson{OrgID: org.OrgID, Details: d})
		wantRule(t, err, "IDENTITY_CNP_INVALID")
	})
}
