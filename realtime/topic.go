package realtime

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"cronica/domain"
	"cronica/domain/identity"
)

// Viewer is who a websocket session shows changes to: the signed-in
// account, its person, and its principal (every grant that applies to it),
// as the read models had them when the hub last resolved it.
type Viewer struct {
	AccountID string
	PersonID  string
	Principal identity.Principal
}

// Viewers resolves a viewer from the read models. The hub calls it when an
// event may have changed what an account may read (a grant given or
// revoked, a group membership, the account disabled), after the read models
// committed that event. Implementations must be safe for concurrent use.
type Viewers interface {
	// Viewer returns accountID's viewer now, or an error matching
	// domain.ErrNotFound when the read models know no such account.
	Viewer(ctx context.Context, accountID string) (Viewer, error)
}

// Kind is one family of topics, named "<name>:<id>" by clients ("project:
// <uuid>"), or "<name>" alone for a topic without an id ("me"). The hub
// holds a table of kinds given at wiring (Config.Kinds) and knows nothing
// else about them, so a new context adds its topics (task lists, channels)
// by adding a Kind there, without touching the hub.
//
// Implementations must be safe for concurrent use: Resolve runs on the
// session's goroutine, Match on the hub's.
type Kind interface {
	// Name is the part of the topic before the colon.
	Name() string
	// Resolve finds the topic with this id for v: the key that Match gives
	// for the topic's events, and the Access that decides whether v may
	// follow it (the hub asks it at once, then for every event). Errors:
	// ErrUnknownTopic (or domain.ErrNotFound) when there is no such topic;
	// ErrForbidden (or domain.ErrForbidden) when v may not follow it
	// whatever the grants; any other error is a failure of the lookup.
	// Access.Allowed answering domain.ErrNotFound (no grant at all in the
	// topic's organisation) is told to the client exactly like a topic that
	// does not exist, so another organisation's topics do not leak.
	Resolve(ctx context.Context, v Viewer, id string) (Route, error)
	// Match is the keys of this kind's topics that c concerns (none: nil).
	Match(ctx context.Context, c *Change) ([]string, error)
}

// Route is where a subscription leads: the key its events carry (Match) and
// the Access that decides, for every event, whether the viewer still sees it.
type Route struct {
	Key    string
	Access Access
}

// Access is a topic's permission, kept by each subscription. Implementations
// must be pure and fast: the hub calls them for every matching event, under
// its lock.
type Access interface {
	// Allowed is nil while v may follow the topic at now; otherwise the
	// subscription ends (the client is told "unsubscribed", reason
	// "forbidden").
	Allowed(v Viewer, now time.Time) error
	// Shows reports whether v may see c on the topic (an event of the topic
	// whose details need a further action, say), at now.
	Shows(v Viewer, c *Change, now time.Time) bool
}

// Errors of Resolve, and what the client is told.
var (
	// ErrUnknownTopic: no such topic, or none the viewer may know of
	// (code unknown_topic).
	ErrUnknownTopic = errors.New("realtime: unknown topic")
	// ErrForbidden: the viewer may not follow the topic (code forbidden).
	ErrForbidden = errors.New("realtime: forbidden")
)

// resolveError folds the errors of identity.Authorize and of lookups into
// the two refusals a client sees: a missing thing and another
// organisation's are both unknown_topic.
func resolveError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrUnknownTopic), errors.Is(err, domain.ErrNotFound):
		return fmt.Errorf("%w: %w", ErrUnknownTopic, err)
	case errors.Is(err, ErrForbidden), errors.Is(err, domain.ErrForbidden):
		return fmt.Errorf("%w: %w", ErrForbidden, err)
	}
	return err
}

// topicName splits a client's topic into its kind's name and its id ("me"
// has none).
func topicName(topic string) (kind, id string) {
	kind, id, _ = strings.Cut(topic, ":")
	return kind, id
}

// kindTable is the registry of topic kinds by name.
type kindTable map[string]Kind

// newKindTable indexes kinds by name, refusing an empty or repeated name.
func newKindTable(kinds []Kind) (kindTable, error) {
	t := make(kindTable, len(kinds))
	for _, k := range kinds {
		if k == nil {
			return nil, errors.New("realtime: a nil topic kind")
		}
		name := k.Name()
		if name == "" || strings.ContainsAny(name, ": ") {
			return nil, fmt.Errorf("realtime: topic kind name %q: want a word without ':' or spaces", name)
		}
		if _, dup := t[name]; dup {
			return nil, fmt.Errorf("realtime: topic kind %q registered twice", name)
		}
		t[name] = k
	}
	return t, nil
}
