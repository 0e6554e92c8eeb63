package realtime

import (
	"context"
	"fmt"
	"time"

	"cronica/domain/chat"
	"cronica/domain/identity"
	"cronica/eventstore"
)

// GrantSubjects finds who held a grant, for events that name the grant
// only (RoleRevoked). Implementations must be safe for concurrent use.
type GrantSubjects interface {
	// GrantSubject is the subject of grant grantID of organisation orgID,
	// or an error matching domain.ErrNotFound.
	GrantSubject(ctx context.Context, orgID, grantID string) (identity.Subject, error)
}

// Notifications finds the notifications an event made, for the "me"
// topic. Implementations must be safe for concurrent use.
type Notifications interface {
	// Produced lists the in-app notifications the event e made (none:
	// nil). The hub asks after the gate, so the read model that holds them
	// has committed e.
	Produced(ctx context.Context, e eventstore.RecordedEvent) ([]NotificationRef, error)
}

// NotificationRef is one notification an event made for one account: a
// message of the "me" topic carries its id and kind ("notification"), so
// the client can show it and refetch the unread count.
type NotificationRef struct {
	AccountID string `json:"-"`
	ID        string `json:"id"`
	Kind      string `json:"kind"`
}

// Groups finds a group's members, for the "me" topic of a group's channel
// opened. Implementations must be safe for concurrent use.
type Groups interface {
	// GroupMembers are the accounts of group groupID now (none for an
	// unknown group), and the log position they reflect.
	GroupMembers(ctx context.Context, groupID string) ([]string, eventstore.Position, error)
}

// MeKind is the "me" topic: the events that concern the signed-in account
// itself, whatever its other permissions: its own account stream, events
// whose data names it in a top-level "account_id" (group and channel
// memberships, its notifications read, for instance), the grants given to
// it or taken from it (grants), a chat channel opened to it (a direct or
// custom channel's "members"; a group's channel, for the group's members
// as groups says; nil: not those), and the events that made a
// notification for it (notes; nil: none), whose messages carry that
// notification's id and kind. A client reads the changes of its access
// there: a channel it may now follow is one it was refused before.
func MeKind(grants GrantSubjects, notes Notifications, groups Groups) Kind {
	return meKind{grants: grants, notes: notes, groups: groups}
}

type meKind struct {
	grants GrantSubjects
	notes  Notifications
	groups Groups
}

// meName is the "me" topic's kind name.
const meName = "me"

func (meKind) Name() string { return meName }

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
	if k.notes != nil {
		refs, err := k.notes.Produced(ctx, c.Event)
		if err != nil {
			return dedupe(keys), fmt.Errorf("realtime: me: notifications of %s at %d: %w", c.Event.Type, c.Event.Position, err)
		}
		for _, r := range refs {
			keys = append(keys, r.AccountID)
			c.note(r)
		}
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
	case chat.TypeChannelCreated:
		keys = append(keys, c.Strings("members")...)
		if group, ok := c.String("group_id"); ok && k.groups != nil {
			members, _, err := k.groups.GroupMembers(ctx, group)
			if err != nil {
				return dedupe(keys), fmt.Errorf("realtime: me: members of group %s: %w", group, err)
			}
			keys = append(keys, members...)
		}
	}
	return dedupe(keys), nil
}

// selfAccess: the "me" topic is always one's own.
type selfAccess struct{}

func (selfAccess) Allowed(Viewer, time.Time) error       { return nil }
func (selfAccess) Shows(Viewer, *Change, time.Time) bool { return true }
