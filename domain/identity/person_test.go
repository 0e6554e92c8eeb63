package identity_test

import (
	"errors"
	"testing"

	"cronica/domain"
	"cronica/domain/identity"
)

func anaDetails() identity.PersonDetails {
	return identity.PersonDetails{GivenName: "Ana", FamilyName: "Popescu", Email: "ana.popescu@example.ro",
		Personal: identity.PersonalData{Phone: "+40 721 234 567"}}
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
		{name: "no_email_no_phone", edit: func(d *identity.PersonDetails) { d.Email, d.Personal.Phone = "", "" },
			then: then{events: events(&identity.PersonRegistered{PersonID: personAna, OrgID: orgA,
				PersonDetails: identity.PersonDetails{GivenName: "Ana", FamilyName: "Popescu"}})}},
		{name: "romanian_names", edit: func(d *identity.PersonDetails) { d.GivenName, d.FamilyName = "Ștefania", "Țurcanu-Bălășescu" },
			then: then{events: events(&identity.PersonRegistered{PersonID: personAna, OrgID: orgA, PersonDetails: identity.PersonDetails{
				GivenName: "Ștefania", FamilyName: "Țurcanu-Bălășescu", Email: "ana.popescu@example.ro",
				Personal: identity.PersonalData{Phone: "+40 721 234 567"}}})}},
		{name: "invalid_cnp", edit: func(d *identity.PersonDetails) { d.Personal.CNP = "1850312401234" },
			then: then{code: "IDENTITY_CNP_INVALID", details: map[string]any{"field": "cnp"}}},
		{name: "invalid_email", edit: func(d *identity.PersonDetails) { d.Email = "ana@" },
			then: then{code: "IDENTITY_EMAIL_INVALID"}},
		{name: "invalid_phone", edit: func(d *identity.PersonDetails) { d.Personal.Phone = "123" },
			then: then{code: "IDENTITY_PHONE_INVALID", details: map[string]any{"field": "personal.phone"}}},
		{name: "all_personal_data", edit: func(d *identity.PersonDetails) {
			d.Personal = identity.PersonalData{CNP: withCNP.Personal.CNP, Email: " Ana@Gmail.example ", Phone: "0721 234 567",
				Address: identity.Address{Street: " Str. Memorandumului 28 ", City: "Cluj-Napoca", County: "Cluj", PostalCode: "400114", Country: "RO"}}
		}, then: then{events: events(&identity.PersonRegistered{PersonID: personAna, OrgID: orgA, PersonDetails: identity.PersonDetails{
			GivenName: "Ana", FamilyName: "Popescu", Email: "ana.popescu@example.ro", Personal: identity.PersonalData{
				CNP: withCNP.Personal.CNP, Email: "ana@gmail.example", Phone: "0721 234 567",
				Address: identity.Address{Street: "Str. Memorandumului 28", City: "Cluj-Napoca", County: "Cluj", PostalCode: "400114", Country: "RO"}}}})}},
		{name: "invalid_personal_email", edit: func(d *identity.PersonDetails) { d.Personal.Email = "ana@" },
			then: then{code: "IDENTITY_EMAIL_INVALID", details: map[string]any{"field": "personal.email"}}},
		{name: "address_country_too_long", edit: func(d *identity.PersonDetails) { d.Personal.Address.Country = "ROU" },
			then: then{code: "IDENTITY_FIELD_TOO_LONG", details: map[string]any{"field": "personal.address.country"}}},
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

// sealedAna is Ana's registration as the log holds it: no clear personal
// data, a sealed value instead.
func sealedAna() *identity.PersonRegistered {
	d := anaDetails()
	d.Personal = identity.PersonalData{}
	return &identity.PersonRegistered{PersonID: personAna, OrgID: orgA, PersonDetails: d,
		PersonalSealed: &identity.SealedPersonal{Key: "k1", Alg: identity.SealAlgorithm, Nonce: "bm9uY2U=", CT: "Y3Q="}}
}

func TestPersonWithSealedPersonalData(t *testing.T) {
	erased := &identity.PersonalDataErased{PersonID: personAna, OrgID: orgA, Reason: "GDPR art. 17 request"}
	married := anaDetails()
	married.FamilyName = "Ionescu"
	anaPersonal := anaDetails().Personal
	tests := []struct {
		name   string
		given  []domain.Event
		reveal *identity.PersonalData
		edit   func(*identity.PersonDetails)
		then   then
	}{
		{name: "change_needs_the_personal_data_revealed", given: events(sealedAna()), edit: func(d *identity.PersonDetails) { d.FamilyName = "Ionescu" },
			then: then{is: identity.ErrPersonalNotRevealed}},
		{name: "revealed_then_changed", given: events(sealedAna()), reveal: &anaPersonal,
			edit: func(d *identity.PersonDetails) { d.FamilyName = "Ionescu" },
			then: then{events: events(&identity.PersonDetailsChanged{PersonID: personAna, OrgID: orgA, PersonDetails: married})}},
		{name: "revealed_unchanged_records_nothing", given: events(sealedAna()), reveal: &anaPersonal,
			edit: func(*identity.PersonDetails) {}},
		{name: "revealed_personal_changed", given: events(sealedAna()), reveal: &anaPersonal,
			edit: func(d *identity.PersonDetails) { d.Personal.Phone = "+40 722 000 000" },
			then: then{events: events(&identity.PersonDetailsChanged{PersonID: personAna, OrgID: orgA, PersonDetails: identity.PersonDetails{
				GivenName: "Ana", FamilyName: "Popescu", Email: "ana.popescu@example.ro", Personal: identity.PersonalData{Phone: "+40 722 000 000"}}})}},
		{name: "erased_refuses_every_change", given: events(sealedAna(), erased), edit: func(d *identity.PersonDetails) { d.FamilyName = "Ionescu" },
			then: then{code: "IDENTITY_PERSONAL_DATA_ERASED", is: identity.ErrPersonalDataErased}},
		{name: "erased_refuses_an_unchanged_body_too", given: events(sealedAna(), erased), reveal: &identity.PersonalData{},
			edit: func(d *identity.PersonDetails) { d.Personal = identity.PersonalData{} },
			then: then{code: "IDENTITY_PERSONAL_DATA_ERASED"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := givenPerson(t, tt.given...)
			if tt.reveal != nil {
				p.RevealPersonal(*tt.reveal)
			}
			d := anaDetails()
			tt.edit(&d)
			err := p.ChangeDetails(d)
			check(t, p.Changes(), err, tt.then)
		})
	}
}

func TestErasePersonalData(t *testing.T) {
	erased := &identity.PersonalDataErased{PersonID: personAna, OrgID: orgA, Reason: "GDPR art. 17 request"}
	tests := []struct {
		name   string
		given  []domain.Event
		reason string
		then   then
	}{
		{name: "erased", given: events(sealedAna()), reason: " GDPR art. 17 request ", then: then{events: events(erased)}},
		{name: "without_personal_data", given: events(&identity.PersonRegistered{PersonID: personAna, OrgID: orgA,
			PersonDetails: identity.PersonDetails{GivenName: "Ana", FamilyName: "Popescu"}}), reason: "GDPR art. 17 request",
			then: then{events: events(erased)}},
		{name: "again_records_nothing", given: events(sealedAna(), erased), reason: "GDPR art. 17 request"},
		{name: "reason_required", given: events(sealedAna()), reason: " ",
			then: then{code: "IDENTITY_FIELD_REQUIRED", details: map[string]any{"field": "reason"}}},
		{name: "reason_too_long", given: events(sealedAna()), reason: repeatRune('a', 501),
			then: then{code: "IDENTITY_FIELD_TOO_LONG", details: map[string]any{"field": "reason"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := givenPerson(t, tt.given...)
			err := p.ErasePersonalData(tt.reason)
			check(t, p.Changes(), err, tt.then)
			if err == nil && (!p.Erased() || !p.Details().Personal.IsZero()) {
				t.Errorf("after erasing: erased %v, personal %+v", p.Erased(), p.Details().Personal)
			}
			if s, in := p.Sealed(); err == nil && (s != nil || in != "") {
				t.Errorf("after erasing the person still holds a sealed value %+v of %s", s, in)
			}
		})
	}
}

func TestLoadPersonKeepsTheSealedValue(t *testing.T) {
	changed := &identity.PersonDetailsChanged{PersonID: personAna, OrgID: orgA, PersonDetails: identity.PersonDetails{GivenName: "Ana", FamilyName: "Ionescu"},
		PersonalSealed: &identity.SealedPersonal{Key: "k1", Alg: identity.SealAlgorithm, Nonce: "bjI=", CT: "YzI="}}
	p := givenPerson(t, sealedAna(), changed)
	s, in := p.Sealed()
	if s == nil || *s != *changed.PersonalSealed || in != identity.TypePersonDetailsChanged || p.Erased() {
		t.Fatalf("sealed %+v in %s, erased %v", s, in, p.Erased())
	}
	cleared := &identity.PersonDetailsChanged{PersonID: personAna, OrgID: orgA, PersonDetails: identity.PersonDetails{GivenName: "Ana", FamilyName: "Ionescu"}}
	p = givenPerson(t, sealedAna(), changed, cleared)
	if s, in := p.Sealed(); s != nil || in != "" {
		t.Fatalf("personal data cleared, still sealed %+v in %s", s, in)
	}
	// Nothing sealed: nothing to reveal before a change.
	if err := p.ChangeDetails(identity.PersonDetails{GivenName: "Ana", FamilyName: "Pop"}); err != nil {
		t.Fatalf("change without personal data: %v", err)
	}
}
