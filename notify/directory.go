package notify

import (
	"context"
	"fmt"
	"strings"

	"cronica/projections/identityview"
)

// Contact is how an account is reached: its sign-in address and its
// person's personal phone (personal data: opened through the keyring at
// send time, never copied into the outbox or an event; none once erased).
type Contact struct {
	Email   string
	Phone   string
	Enabled bool
}

// Directory finds how to reach accounts and what to call people.
// Implementations must be safe for concurrent use.
type Directory interface {
	// Contact is accountID's, an account of orgID; an error matching
	// domain.ErrNotFound when there is no such account.
	Contact(ctx context.Context, orgID, accountID string) (Contact, error)
	// PersonName is the given and family name of personID of orgID ("" when
	// there is none).
	PersonName(ctx context.Context, orgID, personID string) (string, error)
}

// ReadModelDirectory is Directory over the identity read models. The
// phone is personal data, sealed in the read model: Personal opens it (nil:
// no phone is known, so no text is sent).
type ReadModelDirectory struct {
	Q        identityview.Querier
	Personal identityview.PersonalOpener
}

// Contact implements Directory.
func (d ReadModelDirectory) Contact(ctx context.Context, orgID, accountID string) (Contact, error) {
	a, err := identityview.GetAccount(ctx, d.Q, orgID, accountID)
	if err != nil {
		return Contact{}, fmt.Errorf("notify: contact of %s: %w", accountID, err)
	}
	c := Contact{Email: a.Email, Enabled: a.Enabled}
	if d.Personal == nil {
		return c, nil
	}
	p, err := identityview.GetPerson(ctx, d.Q, orgID, a.PersonID, true)
	if isNotFound(err) {
		return c, nil
	}
	if err != nil {
		return Contact{}, fmt.Errorf("notify: contact of %s: %w", accountID, err)
	}
	personal, err := identityview.OpenPersonal(ctx, d.Personal, p)
	if err != nil {
		return Contact{}, fmt.Errorf("notify: contact of %s: %w", accountID, err)
	}
	c.Phone = personal.Phone // "" when erased
	return c, nil
}

// PersonName implements Directory.
func (d ReadModelDirectory) PersonName(ctx context.Context, orgID, personID string) (string, error) {
	if personID == "" {
		return "", nil
	}
	p, err := identityview.GetPerson(ctx, d.Q, orgID, personID, false)
	if isNotFound(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("notify: name of %s: %w", personID, err)
	}
	return strings.TrimSpace(p.GivenName + " " + p.FamilyName), nil
}
