package identity_test

import (
	"errors"
	"testing"

	"cronica/domain"
	"cronica/domain/identity"
)

// orgDetails are valid details as a caller sends them.
func orgDetails() identity.OrgDetails {
	return identity.OrgDetails{
		LegalName:        "Universitatea din București",
		RegistrationCode: "RO18547290",
		VATPayer:         true,
		Address:          identity.Address{Street: "Bd. Mihail Kogălniceanu 36-46", City: "București", County: "București", PostalCode: "050107", Country: "RO"},
		Kind:             identity.OrgBeneficiary,
	}
}

// storedOrgDetails are orgDetails as recorded: the CUI without "RO".
func storedOrgDetails() identity.OrgDetails {
	d := orgDetails()
	d.RegistrationCode = "18547290"
	return d
}

func TestRegisterOrganization(t *testing.T) {
	tests := []struct {
		name string
		id   string
		edit func(*identity.OrgDetails)
		then then
	}{
		{name: "registered_with_cui_without_ro", id: orgA, edit: func(*identity.OrgDetails) {},
			then: then{events: events(&identity.OrganizationRegistered{OrgID: orgA, OrgDetails: storedOrgDetails()})}},
		{name: "fields_trimmed", id: orgA, edit: func(d *identity.OrgDetails) {
			d.LegalName = "  Universitatea din București "
			d.RegistrationCode = " ro 18547290 "
			d.Address.City = " București\t"
		}, then: then{events: events(&identity.OrganizationRegistered{OrgID: orgA, OrgDetails: storedOrgDetails()})}},
		{name: "partner_without_address", id: orgB, edit: func(d *identity.OrgDetails) {
			d.Kind, d.RegistrationCode, d.VATPayer, d.Address = identity.OrgPartner, "14399840", false, identity.Address{}
		}, then: then{events: events(&identity.OrganizationRegistered{OrgID: orgB, OrgDetails: identity.OrgDetails{
			LegalName: "Universitatea din București", RegistrationCode: "14399840", Kind: identity.OrgPartner}})}},
		{name: "unknown_kind", id: orgA, edit: func(d *identity.OrgDetails) { d.Kind = "company" },
			then: then{code: "IDENTITY_ORG_KIND_INVALID", details: map[string]any{"field": "kind"}}},
		{name: "empty_kind", id: orgA, edit: func(d *identity.OrgDetails) { d.Kind = "" },
			then: then{code: "IDENTITY_ORG_KIND_INVALID"}},
		{name: "invalid_cui", id: orgA, edit: func(d *identity.OrgDetails) { d.RegistrationCode = "RO18547291" },
			then: then{code: "IDENTITY_CUI_INVALID", details: map[string]any{"field": "registration_code"}}},
		{name: "legal_name_required", id: orgA, edit: func(d *identity.OrgDetails) { d.LegalName = " " },
			then: then{code: "IDENTITY_FIELD_REQUIRED", details: map[string]any{"field": "legal_name"}}},
		{name: "country_is_two_letters", id: orgA, edit: func(d *identity.OrgDetails) { d.Address.Country = "ROU" },
			then: then{code: "IDENTITY_FIELD_TOO_LONG", details: map[string]any{"field": "address.country", "max": 2}}},
		{name: "control_character_in_street", id: orgA, edit: func(d *identity.OrgDetails) { d.Address.Street = "Str.\x1bX" },
			then: then{code: "IDENTITY_FIELD_INVALID", details: map[string]any{"field": "address.street"}}},
		{name: "id_not_uuid", id: "org-1", edit: func(*identity.OrgDetails) {}, then: then{plain: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := orgDetails()
			tt.edit(&d)
			o, err := identity.RegisterOrganization(tt.id, d)
			var changes []domain.Event
			if o != nil {
				changes = o.Changes()
				if o.Version() != -1 {
					t.Errorf("a new organisation's Version() = %d, want -1", o.Version())
				}
			}
			check(t, changes, err, tt.then)
			if err == nil && (o.ID() != tt.id || o.Details() != tt.then.events[0].(*identity.OrganizationRegistered).OrgDetails) {
				t.Errorf("state %s %+v does not follow the event", o.ID(), o.Details())
			}
		})
	}
}

func TestOrganizationChangeDetails(t *testing.T) {
	registered := &identity.OrganizationRegistered{OrgID: orgA, OrgDetails: storedOrgDetails()}
	renamed := storedOrgDetails()
	renamed.LegalName = "Universitatea din București (UB)"
	tests := []struct {
		name  string
		given []domain.Event
		edit  func(*identity.OrgDetails)
		then  then
	}{
		{name: "changed", given: events(registered), edit: func(d *identity.OrgDetails) { d.LegalName = renamed.LegalName },
			then: then{events: events(&identity.OrganizationDetailsChanged{OrgID: orgA, OrgDetails: renamed})}},
		{name: "unchanged_records_nothing", given: events(registered), edit: func(*identity.OrgDetails) {}},
		{name: "unchanged_after_normalising_records_nothing", given: events(registered), edit: func(d *identity.OrgDetails) {
			d.RegistrationCode = "ro 18547290"
			d.LegalName += "  "
		}},
		{name: "back_to_registered_after_change", given: events(registered,
			&identity.OrganizationDetailsChanged{OrgID: orgA, OrgDetails: renamed}), edit: func(*identity.OrgDetails) {},
			then: then{events: events(&identity.OrganizationDetailsChanged{OrgID: orgA, OrgDetails: storedOrgDetails()})}},
		{name: "unknown_kind", given: events(registered), edit: func(d *identity.OrgDetails) { d.Kind = "ngo" },
			then: then{code: "IDENTITY_ORG_KIND_INVALID"}},
		{name: "invalid_cui", given: events(registered), edit: func(d *identity.OrgDetails) { d.RegistrationCode = "12345" },
			then: then{code: "IDENTITY_CUI_INVALID"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := givenOrganization(t, tt.given...)
			d := orgDetails()
			tt.edit(&d)
			err := o.ChangeDetails(d)
			check(t, o.Changes(), err, tt.then)
			if o.Version() != int64(len(tt.given))-1 {
				t.Errorf("Version() moved to %d by a command", o.Version())
			}
		})
	}
}

func TestLoadOrganization(t *testing.T) {
	if _, err := identity.LoadOrganization(nil); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("empty history: %v, want domain.ErrNotFound", err)
	}
	renamed := storedOrgDetails()
	renamed.Kind = identity.OrgPublicBody
	o := givenOrganization(t,
		&identity.OrganizationRegistered{OrgID: orgA, OrgDetails: storedOrgDetails()},
		&identity.OrganizationDetailsChanged{OrgID: orgA, OrgDetails: renamed})
	if o.Version() != 1 || o.ID() != orgA || o.Details() != renamed {
		t.Fatalf("loaded v%d %s %+v", o.Version(), o.ID(), o.Details())
	}
}
