package history

import (
	"context"
	"errors"
	"fmt"

	"cronica/domain/identity"
)

// PersonalOpener opens a person's sealed personal data (internal/keyring
// implements it); its error matches identity.ErrPersonalDataErased once
// the person's key was destroyed. Implementations must be safe for
// concurrent use.
type PersonalOpener interface {
	Open(ctx context.Context, personID, eventType string, s identity.SealedPersonal) (identity.PersonalData, error)
}

// personalData is what the caller sees of one person's personal data, the
// one decision of it: {"hidden": true} without people.personal_data.read
// in the organisation; for who holds it, {"erased": true} once the data was
// erased (crypto-shredding: the person's key destroyed, so every earlier
// state shows it too), the sealed value opened with the person's key (the
// event type it was sealed for binds it), or the data in clear (events
// written before personal data was sealed). nil: the person has none.
func (f *fold) personalData(personID, eventType string, clear identity.PersonalData, sealed *identity.SealedPersonal, erased bool) (any, error) {
	switch {
	case !erased && sealed == nil && clear.IsZero():
		return nil, nil
	case !f.personal:
		return redactPersonal(nil, false), nil
	case erased:
		return cloneMarker(erasedMarker), nil
	case sealed == nil:
		return tree(clear, true)
	case f.opener == nil:
		return cloneMarker(sealedMarker), nil
	}
	key := personID + "\x00" + eventType + "\x00" + sealed.Key + "\x00" + sealed.Nonce + "\x00" + sealed.CT
	if v, ok := f.opened[key]; ok {
		return v, nil
	}
	d, err := f.opener.Open(f.ctx, personID, eventType, *sealed)
	var v any
	switch {
	case errors.Is(err, identity.ErrPersonalDataErased):
		v = cloneMarker(erasedMarker)
	case err != nil:
		return nil, fmt.Errorf("history: personal data of %s: %w", personID, err)
	default:
		if v, err = tree(d, true); err != nil {
			return nil, err
		}
	}
	if f.opened == nil {
		f.opened = map[string]any{}
	}
	f.opened[key] = v
	return v, nil
}

// openEventPersonal replaces, in the data of an event of type eventType
// (redacted: its personal data hidden unless the caller may read it), the
// sealed personal data by what personalData gives.
func (f *fold) openEventPersonal(eventType string, data any) error {
	obj, ok := data.(map[string]any)
	if !ok || !f.personal {
		return nil
	}
	raw, ok := obj["personal_sealed"].(map[string]any)
	if !ok {
		return nil
	}
	str := func(k string) string { s, _ := raw[k].(string); return s }
	sealed := &identity.SealedPersonal{Key: str("key"), Alg: str("alg"), Nonce: str("nonce"), CT: str("ct")}
	personID, _ := obj["person_id"].(string)
	v, err := f.personalData(personID, eventType, identity.PersonalData{}, sealed, false)
	if err != nil {
		return err
	}
	obj["personal_sealed"] = v
	return nil
}
