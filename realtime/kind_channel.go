package realtime

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"cronica/domain"
	"cronica/domain/chat"
	"cronica/domain/identity"
	"cronica/eventstore"
)

// Channel is what following a chat channel depends on: its organisation,
// kind and project, its group (a group channel) and its members (a direct
// or custom channel), as of Position, the log position of the last event
// of the channel's stream that was read.
type Channel struct {
	OrgID     string
	Kind      chat.Kind
	ProjectID string
	GroupID   string
	Members   []string
	Position  eventstore.Position
}

// Channels finds channels and groups' members. Implementations must be
// safe for concurrent use.
type Channels interface {
	// Channel is channel channelID now, or an error matching
	// domain.ErrNotFound when there is no such channel.
	Channel(ctx context.Context, channelID string) (Channel, error)
	// GroupMembers are the accounts of group groupID now (none for an
	// unknown group), as of the log position of the last event of the
	// group's stream that was read.
	GroupMembers(ctx context.Context, groupID string) ([]string, eventstore.Position, error)
}

// ChannelKind is the "channel:<id>" topics: every event whose data names
// the channel in a top-level "channel_id" field (the channel's own events,
// its messages' and reactions', read markers). A conversation view follows
// one to see messages as they are posted.
//
// Following a channel needs to read it (chat.MayRead): chat.read on a
// project channel's project; for the other kinds chat.read in the
// organisation and membership — of the group for a group channel, of the
// channel for a direct or custom one. Anyone else is answered
// unknown_topic, as for a channel that does not exist.
//
// Membership is checked on every event, so a member removed stops
// receiving at once: the kind keeps the members of the channels and groups
// followed in this process (read from the channel's and the group's
// streams when first followed), changed by ChannelMemberAdded/Removed and
// GroupMemberAdded/Removed as the hub matches them (after the effects and
// before the delivery of the same event), and a group's membership change
// is matched to the channels of that group followed here, so the hub asks
// their subscriptions again. Grants (project channels, chat.read) follow
// the viewer, which the identity effects resolve again. A read marker
// (ChannelRead) is shown to its own account only.
func ChannelKind(channels Channels) Kind {
	return &channelKind{lookup: channels, channels: map[string]*channelState{}, groups: map[string]*memberSet{},
		changes: map[string]uint64{}}
}

type channelKind struct {
	lookup Channels

	mu       sync.Mutex
	channels map[string]*channelState // followed in this process at least once
	groups   map[string]*memberSet    // the groups of followed group channels
	// changes counts the membership events matched per channel and per
	// group, followed or not, so that a Resolve that read the lookup while
	// one was matched reads again instead of keeping what it read.
	changes map[string]uint64
}

// channelState is one followed channel: its facts and, for a direct or
// custom channel, its members; for a group channel, its group's.
type channelState struct {
	id      string
	info    Channel
	members *memberSet
}

// memberSet is a set of accounts as of the log position of the last
// membership event it reflects, read under the hub's lock and changed on
// the hub's goroutine.
type memberSet struct {
	mu       sync.RWMutex
	accounts map[string]bool
	position eventstore.Position
}

func newMemberSet(accounts []string, position eventstore.Position) *memberSet {
	s := &memberSet{accounts: map[string]bool{}, position: position}
	for _, a := range accounts {
		s.accounts[a] = true
	}
	return s
}

func (s *memberSet) has(account string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.accounts[account]
}

// set applies a membership event at position; one the set already
// reflects (a resume replaying the log through Match) changes nothing.
func (s *memberSet) set(account string, in bool, position eventstore.Position) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if position <= s.position {
		return
	}
	s.position = position
	if in {
		s.accounts[account] = true
	} else {
		delete(s.accounts, account)
	}
}

func (*channelKind) Name() string { return "channel" }

func (k *channelKind) Resolve(ctx context.Context, _ Viewer, id string) (Route, error) {
	if !domain.ValidID(id) {
		return Route{}, ErrUnknownTopic
	}
	st, err := k.state(ctx, id)
	if err != nil {
		return Route{}, resolveError(err)
	}
	return Route{Key: id, Access: channelAccess{st: st}}, nil
}

// resolveAttempts bounds how many times state reads the lookup again
// because a membership event was matched meanwhile.
const resolveAttempts = 5

// state is the followed state of channel id: the one kept when there is
// one (kept current by Match), else read from the lookup and kept.
func (k *channelKind) state(ctx context.Context, id string) (*channelState, error) {
	for range resolveAttempts {
		k.mu.Lock()
		if st, ok := k.channels[id]; ok {
			k.mu.Unlock()
			return st, nil
		}
		before := k.changes[id]
		k.mu.Unlock()

		info, err := k.lookup.Channel(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("realtime: channel %s: %w", id, err)
		}
		if info.OrgID == "" || !info.Kind.Known() {
			return nil, fmt.Errorf("realtime: channel %s: %w: no organisation or kind", id, ErrUnknownTopic)
		}
		var group *memberSet
		groupBefore := uint64(0)
		if info.Kind == chat.KindGroup {
			k.mu.Lock()
			group = k.groups[info.GroupID]
			groupBefore = k.changes["group:"+info.GroupID]
			k.mu.Unlock()
			if group == nil {
				accounts, at, err := k.lookup.GroupMembers(ctx, info.GroupID)
				if err != nil {
					return nil, fmt.Errorf("realtime: channel %s: group %s: %w", id, info.GroupID, err)
				}
				group = newMemberSet(accounts, at)
			}
		}

		k.mu.Lock()
		if k.changes[id] != before || (group != nil && k.changes["group:"+info.GroupID] != groupBefore) {
			k.mu.Unlock()
			continue // a membership changed while we read: read again
		}
		if st, ok := k.channels[id]; ok { // another session got there first
			k.mu.Unlock()
			return st, nil
		}
		st := &channelState{id: id, info: info}
		if group != nil {
			if kept, ok := k.groups[info.GroupID]; ok {
				group = kept
			} else {
				k.groups[info.GroupID] = group
			}
			st.members = group
		} else {
			st.members = newMemberSet(info.Members, info.Position)
		}
		k.channels[id] = st
		k.mu.Unlock()
		return st, nil
	}
	return nil, fmt.Errorf("realtime: channel %s: its members kept changing while it was looked up", id)
}

// Match gives the channel of every event naming one, keeping the followed
// channels' and groups' members current (each set applies only events
// after the last it reflects, so a resume replaying older events through
// Match changes nothing); a group's membership change gives
// the followed channels of the group, whose subscriptions the hub then
// asks again (Shows keeps the group's event itself from them).
func (k *channelKind) Match(_ context.Context, c *Change) ([]string, error) {
	account, _ := c.String("account_id")
	switch c.Event.Type {
	case chat.TypeChannelMemberAdded, chat.TypeChannelMemberRemoved:
		id, _ := c.String("channel_id")
		k.mu.Lock()
		k.changes[id]++
		st := k.channels[id]
		k.mu.Unlock()
		if st != nil && st.info.Kind != chat.KindGroup {
			st.members.set(account, c.Event.Type == chat.TypeChannelMemberAdded, c.Event.Position)
		}
	case identity.TypeGroupMemberAdded, identity.TypeGroupMemberRemoved:
		group, _ := c.String("group_id")
		k.mu.Lock()
		k.changes["group:"+group]++
		set := k.groups[group]
		var keys []string
		if set != nil {
			for id, st := range k.channels {
				if st.members == set {
					keys = append(keys, id)
				}
			}
		}
		k.mu.Unlock()
		if set != nil {
			set.set(account, c.Event.Type == identity.TypeGroupMemberAdded, c.Event.Position)
		}
		slices.Sort(keys)
		return keys, nil
	}
	if id, ok := c.String("channel_id"); ok {
		return []string{id}, nil
	}
	return nil, nil
}

// channelAccess allows whoever reads the channel now (chat.MayRead); any
// refusal is "no such channel" (domain.ErrNotFound).
type channelAccess struct{ st *channelState }

func (a channelAccess) Allowed(v Viewer, now time.Time) error {
	info := a.st.info
	access := chat.Access{OrgID: info.OrgID, Kind: info.Kind, ProjectID: info.ProjectID,
		Member: v.AccountID != "" && a.st.members.has(v.AccountID)}
	if err := chat.MayRead(v.Principal, access, now); err != nil {
		return fmt.Errorf("realtime: channel %s: %w", a.st.id, err)
	}
	return nil
}

// Shows keeps from a channel's topic the group events matched to it (they
// only make the hub ask again) and others' read markers.
func (a channelAccess) Shows(v Viewer, c *Change, _ time.Time) bool {
	if id, _ := c.String("channel_id"); id != a.st.id {
		return false
	}
	if c.Event.Type == chat.TypeChannelRead {
		account, _ := c.String("account_id")
		return account != "" && account == v.AccountID
	}
	return true
}
