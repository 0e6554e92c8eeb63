package identity_test

import (
	"errors"
	"testing"

	"cronica/domain"
	"cronica/domain/identity"
)

func anaDetails() identity.PersonDetails {
	return identity.PersonDetails{GivenName: "Ana", FamilyName: "Popescu", Email: "ana.popescu@example.ro", Phone: "+40 721 234 567"}
}

func TestRegisterPerson(t *testing.T) {
	withCNP := anaDetails()
	withCNP.Personal.CNP = cnp("296022940018")
	tests := []struct {
		name string
		edit func(*identity.PersonDetails)
		then then
	}{
		{name: "without_cnp", edit: func(*identity.PersonDetails) {},
			then: then{events: events(&identity.PersonRegistered{PersonID: personAna, OrgID: orgA, PersonDetails: anaDetails()})}},
		{name: "with_cnp", edit: func(d *identity.PersonDetails) { d.Personal.CNP = " " + withCNP.Personal.CNP + " " },
			then: then{events: events(&identity.PersonRegistered{PersonID: personAna, OrgID: orgA, PersonDetails: withCNP})}},
		{name: "email_and_names_normalised", edit: func(d *identity.PersonDetails) {
			d.GivenName, d.Email = " Ana ", "Ana.Popescu@Example.RO"
		}, then: then{events: events(&identity.PersonRegistered{PersonID: personAna, OrgID: orgA, PersonDetails: anaDetails()})}},
		{name: "no_email_no_phone", edit: func(d *identity.PersonDetails) { d.Email, d.Phone = "", "" },
			then: then{events: events(&identity.PersonRegistered{PersonID: personAna, OrgID: orgA,
				PersonDetails: identity.PersonDetails{GivenName: "Ana", FamilyName: "Popescu"}})}},
		{name: "romanian_names", edit: func(d *identity.PersonDetails) { d.GivenName, d.FamilyName = "Ștefania", "Țurcanu-Bălășescu" },
			then: then{events: events(&identity.PersonRegistered{PersonID: personAna, OrgID: orgA, PersonDetails: identity.PersonDetails{
				GivenName: "Ștefania", FamilyName: "Țurcanu-Bălășescu", Email: "ana.popescu@example.ro", Phone: "+40 721 234 567"}})}},
		{name: "invalid_cnp", edit: func(d *identity.PersonDetails) { d.Personal.CNP = "1850312401234" },
			then: then{code: "IDENTITY_CNP_INVALID", details: map[string]any{"field": "cnp"}}},
		{name: "invalid_email", edit: func(d *identity.PersonDetails) { d.Email = "ana@" },
			then: then{code: "IDENTITY_EMAIL_INVALID"}},
		{name: "invalid_phone", edit: func(d *identity.PersonDetails) { d.Phone = "123" },
			then: then{code: "IDENTITY_PHONE_INVALID"}},
		{name: "family_name_required", edit: func(d *identity.PersonDetails) { d.FamilyName = "" },
			then: then{code: "IDENTITY_FIELD_REQUIRED", details: map[string]any{"field": "family_name"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := anaDetails()
			tt.edit(&d)
			p, err := identity.RegisterPerson(personAna, orgA, d)
			var changes []domain.Event
			if p != nil {
				changes = p.Changes()
			}
			check(t, changes, err, tt.then)
			if err == nil && (p.ID() != personAna || p.OrgID() != orgA) {
				t.Errorf("person %s of %s", p.ID(), p.OrgID())
			}
		})
	}

	t.Run("ids_not_uuids", func(t *testing.T) {
		_, err := identity.RegisterPerson("ana", orgA, anaDetails())
		check(t, nil, err, then{plain: true})
		_, err = identity.RegisterPerson(personAna, "", anaDetails())
		check(t, nil, err, then{plain: true})
	})
}

func TestPersonChangeDetails(t *testing.T) {
	registered := &identity.PersonRegistered{PersonID: personAna, OrgID: orgA, PersonDetails: anaDetails()}
	married := anaDetails()
	married.FamilyName = "Ionescu"
	withCNP := anaDetails()
	withCNP.Personal.CNP = cnp("296022940018")
	tests := []struct {
		name  string
		given []domain.Event
		edit  func(*identity.PersonDetails)
		then  then
	}{
		{name: "changed", given: events(registered), edit: func(d *identity.PersonDetails) { d.FamilyName = "Ionescu" },
			then: then{events: events(&identity.PersonDetailsChanged{PersonID: personAna, OrgID: orgA, PersonDetails: married})}},
		{name: "cnp_added", given: events(registered), edit: func(d *identity.PersonDetails) { d.Personal = withCNP.Personal },
			then: then{events: events(&identity.PersonDetailsChanged{PersonID: personAna, OrgID: orgA, PersonDetails: withCNP})}},
		{name: "unchanged_records_nothing", given: events(registered), edit: func(d *identity.PersonDetails) { d.Email = "ANA.popescu@example.ro " }},
		{name: "invalid_cnp", given: events(registered), edit: func(d *identity.PersonDetails) { d.Personal.CNP = "2960229400180" },
			then: then{code: "IDENTITY_CNP_INVALID"}},
		{name: "given_name_too_long", given: events(registered), edit: func(d *identity.PersonDetails) {
			d.GivenName = repeatRune('ș', 101)
		}, then: then{code: "IDENTITY_FIELD_TOO_LONG", details: map[string]any{"field": "given_name", "max": 100}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := givenPerson(t, tt.given...)
			d := anaDetails()
			tt.edit(&d)
			err := p.ChangeDetails(d)
			check(t, p.Changes(), err, tt.then)
		})
	}
}

func TestLoadPerson(t *testing.T) {
	if _, err := identity.LoadPerson(nil); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("empty history: %v, want domain.ErrNotFound", err)
	}
	married := anaDetails()
	married.FamilyName = "Ionescu"
	p := givenPerson(t,
		&identity.PersonRegistered{PersonID: personAna, OrgID: orgA, PersonDetails: anaDetails()},
		&identity.PersonDetailsChanged{PersonID: personAna, OrgID: orgA, PersonDetails: married})
	if p.Version() != 1 || p.Details() != married || p.OrgID() != orgA {
		t.Fatalf("loaded v%d %+v", p.Version(), p.Details())
	}
}

func repeatRune(r rune, n int) string {
	rs := make([]rune, n)
	for i := range rs {
		rs[i] = r
	}
	return string(rs)
}
