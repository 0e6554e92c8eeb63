package notifyview_test

import (
	"slices"
	"testing"

	"github.com/google/uuid"

	"cronica/commands"
	"cronica/domain/chat"
	"cronica/domain/identity"
	"cronica/domain/notification"
	"cronica/projections/notifyview"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

// The chat mapper, given its events: a message notifies the people it
// mentions for the first time (an edit only those it adds), with the
// message, its channel and project, never its words; never the author,
// never someone who may not read the channel: not a member of a custom
// channel (or no longer), not in the group of a group channel, no
// chat.read on a project channel's project, an auditor, another
// organisation's person. (The rebuild of its tables is checked with the
// others' in TestInboxReadsAndSettings and the tasks mapper's test.)
func TestChatMapperNotifiesNewMentionsOfReaders(t *testing.T) {
	f := newFixture(t, notifyview.ChatMapper{})
	w := f.w
	other := identitytest.Seed(t, f.b.Bench, "Altcineva SRL")
	out := f.outsider(t)
	auditor := identitytest.AddUser(t, f.b.Bench, w.OrgID, "Auditor", identity.RoleAuditor)
	sys := identitytest.AsSystem()
	group, err := f.b.IDs.CreateGroup.Handle(ctx, sys, commands.CreateGroup{OrgID: w.OrgID, Name: "Echipa"})
	pgtest.Must(t, err, "group")
	_, err = f.b.IDs.AddGroupMember.Handle(ctx, sys, commands.AddGroupMember{GroupID: group.ID, AccountID: w.Manager.AccountID})
	pgtest.Must(t, err, "group member")
	f.sync(t)
	f.seeded = f.head(t)

	custom, project, grouped := uuid.NewString(), uuid.NewString(), uuid.NewString()
	f.appendTask(t, chat.StreamOf(custom), w.Expert.AccountID, w.OrgID, &chat.ChannelCreated{ChannelID: custom, OrgID: w.OrgID,
		Kind: chat.KindCustom, Name: "Ședințe", Members: []string{w.Expert.AccountID, w.Researcher.AccountID, auditor.AccountID}, CreatedBy: w.Expert.AccountID})
	f.appendTask(t, chat.StreamOf(project), w.Admin.AccountID, w.OrgID, &chat.ChannelCreated{ChannelID: project, OrgID: w.OrgID,
		Kind: chat.KindProject, ProjectID: w.ProjectID, Name: "General", CreatedBy: w.Admin.AccountID})
	f.appendTask(t, chat.StreamOf(grouped), w.Admin.AccountID, w.OrgID, &chat.ChannelCreated{ChannelID: grouped, OrgID: w.OrgID,
		Kind: chat.KindGroup, GroupID: group.ID, CreatedBy: w.Admin.AccountID})

	post := func(channel, author string, mentions ...string) string {
		t.Helper()
		id := uuid.NewString()
		e := &chat.MessagePosted{MessageID: id, ChannelID: channel, OrgID: w.OrgID, AuthorAccountID: author, Body: "Ședința secretă",
			Mentions: mentions, Attachments: []chat.Attachment{}}
		if channel == project {
			e.ProjectID = w.ProjectID
		}
		f.appendTask(t, chat.MessageStreamOf(id), author, w.OrgID, e)
		return id
	}
	// In the custom channel: the researcher (a member) is told; the
	// manager (not a member), the author, the auditor (a member, but
	// auditors read no staff chat), another organisation's person are not.
	m1 := post(custom, w.Expert.AccountID, w.Researcher.PersonID, w.Manager.PersonID, w.Expert.PersonID, auditor.PersonID, other.Admin.PersonID)
	// Edited to mention the administrator too: not a member, nobody new.
	f.appendTask(t, chat.MessageStreamOf(m1), w.Expert.AccountID, w.OrgID, &chat.MessageEdited{MessageID: m1, ChannelID: custom, OrgID: w.OrgID,
		Body: "x", Mentions: []string{w.Researcher.PersonID, w.Admin.PersonID}})
	// The manager added, then mentioned in a new message: told. (An edit
	// of m1 would not: m1 mentioned the manager before, like any edit
	// that repeats a mention.)
	f.appendTask(t, chat.StreamOf(custom), w.Expert.AccountID, w.OrgID, &chat.ChannelMemberAdded{ChannelID: custom, OrgID: w.OrgID,
		AccountID: w.Manager.AccountID})
	f.appendTask(t, chat.MessageStreamOf(m1), w.Expert.AccountID, w.OrgID, &chat.MessageEdited{MessageID: m1, ChannelID: custom, OrgID: w.OrgID,
		Body: "y", Mentions: []string{w.Researcher.PersonID, w.Manager.PersonID}})
	post(custom, w.Expert.AccountID, w.Manager.PersonID)
	// The researcher removed: a new mention does not reach them.
	f.appendTask(t, chat.StreamOf(custom), w.Expert.AccountID, w.OrgID, &chat.ChannelMemberRemoved{ChannelID: custom, OrgID: w.OrgID,
		AccountID: w.Researcher.AccountID})
	post(custom, w.Expert.AccountID, w.Researcher.PersonID)
	// In the project channel: the researcher (a member of the
	// organisation) is told, the outsider (no chat.read on the project) is
	// not.
	m3 := post(project, w.Expert.AccountID, w.Researcher.PersonID, out.PersonID)
	// In the group channel: the manager (in the group) is told, the
	// researcher is not.
	post(grouped, w.Expert.AccountID, w.Manager.PersonID, w.Researcher.PersonID)

	mention := notification.KindMention
	got := f.wantKinds(t, "the researcher", w.Researcher, mention, mention)
	if n := got[0]; n.Subject != (notification.Subject{Type: notification.SubjectMessage, ID: m3}) ||
		n.Params[notification.ParamChannelID] != project || n.Params[notification.ParamMessageID] != m3 ||
		n.Params[notification.ParamProjectID] != w.ProjectID || n.ActorID != w.Expert.AccountID {
		t.Fatalf("the researcher's mention in the project channel: %+v", n)
	}
	if n := got[1]; n.Subject.ID != m1 || n.Params[notification.ParamChannelID] != custom || n.Params[notification.ParamProjectID] != "" {
		t.Fatalf("the researcher's mention in the custom channel: %+v", n)
	}
	for _, n := range got {
		for _, v := range n.Params {
			if contains(v, "secret") {
				t.Fatalf("a notification carries the message's words: %+v", n)
			}
		}
	}
	f.wantKinds(t, "the manager (added, then in the group)", w.Manager, mention, mention)
	f.wantKinds(t, "the author", w.Expert)
	f.wantKinds(t, "the administrator (in no custom channel)", w.Admin)
	f.wantKinds(t, "the auditor", auditor)
	f.wantKinds(t, "the outsider (no chat.read on the project)", out)
	f.wantKinds(t, "another organisation's administrator", other.Admin)

	types := notifyview.ProducingTypes(notifyview.ChatMapper{})
	for _, typ := range []string{chat.TypeMessagePosted, chat.TypeMessageEdited} {
		if !slices.Contains(types, typ) {
			t.Fatalf("producing types %v lack %s", types, typ)
		}
	}
}

// chatRows records a custom channel of the expert and the researcher and a
// message of the expert's mentioning the researcher: every table of the
// chat mapper has a row.
func (f fixture) chatRows(t *testing.T) {
	t.Helper()
	w := f.w
	channel, msg := uuid.NewString(), uuid.NewString()
	f.appendTask(t, chat.StreamOf(channel), w.Expert.AccountID, w.OrgID, &chat.ChannelCreated{ChannelID: channel, OrgID: w.OrgID,
		Kind: chat.KindCustom, Name: "C", Members: []string{w.Expert.AccountID, w.Researcher.AccountID}, CreatedBy: w.Expert.AccountID})
	f.appendTask(t, chat.MessageStreamOf(msg), w.Expert.AccountID, w.OrgID, &chat.MessagePosted{MessageID: msg, ChannelID: channel,
		OrgID: w.OrgID, AuthorAccountID: w.Expert.AccountID, Body: "@Researcher", Mentions: []string{w.Researcher.PersonID},
		Attachments: []chat.Attachment{}})
}
