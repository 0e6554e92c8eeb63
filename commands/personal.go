package commands

import (
	"context"
	"errors"
	"fmt"

	"cronica/domain"
	"cronica/domain/identity"
)

// Personal data never enters the log in clear: the domain decides on it in
// clear, then the handlers that record it seal it with the person's key
// (sealPersonal) before saving, and the codec refuses to encode an event
// that still carries it (ErrClearPersonalData). A handler that must compare
// with the current personal data opens it first (revealPersonal).

// PersonalSealer keeps each person's key outside the log and seals, opens
// and destroys with it (internal/keyring implements it). Once a person's
// key is destroyed, Seal and Open return an error matching
// identity.ErrPersonalDataErased. Implementations must be safe for
// concurrent use.
type PersonalSealer interface {
	Seal(ctx context.Context, personID, eventType string, d identity.PersonalData) (identity.SealedPersonal, error)
	Open(ctx context.Context, personID, eventType string, s identity.SealedPersonal) (identity.PersonalData, error)
	Destroy(ctx context.Context, personID string) error
}

var (
	// ErrNoSealer: personal data was to be sealed or opened and the Env
	// has no PersonalSealer (a wiring mistake).
	ErrNoSealer = errors.New("commands: personal data needs a keyring to be sealed (Env.Personal is not set)")
	// ErrClearPersonalData: an event still carrying clear personal data was
	// to be encoded (a handler forgot to seal it).
	ErrClearPersonalData = errors.New("commands: clear personal data may not be stored: seal it first")
)

// sealPersonal seals, in place, the clear personal part of every event of
// changes that carries one (identity.PersonalCarrier), for its person and
// its event type.
func (env Env) sealPersonal(ctx context.Context, changes []domain.Event) error {
	for _, e := range changes {
		c, ok := e.(identity.PersonalCarrier)
		if !ok {
			continue
		}
		personID, clear, _ := c.PersonalOf()
		if clear.IsZero() {
			c.SetPersonal(identity.PersonalData{}, nil)
			continue
		}
		if env.Personal == nil {
			return ErrNoSealer
		}
		s, err := env.Personal.Seal(ctx, personID, e.EventType(), clear)
		if err != nil {
			return fmt.Errorf("commands: seal the personal data of %s: %w", personID, err)
		}
		c.SetPersonal(identity.PersonalData{}, &s)
	}
	return nil
}

// revealPersonal opens p's sealed personal data and hands it to p, so that
// a change of its details is compared with what it holds. An erased person
// has nothing to reveal (the domain refuses their changes).
func (env Env) revealPersonal(ctx context.Context, p *identity.Person) error {
	s, in := p.Sealed()
	if s == nil || p.Erased() {
		return nil
	}
	if env.Personal == nil {
		return ErrNoSealer
	}
	d, err := env.Personal.Open(ctx, p.ID(), in, *s)
	if err != nil {
		return fmt.Errorf("commands: open the personal data of %s: %w", p.ID(), err)
	}
	p.RevealPersonal(d)
	return nil
}
