package identity

import (
	"fmt"

	"cronica/domain"
)

// Person is someone who works for an organisation, with or without an
// account.
type Person struct {
	domain.Root
	id, orgID string
	details   PersonDetails
}

// ID, OrgID and Details read the person.
func (p *Person) ID() string             { return p.id }
func (p *Person) OrgID() string          { return p.orgID }
func (p *Person) Details() PersonDetails { return p.details }

// RegisterPerson starts a person of organisation orgID.
func RegisterPerson(id, orgID string, d PersonDetails) (*Person, error) {
	if !ValidID(id) || !ValidID(orgID) {
		return nil, fmt.Errorf("identity: register person: ids %q, %q are not uuids", id, orgID)
	}
	clean, err := checkPersonDetails(d)
	if err != nil {
		return nil, err
	}
	p := &Person{Root: domain.NewRoot()}
	p.record(&PersonRegistered{PersonID: id, OrgID: orgID, PersonDetails: clean})
	return p, nil
}

// ChangeDetails replaces the person's details; unchanged details record
// nothing.
func (p *Person) ChangeDetails(d PersonDetails) error {
	clean, err := checkPersonDetails(d)
	if err != nil {
		return err
	}
	if clean == p.details {
		return nil
	}
	p.record(&PersonDetailsChanged{PersonID: p.id, OrgID: p.orgID, PersonDetails: clean})
	return nil
}

func checkPersonDetails(d PersonDetails) (PersonDetails, error) {
	var err error
	if d.GivenName, err = text("given_name", d.GivenName, true, 100); err != nil {
		return d, err
	}
	if d.FamilyName, err = text("family_name", d.FamilyName, true, 100); err != nil {
		return d, err
	}
	if d.Email != "" {
		if d.Email, err = ValidateEmail(d.Email); err != nil {
			return d, err
		}
	}
	if d.Phone, err = ValidatePhone(d.Phone); err != nil {
		return d, err
	}
	if d.Personal.CNP, err = ValidateCNP(d.Personal.CNP); err != nil {
		return d, err
	}
	return d, nil
}

func (p *Person) record(e domain.Event) {
	p.apply(e)
	p.Record(e)
}

func (p *Person) apply(e domain.Event) {
	switch e := e.(type) {
	case *PersonRegistered:
		p.id, p.orgID, p.details = e.PersonID, e.OrgID, e.PersonDetails
	case *PersonDetailsChanged:
		p.details = e.PersonDetails
	}
}

// LoadPerson rebuilds a person from its stream; an empty history is
// domain.ErrNotFound.
func LoadPerson(history []domain.Event) (*Person, error) {
	if len(history) == 0 {
		return nil, domain.ErrNotFound
	}
	p := &Person{Root: domain.NewRoot()}
	for _, e := range history {
		p.apply(e)
		p.Loaded()
	}
	return p, nil
}
