package realtime

import (
	"context"
	"fmt"
	"time"

	"cronica/domain/identity"
)

// GrantSubjects finds who held a grant, for events that name the grant
// only (RoleRevoked). Implementations must be safe for concurrent use.
type GrantSubjects interface {
	// GrantSubject is the subject of grant grantID of organisation orgID,
	// or an error matching domain.ErrNotFound.
	GrantSubject(ctx context.Context, orgID, grantID string) (identity.Subject, error)
}

// MeKind is the "me" topic: the events that concern the signed-in account
// itself, whatever its other permissions: its own account stream, events
// whose data names it in a top-level "account_id" (group memberships, for
// instance), and the grants given to it or taken from it (grants). Later
// contexts' events that name an account_id (notifications) reach it the
// same way.
func MeKind(grants GrantSubjects) Kind { return meKind{grants: grants} }

type meKind struct{ grants GrantSubjects }

func (meKind) Name() string { return "me" }

func (meKind) Resolve(_ context.Context, v Viewer, id string) (Route, error) {
	if id != "" || v.AccountID == "" {
		return Route{}, ErrUnknownTopic
	}
	return Route{Key: v.AccountID, Access: selfAccess{}}, nil
}

func (k meKind) Match(ctx context.Context, c *Change) ([]string, error) {
	var keys []string
	if c.Category() == identity.CategoryAccount {
		keys = append(keys, c.EntityID())
	}
	if id, ok := c.String("account_id"); ok {
		keys = append(keys, id)
	}
	switch c.Event.Type {
	case identity.TypeRoleGranted:
		var s identity.Subject
		if c.Object("subject", &s) && s.Kind == identity.SubjectAccount {
			keys = append(keys, s.ID)
		}
	case identity.TypeRoleRevoked:
		grantID, ok := c.String("grant_id")
		if !ok {
			return keys, nil
		}
		s, err := k.grants.GrantSubject(ctx, c.OrgID(), grantID)
		if err != nil {
			return keys, fmt.Errorf("realtime: me: subject of grant %s: %w", grantID, err)
		}
		if s.Kind == identity.SubjectAccount {
			keys = append(keys, s.ID)
		}
	}
	return dedupe(keys), nil
}

// selfAccess: the "me" topic is always one's own.
type selfAccess struct{}

func (selfAccess) Allowed(Viewer, time.Time) error       { return nil }
func (selfAccess) Shows(Viewer, *Change, time.Time) bool { return true }
