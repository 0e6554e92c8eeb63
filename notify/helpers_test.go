package notify_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/domain/notification"
	"cronica/domain/timesheet"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/internal/auth/mailer"
	"cronica/notify"
	"cronica/projections"
	"cronica/projections/identityview"
	"cronica/projections/notifyview"
	"cronica/projections/projectiontest"
	"cronica/projections/timeview"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// world is a database with the identity, Time and notifications
// projectors running, timetest's organisation, the Notifications use
// cases, a file outbox for mail, a local Twilio-style server for texts,
// and the worker's clock.
type world struct {
	b      *timetest.Bench
	w      timetest.World
	pool   *pgxpool.Pool
	store  *pgstore.Store
	n      *commands.Notifications
	clock  *identitytest.Clock
	mail   *mailer.FileOutbox
	mailTo string
	tw     *twilio
	signer *notify.Signer
}

func newWorld(t testing.TB) *world {
	t.Helper()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // 11:00 in Bucharest: outside the default quiet hours
	pool, store := projectiontest.NewStore(t, "notify", t0, func(ctx context.Context, pool *pgxpool.Pool) error {
		for _, m := range []func(context.Context, *pgxpool.Pool) error{identityview.Migrate, timeview.Migrate, notifyview.Migrate, notify.Migrate} {
			if err := m(ctx, pool); err != nil {
				return err
			}
		}
		return nil
	})
	clock := identitytest.NewClock(t0)
	b := timetest.BenchOn(t, store, clock, clock.Now)
	identitytest.WithKeyring(t, b.Bench, pool) // phones are sealed personal data
	codec, err := commands.NewCodec(append(timetest.EventTypes(), notification.EventTypes())...)
	pgtest.Must(t, err, "codec")
	env := b.Env
	env.Codec = codec
	projectiontest.Run(t, store, pool, projections.Config{}, identityview.Projector(), timeview.Projector(),
		notifyview.Projector(notifyview.Mappers()...))
	dir := t.TempDir()
	out, err := mailer.NewFileOutbox(mailer.OutboxConfig{Dir: dir, From: "Cronica <no-reply@cronica.test>"})
	pgtest.Must(t, err, "outbox")
	signer, err := notify.NewSigner([]byte(strings.Repeat("k", 32)))
	pgtest.Must(t, err, "signer")
	return &world{b: b, w: timetest.Seed(t, b, "Beneficiar"), pool: pool, store: store, n: commands.NewNotifications(env),
		clock: identitytest.NewClock(t0.Add(time.Minute)), mail: out, mailTo: dir, tw: newTwilio(t), signer: signer}
}

// worker is a delivery worker of the world, mailing through m (nil: the
// file outbox) and texting through p (nil: the local Twilio server).
func (x *world) worker(t testing.TB, m mailer.Mailer, p notify.Provider) *notify.Worker {
	t.Helper()
	if m == nil {
		m = x.mail
	}
	if p == nil {
		tw, err := notify.NewTwilioProvider(notify.TwilioConfig{BaseURL: x.tw.URL, AccountSID: "AC1", AuthToken: "tok", From: "Cronica"})
		pgtest.Must(t, err, "twilio")
		p = tw
	}
	wk, err := notify.NewWorker(notify.Config{Pool: x.pool, Mailer: m, SMS: p, Signer: x.signer, PublicURL: "https://cronica.test/",
		Now: x.clock.Now, SMSDailyCap: 2, Personal: x.b.Keys})
	pgtest.Must(t, err, "worker")
	return wk
}

// sync waits until the projectors have passed everything appended.
func (x *world) sync(t testing.TB) {
	t.Helper()
	var head int64
	pgtest.Must(t, x.pool.QueryRow(ctx, `SELECT coalesce(max(position), 0) FROM cronica_events`).Scan(&head), "head")
	for _, name := range []string{identityview.Name, timeview.Name, notifyview.Name} {
		projectiontest.WaitForCheckpoint(t, x.pool, name, eventstore.Position(head))
	}
}

// step syncs and runs the worker once.
func (x *world) step(t testing.TB, wk *notify.Worker) {
	t.Helper()
	x.sync(t)
	pgtest.Must(t, wk.RunOnce(ctx), "worker")
}

func (x *world) as(t testing.TB, u identitytest.User) commands.Meta {
	t.Helper()
	return identitytest.As(identitytest.Principal(t, x.b.Bench, u.AccountID))
}

// settings saves u's settings after change.
func (x *world) settings(t testing.TB, u identitytest.User, change func(*notification.Settings)) {
	t.Helper()
	s := notification.DefaultSettings()
	change(&s)
	_, err := x.n.ChangeNotificationPreferences.Handle(ctx, x.as(t, u), commands.ChangeNotificationPreferences{AccountID: u.AccountID, Settings: s})
	pgtest.Must(t, err, "settings")
}

// phone gives u's person a phone number.
func (x *world) phone(t testing.TB, u identitytest.User, given, phone string) {
	t.Helper()
	d := identitytest.PersonDetails(given)
	d.Personal.Phone = phone
	_, err := x.b.IDs.ChangePersonDetails.Handle(ctx, identitytest.AsSystem(), commands.ChangePersonDetails{PersonID: u.PersonID, Details: d})
	pgtest.Must(t, err, "phone")
}

// submit records a day and submits u's March.
func (x *world) submit(t testing.TB, u identitytest.User, day string) {
	t.Helper()
	p := identitytest.Principal(t, x.b.Bench, u.AccountID)
	_, err := x.b.Time.RecordTimeEntry.Handle(ctx, identitytest.As(p), commands.RecordTimeEntry{OrgID: x.w.OrgID, PersonID: u.PersonID,
		Month: timetest.Month(t, "2026-03"), Entry: timetest.Hours(timetest.Date(t, day), x.w.ProjectID, x.w.Activities[0], 8)})
	pgtest.Must(t, err, "record")
	_, err = x.b.Time.SubmitTimesheet.Handle(ctx, identitytest.As(p), commands.SubmitTimesheet{OrgID: x.w.OrgID, PersonID: u.PersonID,
		Month: timetest.Month(t, "2026-03")})
	pgtest.Must(t, err, "submit")
}

func (x *world) reject(t testing.TB, as, u identitytest.User, reason string) {
	t.Helper()
	_, err := x.b.Time.RejectTimesheet.Handle(ctx, x.as(t, as), commands.RejectTimesheet{OrgID: x.w.OrgID, PersonID: u.PersonID,
		Month: timetest.Month(t, "2026-03"), Reason: reason})
	pgtest.Must(t, err, "reject")
}

func (x *world) grant(t testing.TB, u identitytest.User, role identity.Role) {
	t.Helper()
	_, err := x.b.IDs.GrantRole.Handle(ctx, x.as(t, x.w.Admin), commands.GrantRole{OrgID: x.w.OrgID, Role: role,
		Subject: identity.Subject{Kind: identity.SubjectAccount, ID: u.AccountID}})
	pgtest.Must(t, err, "grant")
}

// inbox is u's notifications of kind.
func (x *world) inbox(t testing.TB, u identitytest.User, kind notification.Kind) []notifyview.NotificationView {
	t.Helper()
	x.sync(t)
	page, err := notifyview.ListNotifications(ctx, x.pool, u.AccountID, notifyview.InboxFilter{}, "", 500)
	pgtest.Must(t, err, "inbox")
	var out []notifyview.NotificationView
	for _, n := range page.Items {
		if n.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}

// mailed is one mail of the file outbox, decoded.
type mailed struct {
	To, Subject, MessageID string
	Text, HTML             string
}

// mails reads every mail of the outbox, by file name (time order).
func (x *world) mails(t testing.TB) []mailed {
	t.Helper()
	entries, err := os.ReadDir(x.mailTo)
	pgtest.Must(t, err, "outbox dir")
	var out []mailed
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".eml") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(x.mailTo, e.Name()))
		pgtest.Must(t, err, "read mail")
		out = append(out, decodeMail(t, raw))
	}
	return out
}

// mailsTo are the mails to address.
func (x *world) mailsTo(t testing.TB, address string) []mailed {
	t.Helper()
	var out []mailed
	for _, m := range x.mails(t) {
		if strings.Contains(m.To, address) {
			out = append(out, m)
		}
	}
	return out
}

func decodeMail(t testing.TB, raw []byte) mailed {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	pgtest.Must(t, err, "parse mail")
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	pgtest.Must(t, err, "subject")
	m := mailed{To: msg.Header.Get("To"), Subject: subject, MessageID: msg.Header.Get("Message-ID")}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	pgtest.Must(t, err, "content type")
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		pgtest.Must(t, err, "part")
		body, err := io.ReadAll(quotedprintable.NewReader(p))
		pgtest.Must(t, err, "part body")
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
			m.HTML = string(body)
		} else {
			m.Text = string(body)
		}
	}
	return m
}

// failingMailer fails its first n sends; with sendFirst it hands the
// message to next before failing (the answer lost after the server took
// it).
type failingMailer struct {
	next      mailer.Mailer
	mu        sync.Mutex
	n         int
	sendFirst bool
	err       error
}

func (f *failingMailer) Send(ctx context.Context, m mailer.Message) error {
	f.mu.Lock()
	fail := f.n > 0
	if fail {
		f.n--
	}
	f.mu.Unlock()
	if !fail {
		return f.next.Send(ctx, m)
	}
	if f.sendFirst {
		if err := f.next.Send(ctx, m); err != nil {
			return err
		}
	}
	return f.err
}

func timesheetID(personID, m string) string {
	mo, _ := calendar.ParseMonth(m)
	return timesheet.IDFor(personID, mo)
}
