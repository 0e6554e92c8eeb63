package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	usecase "cronica/commands"
	"cronica/domain/notification"
	"cronica/domain/report"
	"cronica/eventstore"
	"cronica/notify"
	"cronica/readapi"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/realtimetest"
)

// notifyInstance is Cronica wired as serve wires it (router, projections,
// realtime hub) with the delivery worker stepped by the test on a clock it
// moves, mail into the file outbox of its data dir, texts to a local
// Twilio-style server (configured through CRONICA_SMS_*).
type notifyInstance struct {
	base     string
	pool     *pgxpool.Pool
	store    eventStore
	cfg      Config
	outbox   string
	texts    *smsServer
	clock    *identitytest.Clock // the worker's: real time, moved forward by the test
	offsetMu sync.Mutex          // guards offset: the worker reads the clock while the test moves it
	offset   time.Duration
	worker   *notify.Worker
	signer   *notify.Signer
	logger   *slog.Logger
}

func newNotifyInstance(t *testing.T, dbURL string) *notifyInstance {
	t.Helper()
	ctx := context.Background()
	texts := newSMSServer(t)
	srv := startTestServer(t, dbURL, map[string]string{envSMSProvider: "twilio", envSMSBaseURL: texts.URL,
		envSMSAccountSID: "AC-e2e", envSMSAuthToken: "e2e-token", envSMSFrom: "Cronica", envSMSDailyCap: "3"}, nil)
	cfg, pool, store, logger, base := srv.cfg, srv.pool, srv.store, srv.logger, srv.base

	n := &notifyInstance{base: base, pool: pool, store: store, cfg: cfg, outbox: filepath.Join(cfg.DataDir, "outbox"), texts: texts,
		logger: logger}
	n.clock = identitytest.NewClock(time.Now())
	// The worker as serve builds it (newNotifyJobs), on the test's clock.
	jobs, err := newNotifyJobs(ctx, cfg, pool, store, logger, n.now, base)
	pgtest.Must(t, err, "notify jobs")
	n.worker = jobs.worker
	n.signer, err = newSigner(ctx, pool, "", time.Now)
	pgtest.Must(t, err, "signer")
	return n
}

// now is real time plus what the test moved the worker's clock by.
func (n *notifyInstance) now() time.Time { return time.Now().Add(n.offsetNow()) }

func (n *notifyInstance) offsetNow() time.Duration {
	n.offsetMu.Lock()
	defer n.offsetMu.Unlock()
	return n.offset
}

func (n *notifyInstance) advance(d time.Duration) {
	n.offsetMu.Lock()
	defer n.offsetMu.Unlock()
	n.offset += d
}

// settle waits until every read model has passed everything appended.
func (n *notifyInstance) settle(t *testing.T) {
	t.Helper()
	var head int64
	pgtest.Must(t, n.pool.QueryRow(context.Background(), `SELECT coalesce(max(position), 0) FROM cronica_events`).Scan(&head), "head")
	pgtest.Must(t, readapi.NewWaiter(n.pool, 30*time.Second).Wait(context.Background(), readModelNames(), eventstore.Position(head)), "settle")
}

// deliver settles, then runs the delivery worker once.
func (n *notifyInstance) deliver(t *testing.T) {
	t.Helper()
	n.settle(t)
	pgtest.Must(t, n.worker.RunOnce(context.Background()), "deliver")
}

// mailsTo are the mails in the outbox to address, decoded.
func (n *notifyInstance) mailsTo(t *testing.T, address string) []e2eMail {
	t.Helper()
	entries, err := os.ReadDir(n.outbox)
	if os.IsNotExist(err) {
		return nil
	}
	pgtest.Must(t, err, "outbox")
	var out []e2eMail
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".eml") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(n.outbox, e.Name()))
		pgtest.Must(t, err, "read mail")
		m := decodeE2EMail(t, raw)
		if strings.Contains(m.To, address) {
			out = append(out, m)
		}
	}
	return out
}

// A timesheet's way through the workflow, a grant, a report and two
// reminders, end to end through the real router: each event becomes its
// recipients' notifications, pushed on their "me" topic with the
// notification's id; then the urgent ones by mail (a file of the outbox,
// in the recipient's language) and by text for the kind the person opted
// into (a request to the local Twilio-style server), the grant in the
// hourly digest. Settings are respected (a manager with e-mail off for
// submissions gets none, yet sees them in the app), another organisation's
// administrator is never told anything, an unsubscribe link turns its kind
// off as its account, and the inbox reads, counts and marks read.
func TestNotificationsEndToEnd(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_notify_e2e")
	s := newNotifyInstance(t, dbURL)
	orgA, posA := bootstrapOrg(t, dbURL, "admin@alfa.ro", rtPassword)
	_, posB := bootstrapOrg(t, dbURL, "admin@beta.ro", rtPassword)
	admin := signIn(t, s.base, "admin@alfa.ro", rtPassword, max(posA, posB))
	foreign := signIn(t, s.base, "admin@beta.ro", rtPassword, "")
	org := "/api/v1/orgs/" + orgA

	// A project; Ana, with a contract from January, assigned to it; Dan,
	// its project manager.
	projectID, _ := admin.post(t, http.MethodPost, org+"/projects", map[string]any{"programme": "horizon_europe",
		"title": "Alfa", "acronym": "ALFA", "start": "2026-01-01", "end": "2027-12-31"}, http.StatusCreated)
	wp, _ := admin.post(t, http.MethodPost, org+"/projects/"+projectID+"/work-packages", map[string]any{"code": "WP1", "title": "Management"},
		http.StatusCreated)
	activity, _ := admin.post(t, http.MethodPost, org+"/projects/"+projectID+"/activities",
		map[string]any{"work_package_id": wp, "code": "A1.1", "title": "Coordonare"}, http.StatusCreated)
	ana, anaEmail := rtMember(t, admin, orgA, "Ana")
	_, danEmail := rtMember(t, admin, orgA, "Dan")
	admin.post(t, http.MethodPatch, org+"/people/"+ana, map[string]any{"given_name": "Ana", "family_name": "Pop", "personal": map[string]any{"phone": "0722 123 456"}},
		http.StatusOK)
	contract, _ := admin.post(t, http.MethodPost, org+"/people/"+ana+"/contracts", map[string]any{"number": "1/2026", "type": "full_time",
		"start": "2026-01-01", "terms": map[string]any{"position": "Cercetător", "cor_code": "213201", "daily_norm_minutes": 480,
			"working_time_factor": "1", "gross_monthly_cents": 900000, "currency": "RON"}}, http.StatusCreated)
	_, assigned := admin.post(t, http.MethodPost, org+"/people/"+ana+"/assignments",
		map[string]any{"contract_id": contract, "project_id": projectID, "role": "expert"}, http.StatusCreated)
	person := signIn(t, s.base, anaEmail, rtPassword, assigned)
	dan := signIn(t, s.base, danEmail, rtPassword, "")
	danAccount := accountOf(t, dan)
	_, granted := admin.post(t, http.MethodPost, org+"/grants", map[string]any{"subject": map[string]any{"kind": "account", "id": danAccount},
		"role": "project_manager", "project_id": projectID}, http.StatusCreated)

	// Settings: no quiet hours for anyone (the test runs at any hour); Ana
	// in English with texts when her month is sent back; Dan without
	// e-mail about submissions.
	noQuiet := map[string]any{"quiet_hours": map[string]any{}}
	admin.post(t, http.MethodPut, "/api/v1/me/notification-preferences", noQuiet, http.StatusOK)
	person.post(t, http.MethodPut, "/api/v1/me/notification-preferences", map[string]any{"language": "en", "quiet_hours": map[string]any{},
		"channels": map[string]any{"timesheet_rejected": map[string]any{"in_app": true, "email": true, "sms": true}}}, http.StatusOK)
	_, saved := dan.post(t, http.MethodPut, "/api/v1/me/notification-preferences", map[string]any{"quiet_hours": map[string]any{},
		"channels": map[string]any{"timesheet_submitted": map[string]any{"in_app": true, "email": false}}}, http.StatusOK)
	_, prefs, _ := dan.do(t, http.MethodGet, "/api/v1/me/notification-preferences", saved, nil)
	if prefs["saved"] != true || prefs["language"] != "ro" || len(prefs["kinds"].([]any)) != len(notification.Kinds()) {
		t.Fatalf("Dan's settings: %v", prefs)
	}
	s.deliver(t) // the worker starts after what exists

	// Everyone follows "me".
	wsOf := func(b *browser, after string) *realtimetest.Client {
		h := b.wsHeader(t)
		h.Set("X-Cronica-Min-Position", after)
		c := realtimetest.Dial(t, realtimetest.WSURL(s.base), h)
		subscribeOK(t, c, "me")
		return c
	}
	wsAdmin, wsAna, wsForeign := wsOf(admin, granted), wsOf(person, granted), wsOf(foreign, granted)

	month := org + "/people/" + ana + "/timesheets/2026-03"
	person.post(t, http.MethodPost, month+"/entries", map[string]any{"date": "2026-03-02", "project_id": projectID, "activity_id": activity,
		"hours": 8}, http.StatusCreated)
	_, submitted := person.post(t, http.MethodPost, month+"/submit", nil, http.StatusOK)
	pushed := expectNotification(t, wsAdmin, "the submission", submitted, "timesheet_submitted")
	_, page, _ := admin.do(t, http.MethodGet, "/api/v1/me/notifications", submitted, nil)
	items, _ := page["items"].([]any)
	if len(items) != 2 || page["unread"] != float64(2) { // and the org_admin role granted when the organisation was made
		t.Fatalf("the administrator's inbox: %v", page)
	}
	first := items[0].(map[string]any)
	if first["id"] != pushed || first["kind"] != "timesheet_submitted" || first["title"] != "Pop Ana's timesheet for March 2026 awaits your approval" {
		t.Fatalf("the administrator's notification %v, pushed %s", first, pushed)
	}

	_, rejected := dan.post(t, http.MethodPost, month+"/reject", map[string]any{"reason": "Lipsește o zi"}, http.StatusOK)
	expectNotification(t, wsAna, "the rejection", rejected, "timesheet_rejected")
	anaGrant, _ := admin.post(t, http.MethodPost, org+"/grants", map[string]any{"subject": map[string]any{"kind": "account", "id": accountOf(t, person)},
		"role": "financial_officer"}, http.StatusCreated)
	report := uuid.NewString()
	reportPos := appendReport(t, s, orgA, report, accountOf(t, admin))
	expectNotification(t, wsAdmin, "the report", reportPos, "report_ready")

	s.deliver(t)
	adminMails := s.mailsTo(t, "admin@alfa.ro")
	if len(adminMails) != 2 || !hasSubject(adminMails, "Pontajul lui Pop Ana pentru martie 2026 așteaptă aprobarea dumneavoastră") ||
		!hasSubject(adminMails, "Raportul dumneavoastră este gata") {
		t.Fatalf("the administrator's mails: %+v", adminMails)
	}
	if m := s.mailsTo(t, danEmail); len(m) != 0 {
		// E-mail off for submissions; his grant came before the worker started.
		t.Fatalf("Dan's mails: %+v", m)
	}
	anaMails := s.mailsTo(t, anaEmail)
	if len(anaMails) != 1 || anaMails[0].Subject != "Your timesheet for March 2026 was sent back" || !strings.Contains(anaMails[0].Text, "Reason: Lipsește o zi") {
		t.Fatalf("Ana's mails: %+v", anaMails)
	}
	if texts := s.texts.received(); len(texts) != 1 || texts[0].To != "+40722123456" ||
		!strings.Contains(texts[0].Body, "Your timesheet for March 2026 was sent back") || texts[0].Path != "/2010-04-01/Accounts/AC-e2e/Messages.json" {
		t.Fatalf("texts: %+v", texts)
	}

	// The digest's hour: Ana's grant.
	s.advance(time.Hour)
	s.deliver(t)
	if m := s.mailsTo(t, anaEmail); len(m) != 2 || !hasSubject(m, "You were granted the role financial officer") {
		t.Fatalf("Ana's digest: %+v", m)
	}

	// Reminders: the scheduler, as serve runs it, on 31 March 2026 at
	// 10:00 in Bucharest (February's month is not submitted), then ten
	// days after the second submission (the approval waits).
	_, resubmitted := person.post(t, http.MethodPost, month+"/submit", nil, http.StatusOK)
	s.settle(t)
	remind(t, s, time.Date(2026, 3, 31, 7, 0, 0, 0, time.UTC), notify.TimesheetDue{Q: s.pool, Location: bucharest(t), RemindAt: 9})
	remind(t, s, time.Now().AddDate(0, 0, 10), notify.ApprovalPending{Q: s.pool, Location: bucharest(t), RemindAt: 9})
	expectNotification(t, wsAna, "February's reminder", "", "timesheet_due")
	expectNotification(t, wsAdmin, "the approval reminder", "", "approval_pending")
	s.deliver(t)
	if m := s.mailsTo(t, anaEmail); !hasSubject(m, "Your timesheet for February 2026 is due: please submit it") {
		t.Fatalf("Ana's reminder: %+v", m)
	}
	if m := s.mailsTo(t, "admin@alfa.ro"); len(m) != 4 ||
		!hasSubject(m, "Un pontaj pentru martie 2026 așteaptă de 3 zile lucrătoare aprobarea dumneavoastră") {
		t.Fatalf("the administrator's reminder: %+v", m)
	}
	_, danPage, _ := dan.do(t, http.MethodGet, "/api/v1/me/notifications", resubmitted, nil)
	danMails := s.mailsTo(t, danEmail)
	if danPage["unread"] != float64(4) || len(danMails) != 1 || !hasSubject(danMails, "Un pontaj pentru martie 2026 așteaptă de 3 zile lucrătoare aprobarea dumneavoastră") {
		// In the app: his grant, both submissions, the reminder; by mail
		// the reminder only.
		t.Fatalf("Dan (e-mail off for submissions): %v, mails %+v", danPage, danMails)
	}

	// The rest of the workflow and the grant taken back: approved (in the
	// digest), reopened (at once), revoked (in the digest).
	_, approved := dan.post(t, http.MethodPost, month+"/approve", map[string]any{"comment": "Bun"}, http.StatusOK)
	expectNotification(t, wsAna, "the approval", approved, "timesheet_approved")
	_, reopened := admin.post(t, http.MethodPost, month+"/reopen", map[string]any{"reason": "Corecție"}, http.StatusOK)
	expectNotification(t, wsAna, "the reopening", reopened, "timesheet_reopened")
	_, revoked := admin.post(t, http.MethodDelete, org+"/grants/"+anaGrant, nil, http.StatusOK)
	expectNotification(t, wsAna, "the revocation", revoked, "grant_revoked")
	s.deliver(t)
	if m := s.mailsTo(t, anaEmail); !hasSubject(m, "Your timesheet for March 2026 was reopened") || hasSubject(m, "Your timesheet for March 2026 was approved") {
		t.Fatalf("Ana's mails before the digest: %+v", m)
	}
	s.advance(time.Hour)
	s.deliver(t)
	var digest *e2eMail
	for _, m := range s.mailsTo(t, anaEmail) {
		if m.Subject == "Cronica: 2 new notifications" {
			digest = &m
		}
	}
	if digest == nil || !strings.Contains(digest.Text, "* Your timesheet for March 2026 was approved") ||
		!strings.Contains(digest.Text, "* The role financial officer was taken back from you") || !strings.Contains(digest.Text, "Comment: Bun") {
		t.Fatalf("Ana's second digest: %+v", s.mailsTo(t, anaEmail))
	}

	// Another organisation's administrator heard nothing.
	if msgs := wsForeign.Ping("end"); len(msgs) != 0 {
		t.Fatalf("another organisation's administrator was pushed %v", msgs)
	}
	if m := s.mailsTo(t, "admin@beta.ro"); len(m) != 0 {
		t.Fatalf("another organisation's administrator was mailed %+v", m)
	}

	// The unsubscribe link of the administrator's first mail: a page, then
	// the form; the settings event is the administrator's own.
	link := unsubscribeLink(t, adminMails[0].Text)
	res, err := http.Get(link)
	pgtest.Must(t, err, "GET the link")
	page1, _ := io.ReadAll(res.Body)
	res.Body.Close()
	token := regexp.MustCompile(`name="token" value="([^"]+)"`).FindSubmatch(page1)
	if res.StatusCode != http.StatusOK || token == nil || !strings.Contains(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("the unsubscribe page: %d %s", res.StatusCode, page1)
	}
	res, err = http.PostForm(s.base+"/unsubscribe", url.Values{"token": {string(token[1])}})
	pgtest.Must(t, err, "POST the form")
	done, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(done), "Done") {
		t.Fatalf("unsubscribe: %d %s", res.StatusCode, done)
	}
	_, after, _ := admin.do(t, http.MethodGet, "/api/v1/me/notification-preferences", res.Header.Get("X-Cronica-Position"), nil)
	channels := after["channels"].(map[string]any)
	if channels[string(pickKind(t, s, link))].(map[string]any)["email"] != false {
		t.Fatalf("after unsubscribing: %v", after)
	}
	events, err := s.store.ReadStream(context.Background(), notification.PreferencesStream(accountOf(t, admin)), 0, 10)
	pgtest.Must(t, err, "read the settings stream")
	if last := events[len(events)-1]; last.Metadata.ActorID != accountOf(t, admin) || !strings.Contains(string(last.Data), notification.SourceUnsubscribe) {
		t.Fatalf("the unsubscription: %s by %s", last.Data, last.Metadata.ActorID)
	}
	if res, _ := http.PostForm(s.base+"/unsubscribe", url.Values{"token": {"u1.forged.mac"}}); res.StatusCode != http.StatusBadRequest {
		t.Fatalf("a forged token: %d", res.StatusCode)
	}

	// Read marks: one, then all.
	_, page, _ = admin.do(t, http.MethodGet, "/api/v1/me/notifications?unread=true&limit=1", "", nil)
	unread := page["unread"].(float64)
	one := page["items"].([]any)[0].(map[string]any)["id"]
	if unread != 5 || page["next_cursor"] == nil {
		t.Fatalf("the administrator's unread: %v", page)
	}
	_, marked := admin.post(t, http.MethodPost, "/api/v1/me/notifications/read", map[string]any{"ids": []any{one}}, http.StatusOK)
	_, count, _ := admin.do(t, http.MethodGet, "/api/v1/me/notifications/unread", marked, nil)
	if count["unread"] != unread-1 {
		t.Fatalf("after marking one: %v", count)
	}
	expectNotification(t, wsAdmin, "the read mark", marked, "")
	_, marked = admin.post(t, http.MethodPost, "/api/v1/me/notifications/read", map[string]any{"all": true}, http.StatusOK)
	if _, count, _ = admin.do(t, http.MethodGet, "/api/v1/me/notifications/unread", marked, nil); count["unread"] != float64(0) {
		t.Fatalf("after marking all: %v", count)
	}
	if status, body, _ := admin.do(t, http.MethodPost, "/api/v1/me/notifications/read", "", map[string]any{"ids": []any{"nope"}}); status != 422 {
		t.Fatalf("a bad id: %d %v", status, body)
	}
}

// accountOf is the signed-in account's id.
func accountOf(t *testing.T, b *browser) string {
	t.Helper()
	_, me, _ := b.do(t, http.MethodGet, "/api/v1/me", "", nil)
	account, _ := me["account"].(map[string]any)
	id, _ := account["account_id"].(string)
	if id == "" {
		t.Fatalf("me: %v", me)
	}
	return id
}

// expectNotification waits on c for the change at position (any, when
// empty) that carries a notification of kind (any, when empty) and returns
// the notification's id.
func expectNotification(t *testing.T, c *realtimetest.Client, what, position, kind string) string {
	t.Helper()
	var id string
	c.Expect(what, func(m realtimetest.Message) bool {
		if !m.IsChange() || m.Topic != "me" || (position != "" && m.Position != position) {
			return false
		}
		var body struct {
			Notification *struct {
				ID   string `json:"id"`
				Kind string `json:"kind"`
			} `json:"notification"`
		}
		if json.Unmarshal([]byte(m.Raw), &body) != nil {
			return false
		}
		if kind == "" {
			return true
		}
		if body.Notification == nil || body.Notification.Kind != kind {
			return false
		}
		id = body.Notification.ID
		return true
	})
	return id
}

// appendReport appends the Reports engine's event for a report requester
// asked for, as the engine records it.
func appendReport(t *testing.T, s *notifyInstance, orgID, reportID, requester string) string {
	t.Helper()
	data, err := json.Marshal(report.ReportGenerated{ReportID: reportID, OrgID: orgID, Type: "timesheet_summary", Format: "pdf",
		Parameters: map[string]string{}, AsOfPosition: 1, EffectivePosition: 1, SHA256: strings.Repeat("0", 64), FileName: "r.pdf",
		RequestedBy: requester})
	pgtest.Must(t, err, "marshal")
	res, err := s.store.Append(context.Background(), eventstore.AppendRequest{Stream: report.StreamOf(reportID), Expected: eventstore.NoStream(),
		Events: []eventstore.EventData{{ID: uuid.Must(uuid.NewV7()), Type: report.TypeReportGenerated, Data: data,
			Metadata: eventstore.Metadata{ActorID: requester, OrgID: orgID}}}})
	pgtest.Must(t, err, "append the report")
	return strconv.FormatUint(uint64(res.Position), 10)
}

// remind runs a scheduler as serve builds one, with source, at at.
func remind(t *testing.T, s *notifyInstance, at time.Time, source notify.ReminderSource) {
	t.Helper()
	codec, err := newCodec()
	pgtest.Must(t, err, "codec")
	env := usecase.Env{Store: s.store, Codec: codec, NewID: uuid.NewV7, Now: time.Now}
	scheduler, err := notify.NewScheduler(notify.SchedulerConfig{Pool: s.pool, Sources: []notify.ReminderSource{source},
		Recorder: reminderRecorder{handler: usecase.NewNotifications(env).RecordReminder}, Now: func() time.Time { return at }})
	pgtest.Must(t, err, "scheduler")
	n, err := scheduler.RunOnce(context.Background())
	if err != nil || n == 0 {
		t.Fatalf("%s at %s: %d reminders, %v", source.Name(), at, n, err)
	}
}

func bucharest(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Bucharest")
	pgtest.Must(t, err, "zone")
	return loc
}

func hasSubject(ms []e2eMail, subject string) bool {
	for _, m := range ms {
		if m.Subject == subject {
			return true
		}
	}
	return false
}

// unsubscribeLink is the first unsubscribe link of a mail's text.
func unsubscribeLink(t *testing.T, text string) string {
	t.Helper()
	m := regexp.MustCompile(`http://\S+/unsubscribe\?token=\S+`).FindString(text)
	if m == "" {
		t.Fatalf("no unsubscribe link in %q", text)
	}
	return m
}

// pickKind is the kind an unsubscribe link names.
func pickKind(t *testing.T, s *notifyInstance, link string) notification.Kind {
	t.Helper()
	u, err := url.Parse(link)
	pgtest.Must(t, err, "link")
	v, err := s.signer.Verify(u.Query().Get("token"))
	pgtest.Must(t, err, "token")
	return v.Kind
}

// smsServer is a local server speaking the Twilio Messages API.
type smsServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests []smsRequest
}

type smsRequest struct {
	Path, To, From, Body string
}

func newSMSServer(t *testing.T) *smsServer {
	t.Helper()
	s := &smsServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pw, ok := r.BasicAuth()
		if err := r.ParseForm(); err != nil || !ok || user != "AC-e2e" || pw != "e2e-token" {
			http.Error(w, `{"code":20003,"message":"authenticate"}`, http.StatusUnauthorized)
			return
		}
		s.mu.Lock()
		s.requests = append(s.requests, smsRequest{Path: r.URL.Path, To: r.PostForm.Get("To"), From: r.PostForm.Get("From"), Body: r.PostForm.Get("Body")})
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte(`{"sid":"SM-e2e"}`)) //nolint:errcheck // a test server
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *smsServer) received() []smsRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]smsRequest(nil), s.requests...)
}

// e2eMail is one mail of the outbox, decoded.
type e2eMail struct {
	To, Subject, MessageID, Text, HTML string
}

func decodeE2EMail(t *testing.T, raw []byte) e2eMail {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	pgtest.Must(t, err, "parse mail")
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	pgtest.Must(t, err, "subject")
	m := e2eMail{To: msg.Header.Get("To"), Subject: subject, MessageID: msg.Header.Get("Message-ID")}
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
