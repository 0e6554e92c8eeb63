package commands_test

import (
	"strings"
	"testing"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/chat"
	"cronica/domain/identity"
	"cronica/internal/markdown"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// chatBench is the Time bench (an organisation with a project, its
// manager, two members) whose codec knows the Chat events, with an
// outsider (a member of the organisation, not of the project's grants
// only), an auditor, and a second organisation's administrator.
type chatBench struct {
	*timetest.Bench
	Chat    *commands.Chat
	W       timetest.World
	Other   identitytest.User // a member of the organisation
	Auditor identitytest.User
	Foreign identitytest.SeededOrg
}

func newChatBench(t *testing.T) *chatBench {
	t.Helper()
	b := timetest.NewBench(t)
	codec, err := commands.NewCodec(append(timetest.EventTypes(), chat.EventTypes())...)
	pgtest.Must(t, err, "codec")
	b.Env.Codec = codec
	w := timetest.Seed(t, b, "Chat")
	cb := &chatBench{Bench: b, Chat: commands.NewChat(b.Env), W: w}
	cb.Other = identitytest.AddUser(t, b.Bench, w.OrgID, "Other", identity.RoleMember)
	cb.Auditor = identitytest.AddUser(t, b.Bench, w.OrgID, "Auditor", identity.RoleAuditor)
	cb.Foreign = identitytest.Seed(t, b.Bench, "Foreign")
	return cb
}

func (b *chatBench) as(t *testing.T, u identitytest.User) commands.Meta {
	t.Helper()
	return identitytest.As(identitytest.Principal(t, b.Bench.Bench, u.AccountID))
}

func (b *chatBench) channel(t *testing.T, id string) *chat.Channel {
	t.Helper()
	c, err := chat.LoadChannel(identitytest.History(t, b.Bench.Bench, chat.StreamOf(id)))
	pgtest.Must(t, err, "load channel")
	return c
}

func (b *chatBench) message(t *testing.T, id string) *chat.Message {
	t.Helper()
	m, err := chat.LoadMessage(identitytest.History(t, b.Bench.Bench, chat.MessageStreamOf(id)))
	pgtest.Must(t, err, "load message")
	return m
}

// custom creates a custom channel of u with members.
func (b *chatBench) custom(t *testing.T, u identitytest.User, members ...identitytest.User) string {
	t.Helper()
	var ids []string
	for _, m := range members {
		ids = append(ids, m.AccountID)
	}
	res := must(b.Chat.CreateChannel.Handle(ctx, b.as(t, u), commands.CreateChannel{OrgID: b.W.OrgID, Kind: chat.KindCustom,
		Name: "Ședințe", Members: ids}))(t)
	return res.ID
}

func (b *chatBench) post(t *testing.T, u identitytest.User, channel, body string) string {
	t.Helper()
	return must(b.Chat.PostMessage.Handle(ctx, b.as(t, u), commands.PostMessage{OrgID: b.W.OrgID, ChannelID: channel, Body: body}))(t).ID
}

func TestChatProjectChannel(t *testing.T) {
	b := newChatBench(t)
	w := b.W
	// A member cannot create a project channel; the manager can.
	_, err := b.Chat.CreateChannel.Handle(ctx, b.as(t, w.Expert), commands.CreateChannel{OrgID: w.OrgID, Kind: chat.KindProject, ProjectID: w.ProjectID, Name: "General"})
	wantIs(t, err, domain.ErrForbidden)
	res := must(b.Chat.CreateChannel.Handle(ctx, b.as(t, w.Manager), commands.CreateChannel{OrgID: w.OrgID, Kind: chat.KindProject,
		ProjectID: w.ProjectID, Name: "General"}))(t)
	if !res.Created || res.Position == 0 {
		t.Fatalf("created %+v", res)
	}
	ch := b.channel(t, res.ID)
	if ch.Kind() != chat.KindProject || ch.ProjectID() != w.ProjectID || ch.Name() != "General" {
		t.Fatalf("channel %s %s %s", ch.Kind(), ch.ProjectID(), ch.Name())
	}
	// Every member of the organisation reads the project through the
	// member role: Expert posts, mentioning the manager.
	body := "Ședința de mâine, @[Manager](person:" + w.Manager.PersonID + ")"
	msg := must(b.Chat.PostMessage.Handle(ctx, b.as(t, w.Expert), commands.PostMessage{OrgID: w.OrgID, ChannelID: res.ID, Body: body}))(t)
	m := b.message(t, msg.ID)
	if m.AuthorAccountID() != w.Expert.AccountID || m.AuthorPersonID() != w.Expert.PersonID || m.ProjectID() != w.ProjectID ||
		len(m.Mentions()) != 1 || m.Mentions()[0] != w.Manager.PersonID {
		t.Fatalf("message %s %s %s %v", m.AuthorAccountID(), m.AuthorPersonID(), m.ProjectID(), m.Mentions())
	}
	// The auditor does not read staff chat; another organisation does not
	// know the channel.
	_, err = b.Chat.PostMessage.Handle(ctx, b.as(t, b.Auditor), commands.PostMessage{OrgID: w.OrgID, ChannelID: res.ID, Body: "x"})
	wantIs(t, err, domain.ErrNotFound)
	_, err = b.Chat.PostMessage.Handle(ctx, b.as(t, b.Foreign.Admin), commands.PostMessage{OrgID: w.OrgID, ChannelID: res.ID, Body: "x"})
	wantIs(t, err, domain.ErrNotFound)
	_, err = b.Chat.PostMessage.Handle(ctx, b.as(t, b.Foreign.Admin), commands.PostMessage{OrgID: b.Foreign.OrgID, ChannelID: res.ID, Body: "x"})
	wantIs(t, err, domain.ErrNotFound)
	// Mentioning someone of another organisation is refused.
	_, err = b.Chat.PostMessage.Handle(ctx, b.as(t, w.Expert), commands.PostMessage{OrgID: w.OrgID, ChannelID: res.ID, Body: "x",
		Mentions: []string{b.Foreign.Admin.PersonID}})
	wantRule(t, err, "CHAT_UNKNOWN_PERSON")
	// An unknown project.
	_, err = b.Chat.CreateChannel.Handle(ctx, b.as(t, w.Admin), commands.CreateChannel{OrgID: w.OrgID, Kind: chat.KindProject,
		ProjectID: b.Foreign.OrgID})
	wantRule(t, err, "CHAT_UNKNOWN_PROJECT")
}

func TestChatCustomChannelMembers(t *testing.T) {
	b := newChatBench(t)
	w := b.W
	id := b.custom(t, w.Expert, w.Researcher)
	if got := b.channel(t, id).Members(); len(got) != 2 {
		t.Fatalf("members %v", got)
	}
	// A non-member of the organisation's own does not find it.
	_, err := b.Chat.PostMessage.Handle(ctx, b.as(t, b.Other), commands.PostMessage{OrgID: w.OrgID, ChannelID: id, Body: "x"})
	wantIs(t, err, domain.ErrNotFound)
	_, err = b.Chat.RenameChannel.Handle(ctx, b.as(t, b.Other), commands.RenameChannel{OrgID: w.OrgID, ChannelID: id, Name: "x"})
	wantIs(t, err, domain.ErrNotFound)
	// A member who is not its creator does not manage it.
	_, err = b.Chat.AddChannelMember.Handle(ctx, b.as(t, w.Researcher), commands.AddChannelMember{OrgID: w.OrgID, ChannelID: id, AccountID: b.Other.AccountID})
	wantIs(t, err, domain.ErrForbidden)
	// The creator adds Other, who then posts; an account of another
	// organisation cannot be added.
	must(b.Chat.AddChannelMember.Handle(ctx, b.as(t, w.Expert), commands.AddChannelMember{OrgID: w.OrgID, ChannelID: id, AccountID: b.Other.AccountID}))(t)
	b.post(t, b.Other, id, "Bună")
	_, err = b.Chat.AddChannelMember.Handle(ctx, b.as(t, w.Expert), commands.AddChannelMember{OrgID: w.OrgID, ChannelID: id, AccountID: b.Foreign.Admin.AccountID})
	wantRule(t, err, "CHAT_UNKNOWN_ACCOUNT")
	// Removed, Other no longer finds it.
	must(b.Chat.RemoveChannelMember.Handle(ctx, b.as(t, w.Expert), commands.RemoveChannelMember{OrgID: w.OrgID, ChannelID: id, AccountID: b.Other.AccountID}))(t)
	_, err = b.Chat.PostMessage.Handle(ctx, b.as(t, b.Other), commands.PostMessage{OrgID: w.OrgID, ChannelID: id, Body: "x"})
	wantIs(t, err, domain.ErrNotFound)
	// Researcher leaves of their own accord; the organisation's
	// administrator manages a channel they are not in.
	must(b.Chat.RemoveChannelMember.Handle(ctx, b.as(t, w.Researcher), commands.RemoveChannelMember{OrgID: w.OrgID, ChannelID: id, AccountID: w.Researcher.AccountID}))(t)
	must(b.Chat.RenameChannel.Handle(ctx, b.as(t, w.Admin), commands.RenameChannel{OrgID: w.OrgID, ChannelID: id, Name: "Întâlniri"}))(t)
	if c := b.channel(t, id); c.Name() != "Întâlniri" || c.IsMember(w.Researcher.AccountID) || c.IsMember(b.Other.AccountID) {
		t.Fatalf("channel %s members %v", c.Name(), c.Members())
	}
	// Archived: nothing more is posted.
	must(b.Chat.ArchiveChannel.Handle(ctx, b.as(t, w.Expert), commands.ArchiveChannel{OrgID: w.OrgID, ChannelID: id}))(t)
	_, err = b.Chat.PostMessage.Handle(ctx, b.as(t, w.Expert), commands.PostMessage{OrgID: w.OrgID, ChannelID: id, Body: "x"})
	wantRule(t, err, "CHAT_CHANNEL_ARCHIVED")
	// The auditor creates nothing.
	_, err = b.Chat.CreateChannel.Handle(ctx, b.as(t, b.Auditor), commands.CreateChannel{OrgID: w.OrgID, Kind: chat.KindCustom, Name: "x"})
	wantIs(t, err, domain.ErrForbidden)
}

func TestChatDirectChannelIsOnePerSetOfPeople(t *testing.T) {
	b := newChatBench(t)
	w := b.W
	first := must(b.Chat.CreateChannel.Handle(ctx, b.as(t, w.Expert), commands.CreateChannel{OrgID: w.OrgID, Kind: chat.KindDirect,
		Members: []string{w.Researcher.AccountID}}))(t)
	if !first.Created || first.ID != chat.DirectChannelID([]string{w.Expert.AccountID, w.Researcher.AccountID}) {
		t.Fatalf("first %+v", first)
	}
	again := must(b.Chat.CreateChannel.Handle(ctx, b.as(t, w.Researcher), commands.CreateChannel{OrgID: w.OrgID, Kind: chat.KindDirect,
		Members: []string{w.Expert.AccountID, w.Researcher.AccountID}}))(t)
	if again.Created || again.ID != first.ID || again.Position != first.Position || again.Version != 0 {
		t.Fatalf("again %+v, want the first %+v", again, first)
	}
	three := must(b.Chat.CreateChannel.Handle(ctx, b.as(t, w.Expert), commands.CreateChannel{OrgID: w.OrgID, Kind: chat.KindDirect,
		Members: []string{w.Researcher.AccountID, b.Other.AccountID}}))(t)
	if !three.Created || three.ID == first.ID {
		t.Fatalf("three people share the two's channel: %+v", three)
	}
	// Other is not in the first one; a direct channel has no name nor
	// member changes; nobody but oneself opens a direct channel with
	// oneself.
	_, err := b.Chat.PostMessage.Handle(ctx, b.as(t, b.Other), commands.PostMessage{OrgID: w.OrgID, ChannelID: first.ID, Body: "x"})
	wantIs(t, err, domain.ErrNotFound)
	_, err = b.Chat.AddChannelMember.Handle(ctx, b.as(t, w.Admin), commands.AddChannelMember{OrgID: w.OrgID, ChannelID: first.ID, AccountID: b.Other.AccountID})
	wantIs(t, err, domain.ErrNotFound)
	_, err = b.Chat.CreateChannel.Handle(ctx, b.as(t, w.Expert), commands.CreateChannel{OrgID: w.OrgID, Kind: chat.KindDirect})
	wantRule(t, err, "CHAT_DIRECT_MEMBERS")
	_, err = b.Chat.CreateChannel.Handle(ctx, b.as(t, w.Expert), commands.CreateChannel{OrgID: w.OrgID, Kind: chat.KindDirect,
		Members: []string{b.Foreign.Admin.AccountID}})
	wantRule(t, err, "CHAT_UNKNOWN_ACCOUNT")
}

func TestChatGroupChannelFollowsTheGroup(t *testing.T) {
	b := newChatBench(t)
	w := b.W
	sys := identitytest.AsSystem()
	g := must(b.IDs.CreateGroup.Handle(ctx, sys, commands.CreateGroup{OrgID: w.OrgID, Name: "Echipa"}))(t)
	must(b.IDs.AddGroupMember.Handle(ctx, sys, commands.AddGroupMember{GroupID: g.ID, AccountID: w.Expert.AccountID}))(t)
	_, err := b.Chat.CreateChannel.Handle(ctx, b.as(t, w.Expert), commands.CreateChannel{OrgID: w.OrgID, Kind: chat.KindGroup, GroupID: g.ID})
	wantIs(t, err, domain.ErrForbidden)
	id := must(b.Chat.CreateChannel.Handle(ctx, b.as(t, w.Admin), commands.CreateChannel{OrgID: w.OrgID, Kind: chat.KindGroup, GroupID: g.ID}))(t).ID
	b.post(t, w.Expert, id, "Bună")
	_, err = b.Chat.PostMessage.Handle(ctx, b.as(t, w.Researcher), commands.PostMessage{OrgID: w.OrgID, ChannelID: id, Body: "x"})
	wantIs(t, err, domain.ErrNotFound)
	must(b.IDs.RemoveGroupMember.Handle(ctx, sys, commands.RemoveGroupMember{GroupID: g.ID, AccountID: w.Expert.AccountID}))(t)
	_, err = b.Chat.PostMessage.Handle(ctx, b.as(t, w.Expert), commands.PostMessage{OrgID: w.OrgID, ChannelID: id, Body: "x"})
	wantIs(t, err, domain.ErrNotFound)
	_, err = b.Chat.CreateChannel.Handle(ctx, b.as(t, w.Admin), commands.CreateChannel{OrgID: w.OrgID, Kind: chat.KindGroup, GroupID: w.ProjectID})
	wantRule(t, err, "CHAT_UNKNOWN_GROUP")
}

func TestChatMessages(t *testing.T) {
	b := newChatBench(t)
	w := b.W
	id := b.custom(t, w.Expert, w.Researcher, w.Manager)
	root := b.post(t, w.Expert, id, "Ședința de mâine")
	// A reply in the thread; a reply to a reply is refused.
	reply := must(b.Chat.PostMessage.Handle(ctx, b.as(t, w.Researcher), commands.PostMessage{OrgID: w.OrgID, ChannelID: id, Body: "Da", ThreadID: root}))(t).ID
	if got := b.message(t, reply).ThreadID(); got != root {
		t.Fatalf("thread %s, want %s", got, root)
	}
	_, err := b.Chat.PostMessage.Handle(ctx, b.as(t, w.Researcher), commands.PostMessage{OrgID: w.OrgID, ChannelID: id, Body: "x", ThreadID: reply})
	wantRule(t, err, "CHAT_THREAD_INVALID")
	// Only the author edits; a member who may not read gets not found.
	_, err = b.Chat.EditMessage.Handle(ctx, b.as(t, w.Researcher), commands.EditMessage{OrgID: w.OrgID, MessageID: root, Body: "x"})
	wantIs(t, err, domain.ErrForbidden)
	_, err = b.Chat.EditMessage.Handle(ctx, b.as(t, b.Other), commands.EditMessage{OrgID: w.OrgID, MessageID: root, Body: "x"})
	wantIs(t, err, domain.ErrNotFound)
	_, err = b.Chat.EditMessage.Handle(ctx, b.as(t, b.Foreign.Admin), commands.EditMessage{OrgID: w.OrgID, MessageID: root, Body: "x"})
	wantIs(t, err, domain.ErrNotFound)
	must(b.Chat.EditMessage.Handle(ctx, b.as(t, w.Expert), commands.EditMessage{OrgID: w.OrgID, MessageID: root, Body: "Ședința e joi"}))(t)
	// Reactions, once each.
	must(b.Chat.AddReaction.Handle(ctx, b.as(t, w.Researcher), commands.AddReaction{OrgID: w.OrgID, MessageID: root, Emoji: "+1"}))(t)
	again := must(b.Chat.AddReaction.Handle(ctx, b.as(t, w.Researcher), commands.AddReaction{OrgID: w.OrgID, MessageID: root, Emoji: "+1"}))(t)
	_, err = b.Chat.AddReaction.Handle(ctx, b.as(t, w.Researcher), commands.AddReaction{OrgID: w.OrgID, MessageID: root, Emoji: "<script>"})
	wantRule(t, err, "CHAT_EMOJI_UNKNOWN")
	if m := b.message(t, root); m.Body() != "Ședința e joi" || len(m.Reactions("+1")) != 1 || again.Version != 2 {
		t.Fatalf("body %q reactions %v version %d", m.Body(), m.Reactions("+1"), again.Version)
	}
	must(b.Chat.RemoveReaction.Handle(ctx, b.as(t, w.Researcher), commands.RemoveReaction{OrgID: w.OrgID, MessageID: root, Emoji: "+1"}))(t)
	// Only the author deletes, or a manager (the project manager holds
	// chat.manage only on the project: not here).
	_, err = b.Chat.DeleteMessage.Handle(ctx, b.as(t, w.Manager), commands.DeleteMessage{OrgID: w.OrgID, MessageID: root})
	wantIs(t, err, domain.ErrForbidden)
	must(b.Chat.DeleteMessage.Handle(ctx, b.as(t, w.Expert), commands.DeleteMessage{OrgID: w.OrgID, MessageID: root}))(t)
	// A deleted message is neither edited, reacted to nor replied to.
	_, err = b.Chat.EditMessage.Handle(ctx, b.as(t, w.Expert), commands.EditMessage{OrgID: w.OrgID, MessageID: root, Body: "again"})
	wantRule(t, err, "CHAT_MESSAGE_DELETED")
	_, err = b.Chat.AddReaction.Handle(ctx, b.as(t, w.Researcher), commands.AddReaction{OrgID: w.OrgID, MessageID: root, Emoji: "heart"})
	wantRule(t, err, "CHAT_MESSAGE_DELETED")
	_, err = b.Chat.PostMessage.Handle(ctx, b.as(t, w.Researcher), commands.PostMessage{OrgID: w.OrgID, ChannelID: id, Body: "x", ThreadID: root})
	wantRule(t, err, "CHAT_MESSAGE_DELETED")
	// The administrator (chat.manage in the organisation) deletes the
	// reply, in a channel they are not in: not found, a channel they do not read.
	_, err = b.Chat.DeleteMessage.Handle(ctx, b.as(t, w.Admin), commands.DeleteMessage{OrgID: w.OrgID, MessageID: reply})
	wantIs(t, err, domain.ErrNotFound)
	// The log keeps the body of the deleted message for the audit.
	if m := b.message(t, root); !m.Deleted() || m.Body() != "Ședința e joi" {
		t.Fatalf("deleted %v body %q", m.Deleted(), m.Body())
	}
}

func TestChatModeratorDeletes(t *testing.T) {
	b := newChatBench(t)
	w := b.W
	id := must(b.Chat.CreateChannel.Handle(ctx, b.as(t, w.Manager), commands.CreateChannel{OrgID: w.OrgID, Kind: chat.KindProject,
		ProjectID: w.ProjectID, Name: "General"}))(t).ID
	msg := b.post(t, w.Expert, id, "Ceva nepotrivit")
	_, err := b.Chat.DeleteMessage.Handle(ctx, b.as(t, w.Researcher), commands.DeleteMessage{OrgID: w.OrgID, MessageID: msg})
	wantIs(t, err, domain.ErrForbidden)
	must(b.Chat.DeleteMessage.Handle(ctx, b.as(t, w.Manager), commands.DeleteMessage{OrgID: w.OrgID, MessageID: msg}))(t)
	if !b.message(t, msg).Deleted() {
		t.Fatal("the project manager did not delete the message")
	}
}

func TestChatReadMarker(t *testing.T) {
	b := newChatBench(t)
	w := b.W
	id := b.custom(t, w.Expert, w.Researcher)
	first := b.post(t, w.Expert, id, "unu")
	second := b.post(t, w.Expert, id, "doi")
	res := must(b.Chat.MarkChannelRead.Handle(ctx, b.as(t, w.Researcher), commands.MarkChannelRead{OrgID: w.OrgID, ChannelID: id, MessageID: second}))(t)
	if res.ID != chat.ReadMarkerID(w.Researcher.AccountID, id) || res.Position == 0 {
		t.Fatalf("read %+v", res)
	}
	// Back to the first: nothing moves.
	back := must(b.Chat.MarkChannelRead.Handle(ctx, b.as(t, w.Researcher), commands.MarkChannelRead{OrgID: w.OrgID, ChannelID: id, MessageID: first}))(t)
	h := identitytest.History(t, b.Bench.Bench, chat.ReadStreamOf(w.Researcher.AccountID, id))
	if r := chat.LoadReadMarker(h); r.MessageID() != second || len(h) != 1 || back.Position != 0 {
		t.Fatalf("marker at %s after %d events (%+v)", r.MessageID(), len(h), back)
	}
	other := b.custom(t, w.Expert, w.Researcher)
	_, err := b.Chat.MarkChannelRead.Handle(ctx, b.as(t, w.Researcher), commands.MarkChannelRead{OrgID: w.OrgID, ChannelID: other, MessageID: first})
	wantRule(t, err, "CHAT_MESSAGE_NOT_IN_CHANNEL")
	_, err = b.Chat.MarkChannelRead.Handle(ctx, b.as(t, b.Other), commands.MarkChannelRead{OrgID: w.OrgID, ChannelID: id, MessageID: first})
	wantIs(t, err, domain.ErrNotFound)
}

// A posted <script> is kept as text in the log (the audit) and never
// reaches the HTML read models render with internal/markdown.
func TestChatScriptIsNeutralised(t *testing.T) {
	b := newChatBench(t)
	w := b.W
	id := b.custom(t, w.Expert, w.Researcher)
	body := "Salut <script>alert('x')</script> <img src=x onerror=alert(1)> [a](javascript:alert(1))"
	msg := b.post(t, w.Expert, id, body)
	stored := b.message(t, msg).Body()
	if stored != body {
		t.Fatalf("stored %q", stored)
	}
	html := markdown.Render(stored)
	for _, bad := range []string{"<script", "onerror", "javascript:"} {
		if strings.Contains(strings.ToLower(html), bad) {
			t.Errorf("body_html keeps %s: %s", bad, html)
		}
	}
	if !strings.Contains(html, "Salut") {
		t.Errorf("body_html lost the text: %s", html)
	}
}
