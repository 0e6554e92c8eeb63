package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	usecase "cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/timesheet"
	"cronica/eventstore"
	"cronica/internal/auth"
	"cronica/internal/metrics"
	"cronica/projections"
	"cronica/projections/identityview"
	"cronica/readapi"
	"cronica/test/pgtest"
)

// Tenant isolation: the whole router, built as serve builds it over a real
// database, is walked route by route (router.Routes(), never a list kept
// here) by the administrator of organisation B, with every path parameter
// naming organisation A's real resources. No answer may contain anything
// of A's, everything under A must look absent (404), and A's streams must
// be exactly as they were.
//
// A new route is walked without touching this file. A new kind of path
// parameter fails the test until isolationParams says which of A's ids
// fills it.

// isolationExempt are the routes not walked, each with the reason.
var isolationExempt = map[string]string{
	"GET /healthz":             "liveness probe: a constant answer, no data",
	"GET /readyz":              "readiness probe: the database and the event store answer, no data",
	"GET /metrics":             "Prometheus figures: projector names and request counts, no organisation's data",
	"GET /api/v1/openapi.json": "the static API document",
	"POST /api/v1/session":     "signing in by email and password, not by ids: the walker signs in through it once, at the start",
	"POST /api/v1/password-reset/request": "takes an email address, not an id, and answers the same whether it exists; " +
		"asking with A's address would legitimately record a reset request on A's account",
}

// isolationNotOrgScoped are routes that are not under an organisation and
// answer B's administrator with another status than 404 whatever the ids:
// the status each must give, and why.
var isolationNotOrgScoped = map[string]struct {
	status int
	reason string
}{
	"GET /api/v1/audit/events": {http.StatusOK, "B's administrator reads B's own audit log (audit.read); nothing of A's may appear, checked like every answer"},
}

// isolationOrg is what the test knows of an organisation it seeded.
type isolationOrg struct {
	OrgID, LegalName, CUI       string
	AdminAccount, AdminPerson   string
	AdminEmail                  string
	MemberAccount, MemberPerson string
	MemberEmail                 string
	PlainPerson                 string // no account
	Group, GroupName            string
	AdminGrant, GroupGrant      string
	Token, TokenName            string
	Names                       []string // given and family names
	CNPs                        []string
	// Time: a project with a work package and an activity, the member's
	// contract, assignment, leave and an entry of Month, an extra day off.
	Project, ProjectTitle, ProjectAcronym string
	WorkPackage, Activity                 string
	Contract, Assignment, Leave, Entry    string
	Month, ExtraDay                       string // "YYYY-MM", "YYYY-MM-DD"
}

// secrets are A's identifying values: none may appear in an answer to B.
func (o isolationOrg) secrets() []string {
	out := []string{o.OrgID, o.LegalName, o.CUI, o.AdminAccount, o.AdminPerson, o.AdminEmail, o.MemberAccount, o.MemberPerson,
		o.MemberEmail, o.PlainPerson, o.Group, o.GroupName, o.AdminGrant, o.GroupGrant, o.Token, o.TokenName,
		o.Project, o.ProjectTitle, o.ProjectAcronym, o.WorkPackage, o.Activity, o.Contract, o.Assignment, o.Leave, o.Entry}
	return append(append(out, o.Names...), o.CNPs...)
}

// params fills each kind of path parameter with one of A's ids.
func (o isolationOrg) params() map[string]string {
	return map[string]string{
		"org":      o.OrgID,
		"person":   o.MemberPerson,
		"account":  o.MemberAccount,
		"group":    o.Group,
		"grant":    o.GroupGrant,
		"token_id": o.Token,
		// Time
		"project":    o.Project,
		"contract":   o.Contract,
		"assignment": o.Assignment,
		"leave":      o.Leave,
		"entry":      o.Entry,
		"month":      o.Month,
		"date":       o.ExtraDay,
	}
}

func TestTenantIsolation(t *testing.T) {
	ctx := context.Background()
	pool, dbURL := pgtest.NewPool(t, "cmd_isolation")
	const adminToken = "isolation-audit-admin-token"
	vars := map[string]string{envDatabaseURL: dbURL, envAdminToken: adminToken, envDataDir: t.TempDir()}
	cfg, _, err := parseConfig(flag.NewFlagSet("serve", flag.ContinueOnError), nil, func(k string) string { return vars[k] })
	pgtest.Must(t, err, "config")
	logger := slog.New(slog.DiscardHandler)
	now := time.Now

	// The wiring of serve, dependency by dependency.
	pgtest.Must(t, migrateAll(ctx, cfg, pool), "migrate")
	store, err := openStore(ctx, cfg, pool, logger, now)
	pgtest.Must(t, err, "open the event store")
	t.Cleanup(func() { store.Close() })
	deps := httpDeps{logger: logger, database: pool, store: store,
		readAPI: readapi.Deps{Pool: pool, AdminToken: cfg.AdminToken, Logger: logger}}
	reg := metrics.NewRegistry()
	deps.observe, err = metrics.HTTPMiddleware(reg)
	pgtest.Must(t, err, "metrics")
	deps.metrics = metrics.Handler(reg, logger)
	deps.openAPI, err = openAPIDocument()
	pgtest.Must(t, err, "openapi")
	writeAPI, apiMiddleware, err := identityHTTP(cfg, pool, store, nil, logger, now, cfg.publicURL("127.0.0.1:8080"))
	pgtest.Must(t, err, "identity http")
	deps.writeAPI, deps.api, deps.trustProxy = &writeAPI, apiMiddleware, cfg.TrustProxy
	gin.SetMode(gin.ReleaseMode)
	router := routes(deps)

	rt, err := projections.NewRuntime(store, pool, readModels(), projections.Config{Logger: logger})
	pgtest.Must(t, err, "projections")
	runCtx, stopProjecting := context.WithCancel(ctx)
	projected := make(chan error, 1)
	go func() { projected <- rt.Run(runCtx) }()
	t.Cleanup(func() {
		stopProjecting()
		if err := <-projected; err != nil {
			t.Errorf("projections: %v", err)
		}
	})

	codec, err := newCodec()
	pgtest.Must(t, err, "codec")
	cmdEnv := usecase.Env{Store: store, Codec: codec, NewID: uuid.NewV7, Now: now}
	ids := usecase.NewIdentity(cmdEnv)
	const passwordB = "Parola-Beta-Izolare-2026"
	a := seedIsolationOrg(t, ids, isolationSeed{tag: "Alfa", legalName: "Institutul Secret Alfaris", cuiBody: "7700001",
		admin: [2]string{"Zenobia", "Alfaranu"}, member: [2]string{"Octavian", "Alfescu"}, cnpSerial: 100})
	b := seedIsolationOrg(t, ids, isolationSeed{tag: "Beta", legalName: "Compania Betania Deschisă", cuiBody: "7700002",
		admin: [2]string{"Bogdan", "Betaru"}, member: [2]string{"Bianca", "Betescu"}, cnpSerial: 200, password: passwordB})
	seedIsolationTime(t, usecase.NewTime(cmdEnv), &a)

	// Wait for the last event appended (Head stops at the read frontier,
	// which an open transaction can hold back).
	var head int64
	pgtest.Must(t, pool.QueryRow(ctx, `SELECT coalesce(max(position), 0) FROM cronica_events`).Scan(&head), "head")
	pgtest.Must(t, readapi.NewWaiter(pool, 30*time.Second).Wait(ctx, []string{identityview.Name}, eventstore.Position(head)),
		"the identity projector catches up")
	before := streamsOf(t, store, a)

	// B's administrator signs in through the login route once: the way in
	// works, and it is B's.
	login := serveRequest(router, http.MethodPost, "/api/v1/session",
		fmt.Sprintf(`{"email":%q,"password":%q}`, b.AdminEmail, passwordB), nil)
	if login.Code != http.StatusOK && login.Code != http.StatusCreated {
		t.Fatalf("B's administrator cannot sign in: %d %s", login.Code, login.Body)
	}
	sessions, err := auth.NewSessions(pool, auth.SessionConfig{})
	pgtest.Must(t, err, "sessions")
	// asB sends a request with a session of its own (so a route that ends
	// sessions or changes the password cannot end the walk), with the CSRF
	// token, as a browser of B's administrator would.
	asB := func(method, target, body string) *httptest.ResponseRecorder {
		s, err := sessions.Create(ctx, b.AdminAccount, b.OrgID, "192.0.2.1", "isolation-walker")
		pgtest.Must(t, err, "session")
		return serveRequest(router, method, target, body, map[string]string{
			"Cookie": auth.SessionCookieName + "=" + s.Token, auth.CSRFHeader: s.CSRFToken})
	}
	asA := func(target string) *httptest.ResponseRecorder {
		s, err := sessions.Create(ctx, a.AdminAccount, a.OrgID, "192.0.2.2", "isolation-control")
		pgtest.Must(t, err, "session")
		return serveRequest(router, http.MethodGet, target, "", map[string]string{"Cookie": auth.SessionCookieName + "=" + s.Token})
	}
	if res := asB(http.MethodGet, "/api/v1/me", ""); res.Code != http.StatusOK || !strings.Contains(res.Body.String(), b.OrgID) {
		t.Fatalf("B's session does not authenticate: %d %s", res.Code, res.Body)
	}

	var doc openAPIDoc
	pgtest.Must(t, json.Unmarshal(deps.openAPI, &doc), "decode openapi")
	served := map[string]bool{}
	walked := 0
	for _, ri := range router.Routes() {
		key := ri.Method + " " + ri.Path
		served[key] = true
		if _, ok := isolationExempt[key]; ok {
			continue
		}
		target, ok := fillPath(ri.Path, a.params())
		if !ok {
			t.Errorf("%s: a path parameter this test cannot fill with organisation A's data; add it to isolationOrg.params", key)
			continue
		}
		body := ""
		if !auth.SafeMethod(ri.Method) {
			body = doc.sampleBody(ri.Method, ri.Path, a)
		}
		walked++
		res := asB(ri.Method, target, body)
		answer := res.Body.String()
		for k, vs := range res.Header() {
			answer += "\n" + k + ": " + strings.Join(vs, ", ")
		}
		for _, secret := range a.secrets() {
			// An id the request carried may be echoed (B knows it
			// already); anything else of A's may not appear.
			if secret != "" && strings.Contains(answer, secret) && !strings.Contains(target+body, secret) {
				t.Errorf("%s %s as B answers %d with A's %q:\n%s", ri.Method, target, res.Code, secret, answer)
			}
		}
		if strings.Contains(ri.Path, ":") {
			// A's resources answer exactly as made-up ones: no oracle of
			// what exists elsewhere.
			random := map[string]string{}
			for k := range a.params() {
				random[k] = uuid.NewString()
			}
			other, _ := fillPath(ri.Path, random)
			alt := asB(ri.Method, other, body)
			if alt.Code != res.Code || errorCode(alt.Body.Bytes()) != errorCode(res.Body.Bytes()) {
				t.Errorf("%s as B: A's ids answer %d %s, made-up ids %d %s", key, res.Code, errorCode(res.Body.Bytes()),
					alt.Code, errorCode(alt.Body.Bytes()))
			}
		}
		if res.Code >= 500 {
			t.Errorf("%s %s as B: %d %s", ri.Method, target, res.Code, res.Body)
		}
		want, notOrg := isolationNotOrgScoped[key]
		switch {
		case notOrg:
			if res.Code != want.status {
				t.Errorf("%s as B: %d, want %d (%s): %s", key, res.Code, want.status, want.reason, res.Body)
			}
		case strings.Contains(ri.Path, ":"):
			// Under A's ids everything is absent: not forbidden, not
			// invalid, not a conflict.
			if res.Code != http.StatusNotFound {
				t.Errorf("%s %s as B: %d, want 404: %s", ri.Method, target, res.Code, res.Body)
			}
			// Control: the ids are real, and A's administrator reads them.
			if ri.Method == http.MethodGet {
				if res := asA(target); res.Code != http.StatusOK {
					t.Errorf("control: GET %s as A's administrator: %d %s", target, res.Code, res.Body)
				}
			}
		}
	}
	for key := range isolationExempt {
		if !served[key] {
			t.Errorf("isolationExempt lists %s, which no route serves: remove it", key)
		}
	}
	for key := range isolationNotOrgScoped {
		if !served[key] {
			t.Errorf("isolationNotOrgScoped lists %s, which no route serves: remove it", key)
		}
	}
	if walked < 20 {
		t.Errorf("walked only %d routes", walked)
	}
	t.Logf("walked %d routes as B with A's ids; %d exempt", walked, len(isolationExempt))

	// Nothing of A's changed: every stream of A ends where it ended.
	after := streamsOf(t, store, a)
	for stream, version := range before {
		if after[stream] != version {
			t.Errorf("A's stream %s went from version %d to %d", stream, version, after[stream])
		}
	}
	for stream, version := range after {
		if _, ok := before[stream]; !ok {
			t.Errorf("a new stream of A's: %s (version %d)", stream, version)
		}
	}
}

// isolationSeed describes an organisation to seed. Every name is distinct
// from the other organisation's, so a leak is found by a plain search.
type isolationSeed struct {
	tag, legalName, cuiBody string
	admin, member           [2]string // given and family names
	cnpSerial               int       // the first CNP serial of its people
	password                string    // of every account; empty: a random one
}

// seedIsolationOrg registers an organisation, through the commands as
// System, with an administrator and a member (each with an account and a
// CNP), a person without an account, a group (the member in it, with a
// role), and an API token of the administrator's.
func seedIsolationOrg(t *testing.T, ids *usecase.Identity, seed isolationSeed) isolationOrg {
	t.Helper()
	ctx := context.Background()
	tag := seed.tag
	m := usecase.Meta{Actor: identity.System(), CorrelationID: "isolation-seed-" + tag}
	o := isolationOrg{LegalName: seed.legalName, CUI: cuiWithControl(seed.cuiBody), GroupName: "Grupul " + tag + "ris",
		TokenName: "token-" + tag + "ris", Names: []string{seed.admin[0], seed.admin[1], seed.member[0], seed.member[1], "Plain" + tag + "ris"}}
	password := seed.password
	if password == "" {
		password = "Parola-" + uuid.NewString()
	}
	hash, err := auth.HashPassword(password, rand.Reader)
	pgtest.Must(t, err, "hash")
	res, err := ids.RegisterOrganization.Handle(ctx, m, usecase.RegisterOrganization{Details: identity.OrgDetails{
		LegalName: seed.legalName, RegistrationCode: o.CUI, Kind: identity.OrgBeneficiary, Address: identity.Address{City: "Cluj-Napoca", Country: "RO"}}})
	pgtest.Must(t, err, "register organization")
	o.OrgID = res.ID

	person := func(given, family string, n int) string {
		cnp := demoPerson{born: "1985-03-1" + fmt.Sprint(n)}.cnp("12", seed.cnpSerial+n)
		o.CNPs = append(o.CNPs, cnp)
		res, err := ids.RegisterPerson.Handle(ctx, m, usecase.RegisterPerson{OrgID: o.OrgID, Details: identity.PersonDetails{
			GivenName: given, FamilyName: family, Personal: identity.PersonalData{CNP: cnp}}})
		pgtest.Must(t, err, "register person")
		return res.ID
	}
	account := func(personID, email string) string {
		res, err := ids.CreateAccount.Handle(ctx, m, usecase.CreateAccount{OrgID: o.OrgID, PersonID: personID, Email: email, PasswordHash: hash})
		pgtest.Must(t, err, "create account")
		return res.ID
	}
	domain := strings.ToLower(tag) + "ris.example"
	o.AdminPerson = person(seed.admin[0], seed.admin[1], 1)
	o.AdminEmail = strings.ToLower(seed.admin[0]+"."+seed.admin[1]) + "@" + domain
	o.AdminAccount = account(o.AdminPerson, o.AdminEmail)
	res, err = ids.GrantRole.Handle(ctx, m, usecase.GrantRole{OrgID: o.OrgID,
		Subject: identity.Subject{Kind: identity.SubjectAccount, ID: o.AdminAccount}, Role: identity.RoleOrgAdmin})
	pgtest.Must(t, err, "grant org_admin")
	o.AdminGrant = res.ID
	o.MemberPerson = person(seed.member[0], seed.member[1], 2)
	o.MemberEmail = strings.ToLower(seed.member[0]+"."+seed.member[1]) + "@" + domain
	o.MemberAccount = account(o.MemberPerson, o.MemberEmail)
	o.PlainPerson = person("Plain"+tag+"ris", "Fărăcont", 3)

	res, err = ids.CreateGroup.Handle(ctx, m, usecase.CreateGroup{OrgID: o.OrgID, Name: o.GroupName})
	pgtest.Must(t, err, "create group")
	o.Group = res.ID
	_, err = ids.AddGroupMember.Handle(ctx, m, usecase.AddGroupMember{GroupID: o.Group, AccountID: o.MemberAccount})
	pgtest.Must(t, err, "add member")
	res, err = ids.GrantRole.Handle(ctx, m, usecase.GrantRole{OrgID: o.OrgID,
		Subject: identity.Subject{Kind: identity.SubjectGroup, ID: o.Group}, Role: identity.RoleFinancialOfficer})
	pgtest.Must(t, err, "grant to group")
	o.GroupGrant = res.ID

	_, tokenHash, err := auth.NewToken(auth.PrefixAPIToken, rand.Reader)
	pgtest.Must(t, err, "token")
	tok, err := ids.IssueAPIToken.Handle(ctx, m, usecase.IssueAPIToken{AccountID: o.AdminAccount, Name: o.TokenName,
		TokenHash: hex.EncodeToString(tokenHash[:])})
	pgtest.Must(t, err, "issue api token")
	o.Token = tok.TokenID
	return o
}

// seedIsolationTime gives organisation o, through the Time commands as
// System, a project with a work package and an activity, a contract of its
// member assigned to the project, leave, a time entry in March 2026 and an
// extra day off.
func seedIsolationTime(t *testing.T, times *usecase.Time, o *isolationOrg) {
	t.Helper()
	ctx := context.Background()
	m := usecase.Meta{Actor: identity.System(), CorrelationID: "isolation-seed-time"}
	o.ProjectTitle, o.ProjectAcronym = "Proiectul Secret Alfaris", "ALFARIS"
	p, err := times.RegisterProject.Handle(ctx, m, usecase.RegisterProject{OrgID: o.OrgID, Details: project.Details{
		Programme: project.HorizonEurope, Title: o.ProjectTitle, Acronym: o.ProjectAcronym, Start: calendar.NewDate(2025, 1, 1),
		End: calendar.NewDate(2027, 12, 31)}})
	pgtest.Must(t, err, "register project")
	o.Project = p.ID
	wp, err := times.AddWorkPackage.Handle(ctx, m, usecase.AddWorkPackage{OrgID: o.OrgID, ProjectID: o.Project,
		WorkPackage: project.WorkPackage{Code: "WP7", Title: "Pachetul Alfaris"}})
	pgtest.Must(t, err, "add work package")
	o.WorkPackage = wp.ID
	act, err := times.AddActivity.Handle(ctx, m, usecase.AddActivity{OrgID: o.OrgID, ProjectID: o.Project,
		Activity: project.Activity{WorkPackageID: o.WorkPackage, Code: "A7.1", Title: "Activitatea Alfaris"}})
	pgtest.Must(t, err, "add activity")
	o.Activity = act.ID
	c, err := times.SignContract.Handle(ctx, m, usecase.SignContract{OrgID: o.OrgID, PersonID: o.MemberPerson, Number: "CIM-ALFARIS",
		Type: employment.FullTime, Start: calendar.NewDate(2025, 1, 1), Terms: employment.Terms{Position: "Cercetător", CORCode: "213201",
			DailyNormMinutes: 480, WorkingTimeFactor: "1", GrossMonthlyCents: 700_000, Currency: "RON", SupervisorID: o.AdminPerson}})
	pgtest.Must(t, err, "sign contract")
	o.Contract = c.ID
	as, err := times.AssignToProject.Handle(ctx, m, usecase.AssignToProject{OrgID: o.OrgID, PersonID: o.MemberPerson,
		Assignment: employment.Assignment{ContractID: o.Contract, ProjectID: o.Project, Role: "expert"}})
	pgtest.Must(t, err, "assign")
	o.Assignment = as.ID
	l, err := times.RecordLeave.Handle(ctx, m, usecase.RecordLeave{OrgID: o.OrgID, PersonID: o.MemberPerson,
		Leave: employment.Leave{Kind: employment.LeaveAnnual, Start: calendar.NewDate(2026, 3, 16), End: calendar.NewDate(2026, 3, 17)}})
	pgtest.Must(t, err, "record leave")
	o.Leave = l.ID
	o.Month, o.ExtraDay = "2026-03", "2026-03-13"
	e, err := times.RecordTimeEntry.Handle(ctx, m, usecase.RecordTimeEntry{OrgID: o.OrgID, PersonID: o.MemberPerson,
		Month: calendar.Month{Year: 2026, Month: 3}, Entry: timesheet.Entry{Date: calendar.NewDate(2026, 3, 2), ProjectID: o.Project,
			ActivityID: o.Activity, Minutes: 480}})
	pgtest.Must(t, err, "record time entry")
	o.Entry = e.ID
	_, err = times.AddCalendarDay.Handle(ctx, m, usecase.AddCalendarDay{OrgID: o.OrgID, Date: calendar.NewDate(2026, 3, 13), Name: "Ziua Alfaris"})
	pgtest.Must(t, err, "add calendar day")
}

// streamsOf is every stream that holds an event of organisation o (by the
// events' org_id), or is named after one of its ids, with its last version.
func streamsOf(t *testing.T, store eventstore.Store, o isolationOrg) map[string]uint64 {
	t.Helper()
	ids := []string{o.OrgID, o.AdminAccount, o.AdminPerson, o.MemberAccount, o.MemberPerson, o.PlainPerson, o.Group,
		identity.EmailClaimID(o.AdminEmail), identity.EmailClaimID(o.MemberEmail), o.Project}
	out := map[string]uint64{}
	for after := eventstore.Start; ; {
		page, err := store.ReadAll(context.Background(), after, 1000)
		pgtest.Must(t, err, "read the log")
		for _, e := range page {
			mine := e.Metadata.OrgID == o.OrgID
			for _, id := range ids {
				mine = mine || strings.HasSuffix(e.StreamID, id) || bytes.Contains(e.Data, []byte(id))
			}
			if mine {
				out[e.StreamID] = e.Version
			}
			after = e.Position
		}
		if len(page) < 1000 {
			return out
		}
	}
}

// errorCode is the code of an error body, "" for anything else.
func errorCode(body []byte) string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	return e.Error.Code
}

// serveRequest sends one request through h.
func serveRequest(h http.Handler, method, target, body string, header map[string]string) *httptest.ResponseRecorder {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// fillPath replaces each :param of a gin path with values[param]; false
// when one has no value.
func fillPath(path string, values map[string]string) (string, bool) {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if name, ok := strings.CutPrefix(p, ":"); ok {
			v, known := values[name]
			if !known {
				return "", false
			}
			parts[i] = v
		}
	}
	return strings.Join(parts, "/"), true
}

// openAPIDoc is the part of the OpenAPI document the walk reads: request
// body schemas.
type openAPIDoc struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]json.RawMessage `json:"schemas"`
	} `json:"components"`
}

type schema struct {
	Ref        string             `json:"$ref"`
	Type       string             `json:"type"`
	Format     string             `json:"format"`
	Enum       []any              `json:"enum"`
	Properties map[string]*schema `json:"properties"`
	Items      *schema            `json:"items"`
}

// sampleBody is a plausible JSON body for a route, from its documented
// request schema: ids are A's (by the field's name), addresses fresh, times
// in the future; "{}" when none is documented.
func (d openAPIDoc) sampleBody(method, ginPath string, a isolationOrg) string {
	path := ginParam.ReplaceAllString(ginPath, "{$1}")
	var op struct {
		RequestBody struct {
			Content map[string]struct {
				Schema *schema `json:"schema"`
			} `json:"content"`
		} `json:"requestBody"`
	}
	if raw, ok := d.Paths[path][strings.ToLower(method)]; !ok || json.Unmarshal(raw, &op) != nil {
		return "{}"
	}
	s := op.RequestBody.Content["application/json"].Schema
	if s == nil {
		return "{}"
	}
	out, err := json.Marshal(d.sample(s, "", a, 0))
	if err != nil {
		return "{}"
	}
	return string(out)
}

func (d openAPIDoc) sample(s *schema, name string, a isolationOrg, depth int) any {
	if depth > 8 {
		return nil
	}
	if s.Ref != "" {
		var resolved schema
		if json.Unmarshal(d.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")], &resolved) != nil {
			return nil
		}
		return d.sample(&resolved, name, a, depth+1)
	}
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	byName := map[string]string{"org_id": a.OrgID, "person_id": a.MemberPerson, "account_id": a.MemberAccount,
		"group_id": a.Group, "grant_id": a.GroupGrant, "token_id": a.Token, "id": a.MemberAccount,
		"project_id": a.Project, "work_package_id": a.WorkPackage, "activity_id": a.Activity, "contract_id": a.Contract,
		"supervisor_id": a.AdminPerson, "partner_org_id": a.OrgID}
	switch {
	case s.Type == "object" || s.Properties != nil:
		obj := map[string]any{}
		for k, p := range s.Properties {
			obj[k] = d.sample(p, k, a, depth+1)
		}
		return obj
	case s.Type == "array":
		if s.Items == nil {
			return []any{}
		}
		return []any{d.sample(s.Items, name, a, depth+1)}
	case s.Type == "integer" || s.Type == "number":
		return 1
	case s.Type == "boolean":
		return false
	case s.Format == "date-time":
		return time.Now().Add(30 * 24 * time.Hour).UTC().Format(time.RFC3339)
	case s.Format == "date":
		return time.Now().Add(30 * 24 * time.Hour).UTC().Format(time.DateOnly)
	case byName[name] != "":
		return byName[name]
	case s.Format == "uuid":
		return uuid.NewString()
	case s.Format == "email" || strings.Contains(name, "email"):
		return "walker-" + uuid.NewString()[:8] + "@walker.example"
	case s.Format == "password" || strings.Contains(name, "password"):
		return "Walker-Password-2026!"
	}
	return "Walker"
}
