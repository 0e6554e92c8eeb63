package identity

import (
	"fmt"

	"cronica/domain"
)

// Organization is a legal entity taking part in funded projects.
type Organization struct {
	domain.Root
	id      string
	details OrgDetails
}

// ID is the organisation's id.
func (o *Organization) ID() string { return o.id }

// Details are its current details.
func (o *Organization) Details() OrgDetails { return o.details }

// RegisterOrganization starts an organisation with id.
func RegisterOrganization(id string, d OrgDetails) (*Organization, error) {
	if !ValidID(id) {
		return nil, fmt.Errorf("identity: register organization: id %q is not a uuid", id)
	}
	clean, err := checkOrgDetails(d)
	if err != nil {
		return nil, err
	}
	o := &Organization{Root: domain.NewRoot()}
	o.record(&OrganizationRegistered{OrgID: id, OrgDetails: clean})
	return o, nil
}

// ChangeDetails replaces the organisation's details; unchanged details
// record nothing.
func (o *Organization) ChangeDetails(d OrgDetails) error {
	clean, err := checkOrgDetails(d)
	if err != nil {
		return err
	}
	if clean == o.details {
		return nil
	}
	o.record(&OrganizationDetailsChanged{OrgID: o.id, OrgDetails: clean})
	return nil
}

func checkOrgDetails(d OrgDetails) (OrgDetails, error) {
	var err error
	if d.LegalName, err = text("legal_name", d.LegalName, true, 200); err != nil {
		return d, err
	}
	if d.RegistrationCode, err = ValidateCUI(d.RegistrationCode); err != nil {
		return d, err
	}
	switch d.Kind {
	case OrgBeneficiary, OrgPartner, OrgPublicBody:
	default:
		return d, domain.Rule("IDENTITY_ORG_KIND_INVALID", "kind must be beneficiary, partner or public_body",
			"tipul trebuie să fie beneficiary, partner sau public_body", map[string]any{"field": "kind"})
	}
	a := &d.Address
	for _, f := range []struct {
		name string
		v    *string
		max  int
	}{{"address.street", &a.Street, 200}, {"address.city", &a.City, 100}, {"address.county", &a.County, 100},
		{"address.postal_code", &a.PostalCode, 20}, {"address.country", &a.Country, 2}} {
		if *f.v, err = text(f.name, *f.v, false, f.max); err != nil {
			return d, err
		}
	}
	return d, nil
}

func (o *Organization) record(e domain.Event) {
	o.apply(e)
	o.Record(e)
}

func (o *Organization) apply(e domain.Event) {
	switch e := e.(type) {
	case *OrganizationRegistered:
		o.id, o.details = e.OrgID, e.OrgDetails
	case *OrganizationDetailsChanged:
		o.details = e.OrgDetails
	}
}

// LoadOrganization rebuilds an organisation from its stream; an empty
// history is domain.ErrNotFound.
func LoadOrganization(history []domain.Event) (*Organization, error) {
	if len(history) == 0 {
		return nil, domain.ErrNotFound
	}
	o := &Organization{Root: domain.NewRoot()}
	for _, e := range history {
		o.apply(e)
		o.Loaded()
	}
	return o, nil
}
