package notify

import (
	"context"
	"fmt"
	"strings"

	"cronica/projections/identityview"
)

// Contact is how an account is reached: its sign-in address and its
// person's phone (personal data: read at send time, never copied into the
// outbox or an event).
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

// ReadModelDirectory is Directory over the identity read models.
type ReadModelDirectory struct {
	Q identityview.Querier
}

// Contact implements Directory.
func (d ReadModelDirectory) Contact(ctx context.Context, orgID, accountID string) (Contact, error) {
	a, err := identityview.GetAccount(ctx, d.Q, orgID, accountID)
	if err != nil {
		return Contact{}, fmt.Errorf("notify: contact of %s: %w", accountID, err)
	}
	c := Contact{Email: a.Email, Enabled: a.Enabled}
	p, err := identityview.GetPerson(ctx, d.Q, orgID, a.PersonID, false)
	if err == nil {
		c.Phone = p.Phone
	} else if !isNotFound(err) {
		return Contact{}, fmt.Errorf("notify: contact of %s: %w", accountID, err)
	}
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
