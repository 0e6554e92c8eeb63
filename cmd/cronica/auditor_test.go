package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	usecase "cronica/commands"
	"cronica/domain/auditaccess"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/internal/auth"
	"cronica/projections/auditlog"
	"cronica/projections/identityview"
	"cronica/projections/reportlog"
	"cronica/readapi"
	"cronica/test/pgtest"
)

// auditorMayWrite are the state-changing routes an auditor may use, each
// with the reason: their own account and inbox, and reports (generating
// one records evidence, it changes no record). Every other state-changing
// route must refuse an auditor.
var auditorMayWrite = map[string]string{
	"DELETE /api/v1/session":                  "signing out ends the auditor's own session",
	"PUT /api/v1/account/password":            "the auditor's own password",
	"POST /api/v1/account/tokens":             "the auditor's own API token, to read through the API",
	"DELETE /api/v1/account/tokens/:token_id": "the auditor's own API token",
	"POST /api/v1/orgs/:org/reports":          "generating a report records it as evidence (ReportGenerated); no record changes",
	"POST /api/v1/orgs/:org/reports/verify":   "verifying a file reads the log",
	"POST /api/v1/me/notifications/read":      "the auditor's own inbox",
	"PUT /api/v1/me/notification-preferences": "the auditor's own preferences",
	"POST /api/v1/password-reset":             "anonymous: a reset link's token, not the caller",
	"POST /api/v1/password-reset/request":     "anonymous: takes an email address",
	"POST /api/v1/session":                    "signing in",
}

// An auditor changes nothing: every state-changing route of the router
// (router.Routes(), never a list kept here) refuses them, but for their
// own account, inbox and reports; the organisation's records are exactly
// as they were. Every request they make, and every topic they follow, is
// recorded first as an AuditorRead event with its target; an
// administrator's requests are not. An auditor of one project reads the
// audit log of that project's streams only.
func TestAuditorIsReadOnlyAndEveryReadIsRecorded(t *testing.T) {
	ctx := context.Background()
	rig := newAuditRig(t, "cmd_auditor")
	s, router, service, env := rig.s, rig.router, rig.service, rig.env
	ids := usecase.NewIdentity(env)
	a := seedIsolationOrg(t, ids, isolationSeed{tag: "Alfa", legalName: "Institutul Alfaris", cuiBody: "7700001",
		admin: [2]string{"Zenobia", "Alfaranu"}, member: [2]string{"Octavian", "Alfescu"}, cnpSerial: 100})
	seedIsolationTime(t, usecase.NewTime(env), &a)
	a.Report = seedIsolationReport(t, s.pool, service, a)
	seedIsolationTasks(t, usecase.NewTasks(env, nil), &a)
	seedIsolationTaskWrites(t, usecase.NewTasks(env, nil), &a)
	seedIsolationChat(t, usecase.NewChat(env), &a)

	// Two auditors: one of the organisation, one of its project, each for a month.
	sys := usecase.Meta{Actor: identity.System(), CorrelationID: "auditor-test"}
	hash, err := auth.HashPassword("Parola-Auditorului-2026", rand.Reader)
	pgtest.Must(t, err, "hash")
	auditor := func(given, email, project string) string {
		p, err := ids.RegisterPerson.Handle(ctx, sys, usecase.RegisterPerson{OrgID: a.OrgID,
			Details: identity.PersonDetails{GivenName: given, FamilyName: "Auditorescu"}})
		pgtest.Must(t, err, "register the auditor")
		acc, err := ids.CreateAccount.Handle(ctx, sys, usecase.CreateAccount{OrgID: a.OrgID, PersonID: p.ID, Email: email, PasswordHash: hash})
		pgtest.Must(t, err, "the auditor's account")
		_, err = ids.GrantRole.Handle(ctx, sys, usecase.GrantRole{OrgID: a.OrgID, Subject: identity.Subject{Kind: identity.SubjectAccount, ID: acc.ID},
			Role: identity.RoleAuditor, ProjectID: project, ExpiresAt: time.Now().Add(30 * 24 * time.Hour)})
		pgtest.Must(t, err, "grant auditor")
		return acc.ID
	}
	orgAuditor := auditor("Ana", "ana.auditor@curte.example", "")
	projectAuditor := auditor("Paul", "paul.auditor@curte.example", a.Project)
	waitForHead(t, s, identityview.Name, reportlog.Name, auditlog.Name, auditlog.ProjectsName)
	before := streamsOf(t, s.store, a)

	sessions, err := auth.NewSessions(s.pool, auth.SessionConfig{})
	pgtest.Must(t, err, "sessions")
	as := func(account, method, target, body string) int {
		sess, err := sessions.Create(ctx, account, a.OrgID, "192.0.2.7", "auditor-walker")
		pgtest.Must(t, err, "session")
		return serveRequest(router, method, target, body, map[string]string{
			"Cookie": auth.SessionCookieName + "=" + sess.Token, auth.CSRFHeader: sess.CSRFToken}).Code
	}

	rawDoc, err := openAPIDocument()
	pgtest.Must(t, err, "openapi")
	var doc openAPIDoc
	pgtest.Must(t, json.Unmarshal(rawDoc, &doc), "decode openapi")
	var reads []string // the targets the auditor asked for, in order
	served := map[string]bool{}
	for _, ri := range router.Routes() {
		key := ri.Method + " " + ri.Path
		served[key] = true
		if !strings.HasPrefix(ri.Path, "/api/v1/") || key == "GET /api/v1/openapi.json" {
			continue
		}
		target, ok := fillPath(ri.Path, a.params())
		if !ok {
			t.Errorf("%s: a path parameter this test cannot fill; add it to isolationOrg.params", key)
			continue
		}
		body := ""
		if !auth.SafeMethod(ri.Method) {
			body = doc.sampleBody(ri.Method, ri.Path, a)
		}
		code := as(orgAuditor, ri.Method, target, body)
		if _, anonymous := isolationExempt[key]; !anonymous {
			reads = append(reads, target)
		}
		if code >= 500 {
			t.Errorf("%s %s as the auditor: %d", ri.Method, target, code)
		}
		if _, ok := auditorMayWrite[key]; !ok && !auth.SafeMethod(ri.Method) && code < 400 {
			t.Errorf("%s %s as the auditor: %d, want a refusal (an auditor changes nothing)", ri.Method, target, code)
		}
	}
	for key := range auditorMayWrite {
		if !served[key] {
			t.Errorf("auditorMayWrite lists %s, which no route serves: remove it", key)
		}
	}

	// The organisation's records are as they were: only the auditor's reads
	// and reports, and the auditor's own account, inbox and preferences, are new.
	after := streamsOf(t, s.store, a)
	for stream, version := range after {
		switch eventstore.Category(stream) {
		case auditaccess.Category, "report", "inbox", "notifyprefs":
			continue
		}
		if before[stream] != version && !strings.HasSuffix(stream, orgAuditor) {
			t.Errorf("stream %s went from version %d to %d while the auditor walked", stream, before[stream], version)
		}
	}

	// Every request of the auditor is recorded, with its target; none of
	// the administrator's.
	recorded := auditorReads(t, s.pool)
	for _, target := range reads {
		if !recorded[orgAuditor][target] {
			t.Errorf("the auditor's request of %s was not recorded", target)
		}
	}
	if as(a.AdminAccount, http.MethodGet, "/api/v1/orgs/"+a.OrgID+"/people", "") != http.StatusOK {
		t.Fatal("the administrator reads the people")
	}
	if n := len(auditorReads(t, s.pool)[a.AdminAccount]); n != 0 {
		t.Errorf("%d reads of the administrator recorded; only auditors' are", n)
	}

	// A topic followed over the websocket is a read too.
	ws := signIn(t, s.base, "ana.auditor@curte.example", "Parola-Auditorului-2026", "").dialWS(t, s.base)
	subscribeOK(t, ws, "project:"+a.Project)
	if !auditorReads(t, s.pool)[orgAuditor]["project:"+a.Project] {
		t.Error("the topic the auditor followed was not recorded")
	}

	// The project's auditor reads the project's trail in the audit log, and
	// nothing of the organisation's people or grants.
	waitForHead(t, s, auditlog.Name, auditlog.ProjectsName)
	sess, err := sessions.Create(ctx, projectAuditor, a.OrgID, "192.0.2.8", "project-auditor")
	pgtest.Must(t, err, "session")
	res := serveRequest(router, http.MethodGet, "/api/v1/audit/events?limit=500", "",
		map[string]string{"Cookie": auth.SessionCookieName + "=" + sess.Token})
	var page readapi.AuditPage
	if res.Code != http.StatusOK || json.Unmarshal(res.Body.Bytes(), &page) != nil {
		t.Fatalf("the project's auditor reads the audit log: %d %s", res.Code, res.Body)
	}
	seen := map[string]bool{}
	for _, e := range page.Items {
		seen[e.Category] = true
		switch e.Category {
		case "project", "timesheet", "employment", "report", "tasklist", "task": // tasks carry their project_id
		default:
			t.Errorf("the project's auditor sees %s %s of category %s", e.Type, e.StreamID, e.Category)
		}
	}
	if !seen["project"] || !seen["timesheet"] || !seen["employment"] {
		t.Errorf("the project's auditor sees categories %v, want the project's, its timesheets and employments", seen)
	}
	// The administrator can ask the same with the project filter.
	res = serveRequest(router, http.MethodGet, "/api/v1/audit/events?limit=500&project="+a.Project, "",
		map[string]string{"Cookie": auth.SessionCookieName + "=" + mustSession(t, sessions, a.AdminAccount, a.OrgID)})
	var filtered readapi.AuditPage
	if res.Code != http.StatusOK || json.Unmarshal(res.Body.Bytes(), &filtered) != nil || len(filtered.Items) < len(page.Items)-1 {
		t.Errorf("the administrator's project filter: %d, %d items (the auditor saw %d)", res.Code, len(filtered.Items), len(page.Items))
	}
	for _, e := range filtered.Items {
		if e.Category == "person" || e.Category == "access" {
			t.Errorf("the project filter lets through %s of %s", e.Type, e.StreamID)
		}
	}
	if res := serveRequest(router, http.MethodGet, "/api/v1/audit/events?project=P1", "",
		map[string]string{"Cookie": auth.SessionCookieName + "=" + mustSession(t, sessions, a.AdminAccount, a.OrgID)}); res.Code != http.StatusBadRequest {
		t.Errorf("a malformed project filter: %d %s", res.Code, res.Body)
	}
}

func mustSession(t *testing.T, sessions *auth.Sessions, account, org string) string {
	t.Helper()
	sess, err := sessions.Create(context.Background(), account, org, "192.0.2.9", "auditor-test")
	pgtest.Must(t, err, "session")
	return sess.Token
}

// waitForHead waits until the projectors named have passed the last event
// appended.
func waitForHead(t *testing.T, s *testServer, projectors ...string) {
	t.Helper()
	var head int64
	pgtest.Must(t, s.pool.QueryRow(context.Background(), `SELECT coalesce(max(position), 0) FROM cronica_events`).Scan(&head), "head")
	pgtest.Must(t, readapi.NewWaiter(s.pool, 30*time.Second).Wait(context.Background(), projectors, eventstore.Position(head)), "projectors catch up")
}

// auditorReads are the recorded reads in the log: account → target → true.
// It reads the table, not ReadAll: ReadAll stops below transactions still
// open (the projectors' batches), and a record appended a moment ago must
// be seen.
func auditorReads(t *testing.T, pool *pgxpool.Pool) map[string]map[string]bool {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT data FROM cronica_events WHERE type = $1`, auditaccess.TypeAuditorRead)
	pgtest.Must(t, err, "read the records")
	datas, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	pgtest.Must(t, err, "collect the records")
	out := map[string]map[string]bool{}
	for _, data := range datas {
		var r auditaccess.AuditorRead
		pgtest.Must(t, json.Unmarshal(data, &r), "decode a read")
		if out[r.AccountID] == nil {
			out[r.AccountID] = map[string]bool{}
		}
		target := r.Target
		if u, err := url.Parse(target); err == nil && r.Kind == auditaccess.KindHTTP {
			target = u.Path
			if u.RawQuery != "" {
				target += "?" + u.RawQuery
			}
		}
		out[r.AccountID][target] = true
	}
	return out
}
