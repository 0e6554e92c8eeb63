package notifyview_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/google/uuid"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/identity"
	"cronica/domain/notification"
	"cronica/domain/task"
	"cronica/eventstore"
	"cronica/projections/notifyview"
	"cronica/projections/projectiontest"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

// appendTask appends one Tasks event as actor (an account id, or "system"),
// as the Tasks commands record it: the stream's next event.
func (f fixture) appendTask(t *testing.T, stream, actor, org string, e domain.Event) eventstore.Position {
	t.Helper()
	raw, err := json.Marshal(e)
	pgtest.Must(t, err, "marshal")
	res, err := f.store.Append(ctx, eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(), Events: []eventstore.EventData{{
		ID: uuid.Must(uuid.NewV7()), Type: e.EventType(), Data: raw, Metadata: eventstore.Metadata{ActorID: actor, OrgID: org}}}})
	pgtest.Must(t, err, "append "+e.EventType())
	return res.Position
}

// outsider is a person of f's organisation whose only grant is project
// manager of another project: no tasks.read on f's project.
func (f fixture) outsider(t *testing.T) identitytest.User {
	t.Helper()
	u := identitytest.AddUser(t, f.b.Bench, f.w.OrgID, "Outsider", identity.RoleMember)
	f.sync(t)
	var member string
	pgtest.Must(t, f.pool.QueryRow(ctx, `SELECT grant_id FROM identity_grants WHERE subject_id = $1 AND role = 'member'`, u.AccountID).
		Scan(&member), "the member grant")
	_, err := f.b.IDs.RevokeRole.Handle(ctx, identitytest.AsSystem(), commands.RevokeRole{OrgID: f.w.OrgID, GrantID: member})
	pgtest.Must(t, err, "revoke member")
	identitytest.Grant(t, f.b.Bench, f.w.OrgID, u.AccountID, identity.RoleProjectManager, identitytest.Project(t, f.b.Bench, f.w.OrgID))
	return u
}

// taskRows records a list, a task assigned to the researcher and a
// comment mentioning the manager, as the administrator: every table of the
// tasks mapper has a row.
func (f fixture) taskRows(t *testing.T) {
	t.Helper()
	w := f.w
	ref := task.Ref{TaskID: uuid.NewString(), ListID: uuid.NewString(), OrgID: w.OrgID, ProjectID: w.ProjectID}
	column := uuid.NewString()
	f.appendTask(t, task.ListStreamOf(ref.ListID), w.Admin.AccountID, w.OrgID, &task.ListCreated{ListID: ref.ListID, OrgID: w.OrgID,
		ProjectID: w.ProjectID, Name: "Board", Columns: []task.Column{{ColumnID: column, Name: "Gata", Done: true}}})
	f.appendTask(t, task.StreamOf(ref.TaskID), w.Admin.AccountID, w.OrgID, &task.TaskCreated{Ref: ref, Title: "T", Status: column,
		Rank: "m", Priority: task.PriorityNone, Assignees: []string{w.Researcher.PersonID}})
	f.appendTask(t, task.StreamOf(ref.TaskID), w.Admin.AccountID, w.OrgID, &task.CommentAdded{Ref: ref, CommentID: uuid.NewString(),
		Body: "@Manager", Mentions: []string{w.Manager.PersonID}})
}

func strs(ss ...string) *[]string { return &ss }

func str(s string) *string { return &s }

// The tasks mapper, given its events: an assignment notifies the people
// newly assigned (at creation, when added later, again when assigned
// anew after being taken off), a comment the people it mentions for the
// first time (an edit only those it adds); never the actor, never someone
// who may not read the task (no tasks.read on the project, a personal list
// of someone else, another organisation's person), and a task due tomorrow
// reminds those of its accounts who may read it. A rebuild gives the same
// notifications and the mapper's own tables.
func TestTaskMapperNotifiesNewAssigneesAndMentions(t *testing.T) {
	f := newFixture(t, notifyview.TaskMapper{}, notifyview.ChatMapper{})
	w := f.w
	other := identitytest.Seed(t, f.b.Bench, "Altcineva SRL")
	out := f.outsider(t)
	f.sync(t)
	f.seeded = f.head(t)

	list, personal, t1, t2 := uuid.NewString(), uuid.NewString(), uuid.NewString(), uuid.NewString()
	ref1 := task.Ref{TaskID: t1, ListID: list, OrgID: w.OrgID, ProjectID: w.ProjectID}
	ref2 := task.Ref{TaskID: t2, ListID: personal, OrgID: w.OrgID}
	cols := []task.Column{{ColumnID: uuid.NewString(), Name: "De făcut"}, {ColumnID: uuid.NewString(), Name: "Gata", Done: true}}
	f.appendTask(t, task.ListStreamOf(list), w.Admin.AccountID, w.OrgID, &task.ListCreated{ListID: list, OrgID: w.OrgID,
		ProjectID: w.ProjectID, Name: "Board", Columns: cols})
	f.appendTask(t, task.ListStreamOf(personal), w.Expert.AccountID, w.OrgID, &task.ListCreated{ListID: personal, OrgID: w.OrgID,
		OwnerAccountID: w.Expert.AccountID, Name: "Mine", Columns: cols})

	// Created by the administrator for the expert, themselves, the
	// outsider and another organisation's administrator: the expert.
	f.appendTask(t, task.StreamOf(t1), w.Admin.AccountID, w.OrgID, &task.TaskCreated{Ref: ref1, Title: "Raport", Status: cols[0].ColumnID,
		Rank: "m", Priority: task.PriorityNone, Assignees: []string{w.Expert.PersonID, w.Admin.PersonID, out.PersonID, other.Admin.PersonID}})
	// The manager adds the researcher (and retitles): the researcher only.
	f.appendTask(t, task.StreamOf(t1), w.Manager.AccountID, w.OrgID, &task.TaskUpdated{Ref: ref1,
		Fields: task.Fields{Assignees: strs(w.Expert.PersonID, w.Researcher.PersonID), Title: str("Raport final")}})
	// A change of other fields: nobody.
	f.appendTask(t, task.StreamOf(t1), w.Manager.AccountID, w.OrgID, &task.TaskUpdated{Ref: ref1,
		Fields: task.Fields{Title: str("Raport anual"), Labels: strs("urgent")}})
	// The expert taken off, then assigned again: told again.
	f.appendTask(t, task.StreamOf(t1), w.Manager.AccountID, w.OrgID, &task.TaskUpdated{Ref: ref1,
		Fields: task.Fields{Assignees: strs(w.Researcher.PersonID)}})
	f.appendTask(t, task.StreamOf(t1), w.Manager.AccountID, w.OrgID, &task.TaskUpdated{Ref: ref1,
		Fields: task.Fields{Assignees: strs(w.Researcher.PersonID, w.Expert.PersonID)}})

	// The expert comments mentioning the manager, the researcher, the
	// outsider and themselves; then edits it to mention the administrator
	// too (the others were told already).
	comment := uuid.NewString()
	f.appendTask(t, task.StreamOf(t1), w.Expert.AccountID, w.OrgID, &task.CommentAdded{Ref: ref1, CommentID: comment,
		AuthorAccountID: w.Expert.AccountID, Body: "@Manager @Researcher @Outsider @Expert",
		Mentions: []string{w.Manager.PersonID, w.Researcher.PersonID, out.PersonID, w.Expert.PersonID}})
	f.appendTask(t, task.StreamOf(t1), w.Expert.AccountID, w.OrgID, &task.CommentEdited{Ref: ref1, CommentID: comment,
		Body: "@Manager @Admin", Mentions: []string{w.Manager.PersonID, w.Admin.PersonID}})
	// The same edit again (a retry, a typo fixed): nobody.
	f.appendTask(t, task.StreamOf(t1), w.Expert.AccountID, w.OrgID, &task.CommentEdited{Ref: ref1, CommentID: comment,
		Body: "@Manager @Admin.", Mentions: []string{w.Admin.PersonID, w.Manager.PersonID}})

	// The expert's personal list: assigning and mentioning others tells
	// nobody (only its owner may read it), not even the administrator.
	f.appendTask(t, task.StreamOf(t2), w.Expert.AccountID, w.OrgID, &task.TaskCreated{Ref: ref2, Title: "Al meu", Status: cols[0].ColumnID,
		Rank: "m", Priority: task.PriorityNone, Assignees: []string{w.Expert.PersonID, w.Researcher.PersonID}})
	f.appendTask(t, task.StreamOf(t2), w.Expert.AccountID, w.OrgID, &task.CommentAdded{Ref: ref2, CommentID: uuid.NewString(),
		Body: "@Admin", Mentions: []string{w.Admin.PersonID, w.Researcher.PersonID}})

	// Reminders of tasks due: to the accounts named that may read the task.
	remind := func(taskID string, accounts ...string) {
		t.Helper()
		_, err := f.n.RecordReminder.Handle(ctx, identitytest.AsSystem(), commands.RecordReminder{Reminder: notification.ReminderDue{
			Kind: notification.KindTaskDue, OrgID: w.OrgID, Subject: notification.Subject{Type: notification.SubjectTask, ID: taskID},
			Period: "2026-03-10", DueOn: "2026-03-10", AccountIDs: accounts}})
		pgtest.Must(t, err, "remind")
	}
	remind(t1, w.Researcher.AccountID, out.AccountID)
	remind(t2, w.Expert.AccountID, w.Researcher.AccountID)
	remind(uuid.NewString(), w.Researcher.AccountID) // a task never seen: nobody
	// The manager wants mentions in the app only (every table has rows for
	// the rebuild's comparison).
	settings := notification.DefaultSettings()
	settings.Channels[notification.KindMention] = notification.Channels{InApp: true}
	_, err := f.n.ChangeNotificationPreferences.Handle(ctx, identitytest.As(f.principal(t, w.Manager)),
		commands.ChangeNotificationPreferences{AccountID: w.Manager.AccountID, Settings: settings})
	pgtest.Must(t, err, "settings")

	assigned, mention, due := notification.KindTaskAssigned, notification.KindMention, notification.KindTaskDue
	got := f.wantKinds(t, "the expert", w.Expert, assigned, assigned, due)
	for _, n := range got[1:] {
		if n.Subject != (notification.Subject{Type: notification.SubjectTask, ID: t1}) || n.Params[notification.ParamTaskID] != t1 ||
			n.Params[notification.ParamProjectID] != w.ProjectID || n.OrgID != w.OrgID || n.ActorID != w.Admin.AccountID &&
			n.ActorID != w.Manager.AccountID {
			t.Fatalf("the expert's assignment: %+v", n)
		}
	}
	if got[0].Subject.ID != t2 || got[0].Params[notification.ParamDueOn] != "2026-03-10" {
		t.Fatalf("the owner's reminder of a personal task: %+v", got[0])
	}
	f.wantKinds(t, "the researcher", w.Researcher, assigned, mention, due)
	f.wantKinds(t, "the manager", w.Manager, mention)
	got = f.wantKinds(t, "the administrator", w.Admin, mention)
	if got[0].ActorID != w.Expert.AccountID || got[0].Subject.ID != t1 {
		t.Fatalf("the administrator's mention: %+v", got[0])
	}
	f.wantKinds(t, "the outsider (no tasks.read on the project)", out)
	f.wantKinds(t, "another organisation's administrator", other.Admin)

	types := notifyview.ProducingTypes(notifyview.TaskMapper{})
	for _, typ := range []string{task.TypeTaskCreated, task.TypeTaskUpdated, task.TypeCommentAdded, task.TypeCommentEdited} {
		if !slices.Contains(types, typ) {
			t.Fatalf("producing types %v lack %s", types, typ)
		}
	}
	f.chatRows(t) // the chat mapper's tables have rows too
	projectiontest.CheckRebuildEqualsLive(t, f.rt, f.pool, f.p, f.head(t))
}
