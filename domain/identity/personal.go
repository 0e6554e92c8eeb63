package identity

import (
	"errors"

	"cronica/domain"
)

// Personal data and crypto-shredding. A person's personal data (CNP,
// personal e-mail and phone, postal address) is decided on in clear by the
// Person aggregate, like any other field, but never stored in clear: before
// an event is appended the commands seal its personal part with the
// person's own key (AES-256-GCM, a key kept outside the log; see
// internal/keyring), and the log holds only the SealedPersonal. Erasing the
// person's personal data (PersonalDataErased, after the retention period)
// destroys that key: every sealed value of the person becomes unreadable
// while the events, and their hash chains, stay exactly as they were.

// PersonalData is a person's personal data, shown only to callers with
// people.personal_data.read. In events it is always sealed (see
// PersonalCarrier); its JSON is the plaintext that is sealed.
type PersonalData struct {
	CNP     string  `json:"cnp,omitempty"`    // Romanian personal numeric code
	Email   string  `json:"email,omitempty"`  // personal address (the work one is PersonDetails.Email)
	Phone   string  `json:"phone,omitempty"`  // personal phone; texts (SMS notifications) go to it
	Address Address `json:"address,omitzero"` // home address
}

// IsZero reports whether d holds nothing.
func (d PersonalData) IsZero() bool { return d == PersonalData{} }

// SealAlgorithm is the only algorithm SealedPersonal.Alg names today.
const SealAlgorithm = "A256GCM"

// SealedPersonal is PersonalData encrypted with its person's key: Key names
// the key (kept outside the log), Alg the algorithm (SealAlgorithm), Nonce
// and CT are standard base64. The additional data of the encryption binds
// it to the person and the event type it was sealed for, so a sealed value
// copied into another person's event does not open.
type SealedPersonal struct {
	Key   string `json:"key"`
	Alg   string `json:"alg"`
	Nonce string `json:"nonce"`
	CT    string `json:"ct"`
}

// PersonalCarrier is an event that carries a person's personal data:
// PersonRegistered and PersonDetailsChanged. While deciding, the clear part
// is set and the sealed one nil; the commands seal it (SetPersonal(zero,
// sealed)) before the event is encoded, and the codec refuses to encode a
// carrier with a clear part. Decoded from the log, the clear part is zero.
type PersonalCarrier interface {
	domain.Event
	// PersonalOf is the person the data belongs to, the clear data and the
	// sealed value (nil: the event carries no personal data).
	PersonalOf() (personID string, clear PersonalData, sealed *SealedPersonal)
	// SetPersonal replaces the clear and sealed parts.
	SetPersonal(clear PersonalData, sealed *SealedPersonal)
}

// PersonalOf implements PersonalCarrier.
func (e *PersonRegistered) PersonalOf() (string, PersonalData, *SealedPersonal) {
	return e.PersonID, e.Personal, e.PersonalSealed
}

// SetPersonal implements PersonalCarrier.
func (e *PersonRegistered) SetPersonal(clear PersonalData, sealed *SealedPersonal) {
	e.Personal, e.PersonalSealed = clear, sealed
}

// PersonalOf implements PersonalCarrier.
func (e *PersonDetailsChanged) PersonalOf() (string, PersonalData, *SealedPersonal) {
	return e.PersonID, e.Personal, e.PersonalSealed
}

// SetPersonal implements PersonalCarrier.
func (e *PersonDetailsChanged) SetPersonal(clear PersonalData, sealed *SealedPersonal) {
	e.Personal, e.PersonalSealed = clear, sealed
}

// ErrPersonalDataErased: the person's personal data was erased; nothing can
// be sealed for them, or opened, again, and their details no longer change
// (422 IDENTITY_PERSONAL_DATA_ERASED). The keyring's "key destroyed" error
// wraps it.
var ErrPersonalDataErased = domain.Rule("IDENTITY_PERSONAL_DATA_ERASED",
	"the person's personal data was erased; their details can no longer be changed",
	"datele personale ale persoanei au fost șterse; datele sale nu mai pot fi modificate", nil)

// ErrPersonalNotRevealed is a caller's bug: the details of a person whose
// personal data is sealed were changed without first revealing the current
// personal data (Person.RevealPersonal), so the change could not be
// compared with it.
var ErrPersonalNotRevealed = errors.New("identity: change person details: the current personal data was not revealed")

// ErasedMarker is what every reader shows instead of erased personal data.
const (
	ErasedMarker   = "personal data erased"
	ErasedMarkerRO = "date personale șterse"
)

// checkPersonal validates and normalises personal data.
func checkPersonal(d PersonalData) (PersonalData, error) {
	var err error
	if d.CNP, err = ValidateCNP(d.CNP); err != nil {
		return d, err
	}
	if d.Email != "" {
		if d.Email, err = ValidateEmail(d.Email); err != nil {
			return d, onField(err, "personal.email")
		}
	}
	if d.Phone, err = ValidatePhone(d.Phone); err != nil {
		return d, onField(err, "personal.phone")
	}
	a := &d.Address
	for _, f := range []struct {
		name string
		v    *string
		max  int
	}{{"personal.address.street", &a.Street, 200}, {"personal.address.city", &a.City, 100},
		{"personal.address.county", &a.County, 100}, {"personal.address.postal_code", &a.PostalCode, 20},
		{"personal.address.country", &a.Country, 2}} {
		if *f.v, err = text(f.name, *f.v, false, f.max); err != nil {
			return d, err
		}
	}
	return d, nil
}

// onField is err, a rule error, naming field instead of its own.
func onField(err error, field string) error {
	var re *domain.RuleError
	if !errors.As(err, &re) {
		return err
	}
	details := map[string]any{}
	for k, v := range re.Details {
		details[k] = v
	}
	details["field"] = field
	return domain.Rule(re.Code, re.Message, re.MessageRO, details)
}
