package notifyview_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"cronica/commands"
	"cronica/domain/identity"
	"cronica/domain/notification"
	"cronica/domain/report"
	"cronica/eventstore"
	"cronica/projections/notifyview"
	"cronica/projections/projectiontest"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// A month through its workflow notifies who may act on it and who may read
// it: submitted, to the administrator (timesheet.approve in the
// organisation) and the project's manager (the contract's supervisor, with
// timesheet.approve and timesheet.read on the month's project); rejected,
// approved and reopened, to the person. Nobody hears of their own act; a
// colleague, an HR manager who may read but not approve, and another
// organisation's administrator hear nothing.
func TestTimesheetWorkflowNotifies(t *testing.T) {
	f := newFixture(t)
	w := f.w
	hr := identitytest.AddUser(t, f.b.Bench, w.OrgID, "Hana", identity.RoleHRManager)
	other := identitytest.Seed(t, f.b.Bench, "Altcineva SRL")
	f.seeded = f.head(t)
	admin, manager := f.principal(t, w.Admin), f.principal(t, w.Manager)
	march := f.month("2026-03")
	ts := timesheetOf(w.Expert.PersonID, "2026-03")

	f.record(t, w.Expert, "2026-03-02", 8)
	f.submit(t, w.Expert, "2026-03")
	_, err := f.b.Time.RejectTimesheet.Handle(ctx, identitytest.As(manager), commands.RejectTimesheet{OrgID: w.OrgID,
		PersonID: w.Expert.PersonID, Month: march, Reason: "Lipsește 3 martie"})
	pgtest.Must(t, err, "reject")
	f.record(t, w.Expert, "2026-03-03", 8)
	f.submit(t, w.Expert, "2026-03")
	_, err = f.b.Time.ApproveTimesheet.Handle(ctx, identitytest.As(manager), commands.ApproveTimesheet{OrgID: w.OrgID,
		PersonID: w.Expert.PersonID, Month: march, Comment: "Bun"})
	pgtest.Must(t, err, "approve")
	_, err = f.b.Time.LockTimesheet.Handle(ctx, identitytest.As(admin), commands.LockTimesheet{OrgID: w.OrgID, PersonID: w.Expert.PersonID, Month: march})
	pgtest.Must(t, err, "lock")
	_, err = f.b.Time.ReopenTimesheet.Handle(ctx, identitytest.As(admin), commands.ReopenTimesheet{OrgID: w.OrgID,
		PersonID: w.Expert.PersonID, Month: march, Reason: "Corecție"})
	pgtest.Must(t, err, "reopen")

	sub := notification.KindTimesheetSubmitted
	got := f.wantKinds(t, "the administrator", w.Admin, sub, sub)
	f.wantKinds(t, "the manager", w.Manager, sub, sub)
	mine := f.wantKinds(t, "the person", w.Expert, notification.KindTimesheetRejected, notification.KindTimesheetApproved,
		notification.KindTimesheetReopened)
	f.wantKinds(t, "a colleague", w.Researcher)
	f.wantKinds(t, "the HR manager", hr)
	f.wantKinds(t, "another organisation's administrator", other.Admin)

	n := got[0]
	if n.Subject != (notification.Subject{Type: notification.SubjectTimesheet, ID: ts}) || n.OrgID != w.OrgID || n.ActorID != w.Expert.AccountID ||
		n.Params[notification.ParamMonth] != "2026-03" || n.Params[notification.ParamPersonID] != w.Expert.PersonID || n.Read {
		t.Fatalf("submitted: %+v", n)
	}
	if r := mine[2]; r.Params[notification.ParamReason] != "Lipsește 3 martie" || r.ActorID != w.Manager.AccountID {
		t.Fatalf("rejected: %+v", r)
	}
	if r := mine[0]; r.Params[notification.ParamReason] != "Corecție" {
		t.Fatalf("reopened: %+v", r)
	}
}

// A supervisor named by the person's contract signs the month, so they
// are told of its submission even without any grant to read timesheets
// (the read API lets them read the month), with whose month it is.
func TestSubmissionNotifiesTheSupervisorWithoutGrants(t *testing.T) {
	f := newFixture(t)
	w := f.w
	sabina := identitytest.AddUser(t, f.b.Bench, w.OrgID, "Sabina", identity.RoleMember)
	intern := identitytest.AddUser(t, f.b.Bench, w.OrgID, "Stagiar", identity.RoleMember)
	contract := timetest.Contract(t, f.b, w.OrgID, intern.PersonID, sabina.PersonID)
	timetest.Assign(t, f.b, w.OrgID, intern.PersonID, contract, w.ProjectID)
	f.seeded = f.head(t)

	f.record(t, intern, "2026-03-02", 8)
	f.submit(t, intern, "2026-03")
	got := f.wantKinds(t, "the supervisor", sabina, notification.KindTimesheetSubmitted)
	if name := got[0].Params[notification.ParamPersonName]; name != "Popescu Stagiar" {
		t.Fatalf("the submission names %q, want the intern", name)
	}
}

// Grants: the accounts a grant applies to (the account, a group's members)
// hear of it given and taken back; the granter does not.
func TestGrantsNotify(t *testing.T) {
	f := newFixture(t)
	w := f.w
	admin := identitytest.As(f.principal(t, w.Admin))
	res, err := f.b.IDs.GrantRole.Handle(ctx, admin, commands.GrantRole{OrgID: w.OrgID, Role: identity.RoleProjectManager,
		Subject: identity.Subject{Kind: identity.SubjectAccount, ID: w.Researcher.AccountID}, ProjectID: w.ProjectID})
	pgtest.Must(t, err, "grant")
	direct := res.ID
	group, err := f.b.IDs.CreateGroup.Handle(ctx, admin, commands.CreateGroup{OrgID: w.OrgID, Name: "Financiar"})
	pgtest.Must(t, err, "group")
	_, err = f.b.IDs.AddGroupMember.Handle(ctx, admin, commands.AddGroupMember{GroupID: group.ID, AccountID: w.Expert.AccountID})
	pgtest.Must(t, err, "member")
	byGroup, err := f.b.IDs.GrantRole.Handle(ctx, admin, commands.GrantRole{OrgID: w.OrgID, Role: identity.RoleFinancialOfficer,
		Subject: identity.Subject{Kind: identity.SubjectGroup, ID: group.ID}})
	pgtest.Must(t, err, "grant to group")
	f.sync(t) // the revocation below is projected after the identity model deleted the grant's row
	_, err = f.b.IDs.RevokeRole.Handle(ctx, admin, commands.RevokeRole{OrgID: w.OrgID, GrantID: byGroup.ID})
	pgtest.Must(t, err, "revoke")

	r := f.wantKinds(t, "the grantee", w.Researcher, notification.KindGrantGiven)
	if r[0].Params[notification.ParamRole] != "project_manager" || r[0].Params[notification.ParamProjectID] != w.ProjectID ||
		r[0].Subject.ID != direct {
		t.Fatalf("grant given: %+v", r[0])
	}
	e := f.wantKinds(t, "the group's member", w.Expert, notification.KindGrantGiven, notification.KindGrantRevoked)
	if e[0].Params[notification.ParamRole] != "financial_officer" || e[0].Subject.ID != byGroup.ID {
		t.Fatalf("grant revoked: %+v", e[0])
	}
	f.wantKinds(t, "the granter", w.Admin)
}

// A report is announced to whoever asked for it (who may read it, as the
// read API lets them), never to another organisation's account named as
// its requester.
func TestReportReadyNotifiesItsRequester(t *testing.T) {
	f := newFixture(t)
	w := f.w
	other := identitytest.Seed(t, f.b.Bench, "Altcineva SRL")
	f.seeded = f.head(t)
	generated := func(requester string) string {
		id := uuid.NewString()
		f.appendRaw(t, report.StreamOf(id), report.TypeReportGenerated, requester, w.OrgID, report.ReportGenerated{ReportID: id, OrgID: w.OrgID,
			Type: "timesheet_summary", Format: "xlsx", Parameters: map[string]string{"month": "2026-03"}, AsOfPosition: 1,
			SHA256: strings.Repeat("0", 64), FileName: "pontaje.xlsx", RequestedBy: requester})
		return id
	}
	id := generated(w.Admin.AccountID)
	generated(w.Researcher.AccountID)
	generated(other.Admin.AccountID)
	got := f.wantKinds(t, "the administrator", w.Admin, notification.KindReportReady)
	if got[0].Subject.ID != id || got[0].Params[notification.ParamFormat] != "xlsx" || got[0].Params[notification.ParamReportType] != "timesheet_summary" {
		t.Fatalf("report ready: %+v", got[0])
	}
	f.wantKinds(t, "a member who asked for one", w.Researcher, notification.KindReportReady)
	f.wantKinds(t, "another organisation's administrator", other.Admin)
}

// Reminders: a month not submitted reminds its person; a month waiting for
// approval reminds its approvers; a reminder whose month moved on by the
// time it is projected reminds nobody.
func TestRemindersNotify(t *testing.T) {
	f := newFixture(t)
	w := f.w
	remind := func(kind notification.Kind, u identitytest.User, m, period string) {
		t.Helper()
		ts := timesheetOf(u.PersonID, m)
		_, err := f.n.RecordReminder.Handle(ctx, identitytest.AsSystem(), commands.RecordReminder{Reminder: notification.ReminderDue{
			Kind: kind, OrgID: w.OrgID, Subject: notification.Subject{Type: notification.SubjectTimesheet, ID: ts}, Period: period,
			DueOn: "2026-03-31", PersonID: u.PersonID, TimesheetID: ts, Month: m}})
		pgtest.Must(t, err, "remind")
	}
	remind(notification.KindTimesheetDue, w.Researcher, "2026-03", "2026-03")
	f.record(t, w.Expert, "2026-03-02", 8)
	f.submit(t, w.Expert, "2026-03")
	remind(notification.KindTimesheetDue, w.Expert, "2026-03", "2026-03") // submitted meanwhile: nobody
	remind(notification.KindApprovalPending, w.Expert, "2026-03", "submitted-1")
	f.sync(t) // projected before the approval (a reminder projected after it reminds nobody)
	_, err := f.b.Time.ApproveTimesheet.Handle(ctx, identitytest.As(f.principal(t, w.Manager)), commands.ApproveTimesheet{OrgID: w.OrgID,
		PersonID: w.Expert.PersonID, Month: f.month("2026-03")})
	pgtest.Must(t, err, "approve")
	remind(notification.KindApprovalPending, w.Expert, "2026-03", "submitted-2") // approved meanwhile: nobody

	got := f.wantKinds(t, "the late person", w.Researcher, notification.KindTimesheetDue)
	if got[0].Params[notification.ParamDueOn] != "2026-03-31" || got[0].ActorID != "system" {
		t.Fatalf("timesheet due: %+v", got[0])
	}
	f.wantKinds(t, "the submitter", w.Expert, notification.KindTimesheetApproved)
	f.wantKinds(t, "the administrator", w.Admin, notification.KindTimesheetSubmitted, notification.KindApprovalPending)
	f.wantKinds(t, "the manager", w.Manager, notification.KindTimesheetSubmitted, notification.KindApprovalPending)
	reminded, err := notifyview.RemindedOf(ctx, f.pool, notification.KindApprovalPending, []string{timesheetOf(w.Expert.PersonID, "2026-03")})
	pgtest.Must(t, err, "reminded")
	if len(reminded) != 2 || !reminded[timesheetOf(w.Expert.PersonID, "2026-03")+"/submitted-1"] {
		t.Fatalf("reminders recorded: %v", reminded)
	}
}

// Settings, read marks and the unread count: a kind off in the app is made
// (e-mail and SMS follow it) but never listed; marks by id and "all" (which
// leaves later ones unread); a rebuild gives the same rows, read marks
// included; the realtime look-up finds an event's notifications.
func TestInboxReadsAndSettings(t *testing.T) {
	f := newFixture(t, notifyview.TaskMapper{}, notifyview.ChatMapper{})
	w := f.w
	me := identitytest.As(f.principal(t, w.Researcher))
	s := notification.DefaultSettings()
	s.Channels[notification.KindGrantRevoked] = notification.Channels{Email: true}
	_, err := f.n.ChangeNotificationPreferences.Handle(ctx, me, commands.ChangeNotificationPreferences{AccountID: w.Researcher.AccountID, Settings: s})
	pgtest.Must(t, err, "settings")
	grant := func(role identity.Role) string {
		res, err := f.b.IDs.GrantRole.Handle(ctx, identitytest.AsSystem(), commands.GrantRole{OrgID: w.OrgID, Role: role,
			Subject: identity.Subject{Kind: identity.SubjectAccount, ID: w.Researcher.AccountID}})
		pgtest.Must(t, err, "grant")
		return res.ID
	}
	g1 := grant(identity.RoleFinancialOfficer)
	grant(identity.RoleHRManager)
	f.sync(t)
	_, err = f.b.IDs.RevokeRole.Handle(ctx, identitytest.AsSystem(), commands.RevokeRole{OrgID: w.OrgID, GrantID: g1})
	pgtest.Must(t, err, "revoke")
	inbox := f.wantKinds(t, "the researcher", w.Researcher, notification.KindGrantGiven, notification.KindGrantGiven)
	var hidden int
	pgtest.Must(t, f.pool.QueryRow(ctx, `SELECT count(*) FROM notify_notifications WHERE account_id = $1 AND NOT in_app AND kind = 'grant_revoked'`,
		w.Researcher.AccountID).Scan(&hidden), "hidden")
	if hidden != 1 {
		t.Fatalf("the revocation, off in the app: %d rows, want 1 (made, not listed)", hidden)
	}
	unread := func() int {
		f.sync(t)
		n, err := notifyview.UnreadCount(ctx, f.pool, w.Researcher.AccountID)
		pgtest.Must(t, err, "unread")
		return n
	}
	if n := unread(); n != 2 {
		t.Fatalf("unread %d, want 2", n)
	}
	_, err = f.n.MarkNotificationsRead.Handle(ctx, me, commands.MarkNotificationsRead{AccountID: w.Researcher.AccountID,
		IDs: []string{inbox[0].ID, notification.NotificationID(uuid.NewString(), w.Admin.AccountID)}})
	pgtest.Must(t, err, "mark one")
	if n := unread(); n != 1 {
		t.Fatalf("unread %d, want 1", n)
	}
	_, err = f.n.MarkNotificationsRead.Handle(ctx, me, commands.MarkNotificationsRead{AccountID: w.Researcher.AccountID, All: true})
	pgtest.Must(t, err, "mark all")
	grant(identity.RoleProjectManager)
	if n := unread(); n != 1 {
		t.Fatalf("unread after mark all and a new grant: %d, want 1", n)
	}
	page, err := notifyview.ListNotifications(ctx, f.pool, w.Researcher.AccountID, notifyview.InboxFilter{Unread: true}, "", 10)
	pgtest.Must(t, err, "unread list")
	if len(page.Items) != 1 || page.Items[0].Read {
		t.Fatalf("unread list: %+v", page.Items)
	}
	// Pages of one, newest first, to the end.
	var seen []string
	for cursor := ""; ; {
		p, err := notifyview.ListNotifications(ctx, f.pool, w.Researcher.AccountID, notifyview.InboxFilter{}, cursor, 1)
		pgtest.Must(t, err, "page")
		for _, v := range p.Items {
			seen = append(seen, v.ID)
		}
		if p.Next == "" {
			break
		}
		cursor = p.Next
	}
	if len(seen) != 3 || seen[1] != inbox[0].ID {
		t.Fatalf("paged: %v (inbox %v)", seen, inbox)
	}
	if _, err := notifyview.ListNotifications(ctx, f.pool, w.Researcher.AccountID, notifyview.InboxFilter{}, "x", 1); err != notifyview.ErrBadCursor {
		t.Fatalf("a bad cursor: %v", err)
	}

	pos, err := positionOf(f, page.Items[0].Position)
	pgtest.Must(t, err, "position")
	refs, err := notifyview.Produced(ctx, f.pool, pos)
	pgtest.Must(t, err, "produced")
	if len(refs) != 1 || refs[0].AccountID != w.Researcher.AccountID || refs[0].ID != page.Items[0].ID || refs[0].Kind != notification.KindGrantGiven {
		t.Fatalf("produced: %+v", refs)
	}
	prefs, err := notifyview.GetPreferences(ctx, f.pool, w.Researcher.AccountID)
	pgtest.Must(t, err, "preferences")
	if !prefs.Saved || prefs.Settings.Enabled(notification.KindGrantRevoked, notification.ChannelInApp) {
		t.Fatalf("preferences: %+v", prefs)
	}
	if def, err := notifyview.GetPreferences(ctx, f.pool, w.Admin.AccountID); err != nil || def.Saved || !def.Settings.Equal(notification.DefaultSettings()) {
		t.Fatalf("defaults: %+v %v", def, err)
	}

	f.record(t, w.Expert, "2026-03-02", 8)
	f.submit(t, w.Expert, "2026-03")
	ts := timesheetOf(w.Expert.PersonID, "2026-03")
	_, err = f.n.RecordReminder.Handle(ctx, identitytest.AsSystem(), commands.RecordReminder{Reminder: notification.ReminderDue{
		Kind: notification.KindApprovalPending, OrgID: w.OrgID, Subject: notification.Subject{Type: notification.SubjectTimesheet, ID: ts},
		Period: "p", DueOn: "2026-03-05", PersonID: w.Expert.PersonID, TimesheetID: ts, Month: "2026-03"}})
	pgtest.Must(t, err, "remind") // every table has rows
	f.taskRows(t)                 // the tasks mapper's too
	f.chatRows(t)                 // and the chat mapper's
	projectiontest.CheckRebuildEqualsLive(t, f.rt, f.pool, f.p, f.head(t))
}

func positionOf(_ fixture, s string) (eventstore.Position, error) {
	n, err := strconv.ParseUint(s, 10, 64)
	return eventstore.Position(n), err
}
