package main

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	usecase "cronica/commands"
	"cronica/domain/calendar"
	"cronica/notify"
	"cronica/test/pgtest"
	"cronica/test/realtimetest"
)

// Tasks' notifications end to end through the real router: a task
// assigned through the write API tells its assignees (pushed on "me",
// in the inbox, by mail in the hourly digest), an assignee added later is
// told and the others are not told again, a comment's mentions are told
// at once by mail in each recipient's language, with a link to the task;
// the actor, a person of the organisation without tasks.read on the
// project and another organisation's administrator are told nothing. A
// task due tomorrow reminds its assignees once, whatever the scheduler
// runs.
func TestTaskNotificationsEndToEnd(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_notify_tasks")
	s := newNotifyInstance(t, dbURL)
	ctx := context.Background()
	orgA, posA := bootstrapOrg(t, dbURL, "admin@alfa.ro", rtPassword)
	_, posB := bootstrapOrg(t, dbURL, "admin@beta.ro", rtPassword)
	admin := signIn(t, s.base, "admin@alfa.ro", rtPassword, max(posA, posB))
	foreign := signIn(t, s.base, "admin@beta.ro", rtPassword, "")
	org := "/api/v1/orgs/" + orgA

	ana, anaEmail := rtMember(t, admin, orgA, "Ana")
	dan, danEmail := rtMember(t, admin, orgA, "Dan")
	eve, eveEmail := rtMember(t, admin, orgA, "Eve")
	project, _ := rtProject(t, admin, orgA, "ALFA")
	other, registered := rtProject(t, admin, orgA, "BETA")
	adminPerson := personOf(t, admin)
	// Eve manages the other project only (her member role taken back): no
	// tasks.read on ALFA.
	eveB := signIn(t, s.base, eveEmail, rtPassword, registered)
	eveAccount := accountOf(t, eveB)
	var member string
	pgtest.Must(t, s.pool.QueryRow(ctx, `SELECT grant_id FROM identity_grants WHERE subject_id = $1 AND role = 'member'`, eveAccount).
		Scan(&member), "Eve's member grant")
	admin.post(t, http.MethodDelete, org+"/grants/"+member, nil, http.StatusOK)
	_, granted := admin.post(t, http.MethodPost, org+"/grants", map[string]any{"subject": map[string]any{"kind": "account", "id": eveAccount},
		"role": "project_manager", "project_id": other}, http.StatusCreated)

	// No quiet hours (the test runs at any hour); Ana reads English.
	anaB, danB := signIn(t, s.base, anaEmail, rtPassword, granted), signIn(t, s.base, danEmail, rtPassword, granted)
	noQuiet := map[string]any{"quiet_hours": map[string]any{}}
	for _, b := range []*browser{admin, danB, eveB} {
		b.post(t, http.MethodPut, "/api/v1/me/notification-preferences", noQuiet, http.StatusOK)
	}
	_, saved := anaB.post(t, http.MethodPut, "/api/v1/me/notification-preferences", map[string]any{"language": "en", "quiet_hours": map[string]any{}},
		http.StatusOK)
	s.deliver(t) // the worker starts after what exists (Eve's grant)
	wsOf := func(b *browser) *realtimetest.Client {
		h := b.wsHeader(t)
		h.Set("X-Cronica-Min-Position", saved)
		c := realtimetest.Dial(t, realtimetest.WSURL(s.base), h)
		subscribeOK(t, c, "me")
		return c
	}
	wsAdmin, wsAna, wsDan, wsEve, wsForeign := wsOf(admin), wsOf(anaB), wsOf(danB), wsOf(eveB), wsOf(foreign)

	// The administrator creates a task for Ana, themselves and Eve.
	list, _ := admin.post(t, http.MethodPost, org+"/task-lists", map[string]any{"project_id": project, "name": "Tabla"}, http.StatusCreated)
	taskID, created := admin.post(t, http.MethodPost, org+"/task-lists/"+list+"/tasks", map[string]any{"title": "Raportul intermediar",
		"assignees": []string{ana, adminPerson, eve}}, http.StatusCreated)
	expectNotification(t, wsAna, "Ana's assignment", created, "task_assigned")
	// Dan added (Ana kept): Dan only.
	_, updated := admin.post(t, http.MethodPatch, org+"/tasks/"+taskID, map[string]any{"base_version": 0,
		"assignees": []string{ana, adminPerson, eve, dan}}, http.StatusOK)
	expectNotification(t, wsDan, "Dan's assignment", updated, "task_assigned")
	// Dan mentions Ana, the administrator, Eve and himself.
	_, commented := danB.post(t, http.MethodPost, org+"/tasks/"+taskID+"/comments", map[string]any{"body": "@Ana @Admin @Eve @Dan: gata?",
		"mentions": []string{ana, adminPerson, eve, dan}}, http.StatusCreated)
	expectNotification(t, wsAna, "Ana's mention", commented, "mention")
	expectNotification(t, wsAdmin, "the administrator's mention", commented, "mention")

	kindsOf := func(b *browser) []string {
		_, page, _ := b.do(t, http.MethodGet, "/api/v1/me/notifications", commented, nil)
		var out []string
		items, _ := page["items"].([]any)
		for _, it := range items {
			n := it.(map[string]any)
			subject, _ := n["subject"].(map[string]any)
			if subject["type"] == "task" {
				if subject["id"] != taskID {
					t.Fatalf("a task notification about %v, want %s", subject, taskID)
				}
				out = append(out, n["kind"].(string))
			}
		}
		slices.Sort(out)
		return out
	}
	for who, c := range map[string]struct {
		b    *browser
		want []string
	}{"Ana": {anaB, []string{"mention", "task_assigned"}}, "Dan": {danB, []string{"task_assigned"}},
		"the administrator": {admin, []string{"mention"}}, "Eve": {eveB, nil}} {
		if got := kindsOf(c.b); !slices.Equal(got, c.want) {
			t.Fatalf("%s's task notifications: %v, want %v", who, got, c.want)
		}
	}

	// Mentions are mailed at once, assignments in the digest.
	s.deliver(t)
	anaMails := s.mailsTo(t, anaEmail)
	if len(anaMails) != 1 || anaMails[0].Subject != "You were mentioned" || !strings.Contains(anaMails[0].Text, "/orgs/"+orgA+"/tasks/"+taskID) {
		t.Fatalf("Ana's mails: %+v", anaMails)
	}
	if m := s.mailsTo(t, "admin@alfa.ro"); len(m) != 1 || m[0].Subject != "Ați fost menționat" {
		t.Fatalf("the administrator's mails: %+v", m)
	}
	s.advance(time.Hour)
	s.deliver(t)
	if m := s.mailsTo(t, anaEmail); len(m) != 2 || !strings.Contains(m[0].Text+m[1].Text, "A task was assigned to you") {
		t.Fatalf("Ana's digest: %+v", m)
	}
	if m := s.mailsTo(t, danEmail); len(m) != 1 || !strings.Contains(m[0].Subject+m[0].Text, "Vi s-a atribuit o sarcină") {
		t.Fatalf("Dan's mails: %+v", m)
	}

	// A task due tomorrow (Bucharest) for Ana and Eve: the scheduler, as
	// serve runs it, at 10:00 reminds Ana, once.
	loc := bucharest(t)
	today := calendar.DateOf(time.Now().In(loc))
	at := time.Date(today.Year, today.Month, today.Day, 10, 0, 0, 0, loc)
	_, dueMade := admin.post(t, http.MethodPost, org+"/task-lists/"+list+"/tasks", map[string]any{"title": "Termen",
		"assignees": []string{ana, eve}, "due": today.AddDays(1).String()}, http.StatusCreated)
	expectNotification(t, wsAna, "Ana's second assignment", dueMade, "task_assigned")
	s.settle(t)
	source := notify.TaskDue{Q: s.pool, Location: loc, RemindAt: notify.DefaultRemindAt}
	remind(t, s, at, source)
	expectNotification(t, wsAna, "Ana's reminder", "", "task_due")
	s.settle(t)
	codec, err := newCodec()
	pgtest.Must(t, err, "codec")
	again, err := notify.NewScheduler(notify.SchedulerConfig{Pool: s.pool, Sources: []notify.ReminderSource{source},
		Recorder: reminderRecorder{handler: usecase.NewNotifications(usecase.Env{Store: s.store, Codec: codec, NewID: uuid.NewV7,
			Now: time.Now}).RecordReminder}, Now: func() time.Time { return at.Add(time.Hour) }})
	pgtest.Must(t, err, "scheduler")
	if n, err := again.RunOnce(ctx); err != nil || n != 0 {
		t.Fatalf("the scheduler again: %d, %v; want nothing new", n, err)
	}
	s.deliver(t)
	if m := s.mailsTo(t, anaEmail); !hasSubject(m, "A task of yours is due tomorrow") {
		t.Fatalf("Ana's reminder mail: %+v", m)
	}

	// Eve, the administrator (of their own acts) and another organisation
	// heard nothing more.
	for who, c := range map[string]*realtimetest.Client{"Eve": wsEve, "another organisation's administrator": wsForeign} {
		if msgs := c.Ping("end"); len(msgs) != 0 {
			t.Fatalf("%s was pushed %v", who, msgs)
		}
	}
	for _, addr := range []string{eveEmail, "admin@beta.ro"} {
		if m := s.mailsTo(t, addr); len(m) != 0 {
			t.Fatalf("%s was mailed %+v", addr, m)
		}
	}
	if got := kindsOf(admin); !slices.Equal(got, []string{"mention"}) {
		t.Fatalf("the administrator's task notifications at the end: %v", got)
	}
}

// personOf is the signed-in account's person.
func personOf(t *testing.T, b *browser) string {
	t.Helper()
	_, me, _ := b.do(t, http.MethodGet, "/api/v1/me", "", nil)
	account, _ := me["account"].(map[string]any)
	id, _ := account["person_id"].(string)
	if id == "" {
		t.Fatalf("me: %v", me)
	}
	return id
}
