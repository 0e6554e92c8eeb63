package identityview

import (
	"context"
	"errors"
	"fmt"

	"cronica/domain/identity"
)

// PersonalView is a person's personal data as readers show it: the clear
// fields, opened from the sealed value, or, once erased, only Erased with
// the marker in English and Romanian (the web app shows the server's
// words).
type PersonalView struct {
	identity.PersonalData
	Erased    bool   `json:"erased,omitempty"`
	Message   string `json:"message,omitempty"`
	MessageRO string `json:"message_ro,omitempty"`
}

// ErasedPersonal is the marker shown instead of erased personal data.
func ErasedPersonal() *PersonalView {
	return &PersonalView{Erased: true, Message: identity.ErasedMarker, MessageRO: identity.ErasedMarkerRO}
}

// PersonalOpener opens a person's sealed personal data (internal/keyring
// implements it). Open's error matches identity.ErrPersonalDataErased when
// the person's key was destroyed. Implementations must be safe for
// concurrent use.
type PersonalOpener interface {
	Open(ctx context.Context, personID, eventType string, s identity.SealedPersonal) (identity.PersonalData, error)
}

// ErrNoOpener: a view holds sealed personal data and no opener was given
// (a wiring mistake: the clear fields cannot be shown).
var ErrNoOpener = errors.New("identityview: personal data is sealed and no keyring opens it")

// OpenPersonal is the personal data of v, read with personal data
// (GetPerson, ListPeople with includePersonal): the marker when erased
// (by the event, or a key destroyed that the model has not yet caught up
// with), nothing when there is none, else the clear fields opened by o.
func OpenPersonal(ctx context.Context, o PersonalOpener, v PersonView) (*PersonalView, error) {
	switch {
	case v.Erased:
		return ErasedPersonal(), nil
	case v.Sealed == nil:
		return &PersonalView{}, nil
	case o == nil:
		return nil, ErrNoOpener
	}
	d, err := o.Open(ctx, v.PersonID, v.SealedIn, *v.Sealed)
	if errors.Is(err, identity.ErrPersonalDataErased) {
		return ErasedPersonal(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("identityview: personal data of %s: %w", v.PersonID, err)
	}
	return &PersonalView{PersonalData: d}, nil
}
