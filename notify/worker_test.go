package notify_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"cronica/commands"
	"cronica/domain/identity"
	"cronica/domain/notification"
	"cronica/internal/auth/mailer"
	"cronica/notify"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

// Each kind of the timesheet workflow and the grants goes out as the
// recipient asked: an urgent one by mail at once (in the recipient's
// language, text and HTML, with its link and an unsubscribe link that the
// server's signature backs), a grant in the hourly digest, a text to the
// local Twilio-style server for the kind the person opted into; another
// organisation's administrator receives nothing; running again sends
// nothing more.
func TestDeliveryEndToEnd(t *testing.T) {
	x := newWorld(t)
	w := x.w
	other := identitytest.Seed(t, x.b.Bench, "Altcineva SRL")
	wk := x.worker(t, nil, nil)
	x.step(t, wk) // the first scan starts after what exists: the seed's grants are not mailed

	x.settings(t, w.Expert, func(s *notification.Settings) {
		s.Language, s.QuietHours = notification.English, notification.QuietHours{}
		s.Channels[notification.KindTimesheetRejected] = notification.Channels{InApp: true, Email: true, SMS: true}
	})
	x.phone(t, w.Expert, "Expert", "0722 123 456")
	x.submit(t, w.Expert, "2026-03-02")
	x.reject(t, w.Manager, w.Expert, "Lipsește o zi")
	x.grant(t, w.Researcher, identity.RoleFinancialOfficer)
	x.step(t, wk)

	submitted := x.inbox(t, w.Admin, notification.KindTimesheetSubmitted)
	admin := x.mailsTo(t, w.Admin.Email)
	if len(submitted) != 1 || len(admin) != 1 {
		t.Fatalf("the administrator: %d notifications, %d mails", len(submitted), len(admin))
	}
	m := admin[0]
	link := "https://cronica.test/orgs/" + w.OrgID + "/people/" + w.Expert.PersonID + "/timesheets/2026-03"
	if m.Subject != "Pontajul lui Popescu Expert pentru martie 2026 așteaptă aprobarea dumneavoastră" || m.MessageID != "<"+submitted[0].ID+"@cronica.test>" ||
		!strings.Contains(m.Text, "Persoana: Expert Popescu") || !strings.Contains(m.Text, link) ||
		!strings.Contains(m.HTML, `<a href="`+link+`">Deschide în Cronica</a>`) {
		t.Fatalf("the administrator's mail: %+v", m)
	}
	u := unsubscribeOf(t, x, m.Text)
	if u != (notify.Unsubscription{AccountID: w.Admin.AccountID, Kind: notification.KindTimesheetSubmitted, Channel: notification.ChannelEmail}) {
		t.Fatalf("unsubscribe link: %+v", u)
	}
	if n := len(x.mailsTo(t, w.Manager.Email)); n != 1 {
		t.Fatalf("the manager: %d mails", n)
	}
	expert := x.mailsTo(t, w.Expert.Email)
	if len(expert) != 1 || expert[0].Subject != "Your timesheet for March 2026 was sent back" ||
		!strings.Contains(expert[0].Text, "Reason: Lipsește o zi") || !strings.Contains(expert[0].Text, "Stop e-mails about: your timesheets sent back") {
		t.Fatalf("the person's mail: %+v", expert)
	}
	texts := x.tw.received()
	if len(texts) != 1 || texts[0].To != "+40722123456" || texts[0].From != "Cronica" ||
		!strings.HasPrefix(texts[0].Body, "Cronica: Your timesheet for March 2026 was sent back https://cronica.test/") {
		t.Fatalf("texts: %+v", texts)
	}
	if n := len(x.mailsTo(t, w.Researcher.Email)); n != 0 {
		t.Fatalf("the grant went out before its digest: %d mails", n)
	}

	// The digest's hour.
	x.clock.Advance(time.Hour)
	x.step(t, wk)
	digest := x.mailsTo(t, w.Researcher.Email)
	given := x.inbox(t, w.Researcher, notification.KindGrantGiven)
	if len(digest) != 1 || len(given) != 1 || digest[0].Subject != "Vi s-a acordat rolul responsabil financiar" ||
		digest[0].MessageID == "<"+given[0].ID+"@cronica.test>" {
		t.Fatalf("the digest: %+v (notification %+v)", digest, given)
	}
	if u := unsubscribeOf(t, x, digest[0].Text); u.Kind != notification.KindGrantGiven || u.AccountID != w.Researcher.AccountID {
		t.Fatalf("the digest's unsubscribe link: %+v", u)
	}

	x.clock.Advance(time.Hour)
	x.step(t, wk)
	if all, texts := len(x.mails(t)), len(x.tw.received()); all != 4 || texts != 1 {
		t.Fatalf("after another round: %d mails, %d texts; want 4 and 1", all, texts)
	}
	if n := len(x.mailsTo(t, other.Admin.Email)); n != 0 {
		t.Fatalf("another organisation's administrator got %d mails", n)
	}
}

// unsubscribeOf reads the first unsubscribe link of a mail's text and
// verifies its token.
func unsubscribeOf(t *testing.T, x *world, text string) notify.Unsubscription {
	t.Helper()
	const prefix = "https://cronica.test/unsubscribe?token="
	i := strings.Index(text, prefix)
	if i < 0 {
		t.Fatalf("no unsubscribe link in %q", text)
	}
	raw := strings.Fields(text[i+len(prefix):])[0]
	tok, err := url.QueryUnescape(raw)
	pgtest.Must(t, err, "unescape")
	u, err := x.signer.Verify(tok)
	pgtest.Must(t, err, "verify")
	return u
}

// Settings are respected: a kind off by e-mail makes no mail (it stays in
// the app); quiet hours hold a mail until they end; a channel turned off
// while its mail waited drops it.
func TestSettingsAndQuietHours(t *testing.T) {
	x := newWorld(t)
	w := x.w
	wk := x.worker(t, nil, nil)
	x.step(t, wk)
	// 11:01 in Bucharest now: quiet from 10:00 to 12:00.
	quiet := func(s *notification.Settings) { s.QuietHours = notification.QuietHours{Start: "10:00", End: "12:00"} }
	x.settings(t, w.Admin, func(s *notification.Settings) {
		s.Channels[notification.KindTimesheetSubmitted] = notification.Channels{InApp: true}
	})
	x.settings(t, w.Manager, quiet)
	x.submit(t, w.Expert, "2026-03-02")
	x.step(t, wk)
	if n := len(x.mailsTo(t, w.Admin.Email)); n != 0 || len(x.inbox(t, w.Admin, notification.KindTimesheetSubmitted)) != 1 {
		t.Fatalf("e-mail off: %d mails, want none (and the notification in the app)", n)
	}
	if n := len(x.mailsTo(t, w.Manager.Email)); n != 0 {
		t.Fatalf("quiet hours: %d mails, want none yet", n)
	}
	x.clock.Advance(59 * time.Minute) // 12:00 in Bucharest
	x.step(t, wk)
	if n := len(x.mailsTo(t, w.Manager.Email)); n != 1 {
		t.Fatalf("after the quiet hours: %d mails, want 1", n)
	}

	// A mail held by quiet hours, then its kind unsubscribed: dropped.
	x.settings(t, w.Researcher, quiet)
	x.clock.Advance(23 * time.Hour) // 11:00 the next day
	x.remind(t, w.Researcher)
	x.step(t, wk)
	_, err := x.n.UnsubscribeNotifications.Handle(ctx, x.as(t, w.Researcher), commands.UnsubscribeNotifications{AccountID: w.Researcher.AccountID,
		Kind: notification.KindTimesheetDue, Channel: notification.ChannelEmail})
	pgtest.Must(t, err, "unsubscribe")
	x.clock.Advance(2 * time.Hour)
	x.step(t, wk)
	if n := len(x.mailsTo(t, w.Researcher.Email)); n != 0 {
		t.Fatalf("unsubscribed while held: %d mails", n)
	}
	if got := x.outcomes(t, w.Researcher.AccountID); got != "email:dropped:turned_off" {
		t.Fatalf("outbox: %s", got)
	}
}

// remind records a "submit your month" reminder of u's March.
func (x *world) remind(t *testing.T, u identitytest.User) {
	t.Helper()
	ts := timesheetOf(u.PersonID)
	_, err := x.n.RecordReminder.Handle(ctx, identitytest.AsSystem(), commands.RecordReminder{Reminder: notification.ReminderDue{
		Kind: notification.KindTimesheetDue, OrgID: x.w.OrgID, Subject: notification.Subject{Type: notification.SubjectTimesheet, ID: ts},
		Period: "2026-03", DueOn: "2026-03-31", PersonID: u.PersonID, TimesheetID: ts, Month: "2026-03"}})
	pgtest.Must(t, err, "remind")
}

// outcomes are an account's outbox rows as "channel:state:outcome", in
// notification order.
func (x *world) outcomes(t *testing.T, accountID string) string {
	t.Helper()
	var s string
	pgtest.Must(t, x.pool.QueryRow(ctx, `SELECT coalesce(string_agg(channel || ':' || state || ':' || outcome, ',' ORDER BY created_at, channel), '')
		FROM notify_outbox WHERE account_id = $1`, accountID).Scan(&s), "outcomes")
	return s
}

// Texts: only for the kinds opted into, at most the daily cap per day
// (the recipient's day), never without a usable number.
func TestTextsCapAndNumber(t *testing.T) {
	x := newWorld(t)
	w := x.w
	wk := x.worker(t, nil, nil) // cap 2
	x.step(t, wk)
	smsOnGrants := func(s *notification.Settings) {
		s.QuietHours = notification.QuietHours{}
		s.Channels[notification.KindGrantGiven] = notification.Channels{InApp: true, SMS: true}
	}
	x.settings(t, w.Expert, smsOnGrants)
	x.settings(t, w.Researcher, smsOnGrants)
	x.phone(t, w.Expert, "Expert", "+40 722 000 111")
	for _, role := range []identity.Role{identity.RoleFinancialOfficer, identity.RoleHRManager, identity.RoleAuditor} {
		if role == identity.RoleAuditor {
			_, err := x.b.IDs.GrantRole.Handle(ctx, x.as(t, w.Admin), commands.GrantRole{OrgID: w.OrgID, Role: role,
				Subject: identity.Subject{Kind: identity.SubjectAccount, ID: w.Expert.AccountID}, ExpiresAt: x.b.Clock.Now().AddDate(0, 1, 0)})
			pgtest.Must(t, err, "grant auditor")
			continue
		}
		x.grant(t, w.Expert, role)
	}
	x.grant(t, w.Researcher, identity.RoleFinancialOfficer)
	x.step(t, wk)
	if n := len(x.tw.received()); n != 2 {
		t.Fatalf("%d texts, want 2 (the cap)", n)
	}
	if got := x.outcomes(t, w.Researcher.AccountID); got != "sms:dropped:no_phone" {
		t.Fatalf("without a phone: %s", got)
	}
	if got := x.outcomes(t, w.Expert.AccountID); strings.Count(got, "sms:sent:SM0123") != 2 || !strings.Contains(got, "sms:dropped:daily_cap") {
		t.Fatalf("over the cap: %s", got)
	}
	// The next day (in Bucharest: 00:01) the cap starts again.
	x.clock.Advance(13 * time.Hour)
	_, err := x.b.IDs.GrantRole.Handle(ctx, x.as(t, w.Admin), commands.GrantRole{OrgID: w.OrgID, Role: identity.RoleProjectManager,
		Subject: identity.Subject{Kind: identity.SubjectAccount, ID: w.Expert.AccountID}, ProjectID: w.ProjectID})
	pgtest.Must(t, err, "grant")
	x.step(t, wk)
	if n := len(x.tw.received()); n != 3 {
		t.Fatalf("the next day: %d texts, want 3", n)
	}
}

// A crash between writing the outbox rows and sending (the worker's
// context cancelled as it hands the first message on): the next worker
// sends every message exactly once, and running again sends nothing more.
// A mail the server took but whose answer was lost is retried, and the
// file outbox, keyed by the notification's id, keeps one copy.
func TestCrashBetweenOutboxAndSendResendsOnce(t *testing.T) {
	x := newWorld(t)
	w := x.w
	x.step(t, x.worker(t, nil, nil))
	x.settings(t, w.Expert, func(s *notification.Settings) {
		s.Channels[notification.KindTimesheetRejected] = notification.Channels{InApp: true, Email: true, SMS: true}
	})
	x.phone(t, w.Expert, "Expert", "0722 123 456")
	x.submit(t, w.Expert, "2026-03-02")
	x.reject(t, w.Manager, w.Expert, "Lipsește o zi")
	x.sync(t)

	crashCtx, crash := context.WithCancel(ctx)
	crashing := &crashMailer{crash: crash}
	pgtest.Must(t, x.worker(t, crashing, &crashProvider{crash: crash}).RunOnce(crashCtx), "the crashing worker")
	var pending int
	pgtest.Must(t, x.pool.QueryRow(ctx, `SELECT count(*) FROM notify_outbox WHERE state = 'pending'`).Scan(&pending), "pending")
	if pending != 4 || crashing.calls != 1 || len(x.mails(t)) != 0 {
		t.Fatalf("after the crash: %d rows pending (want 4: three mails, one text), %d sends tried, %d mails", pending, crashing.calls,
			len(x.mails(t)))
	}

	next := x.worker(t, nil, nil)
	x.step(t, next)
	x.step(t, next)
	if mails, texts := len(x.mails(t)), len(x.tw.received()); mails != 3 || texts != 1 {
		t.Fatalf("after the restart: %d mails, %d texts; want 3 and 1", mails, texts)
	}

	// Sent, but the answer lost: retried later, one copy.
	x.remind(t, w.Researcher)
	lost := &failingMailer{next: x.mail, n: 1, sendFirst: true, err: errors.New("connection reset after DATA")}
	x.step(t, x.worker(t, lost, nil))
	if got := x.outcomes(t, w.Researcher.AccountID); !strings.HasPrefix(got, "email:pending:") {
		t.Fatalf("a lost answer: %s, want a retry pending", got)
	}
	x.clock.Advance(31 * time.Second)
	x.step(t, next)
	if n := len(x.mailsTo(t, w.Researcher.Email)); n != 1 || x.outcomes(t, w.Researcher.AccountID) != "email:sent:" {
		t.Fatalf("after the retry: %d mails, outbox %s", n, x.outcomes(t, w.Researcher.AccountID))
	}
}

// crashMailer stands for a process dying as it hands its first message
// on: it cancels the worker's context and sends nothing.
type crashMailer struct {
	crash context.CancelFunc
	calls int
}

func (c *crashMailer) Send(ctx context.Context, _ mailer.Message) error {
	c.calls++
	c.crash()
	return fmt.Errorf("crashed: %w", context.Canceled)
}

type crashProvider struct{ crash context.CancelFunc }

func (c *crashProvider) Send(context.Context, notify.SMS) (string, error) {
	c.crash()
	return "", fmt.Errorf("crashed: %w", context.Canceled)
}

// A failing server is retried with backoff; a message the mailer refuses
// fails for good at once.
func TestRetriesWithBackoff(t *testing.T) {
	x := newWorld(t)
	w := x.w
	x.step(t, x.worker(t, nil, nil))
	flaky := &failingMailer{next: x.mail, n: 2, err: errors.New("451 try again later")}
	wk := x.worker(t, flaky, nil)
	x.remind(t, w.Researcher)
	x.step(t, wk)
	due := func() (int, time.Time) {
		var attempts int
		var at time.Time
		pgtest.Must(t, x.pool.QueryRow(ctx, `SELECT attempts, due_at FROM notify_outbox WHERE account_id = $1`, w.Researcher.AccountID).
			Scan(&attempts, &at), "row")
		return attempts, at
	}
	if n, at := due(); n != 1 || !at.Equal(x.clock.Now().Add(30*time.Second)) {
		t.Fatalf("after one failure: attempts %d, due %s", n, at)
	}
	x.clock.Advance(30 * time.Second)
	x.step(t, wk)
	if n, at := due(); n != 2 || !at.Equal(x.clock.Now().Add(time.Minute)) {
		t.Fatalf("after two failures: attempts %d, due %s", n, at)
	}
	x.clock.Advance(time.Minute)
	x.step(t, wk)
	if n := len(x.mailsTo(t, w.Researcher.Email)); n != 1 {
		t.Fatalf("after the retries: %d mails", n)
	}

	refusing := &failingMailer{next: x.mail, n: 1, err: fmt.Errorf("bad address: %w", mailer.ErrInvalidMessage)}
	x.remind(t, w.Expert)
	x.step(t, x.worker(t, refusing, nil))
	if got := x.outcomes(t, w.Expert.AccountID); !strings.HasPrefix(got, "email:failed:bad address") {
		t.Fatalf("a refused message: %s", got)
	}
}

func timesheetOf(personID string) string {
	return timesheetID(personID, "2026-03")
}
