package realtime_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"cronica/domain"
	"cronica/domain/chat"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/realtime"
	"cronica/test/realtimetest"
)

// channelTable is Channels over maps the test fills.
type channelTable struct {
	mu       sync.Mutex
	channels map[string]realtime.Channel
	groups   map[string][]string
}

func (l *channelTable) Channel(_ context.Context, id string) (realtime.Channel, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if v, ok := l.channels[id]; ok {
		return v, nil
	}
	return realtime.Channel{}, domain.ErrNotFound
}

func (l *channelTable) GroupMembers(_ context.Context, id string) ([]string, eventstore.Position, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.groups[id]), 0, nil
}

func (l *channelTable) set(id string, v realtime.Channel) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.channels[id] = v
}

// newChannelWorld is a world whose hub knows the channel topics (and the
// project topics, to compare), with the summary fields cmd whitelists for
// chat.
func newChannelWorld(t *testing.T) (*world, *channelTable) {
	t.Helper()
	table := &channelTable{channels: map[string]realtime.Channel{}, groups: map[string][]string{}}
	w := newWorld(t, options{
		kinds: func(w *world) []realtime.Kind {
			return []realtime.Kind{realtime.ChannelKind(table), realtime.ProjectKind(&w.project)}
		},
		summary: []string{"org_id", "project_id", "account_id", "group_id", "channel_id", "message_id", "thread_id", "emoji"},
	})
	return w, table
}

func TestChannelKindMatchesEventsNamingTheChannel(t *testing.T) {
	org, ch, msg, project := uuid.NewString(), uuid.NewString(), uuid.NewString(), uuid.NewString()
	kind := realtime.ChannelKind(&channelTable{})
	cases := []struct {
		name   string
		change *realtime.Change
		want   []string
	}{
		{"channel_created", change("channel-"+ch, chat.TypeChannelCreated, org, map[string]any{"channel_id": ch, "org_id": org}), []string{ch}},
		{"message_posted", change("chatmsg-"+msg, chat.TypeMessagePosted, org, map[string]any{"message_id": msg, "channel_id": ch, "body": "x"}),
			[]string{ch}},
		{"reaction", change("chatmsg-"+msg, chat.TypeReactionAdded, org, map[string]any{"message_id": msg, "channel_id": ch, "emoji": "+1"}),
			[]string{ch}},
		{"member_removed", change("channel-"+ch, chat.TypeChannelMemberRemoved, org, map[string]any{"channel_id": ch, "account_id": "a"}),
			[]string{ch}},
		{"group_change_of_no_followed_channel", change("group-"+ch, identity.TypeGroupMemberRemoved, org, map[string]any{"group_id": ch,
			"account_id": "a"}), nil},
		{"no_channel_id", change("task-"+msg, "TaskCreated.v1", org, map[string]any{"task_id": msg, "project_id": project}), nil},
		{"nested_channel_id_is_not_read", change("x-"+msg, "X.v1", org, map[string]any{"x": map[string]any{"channel_id": ch}}), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := kind.Match(context.Background(), tc.change)
			if err != nil || !slices.Equal(got, tc.want) {
				t.Fatalf("Match = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
	if kind.Name() != "channel" {
		t.Fatalf("name %q", kind.Name())
	}
	// A project channel's message names its project, but only the
	// channel's topic carries it.
	posted := change("chatmsg-"+msg, chat.TypeMessagePosted, org, map[string]any{"message_id": msg, "channel_id": ch, "project_id": project})
	if got, _ := realtime.ProjectKind(nil).Match(context.Background(), posted); len(got) != 0 {
		t.Fatalf("the project topic matches a chat message: %v", got)
	}
}

// Who may follow a channel: chat.read on a project channel's project;
// membership (and chat.read in the organisation) on the others. Anybody
// else, auditors included, is told unknown_topic exactly as for a channel
// that does not exist.
func TestChannelTopicIsForItsReaders(t *testing.T) {
	w, table := newChannelWorld(t)
	org, foreignOrg, project, otherProject, group := uuid.NewString(), uuid.NewString(), uuid.NewString(), uuid.NewString(), uuid.NewString()
	projectCh, customCh, groupCh := uuid.NewString(), uuid.NewString(), uuid.NewString()
	table.set(projectCh, realtime.Channel{OrgID: org, Kind: chat.KindProject, ProjectID: project})
	table.set(customCh, realtime.Channel{OrgID: org, Kind: chat.KindCustom, Members: []string{"ana"}})
	table.set(groupCh, realtime.Channel{OrgID: org, Kind: chat.KindGroup, GroupID: group})
	table.groups[group] = []string{"dan"}
	for _, v := range []realtime.Viewer{
		member("ana", "p-ana", org, identity.RoleMember, ""),
		member("dan", "p-dan", org, identity.RoleMember, ""),
		member("admin", "p-admin", org, identity.RoleOrgAdmin, ""),
		member("pm-other", "p-pm", org, identity.RoleProjectManager, otherProject),
		member("auditor", "p-auditor", org, identity.RoleAuditor, ""),
		member("stranger", "p-stranger", foreignOrg, identity.RoleOrgAdmin, ""),
	} {
		w.viewers.set(v)
	}
	cases := []struct {
		account, channel string
		want             string // "" subscribed, else the error code
	}{
		{"ana", projectCh, ""},
		{"admin", projectCh, ""},
		{"pm-other", projectCh, "unknown_topic"},
		{"auditor", projectCh, "unknown_topic"},
		{"stranger", projectCh, "unknown_topic"},
		{"ana", customCh, ""},
		{"dan", customCh, "unknown_topic"},
		{"admin", customCh, "unknown_topic"},
		{"dan", groupCh, ""},
		{"ana", groupCh, "unknown_topic"},
		{"admin", uuid.NewString(), "unknown_topic"},
		{"admin", "not-an-id", "unknown_topic"},
	}
	for _, tc := range cases {
		w.expectAdmission(tc.account, "channel:"+tc.channel, tc.want)
	}
}

// Two people on a custom channel: a message of one reaches the other with
// ids only; removed from the channel, one is unsubscribed at once and gets
// nothing more, while the other goes on receiving. Read markers go to
// their own account only.
func TestChannelTopicRemovedMemberStopsReceiving(t *testing.T) {
	w, table := newChannelWorld(t)
	org, ch := uuid.NewString(), uuid.NewString()
	table.set(ch, realtime.Channel{OrgID: org, Kind: chat.KindCustom, Members: []string{"ana", "dan"}})
	w.viewers.set(member("ana", "p-ana", org, identity.RoleMember, ""))
	w.viewers.set(member("dan", "p-dan", org, identity.RoleMember, ""))
	ana := w.subscribe("ana", "channel:"+ch)
	dan := w.subscribe("dan", "channel:"+ch)

	msg := uuid.NewString()
	p := w.append("chatmsg-"+msg, chat.TypeMessagePosted, org, map[string]any{"message_id": msg, "channel_id": ch, "org_id": org,
		"author_account_id": "ana", "body": "Ședința secretă", "mentions": []string{}})
	for _, c := range []*clientAlias{{"ana", ana}, {"dan", dan}} {
		m := c.c.Next()
		data, _ := m.Summary["data"].(map[string]any)
		if m.Type != chat.TypeMessagePosted || m.Topic != "channel:"+ch || m.Position != pos(p) || data["message_id"] != msg || data["channel_id"] != ch {
			t.Fatalf("%s got %s", c.who, m.Raw)
		}
		if strings.Contains(m.Raw, "secret") {
			t.Fatalf("%s: the summary carries the message's words: %s", c.who, m.Raw)
		}
	}
	// Ana's read marker is hers only.
	w.append("chatread-"+uuid.NewString(), chat.TypeChannelRead, org, map[string]any{"channel_id": ch, "org_id": org, "account_id": "ana",
		"message_id": msg, "position": 1})
	if m := ana.Next(); m.Type != chat.TypeChannelRead {
		t.Fatalf("ana got %s, want her read marker", m.Raw)
	}

	w.append("channel-"+ch, chat.TypeChannelMemberRemoved, org, map[string]any{"channel_id": ch, "org_id": org, "account_id": "dan"})
	if m := dan.Next(); m.Type != "unsubscribed" || m.Reason != "forbidden" || m.Topic != "channel:"+ch {
		t.Fatalf("dan got %s, want the channel unsubscribed (forbidden)", m.Raw)
	}
	if m := ana.Next(); m.Type != chat.TypeChannelMemberRemoved {
		t.Fatalf("ana got %s, want dan's removal", m.Raw)
	}
	after := uuid.NewString()
	w.append("chatmsg-"+after, chat.TypeMessagePosted, org, map[string]any{"message_id": after, "channel_id": ch, "org_id": org,
		"author_account_id": "ana", "body": "după", "mentions": []string{}})
	if m := ana.Next(); m.Type != chat.TypeMessagePosted || m.Summary["data"].(map[string]any)["message_id"] != after {
		t.Fatalf("ana got %s, want the next message", m.Raw)
	}
	if msgs := dan.Ping("end"); len(msgs) != 0 {
		t.Fatalf("dan, removed, got %v", msgs)
	}
	// Subscribing again is refused, as for a channel that does not exist.
	c := w.dial("dan")
	c.Subscribe("channel:" + ch)
	if m := c.Next(); m.Type != "error" || m.Code != "unknown_topic" {
		t.Fatalf("dan subscribing again: %s", m.Raw)
	}
}

// Removed from the group, a member stops receiving the group's channel at
// once; added, another may follow it.
func TestChannelTopicFollowsTheGroup(t *testing.T) {
	w, table := newChannelWorld(t)
	org, group, ch := uuid.NewString(), uuid.NewString(), uuid.NewString()
	table.set(ch, realtime.Channel{OrgID: org, Kind: chat.KindGroup, GroupID: group})
	table.groups[group] = []string{"ana", "dan"}
	w.viewers.set(member("ana", "p-ana", org, identity.RoleMember, ""))
	w.viewers.set(member("dan", "p-dan", org, identity.RoleMember, ""))
	w.viewers.set(member("eva", "p-eva", org, identity.RoleMember, ""))
	ana := w.subscribe("ana", "channel:"+ch)
	dan := w.subscribe("dan", "channel:"+ch)

	w.append("group-"+group, identity.TypeGroupMemberRemoved, org, map[string]any{"group_id": group, "org_id": org, "account_id": "dan"})
	if m := dan.Next(); m.Type != "unsubscribed" || m.Reason != "forbidden" {
		t.Fatalf("dan got %s, want the channel unsubscribed (forbidden)", m.Raw)
	}
	p := w.append("group-"+group, identity.TypeGroupMemberAdded, org, map[string]any{"group_id": group, "org_id": org, "account_id": "eva"})
	w.settle(p)
	eva := w.subscribe("eva", "channel:"+ch)
	msg := uuid.NewString()
	w.append("chatmsg-"+msg, chat.TypeMessagePosted, org, map[string]any{"message_id": msg, "channel_id": ch, "org_id": org})
	for _, c := range []*clientAlias{{"ana", ana}, {"eva", eva}} {
		if m := c.c.Next(); m.Type != chat.TypeMessagePosted {
			t.Fatalf("%s got %s, want the message (and no group event)", c.who, m.Raw)
		}
	}
	if msgs := dan.Ping("end"); len(msgs) != 0 {
		t.Fatalf("dan, out of the group, got %v", msgs)
	}
}

// A lookup failure that is not "not found" is not told as a missing channel.
func TestChannelKindResolveErrors(t *testing.T) {
	boom := errors.New("database down")
	k := realtime.ChannelKind(failingChannels{err: boom})
	if _, err := k.Resolve(context.Background(), realtime.Viewer{}, uuid.NewString()); !errors.Is(err, boom) ||
		errors.Is(err, realtime.ErrUnknownTopic) {
		t.Fatalf("a failed lookup: %v", err)
	}
	k = realtime.ChannelKind(failingChannels{ch: realtime.Channel{Kind: chat.KindCustom}})
	if _, err := k.Resolve(context.Background(), realtime.Viewer{}, uuid.NewString()); !errors.Is(err, realtime.ErrUnknownTopic) {
		t.Fatalf("a channel without organisation: %v", err)
	}
}

// clientAlias names a client in failures.
type clientAlias struct {
	who string
	c   *realtimetest.Client
}

type failingChannels struct {
	ch  realtime.Channel
	err error
}

func (f failingChannels) Channel(context.Context, string) (realtime.Channel, error) {
	return f.ch, f.err
}
func (f failingChannels) GroupMembers(context.Context, string) ([]string, eventstore.Position, error) {
	return nil, 0, f.err
}

// A resume replays older membership events through Match: they change
// nothing, so a member removed since is not let back in by someone else's
// resume.
func TestChannelTopicResumeDoesNotUndoARemoval(t *testing.T) {
	w, table := newChannelWorld(t)
	org, ch := uuid.NewString(), uuid.NewString()
	table.set(ch, realtime.Channel{OrgID: org, Kind: chat.KindCustom, Members: []string{"ana"}})
	w.viewers.set(member("ana", "p-ana", org, identity.RoleMember, ""))
	w.viewers.set(member("eva", "p-eva", org, identity.RoleMember, ""))
	ana := w.subscribe("ana", "channel:"+ch)
	start := w.append("chatmsg-"+uuid.NewString(), chat.TypeMessagePosted, org, map[string]any{"message_id": uuid.NewString(),
		"channel_id": ch, "org_id": org})
	w.append("channel-"+ch, chat.TypeChannelMemberAdded, org, map[string]any{"channel_id": ch, "org_id": org, "account_id": "eva"})
	removed := w.append("channel-"+ch, chat.TypeChannelMemberRemoved, org, map[string]any{"channel_id": ch, "org_id": org, "account_id": "eva"})
	w.settle(removed)
	ana.Close()

	again := w.dial("ana")
	again.SubscribeAfter(pos(start), "channel:"+ch)
	if _, msgs := again.ExpectType("caught_up", "channel:"+ch); len(msgs) < 3 {
		t.Fatalf("ana's resume replayed %v", msgs)
	}
	eva := w.dial("eva")
	eva.Subscribe("channel:" + ch)
	if m := eva.Next(); m.Type != "error" || m.Code != "unknown_topic" {
		t.Fatalf("eva, removed, after ana's resume: %s", m.Raw)
	}
}

// Match applies to a followed channel only the membership events after
// the last it reflects: an older one (a resume replaying the log) changes
// nothing, a newer one does.
func TestChannelKindAppliesOnlyNewerMembershipEvents(t *testing.T) {
	org, ch := uuid.NewString(), uuid.NewString()
	table := &channelTable{channels: map[string]realtime.Channel{}, groups: map[string][]string{}}
	table.set(ch, realtime.Channel{OrgID: org, Kind: chat.KindCustom, Members: []string{"ana"}, Position: 100})
	kind := realtime.ChannelKind(table)
	ctx := context.Background()
	route, err := kind.Resolve(ctx, realtime.Viewer{}, ch)
	if err != nil {
		t.Fatal(err)
	}
	at := func(p eventstore.Position, typ, account string) *realtime.Change {
		raw := []byte(`{"channel_id":"` + ch + `","org_id":"` + org + `","account_id":"` + account + `"}`)
		return realtime.NewChange(eventstore.RecordedEvent{Position: p, StreamID: "channel-" + ch, Type: typ, Data: raw,
			Metadata: eventstore.Metadata{OrgID: org}})
	}
	eva := member("eva", "p-eva", org, identity.RoleMember, "")
	ana := member("ana", "p-ana", org, identity.RoleMember, "")
	for _, step := range []struct {
		name     string
		change   *realtime.Change
		eva, ana bool
	}{
		{"an_older_addition_changes_nothing", at(50, chat.TypeChannelMemberAdded, "eva"), false, true},
		{"an_older_removal_changes_nothing", at(60, chat.TypeChannelMemberRemoved, "ana"), false, true},
		{"a_newer_addition", at(150, chat.TypeChannelMemberAdded, "eva"), true, true},
		{"a_newer_removal", at(160, chat.TypeChannelMemberRemoved, "ana"), true, false},
		{"the_same_event_again", at(150, chat.TypeChannelMemberAdded, "ana"), true, false},
	} {
		if _, err := kind.Match(ctx, step.change); err != nil {
			t.Fatal(err)
		}
		if got := route.Access.Allowed(eva, time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)) == nil; got != step.eva {
			t.Errorf("%s: eva allowed %v, want %v", step.name, got, step.eva)
		}
		if got := route.Access.Allowed(ana, time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)) == nil; got != step.ana {
			t.Errorf("%s: ana allowed %v, want %v", step.name, got, step.ana)
		}
	}
}
