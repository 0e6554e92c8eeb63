package chat_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"cronica/domain"
	"cronica/domain/chat"
)

// The tests read as given the events of a channel or message / when a
// command / then the events recorded or the error. Ids are fixed.

const (
	org     = "0a000000-0000-4000-8000-00000000000a"
	proj    = "50000000-0000-4000-8000-000000000001"
	group   = "51000000-0000-4000-8000-000000000001"
	chanID  = "80000000-0000-4000-8000-000000000001"
	chan2   = "80000000-0000-4000-8000-000000000002"
	msgA    = "81000000-0000-4000-8000-000000000001"
	msgB    = "81000000-0000-4000-8000-000000000002"
	accAna  = "a0000000-0000-4000-8000-000000000001"
	accBob  = "a0000000-0000-4000-8000-000000000002"
	accCleo = "a0000000-0000-4000-8000-000000000003"
	ana     = "1a000000-0000-4000-8000-000000000001"
	bob     = "1a000000-0000-4000-8000-000000000002"
)

func customCreated() *chat.ChannelCreated {
	return &chat.ChannelCreated{ChannelID: chanID, OrgID: org, Kind: chat.KindCustom, Name: "Ședințe",
		Members: []string{accAna, accBob}, CreatedBy: accAna}
}

func projectCreated() *chat.ChannelCreated {
	return &chat.ChannelCreated{ChannelID: chanID, OrgID: org, Kind: chat.KindProject, Name: "General", ProjectID: proj, CreatedBy: accAna}
}

func posted(id, thread string) *chat.MessagePosted {
	return &chat.MessagePosted{MessageID: id, ChannelID: chanID, OrgID: org, AuthorAccountID: accAna, AuthorPersonID: ana,
		Body: "Ședința de mâine", Mentions: []string{}, ThreadID: thread, Attachments: []chat.Attachment{}}
}

func channel(t *testing.T, history ...domain.Event) *chat.Channel {
	t.Helper()
	c, err := chat.LoadChannel(history)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func message(t *testing.T, history ...domain.Event) *chat.Message {
	t.Helper()
	m, err := chat.LoadMessage(history)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// then compares the events recorded with want, or the error with wantErr
// (a rule code, or a sentinel's text).
func then(t *testing.T, got []domain.Event, err error, want []domain.Event, wantErr string) {
	t.Helper()
	if wantErr != "" {
		var rule *domain.RuleError
		switch {
		case err == nil:
			t.Fatalf("no error, want %s", wantErr)
		case errors.As(err, &rule):
			if rule.Code != wantErr {
				t.Fatalf("error %s, want %s", rule.Code, wantErr)
			}
		case !strings.Contains(err.Error(), wantErr):
			t.Fatalf("error %v, want %s", err, wantErr)
		}
		return
	}
	if err != nil {
		t.Fatalf("error %v", err)
	}
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		t.Fatalf("events\n got %s\nwant %s", g, w)
	}
}

func TestCreateChannel(t *testing.T) {
	direct := chat.DirectChannelID([]string{accBob, accAna})
	tests := []struct {
		name    string
		n       chat.NewChannel
		want    []domain.Event
		wantErr string
	}{
		{name: "project_channel", n: chat.NewChannel{ChannelID: chanID, OrgID: org, Kind: chat.KindProject, Name: " General ", ProjectID: proj, CreatedBy: accAna},
			want: []domain.Event{projectCreated()}},
		{name: "group_channel_without_name", n: chat.NewChannel{ChannelID: chanID, OrgID: org, Kind: chat.KindGroup, GroupID: group, CreatedBy: accAna},
			want: []domain.Event{&chat.ChannelCreated{ChannelID: chanID, OrgID: org, Kind: chat.KindGroup, GroupID: group, CreatedBy: accAna}}},
		{name: "custom_channel_adds_its_creator", n: chat.NewChannel{ChannelID: chanID, OrgID: org, Kind: chat.KindCustom, Name: "Ședințe", Members: []string{accBob, accBob}, CreatedBy: accAna},
			want: []domain.Event{customCreated()}},
		{name: "direct_channel_sorted_members", n: chat.NewChannel{ChannelID: direct, OrgID: org, Kind: chat.KindDirect, Name: "ignored", Members: []string{accBob, accAna}, CreatedBy: accAna},
			want: []domain.Event{&chat.ChannelCreated{ChannelID: direct, OrgID: org, Kind: chat.KindDirect, Members: []string{accAna, accBob}, CreatedBy: accAna}}},
		{name: "direct_channel_without_its_creator", n: chat.NewChannel{ChannelID: chat.DirectChannelID([]string{accBob, accCleo}), OrgID: org, Kind: chat.KindDirect, Members: []string{accBob, accCleo}, CreatedBy: accAna},
			wantErr: "CHAT_DIRECT_MEMBERS"},
		{name: "direct_channel_with_oneself_only", n: chat.NewChannel{ChannelID: chat.DirectChannelID([]string{accAna}), OrgID: org, Kind: chat.KindDirect, Members: []string{accAna, accAna}, CreatedBy: accAna},
			wantErr: "CHAT_DIRECT_MEMBERS"},
		{name: "direct_channel_with_another_id", n: chat.NewChannel{ChannelID: chanID, OrgID: org, Kind: chat.KindDirect, Members: []string{accAna, accBob}, CreatedBy: accAna},
			wantErr: "DirectChannelID"},
		{name: "custom_channel_needs_a_name", n: chat.NewChannel{ChannelID: chanID, OrgID: org, Kind: chat.KindCustom, Name: "  ", CreatedBy: accAna},
			wantErr: "CHAT_FIELD_REQUIRED"},
		{name: "project_channel_needs_its_project", n: chat.NewChannel{ChannelID: chanID, OrgID: org, Kind: chat.KindProject, Name: "x", CreatedBy: accAna},
			wantErr: "CHAT_FIELD_INVALID"},
		{name: "group_channel_with_a_project", n: chat.NewChannel{ChannelID: chanID, OrgID: org, Kind: chat.KindGroup, GroupID: group, ProjectID: proj, CreatedBy: accAna},
			wantErr: "CHAT_FIELD_INVALID"},
		{name: "project_channel_with_members", n: chat.NewChannel{ChannelID: chanID, OrgID: org, Kind: chat.KindProject, ProjectID: proj, Members: []string{accBob}, CreatedBy: accAna},
			wantErr: "CHAT_FIELD_INVALID"},
		{name: "custom_channel_member_not_an_id", n: chat.NewChannel{ChannelID: chanID, OrgID: org, Kind: chat.KindCustom, Name: "x", Members: []string{"bob"}, CreatedBy: accAna},
			wantErr: "CHAT_FIELD_INVALID"},
		{name: "unknown_kind", n: chat.NewChannel{ChannelID: chanID, OrgID: org, Kind: "public", CreatedBy: accAna},
			wantErr: "CHAT_FIELD_INVALID"},
		{name: "name_too_long", n: chat.NewChannel{ChannelID: chanID, OrgID: org, Kind: chat.KindCustom, Name: strings.Repeat("ș", chat.MaxName+1), CreatedBy: accAna},
			wantErr: "CHAT_FIELD_TOO_LONG"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := chat.CreateChannel(tc.n)
			var got []domain.Event
			if c != nil {
				got = c.Changes()
			}
			then(t, got, err, tc.want, tc.wantErr)
		})
	}
}

func TestDirectChannelID(t *testing.T) {
	ab := chat.DirectChannelID([]string{accAna, accBob})
	if ba := chat.DirectChannelID([]string{accBob, accAna, accBob}); ab != ba {
		t.Errorf("the same people give %s and %s", ab, ba)
	}
	if abc := chat.DirectChannelID([]string{accAna, accBob, accCleo}); abc == ab {
		t.Errorf("other people give the same channel %s", abc)
	}
	if !domain.ValidID(ab) {
		t.Errorf("%s is not a uuid", ab)
	}
	if chat.ReadMarkerID(accAna, chanID) == chat.ReadMarkerID(accBob, chanID) || chat.ReadMarkerID(accAna, chanID) == chat.ReadMarkerID(accAna, chan2) {
		t.Errorf("read markers of different accounts or channels share an id")
	}
}

func TestChannelChanges(t *testing.T) {
	archived := &chat.ChannelArchived{ChannelID: chanID, OrgID: org}
	direct := &chat.ChannelCreated{ChannelID: chanID, OrgID: org, Kind: chat.KindDirect, Members: []string{accAna, accBob}, CreatedBy: accAna}
	tests := []struct {
		name    string
		given   []domain.Event
		when    func(c *chat.Channel) error
		want    []domain.Event
		wantErr string
	}{
		{name: "rename", given: []domain.Event{customCreated()}, when: func(c *chat.Channel) error { return c.Rename("Întâlniri") },
			want: []domain.Event{&chat.ChannelRenamed{ChannelID: chanID, OrgID: org, Name: "Întâlniri"}}},
		{name: "rename_project_channel_carries_project", given: []domain.Event{projectCreated()}, when: func(c *chat.Channel) error { return c.Rename("Echipa") },
			want: []domain.Event{&chat.ChannelRenamed{ChannelID: chanID, OrgID: org, ProjectID: proj, Name: "Echipa"}}},
		{name: "rename_same_name", given: []domain.Event{customCreated()}, when: func(c *chat.Channel) error { return c.Rename("Ședințe") }},
		{name: "rename_direct", given: []domain.Event{direct}, when: func(c *chat.Channel) error { return c.Rename("x") }, wantErr: "CHAT_CHANNEL_DIRECT"},
		{name: "rename_archived", given: []domain.Event{customCreated(), archived}, when: func(c *chat.Channel) error { return c.Rename("x") }, wantErr: "CHAT_CHANNEL_ARCHIVED"},
		{name: "add_member", given: []domain.Event{customCreated()}, when: func(c *chat.Channel) error { return c.AddMember(accCleo) },
			want: []domain.Event{&chat.ChannelMemberAdded{ChannelID: chanID, OrgID: org, AccountID: accCleo}}},
		{name: "add_member_again", given: []domain.Event{customCreated()}, when: func(c *chat.Channel) error { return c.AddMember(accBob) }},
		{name: "add_member_to_project_channel", given: []domain.Event{projectCreated()}, when: func(c *chat.Channel) error { return c.AddMember(accBob) },
			wantErr: "CHAT_CHANNEL_NOT_CUSTOM"},
		{name: "add_member_to_direct_channel", given: []domain.Event{direct}, when: func(c *chat.Channel) error { return c.AddMember(accCleo) },
			wantErr: "CHAT_CHANNEL_NOT_CUSTOM"},
		{name: "add_member_not_an_id", given: []domain.Event{customCreated()}, when: func(c *chat.Channel) error { return c.AddMember("x") },
			wantErr: "CHAT_FIELD_INVALID"},
		{name: "remove_member", given: []domain.Event{customCreated()}, when: func(c *chat.Channel) error { return c.RemoveMember(accBob) },
			want: []domain.Event{&chat.ChannelMemberRemoved{ChannelID: chanID, OrgID: org, AccountID: accBob}}},
		{name: "remove_non_member", given: []domain.Event{customCreated()}, when: func(c *chat.Channel) error { return c.RemoveMember(accCleo) }},
		{name: "remove_last_member", given: []domain.Event{customCreated(), &chat.ChannelMemberRemoved{ChannelID: chanID, OrgID: org, AccountID: accBob}},
			when: func(c *chat.Channel) error { return c.RemoveMember(accAna) }, wantErr: "CHAT_LAST_MEMBER"},
		{name: "archive", given: []domain.Event{customCreated()}, when: func(c *chat.Channel) error { return c.Archive() }, want: []domain.Event{archived}},
		{name: "archive_again", given: []domain.Event{customCreated(), archived}, when: func(c *chat.Channel) error { return c.Archive() }},
		{name: "archive_direct", given: []domain.Event{direct}, when: func(c *chat.Channel) error { return c.Archive() }, wantErr: "CHAT_CHANNEL_DIRECT"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := channel(t, tc.given...)
			err := tc.when(c)
			then(t, c.Changes(), err, tc.want, tc.wantErr)
		})
	}
}

func TestMembersFollowEvents(t *testing.T) {
	c := channel(t, customCreated(), &chat.ChannelMemberAdded{ChannelID: chanID, OrgID: org, AccountID: accCleo},
		&chat.ChannelMemberRemoved{ChannelID: chanID, OrgID: org, AccountID: accBob})
	if got, want := c.Members(), []string{accAna, accCleo}; !reflect.DeepEqual(got, want) {
		t.Errorf("members %v, want %v", got, want)
	}
	if c.IsMember(accBob) || !c.IsMember(accCleo) || c.Version() != 2 {
		t.Errorf("bob member %v, cleo member %v, version %d", c.IsMember(accBob), c.IsMember(accCleo), c.Version())
	}
	if _, err := chat.LoadChannel(nil); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("no history: %v, want not found", err)
	}
}

func TestPost(t *testing.T) {
	root := posted(msgA, "")
	reply := posted(msgB, msgA)
	mention := "Vezi @[Bob](person:" + bob + ")"
	tests := []struct {
		name    string
		channel []domain.Event
		root    []domain.Event
		n       chat.NewMessage
		want    []domain.Event
		wantErr string
	}{
		{name: "root_message", channel: []domain.Event{customCreated()},
			n:    chat.NewMessage{MessageID: msgA, AuthorAccountID: accAna, AuthorPersonID: ana, Body: " Ședința de mâine\r\n"},
			want: []domain.Event{root}},
		{name: "project_message_carries_project", channel: []domain.Event{projectCreated()},
			n:    chat.NewMessage{MessageID: msgA, AuthorAccountID: accAna, AuthorPersonID: ana, Body: "Ședința de mâine"},
			want: []domain.Event{func() domain.Event { e := posted(msgA, ""); e.ProjectID = proj; return e }()}},
		{name: "mentions_from_body_and_given", channel: []domain.Event{customCreated()},
			n: chat.NewMessage{MessageID: msgA, AuthorAccountID: accAna, Body: mention, Mentions: []string{ana, bob}},
			want: []domain.Event{&chat.MessagePosted{MessageID: msgA, ChannelID: chanID, OrgID: org, AuthorAccountID: accAna, Body: mention,
				Mentions: []string{ana, bob}, Attachments: []chat.Attachment{}}}},
		{name: "reply_in_thread", channel: []domain.Event{customCreated()}, root: []domain.Event{root},
			n:    chat.NewMessage{MessageID: msgB, AuthorAccountID: accAna, AuthorPersonID: ana, Body: "Ședința de mâine", ThreadID: msgA},
			want: []domain.Event{reply}},
		{name: "reply_to_a_reply", channel: []domain.Event{customCreated()}, root: []domain.Event{reply},
			n: chat.NewMessage{MessageID: msgA, AuthorAccountID: accAna, Body: "x", ThreadID: msgB}, wantErr: "CHAT_THREAD_INVALID"},
		{name: "reply_without_its_root", channel: []domain.Event{customCreated()},
			n: chat.NewMessage{MessageID: msgB, AuthorAccountID: accAna, Body: "x", ThreadID: msgA}, wantErr: "CHAT_THREAD_INVALID"},
		{name: "reply_to_another_channels_message", channel: []domain.Event{customCreated()},
			root: []domain.Event{func() domain.Event { e := posted(msgA, ""); e.ChannelID = chan2; return e }()},
			n:    chat.NewMessage{MessageID: msgB, AuthorAccountID: accAna, Body: "x", ThreadID: msgA}, wantErr: "CHAT_THREAD_INVALID"},
		{name: "reply_to_deleted_root", channel: []domain.Event{customCreated()}, root: []domain.Event{root, &chat.MessageDeleted{MessageID: msgA, ChannelID: chanID, OrgID: org}},
			n: chat.NewMessage{MessageID: msgB, AuthorAccountID: accAna, Body: "x", ThreadID: msgA}, wantErr: "CHAT_MESSAGE_DELETED"},
		{name: "empty_body", channel: []domain.Event{customCreated()},
			n: chat.NewMessage{MessageID: msgA, AuthorAccountID: accAna, Body: " \n "}, wantErr: "CHAT_FIELD_REQUIRED"},
		{name: "body_too_long", channel: []domain.Event{customCreated()},
			n: chat.NewMessage{MessageID: msgA, AuthorAccountID: accAna, Body: strings.Repeat("a", chat.MaxBody+1)}, wantErr: "CHAT_FIELD_TOO_LONG"},
		{name: "body_of_max_length", channel: []domain.Event{customCreated()},
			n: chat.NewMessage{MessageID: msgA, AuthorAccountID: accAna, Body: strings.Repeat("a", chat.MaxBody)},
			want: []domain.Event{&chat.MessagePosted{MessageID: msgA, ChannelID: chanID, OrgID: org, AuthorAccountID: accAna,
				Body: strings.Repeat("a", chat.MaxBody), Mentions: []string{}, Attachments: []chat.Attachment{}}}},
		{name: "control_characters", channel: []domain.Event{customCreated()},
			n: chat.NewMessage{MessageID: msgA, AuthorAccountID: accAna, Body: "a\x00b"}, wantErr: "CHAT_FIELD_INVALID"},
		{name: "mention_not_an_id", channel: []domain.Event{customCreated()},
			n: chat.NewMessage{MessageID: msgA, AuthorAccountID: accAna, Body: "x", Mentions: []string{"bob"}}, wantErr: "CHAT_FIELD_INVALID"},
		{name: "attachments_not_yet", channel: []domain.Event{customCreated()},
			n:       chat.NewMessage{MessageID: msgA, AuthorAccountID: accAna, Body: "x", Attachments: []chat.Attachment{{FileID: msgB, Name: "a.pdf"}}},
			wantErr: "CHAT_ATTACHMENTS_UNSUPPORTED"},
		{name: "archived_channel", channel: []domain.Event{customCreated(), &chat.ChannelArchived{ChannelID: chanID, OrgID: org}},
			n: chat.NewMessage{MessageID: msgA, AuthorAccountID: accAna, Body: "x"}, wantErr: "CHAT_CHANNEL_ARCHIVED"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var root *chat.Message
			if len(tc.root) > 0 {
				root = message(t, tc.root...)
			}
			m, err := chat.Post(channel(t, tc.channel...), root, tc.n)
			var got []domain.Event
			if m != nil {
				got = m.Changes()
			}
			then(t, got, err, tc.want, tc.wantErr)
		})
	}
}

func TestMessageChanges(t *testing.T) {
	deleted := &chat.MessageDeleted{MessageID: msgA, ChannelID: chanID, OrgID: org}
	reply := posted(msgB, msgA)
	heart := &chat.ReactionAdded{MessageID: msgA, ChannelID: chanID, OrgID: org, AccountID: accBob, Emoji: "heart"}
	tests := []struct {
		name    string
		given   []domain.Event
		when    func(m *chat.Message) error
		want    []domain.Event
		wantErr string
	}{
		{name: "author_edits", given: []domain.Event{posted(msgA, "")}, when: func(m *chat.Message) error { return m.Edit(accAna, "Ședința e joi", nil) },
			want: []domain.Event{&chat.MessageEdited{MessageID: msgA, ChannelID: chanID, OrgID: org, Body: "Ședința e joi", Mentions: []string{}}}},
		{name: "reply_edit_carries_thread", given: []domain.Event{reply}, when: func(m *chat.Message) error { return m.Edit(accAna, "Da", nil) },
			want: []domain.Event{&chat.MessageEdited{MessageID: msgB, ChannelID: chanID, OrgID: org, ThreadID: msgA, Body: "Da", Mentions: []string{}}}},
		{name: "same_body", given: []domain.Event{posted(msgA, "")}, when: func(m *chat.Message) error { return m.Edit(accAna, "Ședința de mâine ", []string{}) }},
		{name: "other_edits", given: []domain.Event{posted(msgA, "")}, when: func(m *chat.Message) error { return m.Edit(accBob, "x", nil) },
			wantErr: domain.ErrForbidden.Error()},
		{name: "edit_deleted", given: []domain.Event{posted(msgA, ""), deleted}, when: func(m *chat.Message) error { return m.Edit(accAna, "x", nil) },
			wantErr: "CHAT_MESSAGE_DELETED"},
		{name: "author_deletes", given: []domain.Event{posted(msgA, "")}, when: func(m *chat.Message) error { return m.Delete(accAna, false) },
			want: []domain.Event{deleted}},
		{name: "manager_deletes", given: []domain.Event{posted(msgA, "")}, when: func(m *chat.Message) error { return m.Delete(accBob, true) },
			want: []domain.Event{deleted}},
		{name: "other_deletes", given: []domain.Event{posted(msgA, "")}, when: func(m *chat.Message) error { return m.Delete(accBob, false) },
			wantErr: domain.ErrForbidden.Error()},
		{name: "delete_again", given: []domain.Event{posted(msgA, ""), deleted}, when: func(m *chat.Message) error { return m.Delete(accAna, false) }},
		{name: "react", given: []domain.Event{posted(msgA, "")}, when: func(m *chat.Message) error { return m.React(accBob, "heart") },
			want: []domain.Event{heart}},
		{name: "react_again", given: []domain.Event{posted(msgA, ""), heart}, when: func(m *chat.Message) error { return m.React(accBob, "heart") }},
		{name: "react_unknown_emoji", given: []domain.Event{posted(msgA, "")}, when: func(m *chat.Message) error { return m.React(accBob, "poop") },
			wantErr: "CHAT_EMOJI_UNKNOWN"},
		{name: "react_to_deleted", given: []domain.Event{posted(msgA, ""), deleted}, when: func(m *chat.Message) error { return m.React(accBob, "heart") },
			wantErr: "CHAT_MESSAGE_DELETED"},
		{name: "unreact", given: []domain.Event{posted(msgA, ""), heart}, when: func(m *chat.Message) error { return m.Unreact(accBob, "heart") },
			want: []domain.Event{&chat.ReactionRemoved{MessageID: msgA, ChannelID: chanID, OrgID: org, AccountID: accBob, Emoji: "heart"}}},
		{name: "unreact_none", given: []domain.Event{posted(msgA, "")}, when: func(m *chat.Message) error { return m.Unreact(accBob, "heart") }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := message(t, tc.given...)
			err := tc.when(m)
			then(t, m.Changes(), err, tc.want, tc.wantErr)
		})
	}
}

func TestReadMarker(t *testing.T) {
	at := func(id string, pos uint64) *chat.ChannelRead {
		return &chat.ChannelRead{ChannelID: chanID, OrgID: org, AccountID: accBob, MessageID: id, Position: pos}
	}
	tests := []struct {
		name    string
		given   []domain.Event
		msg     *chat.MessagePosted
		pos     uint64
		want    []domain.Event
		wantErr string
	}{
		{name: "first_read", msg: posted(msgA, ""), pos: 10, want: []domain.Event{at(msgA, 10)}},
		{name: "forward", given: []domain.Event{at(msgA, 10)}, msg: posted(msgB, ""), pos: 20, want: []domain.Event{at(msgB, 20)}},
		{name: "never_back", given: []domain.Event{at(msgB, 20)}, msg: posted(msgA, ""), pos: 10},
		{name: "same_place", given: []domain.Event{at(msgA, 10)}, msg: posted(msgA, ""), pos: 10},
		{name: "another_channel", given: []domain.Event{at(msgA, 10)},
			msg: func() *chat.MessagePosted { e := posted(msgB, ""); e.ChannelID = chan2; return e }(), pos: 20, wantErr: "the marker of"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := chat.LoadReadMarker(tc.given)
			err := r.MarkRead(accBob, message(t, tc.msg), tc.pos)
			then(t, r.Changes(), err, tc.want, tc.wantErr)
		})
	}
}

// Every event type is decodable under its own versioned name, and its
// JSON carries channel_id and org_id at the top level.
func TestEventTypes(t *testing.T) {
	types := chat.EventTypes()
	if len(types) != 11 {
		t.Errorf("%d event types, want 11", len(types))
	}
	for name, make := range types {
		e := make()
		if e.EventType() != name || !strings.HasSuffix(name, ".v1") {
			t.Errorf("factory of %s makes %s", name, e.EventType())
		}
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		var fields map[string]any
		if err := json.Unmarshal(b, &fields); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"channel_id", "org_id"} {
			if _, ok := fields[f]; !ok {
				t.Errorf("%s has no %s: %s", name, f, b)
			}
		}
	}
}
