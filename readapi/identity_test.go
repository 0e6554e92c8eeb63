package readapi_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/commands"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/internal/auth"
	"cronica/projections"
	"cronica/projections/auditlog"
	"cronica/projections/chatview"
	"cronica/projections/identityview"
	"cronica/projections/taskview"
	"cronica/projections/timeview"
	"cronica/readapi"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

// world is the Identity read API over real data: its own database, a
// pgstore, the identity projector running, and organisations seeded
// through the commands (seed_test.go, copied from commands).
type world struct {
	*bench
	pool   *pgxpool.Pool
	router *gin.Engine
}

// Test requests name their caller in these headers; the test middleware
// turns them into auth.SetCaller, as authhttp.Authenticate does for a
// session or an API token.
const (
	hdrAccount = "X-Test-Account"
	hdrOrg     = "X-Test-Org"
)

func testCaller(c *gin.Context) {
	if id := c.GetHeader(hdrAccount); id != "" {
		auth.SetCaller(c, auth.Caller{AccountID: id, OrgID: c.GetHeader(hdrOrg), Via: auth.ViaSession})
	}
	c.Next()
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	pool, _ := pgtest.NewPool(t, "readapi_identity")
	for _, m := range []func(context.Context, *pgxpool.Pool) error{pgstore.Migrate, projections.Migrate, identityview.Migrate, auditlog.Migrate,
		timeview.Migrate, taskview.Migrate, chatview.Migrate} {
		pgtest.Must(t, m(ctx, pool), "migrate")
	}
	store, err := pgstore.New(ctx, pool, pgstore.Options{})
	pgtest.Must(t, err, "open the event store")
	t.Cleanup(func() { store.Close() })
	clock := identitytest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	w := &world{bench: identitytest.BenchOn(t, store, clock, clock.Now), pool: pool}
	identitytest.WithKeyring(t, w.bench, pool) // personal data is sealed, and opened for the readers allowed
	identitytest.RunProjectors(t, store, pool, slog.New(slog.DiscardHandler), identityview.Projector(), auditlog.Projector(), auditlog.ProjectsProjector(),
		timeview.Projector(), taskview.Projector(), chatview.Projector())

	w.router = w.routerWith(readapi.NewWaiter(pool, 10*time.Second))
	return w
}

func (w *world) routerWith(waiter *readapi.Waiter) *gin.Engine {
	r := gin.New()
	r.Use(testCaller)
	readapi.Routes(r, readapi.Deps{Pool: w.pool, Waiter: waiter, Logger: slog.New(slog.DiscardHandler), Now: w.Clock.Now, Personal: w.Keys})
	return r
}

// head is the log's last position: reads sent with it see every write.
// head is the position of the last event appended. (Store.Head stops at
// the read frontier, which a transaction still open, such as the
// projector's own flush, holds back: waiting for it would not wait for
// everything written.)
func (w *world) head(t *testing.T) eventstore.Position {
	t.Helper()
	var pos int64
	pgtest.Must(t, w.pool.QueryRow(context.Background(), `SELECT coalesce(max(position), 0) FROM cronica_events`).Scan(&pos), "head")
	return eventstore.Position(pos)
}

// as is a caller: an account of an organisation.
type caller struct{ AccountID, OrgID string }

func callerOf(org seededOrg, u user) caller { return caller{u.AccountID, org.OrgID} }

// read GETs target as who (nobody when who is zero), with min_position at
// the log's head so the projector has caught up with every seeded event.
func (w *world) read(t *testing.T, who caller, target string) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("X-Cronica-Min-Position", strconv.FormatUint(uint64(w.head(t)), 10))
	if who.AccountID != "" {
		req.Header.Set(hdrAccount, who.AccountID)
		req.Header.Set(hdrOrg, who.OrgID)
	}
	rec := httptest.NewRecorder()
	w.router.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return response{rec.Code, rec.Result().Header, body}
}

// readJSON GETs target and decodes a 200 into out.
func (w *world) readJSON(t *testing.T, who caller, target string, out any) {
	t.Helper()
	res := w.read(t, who, target)
	if res.status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", target, res.status, res.body)
	}
	if err := json.Unmarshal(res.body, out); err != nil {
		t.Fatalf("GET %s: decode %s: %v", target, res.body, err)
	}
}

// identityFixture is two organisations. Alfa has an administrator, an HR
// manager, a project manager, a financial officer, a member, an auditor
// (grant expiring in 90 days), a person with a CNP and no account, a group
// and an API token; Beta has its administrator.
type identityFixture struct {
	*world
	alfa, beta                    seededOrg
	hr, pm, fo, member, auditor   user
	withCNP                       string // person id
	group                         string
	tokenID, tokenHash            string
	adminGrant, auditorGrant      string
	alfaAdmin, betaAdmin, nobody  caller
	alfaMember, alfaHR, alfaPM    caller
	alfaFO, alfaAuditor           caller
	betaGroup, betaPerson, betaAc string
}

const validCNP = "1980515123453"

func newIdentityFixture(t *testing.T) *identityFixture {
	t.Helper()
	ctx := context.Background()
	f := &identityFixture{world: newWorld(t)}
	b := f.bench
	f.alfa = identitytest.Seed(t, b, "Universitatea Alfa")
	f.beta = identitytest.Seed(t, b, "Institutul Beta")
	f.hr = identitytest.AddUser(t, b, f.alfa.OrgID, "Hera", identity.RoleHRManager)
	f.pm = identitytest.AddUser(t, b, f.alfa.OrgID, "Petru", identity.RoleProjectManager)
	f.fo = identitytest.AddUser(t, b, f.alfa.OrgID, "Filip", identity.RoleFinancialOfficer)
	f.member = identitytest.AddUser(t, b, f.alfa.OrgID, "Maria", identity.RoleMember)
	f.auditor = identitytest.AddUser(t, b, f.alfa.OrgID, "Aurel", identity.RoleAuditor)

	p, err := b.IDs.RegisterPerson.Handle(ctx, identitytest.AsSystem(), commands.RegisterPerson{OrgID: f.alfa.OrgID,
		Details: identity.PersonDetails{GivenName: "Ștefan", FamilyName: "Țăranu", Personal: identity.PersonalData{CNP: validCNP}}})
	pgtest.Must(t, err, "person with a CNP")
	f.withCNP = p.ID

	g, err := b.IDs.CreateGroup.Handle(ctx, identitytest.AsSystem(), commands.CreateGroup{OrgID: f.alfa.OrgID, Name: "Echipa de cercetare"})
	pgtest.Must(t, err, "create group")
	f.group = g.ID
	for _, u := range []user{f.member, f.pm} {
		_, err := b.IDs.AddGroupMember.Handle(ctx, identitytest.AsSystem(), commands.AddGroupMember{GroupID: f.group, AccountID: u.AccountID})
		pgtest.Must(t, err, "add group member")
	}
	_, f.tokenHash = identitytest.NewToken(t)
	tok, err := b.IDs.IssueAPIToken.Handle(ctx, identitytest.AsSystem(), commands.IssueAPIToken{AccountID: f.alfa.Admin.AccountID,
		Name: "export nocturn", TokenHash: f.tokenHash})
	pgtest.Must(t, err, "issue api token")
	f.tokenID = tok.TokenID

	bg, err := b.IDs.CreateGroup.Handle(ctx, identitytest.AsSystem(), commands.CreateGroup{OrgID: f.beta.OrgID, Name: "Beta group"})
	pgtest.Must(t, err, "create beta group")
	f.betaGroup, f.betaPerson, f.betaAc = bg.ID, f.beta.Admin.PersonID, f.beta.Admin.AccountID

	f.alfaAdmin, f.betaAdmin = callerOf(f.alfa, f.alfa.Admin), callerOf(f.beta, f.beta.Admin)
	f.alfaMember, f.alfaHR, f.alfaPM = callerOf(f.alfa, f.member), callerOf(f.alfa, f.hr), callerOf(f.alfa, f.pm)
	f.alfaFO, f.alfaAuditor = callerOf(f.alfa, f.fo), callerOf(f.alfa, f.auditor)
	return f
}

// identityRoutes are the read API's routes that need a caller: every route
// but the audit log's, taken from the router itself.
func identityRoutes(r *gin.Engine) []gin.RouteInfo {
	var out []gin.RouteInfo
	for _, ri := range r.Routes() {
		if ri.Path != "/api/v1/audit/events" {
			out = append(out, ri)
		}
	}
	return out
}

// fill replaces the path parameters of a route with values; a parameter
// without one (a report's id) is a made-up id.
func fill(path string, values map[string]string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if strings.HasPrefix(p, ":") {
			v, ok := values[p[1:]]
			if !ok {
				v = uuid.NewString()
			}
			parts[i] = v
		}
	}
	return strings.Join(parts, "/")
}

func (f *identityFixture) alfaParams() map[string]string {
	return map[string]string{"org": f.alfa.OrgID, "person": f.member.PersonID, "account": f.member.AccountID, "group": f.group,
		"project": uuid.NewString(), "month": "2026-03"}
}

func TestIdentityRoutesNeedACaller(t *testing.T) {
	f := newIdentityFixture(t)
	routes := identityRoutes(f.router)
	if len(routes) < 10 {
		t.Fatalf("only %d identity routes", len(routes))
	}
	for _, ri := range routes {
		target := fill(ri.Path, f.alfaParams())
		res := f.read(t, caller{}, target)
		expectError(t, res, http.StatusUnauthorized, "unauthenticated")
		if res.header.Get("WWW-Authenticate") == "" {
			t.Errorf("GET %s: 401 without WWW-Authenticate", target)
		}
	}
	// An account the read model does not know is not a caller either.
	expectError(t, f.read(t, caller{uuid.NewString(), f.alfa.OrgID}, "/api/v1/me"), http.StatusUnauthorized, "unauthenticated")
}

func TestForeignOrganizationIsNotFound(t *testing.T) {
	f := newIdentityFixture(t)
	// Beta's administrator, holding every action in Beta, reads Alfa: every
	// route under /orgs/:org answers 404 not_found, whatever the ids.
	var orgRoutes int
	for _, ri := range identityRoutes(f.router) {
		if !strings.Contains(ri.Path, ":org") {
			continue
		}
		orgRoutes++
		for _, params := range []map[string]string{
			f.alfaParams(),
			// Beta's own ids under Alfa's organisation
			{"org": f.alfa.OrgID, "person": f.betaPerson, "account": f.betaAc, "group": f.betaGroup, "project": uuid.NewString(), "month": "2026-03"},
		} {
			target := fill(ri.Path, params)
			res := f.read(t, f.betaAdmin, target)
			expectError(t, res, http.StatusNotFound, "not_found")
			if strings.Contains(string(res.body), f.alfa.OrgID) {
				t.Errorf("GET %s: the body names the organisation: %s", target, res.body)
			}
		}
		// An organisation that does not exist looks the same.
		expectError(t, f.read(t, f.betaAdmin, fill(ri.Path, map[string]string{"org": uuid.NewString(), "person": f.betaPerson,
			"account": f.betaAc, "group": f.betaGroup, "project": uuid.NewString(), "month": "2026-03"})), http.StatusNotFound, "not_found")
		expectError(t, f.read(t, f.betaAdmin, fill(ri.Path, map[string]string{"org": "not-an-id", "person": "x", "account": "x",
			"group": "x", "project": "x", "month": "x"})), http.StatusNotFound, "not_found")
		// And Alfa's ids under Beta's own organisation are not Beta's.
		if strings.Count(ri.Path, ":") > 1 {
			target := fill(ri.Path, map[string]string{"org": f.beta.OrgID, "person": f.member.PersonID, "account": f.member.AccountID, "group": f.group,
				"project": uuid.NewString(), "month": "2026-03"})
			expectError(t, f.read(t, f.betaAdmin, target), http.StatusNotFound, "not_found")
		}
	}
	if orgRoutes < 8 {
		t.Errorf("only %d routes under /orgs/:org", orgRoutes)
	}
}

// meBody is GET /api/v1/me as a client decodes it.
type meBody struct {
	Account struct {
		AccountID string `json:"account_id"`
		Email     string `json:"email"`
		PersonID  string `json:"person_id"`
	} `json:"account"`
	Person struct {
		PersonID   string          `json:"person_id"`
		GivenName  string          `json:"given_name"`
		FamilyName string          `json:"family_name"`
		Personal   json.RawMessage `json:"personal"`
	} `json:"person"`
	Organization struct {
		OrgID     string `json:"org_id"`
		LegalName string `json:"legal_name"`
	} `json:"organization"`
	Grants []grantBody `json:"grants"`
}

type grantBody struct {
	GrantID string `json:"grant_id"`
	OrgID   string `json:"org_id"`
	Subject struct {
		Kind string `json:"kind"`
		ID   string `json:"id"`
	} `json:"subject"`
	Role      string `json:"role"`
	Scope     string `json:"scope"`
	ExpiresAt string `json:"expires_at"`
	Active    bool   `json:"active"`
	GrantedBy string `json:"granted_by"`
}

func roles(gs []grantBody) []string {
	var out []string
	for _, g := range gs {
		out = append(out, g.Role)
	}
	slices.Sort(out)
	return out
}

func TestMe(t *testing.T) {
	f := newIdentityFixture(t)
	var me meBody
	f.readJSON(t, f.alfaAdmin, "/api/v1/me", &me)
	if me.Account.AccountID != f.alfa.Admin.AccountID || me.Account.Email != f.alfa.Admin.Email ||
		me.Person.PersonID != f.alfa.Admin.PersonID || me.Person.GivenName != "Admin" ||
		me.Organization.OrgID != f.alfa.OrgID || me.Organization.LegalName != "Universitatea Alfa" {
		t.Errorf("me = %+v", me)
	}
	if got := roles(me.Grants); !slices.Equal(got, []string{"member", "org_admin"}) {
		t.Errorf("grants = %v", got)
	}
	res := f.read(t, f.alfaAdmin, "/api/v1/me")
	if strings.Contains(string(res.body), "password") || strings.Contains(string(res.body), "argon2") {
		t.Errorf("me shows the password hash: %s", res.body)
	}

	// The auditor's grant shows until it expires (90 days after the seed).
	var aud meBody
	f.readJSON(t, f.alfaAuditor, "/api/v1/me", &aud)
	if got := roles(aud.Grants); !slices.Equal(got, []string{"auditor", "member"}) {
		t.Errorf("auditor grants = %v", got)
	}
	for _, g := range aud.Grants {
		if g.Role == "auditor" && (g.ExpiresAt == "" || !g.Active || g.Scope != "organization" || g.OrgID != f.alfa.OrgID) {
			t.Errorf("auditor grant = %+v", g)
		}
	}
	f.Clock.Advance(91 * 24 * time.Hour)
	f.readJSON(t, f.alfaAuditor, "/api/v1/me", &aud)
	if got := roles(aud.Grants); !slices.Equal(got, []string{"member"}) {
		t.Errorf("auditor grants after expiry = %v", got)
	}

	// A group's grant applies to its members and shows in their grants.
	granted, err := f.IDs.GrantRole.Handle(context.Background(), identitytest.AsSystem(), commands.GrantRole{OrgID: f.alfa.OrgID,
		Subject: identity.Subject{Kind: identity.SubjectGroup, ID: f.group}, Role: identity.RoleFinancialOfficer})
	pgtest.Must(t, err, "grant to group")
	var m meBody
	f.readJSON(t, f.alfaMember, "/api/v1/me?min_position="+strconv.FormatUint(uint64(granted.Position), 10), &m)
	if got := roles(m.Grants); !slices.Equal(got, []string{"financial_officer", "member"}) {
		t.Errorf("member grants with the group's = %v", got)
	}
	for _, g := range m.Grants {
		if g.Role == "financial_officer" && (g.Subject.Kind != "group" || g.Subject.ID != f.group) {
			t.Errorf("group grant = %+v", g)
		}
	}
	// The member may not read personal data, not even their own CNP field.
	if len(m.Person.Personal) != 0 {
		t.Errorf("member sees personal data: %s", m.Person.Personal)
	}
}

func TestMeOfADisabledAccount(t *testing.T) {
	f := newIdentityFixture(t)
	disabled, err := f.IDs.DisableAccount.Handle(context.Background(), identitytest.AsSystem(), commands.DisableAccount{AccountID: f.member.AccountID})
	pgtest.Must(t, err, "disable")
	// Read after the disabling, as a client would after its own write.
	after := "?min_position=" + strconv.FormatUint(uint64(disabled.Position), 10)
	for _, target := range []string{"/api/v1/me", "/api/v1/account/tokens", "/api/v1/orgs/" + f.alfa.OrgID,
		"/api/v1/orgs/" + f.alfa.OrgID + "/accounts/" + f.member.AccountID} {
		res := f.read(t, f.alfaMember, target+after)
		expectError(t, res, http.StatusUnauthorized, "unauthenticated")
		if strings.Contains(string(res.body), f.alfa.OrgID) || strings.Contains(string(res.body), f.member.Email) {
			t.Errorf("GET %s: a disabled account reads: %s", target, res.body)
		}
	}
}

func TestOrganization(t *testing.T) {
	f := newIdentityFixture(t)
	for _, who := range []caller{f.alfaAdmin, f.alfaMember, f.alfaAuditor, f.alfaFO} {
		var org struct {
			OrgID            string `json:"org_id"`
			LegalName        string `json:"legal_name"`
			RegistrationCode string `json:"registration_code"`
			Kind             string `json:"kind"`
		}
		f.readJSON(t, who, "/api/v1/orgs/"+f.alfa.OrgID, &org)
		if org.OrgID != f.alfa.OrgID || org.LegalName != "Universitatea Alfa" || org.RegistrationCode != "12345607" || org.Kind != "beneficiary" {
			t.Errorf("org = %+v", org)
		}
	}
	expectError(t, f.read(t, f.alfaAdmin, "/api/v1/orgs/"+f.alfa.OrgID+"?lang=ro"), http.StatusBadRequest, "unknown_parameter")
}

// personBody is a PersonView as a client decodes it.
type personBody struct {
	PersonID   string `json:"person_id"`
	OrgID      string `json:"org_id"`
	GivenName  string `json:"given_name"`
	FamilyName string `json:"family_name"`
	Personal   *struct {
		CNP string `json:"cnp"`
	} `json:"personal"`
}

type peoplePage struct {
	Items      []personBody `json:"items"`
	NextCursor *string      `json:"next_cursor"`
}

func TestPeopleAndPersonalData(t *testing.T) {
	f := newIdentityFixture(t)
	base := "/api/v1/orgs/" + f.alfa.OrgID + "/people"

	// Page through two at a time: every person once, in id order.
	var ids []string
	target := base + "?limit=2"
	for range 20 {
		var p peoplePage
		f.readJSON(t, f.alfaAdmin, target, &p)
		if len(p.Items) > 2 {
			t.Fatalf("%d items on a page of 2", len(p.Items))
		}
		for _, it := range p.Items {
			ids = append(ids, it.PersonID)
			if it.OrgID != f.alfa.OrgID {
				t.Errorf("person of %s in Alfa's list", it.OrgID)
			}
		}
		if p.NextCursor == nil {
			break
		}
		target = base + "?limit=2&cursor=" + *p.NextCursor
	}
	// admin, hr, pm, fo, member, auditor and the person with the CNP
	if len(ids) != 7 || !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != 7 {
		t.Errorf("people = %v", ids)
	}
	if !slices.Contains(ids, f.withCNP) || slices.Contains(ids, f.beta.Admin.PersonID) {
		t.Errorf("people = %v", ids)
	}

	// personalShown reports whether the answer has a personal field and
	// whether the CNP appears anywhere in it.
	personalShown := func(who caller, target string) (field, cnp bool) {
		t.Helper()
		res := f.read(t, who, target)
		if res.status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", target, res.status, res.body)
		}
		return strings.Contains(string(res.body), `"personal"`), strings.Contains(string(res.body), validCNP)
	}
	one := base + "/" + f.withCNP
	for _, tc := range []struct {
		name string
		who  caller
		sees bool
	}{
		{"org_admin", f.alfaAdmin, true},
		{"hr_manager", f.alfaHR, true},
		{"project_manager", f.alfaPM, false},
		{"financial_officer", f.alfaFO, false},
		{"member", f.alfaMember, false},
		{"auditor", f.alfaAuditor, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, target := range []string{base, one} {
				field, cnp := personalShown(tc.who, target)
				if field != tc.sees || cnp != tc.sees {
					t.Errorf("GET %s: personal field %v, CNP shown %v; want %v", target, field, cnp, tc.sees)
				}
			}
		})
	}
	var p personBody
	f.readJSON(t, f.alfaHR, one, &p)
	if p.GivenName != "Ștefan" || p.FamilyName != "Țăranu" || p.Personal == nil || p.Personal.CNP != validCNP {
		t.Errorf("person = %+v", p)
	}

	for _, tc := range []struct{ query, code, param string }{
		{"?cursor=bad!", "invalid_cursor", "cursor"},
		{"?cursor=" + "bm90LWFuLWlk", "invalid_cursor", "cursor"}, // base64 of "not-an-id"
		{"?limit=0", "invalid_limit", "limit"},
		{"?limit=501", "invalid_limit", "limit"},
		{"?limit=1&limit=2", "invalid_limit", "limit"},
		{"?pagesize=2", "unknown_parameter", "pagesize"},
	} {
		details := expectError(t, f.read(t, f.alfaAdmin, base+tc.query), http.StatusBadRequest, tc.code)
		if details["parameter"] != tc.param {
			t.Errorf("%s: details = %v", tc.query, details)
		}
	}
	expectError(t, f.read(t, f.alfaAdmin, base+"/"+uuid.NewString()), http.StatusNotFound, "not_found")
	expectError(t, f.read(t, f.alfaAdmin, base+"/not-an-id"), http.StatusNotFound, "not_found")
}

type accountBody struct {
	AccountID    string `json:"account_id"`
	OrgID        string `json:"org_id"`
	Email        string `json:"email"`
	FailedLogins int    `json:"failed_logins"`
}

func TestAccounts(t *testing.T) {
	f := newIdentityFixture(t)
	base := "/api/v1/orgs/" + f.alfa.OrgID + "/accounts"
	for _, who := range []caller{f.alfaAdmin, f.alfaHR} {
		var p struct {
			Items      []accountBody `json:"items"`
			NextCursor *string       `json:"next_cursor"`
		}
		f.readJSON(t, who, base, &p)
		if len(p.Items) != 6 || p.NextCursor != nil {
			t.Errorf("accounts = %+v", p)
		}
	}
	res := f.read(t, f.alfaAdmin, base)
	if strings.Contains(string(res.body), "argon2") || strings.Contains(string(res.body), "password") {
		t.Errorf("accounts show password hashes: %s", res.body)
	}
	for _, who := range []caller{f.alfaMember, f.alfaPM, f.alfaAuditor, f.alfaFO} {
		expectError(t, f.read(t, who, base), http.StatusForbidden, "forbidden")
		expectError(t, f.read(t, who, base+"/"+f.alfa.Admin.AccountID), http.StatusForbidden, "forbidden")
	}
	// One's own account needs no accounts.manage.
	var own accountBody
	f.readJSON(t, f.alfaMember, base+"/"+f.member.AccountID, &own)
	if own.AccountID != f.member.AccountID || own.Email != f.member.Email {
		t.Errorf("own account = %+v", own)
	}
	f.readJSON(t, f.alfaAdmin, base+"/"+f.member.AccountID, &own)
	if own.AccountID != f.member.AccountID {
		t.Errorf("account = %+v", own)
	}
	expectError(t, f.read(t, f.alfaAdmin, base+"/"+uuid.NewString()), http.StatusNotFound, "not_found")
	// Beta's account is not found under Alfa, even for Beta's own admin
	// asking for itself.
	expectError(t, f.read(t, f.betaAdmin, base+"/"+f.betaAc), http.StatusNotFound, "not_found")
	expectError(t, f.read(t, f.alfaAdmin, base+"/"+f.betaAc), http.StatusNotFound, "not_found")
}

func TestGroups(t *testing.T) {
	f := newIdentityFixture(t)
	base := "/api/v1/orgs/" + f.alfa.OrgID + "/groups"
	var groups struct {
		Items []struct {
			GroupID     string `json:"group_id"`
			Name        string `json:"name"`
			MemberCount int    `json:"member_count"`
		} `json:"items"`
	}
	f.readJSON(t, f.alfaMember, base, &groups)
	if len(groups.Items) != 1 || groups.Items[0].GroupID != f.group || groups.Items[0].Name != "Echipa de cercetare" || groups.Items[0].MemberCount != 2 {
		t.Errorf("groups = %+v", groups)
	}
	var members struct {
		Items []map[string]any `json:"items"`
	}
	f.readJSON(t, f.alfaMember, base+"/"+f.group+"/members", &members)
	var got []string
	for _, m := range members.Items {
		got = append(got, m["account_id"].(string))
		if _, ok := m["failed_logins"]; ok {
			t.Errorf("a member shows sign-in state to colleagues: %v", m)
		}
	}
	want := []string{f.member.AccountID, f.pm.AccountID}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("members = %v, want %v", got, want)
	}
	var page struct {
		Items      []map[string]any `json:"items"`
		NextCursor *string          `json:"next_cursor"`
	}
	f.readJSON(t, f.alfaMember, base+"/"+f.group+"/members?limit=1", &page)
	if len(page.Items) != 1 || page.NextCursor == nil {
		t.Fatalf("first page = %+v", page)
	}
	f.readJSON(t, f.alfaMember, base+"/"+f.group+"/members?limit=1&cursor="+*page.NextCursor, &page)
	if len(page.Items) != 1 || page.Items[0]["account_id"] != want[1] || page.NextCursor != nil {
		t.Errorf("second page = %+v", page)
	}
	expectError(t, f.read(t, f.alfaMember, base+"/"+uuid.NewString()+"/members"), http.StatusNotFound, "not_found")
	expectError(t, f.read(t, f.alfaMember, base+"/"+f.betaGroup+"/members"), http.StatusNotFound, "not_found")
}

func TestGrants(t *testing.T) {
	f := newIdentityFixture(t)
	target := "/api/v1/orgs/" + f.alfa.OrgID + "/grants"
	for _, who := range []caller{f.alfaAdmin, f.alfaPM, f.alfaAuditor} {
		var p struct {
			Items []grantBody `json:"items"`
		}
		f.readJSON(t, who, target, &p)
		// six member grants (one per account) and five roles
		if got := roles(p.Items); len(got) != 11 {
			t.Errorf("grants = %v", got)
		}
		for _, g := range p.Items {
			if g.OrgID != f.alfa.OrgID || g.GrantedBy != "system" || !g.Active {
				t.Errorf("grant = %+v", g)
			}
		}
	}
	for _, who := range []caller{f.alfaMember, f.alfaHR, f.alfaFO} {
		expectError(t, f.read(t, who, target), http.StatusForbidden, "forbidden")
	}
	// Expired grants stay listed, marked inactive.
	f.Clock.Advance(91 * 24 * time.Hour)
	var p struct {
		Items []grantBody `json:"items"`
	}
	f.readJSON(t, f.alfaAdmin, target, &p)
	for _, g := range p.Items {
		if (g.Role == "auditor") == g.Active {
			t.Errorf("after the auditor's expiry: %+v", g)
		}
	}
	// And the auditor, whose audit.read has expired, is refused.
	expectError(t, f.read(t, f.alfaAuditor, target), http.StatusForbidden, "forbidden")
}

func TestAPITokens(t *testing.T) {
	f := newIdentityFixture(t)
	res := f.read(t, f.alfaAdmin, "/api/v1/account/tokens")
	if res.status != http.StatusOK {
		t.Fatalf("%d %s", res.status, res.body)
	}
	if strings.Contains(string(res.body), f.tokenHash) || strings.Contains(string(res.body), "hash") {
		t.Errorf("tokens show a hash: %s", res.body)
	}
	var tokens struct {
		Items []struct {
			TokenID   string `json:"token_id"`
			AccountID string `json:"account_id"`
			Name      string `json:"name"`
		} `json:"items"`
	}
	if err := json.Unmarshal(res.body, &tokens); err != nil {
		t.Fatal(err)
	}
	if len(tokens.Items) != 1 || tokens.Items[0].TokenID != f.tokenID || tokens.Items[0].Name != "export nocturn" ||
		tokens.Items[0].AccountID != f.alfa.Admin.AccountID {
		t.Errorf("tokens = %+v", tokens)
	}
	// Only one's own: nobody else's, however much they may do.
	for _, who := range []caller{f.alfaMember, f.betaAdmin} {
		res := f.read(t, who, "/api/v1/account/tokens")
		if res.status != http.StatusOK || string(res.body) != `{"items":[]}` {
			t.Errorf("tokens of another caller: %d %s", res.status, res.body)
		}
	}
}

func TestIdentityReadYourWrites(t *testing.T) {
	f := newIdentityFixture(t)
	ctx := context.Background()
	// A write, then a read with its position: the read waits for the
	// projector and sees the write.
	for i := range 5 {
		p, err := f.IDs.RegisterPerson.Handle(ctx, identitytest.As(identitytest.Principal(t, f.bench, f.alfa.Admin.AccountID)), commands.RegisterPerson{
			OrgID: f.alfa.OrgID, Details: identitytest.PersonDetails("Nou" + strconv.Itoa(i))})
		pgtest.Must(t, err, "register person")
		req := httptest.NewRequest(http.MethodGet, "/api/v1/orgs/"+f.alfa.OrgID+"/people/"+p.ID+"?min_position="+
			strconv.FormatUint(uint64(p.Position), 10), nil)
		req.Header.Set(hdrAccount, f.alfa.Admin.AccountID)
		rec := httptest.NewRecorder()
		f.router.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("read after write: %d %s", rec.Code, rec.Body)
		}
	}
	// A position the projector cannot reach in time is 503.
	h := f.routerWith(readapi.NewWaiter(f.pool, 50*time.Millisecond))
	req := httptest.NewRequest(http.MethodGet, "/api/v1/me?min_position="+strconv.FormatUint(uint64(f.head(t))+1<<40, 10), nil)
	req.Header.Set(hdrAccount, f.alfa.Admin.AccountID)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	details := expectError(t, response{rec.Code, rec.Result().Header, rec.Body.Bytes()}, http.StatusServiceUnavailable, "projection_lagging")
	if details["projector"] != identityview.Name {
		t.Errorf("details = %v", details)
	}
	// The caller is checked before waiting.
	req = httptest.NewRequest(http.MethodGet, "/api/v1/me?min_position=abc", nil)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("anonymous with a bad min_position: %d", rec.Code)
	}
}

// TestAuditLogBySession: a signed-in reader sees the audit log of the
// organisations where they hold audit.read, and nothing of the others; one
// without audit.read anywhere is refused.
func TestAuditLogBySession(t *testing.T) {
	f := newIdentityFixture(t)
	for _, tc := range []struct {
		name string
		who  caller
		org  string
	}{
		{"admin_of_alfa", f.alfaAdmin, f.alfa.OrgID},
		{"auditor_of_alfa", f.alfaAuditor, f.alfa.OrgID},
		{"admin_of_beta", f.betaAdmin, f.beta.OrgID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var page struct {
				Items []struct {
					OrgID string `json:"org_id"`
				} `json:"items"`
			}
			f.readJSON(t, tc.who, "/api/v1/audit/events?limit=500", &page)
			if len(page.Items) == 0 {
				t.Fatalf("no audit entries for the caller's organisation")
			}
			for _, it := range page.Items {
				if it.OrgID != tc.org {
					t.Fatalf("an entry of organisation %q reached a reader of %q", it.OrgID, tc.org)
				}
			}
		})
	}
	// Asking for another organisation by filter finds nothing of it.
	var page struct {
		Items []json.RawMessage `json:"items"`
	}
	f.readJSON(t, f.betaAdmin, "/api/v1/audit/events?org="+f.alfa.OrgID, &page)
	if len(page.Items) != 0 {
		t.Fatalf("a filter on another organisation returned %d entries", len(page.Items))
	}
	expectError(t, f.read(t, f.alfaMember, "/api/v1/audit/events"), http.StatusForbidden, "forbidden")
}
