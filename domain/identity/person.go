package identity

import (
	"fmt"

	"cronica/domain"
)

// Person is someone who works for an organisation, with or without an
// account.
//
// Its personal data is known in clear only when it was decided in this
// process or revealed (RevealPersonal): loaded from the log, a person holds
// the sealed value of its last personal data (Sealed, SealedIn) and
// Details().Personal is zero until the caller opens it.
type Person struct {
	domain.Root
	id, orgID string
	details   PersonDetails
	// sealed is the personal data as the last event holding it stored it,
	// sealedIn that event's type (part of what the seal is bound to).
	sealed   *SealedPersonal
	sealedIn string
	// revealed: details.Personal is the person's current personal data
	// (nothing sealed, recorded here, or revealed).
	revealed bool
	erased   bool
}

// ID, OrgID and Details read the person.
func (p *Person) ID() string             { return p.id }
func (p *Person) OrgID() string          { return p.orgID }
func (p *Person) Details() PersonDetails { return p.details }

// Sealed is the stored sealed value of the person's current personal data
// and the type of the event that holds it; nil when the person has none
// (or it was erased).
func (p *Person) Sealed() (*SealedPersonal, string) { return p.sealed, p.sealedIn }

// Erased reports whether the person's personal data was erased.
func (p *Person) Erased() bool { return p.erased }

// RevealPersonal gives the person its current personal data in clear, as
// the commands opened it from Sealed, before ChangeDetails compares with it.
func (p *Person) RevealPersonal(d PersonalData) {
	p.details.Personal, p.revealed = d, true
}

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
// A person whose personal data was erased is refused
// (ErrPersonalDataErased): their record stays as the retention rules keep
// it. The current personal data must be revealed first when it is sealed
// (ErrPersonalNotRevealed otherwise).
func (p *Person) ChangeDetails(d PersonDetails) error {
	if p.erased {
		return ErrPersonalDataErased
	}
	if !p.revealed {
		return ErrPersonalNotRevealed
	}
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

// ErasePersonalData records that the person's personal data is erased, for
// reason (required). Erasing it again records nothing: a half-done erasure
// (the event stored, the key not yet destroyed) is finished by running it
// again. Whether the retention period allows it is domain/retention's rule,
// checked by the command first.
func (p *Person) ErasePersonalData(reason string) error {
	reason, err := domain.Paragraphs("IDENTITY", "reason", reason, true, 500)
	if err != nil {
		return err
	}
	if p.erased {
		return nil
	}
	p.record(&PersonalDataErased{PersonID: p.id, OrgID: p.orgID, Reason: reason})
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
	if d.Personal, err = checkPersonal(d.Personal); err != nil {
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
		p.id, p.orgID = e.PersonID, e.OrgID
		p.setDetails(e.PersonDetails, e.PersonalSealed, e.EventType())
	case *PersonDetailsChanged:
		p.setDetails(e.PersonDetails, e.PersonalSealed, e.EventType())
	case *PersonalDataErased:
		p.details.Personal, p.sealed, p.sealedIn, p.revealed, p.erased = PersonalData{}, nil, "", true, true
	}
}

// setDetails applies details whose personal part is either clear (decided
// here) or sealed (read from the log).
func (p *Person) setDetails(d PersonDetails, sealed *SealedPersonal, in string) {
	p.details, p.sealed, p.sealedIn, p.revealed = d, sealed, in, sealed == nil
	if sealed == nil {
		p.sealedIn = ""
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
