package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	usecase "cronica/commands"
	"cronica/domain/identity"
	"cronica/internal/auth"
	"cronica/projections/auditlog"
	"cronica/projections/identityview"
	"cronica/projections/reportlog"
	"cronica/reports/bundle"
	"cronica/test/pgtest"
)

// TestAuditBundleRoute downloads a project's bundle through the read API,
// wired as serve wires it: the organisation's administrator gets the whole
// record, the project's auditor the record without the organisation-wide
// streams, both verify offline and the same request gives the same bytes;
// a bad period is 400 naming the parameter, a member without audit.read
// 403, another organisation's administrator 404.
func TestAuditBundleRoute(t *testing.T) {
	ctx := context.Background()
	rig := newAuditRig(t, "cmd_audit_bundle")
	s, router, service, env := rig.s, rig.router, rig.service, rig.env
	ids := usecase.NewIdentity(env)
	a := seedIsolationOrg(t, ids, isolationSeed{tag: "Alfa", legalName: "Institutul Alfaris", cuiBody: "7700001",
		admin: [2]string{"Zenobia", "Alfaranu"}, member: [2]string{"Octavian", "Alfescu"}, cnpSerial: 100})
	b := seedIsolationOrg(t, ids, isolationSeed{tag: "Beta", legalName: "Compania Betania", cuiBody: "7700002",
		admin: [2]string{"Bogdan", "Betaru"}, member: [2]string{"Bianca", "Betescu"}, cnpSerial: 200})
	seedIsolationTime(t, usecase.NewTime(env), &a)
	a.Report = seedIsolationReport(t, s.pool, service, a)
	sys := usecase.Meta{Actor: identity.System(), CorrelationID: "audit-bundle-test"}
	hash, err := auth.HashPassword("Parola-Auditorului-2026", rand.Reader)
	pgtest.Must(t, err, "hash")
	p, err := ids.RegisterPerson.Handle(ctx, sys, usecase.RegisterPerson{OrgID: a.OrgID,
		Details: identity.PersonDetails{GivenName: "Paul", FamilyName: "Auditorescu"}})
	pgtest.Must(t, err, "register the auditor")
	acc, err := ids.CreateAccount.Handle(ctx, sys, usecase.CreateAccount{OrgID: a.OrgID, PersonID: p.ID,
		Email: "paul.auditor@curte.example", PasswordHash: hash})
	pgtest.Must(t, err, "the auditor's account")
	_, err = ids.GrantRole.Handle(ctx, sys, usecase.GrantRole{OrgID: a.OrgID, Subject: identity.Subject{Kind: identity.SubjectAccount, ID: acc.ID},
		Role: identity.RoleAuditor, ProjectID: a.Project, ExpiresAt: time.Now().Add(30 * 24 * time.Hour)})
	pgtest.Must(t, err, "grant the project's auditor")
	waitForHead(t, s, identityview.Name, reportlog.Name, auditlog.Name)

	sessions, err := auth.NewSessions(s.pool, auth.SessionConfig{})
	pgtest.Must(t, err, "sessions")
	get := func(account, org, target string) (int, []byte, http.Header) {
		sess, err := sessions.Create(ctx, account, org, "192.0.2.9", "audit-bundle-test")
		pgtest.Must(t, err, "session")
		res := serveRequest(router, http.MethodGet, target, "", map[string]string{"Cookie": auth.SessionCookieName + "=" + sess.Token})
		return res.Code, res.Body.Bytes(), res.Header()
	}
	path := "/api/v1/orgs/" + a.OrgID + "/projects/" + a.Project + "/audit-bundle"
	full := path + "?from=2026-01-01&to=2026-12-31"

	download := func(account string) bundle.Manifest {
		t.Helper()
		code, body, h := get(account, a.OrgID, full)
		sum := sha256.Sum256(body)
		if code != http.StatusOK || h.Get("Content-Type") != "application/zip" || h.Get("X-Cronica-SHA256") != hex.EncodeToString(sum[:]) ||
			!strings.Contains(h.Get("Content-Disposition"), "audit-bundle_ALFARIS_2026-01-01_2026-12-31.zip") {
			t.Fatalf("GET %s: %d %v\n%s", full, code, h, body)
		}
		res, err := bundle.Verify(body)
		if err != nil || !res.OK() {
			t.Fatalf("the downloaded bundle does not verify: %v %v", err, res.Failures)
		}
		var m bundle.Manifest
		pgtest.Must(t, json.Unmarshal(zipFiles(t, body)[bundle.FileManifest], &m), "the manifest")
		if again, body2, _ := get(account, a.OrgID, full); again != http.StatusOK || string(body2) != string(body) {
			t.Fatal("the same request gave other bytes")
		}
		return m
	}
	if m := download(a.AdminAccount); len(m.Omitted) != 0 || m.Counts.Reports != 1 || m.Org.ID != a.OrgID {
		t.Errorf("the administrator's bundle: omitted %v, %d reports", m.Omitted, m.Counts.Reports)
	}
	if m := download(acc.ID); len(m.Omitted) == 0 || m.Counts.Reports != 1 {
		t.Errorf("the project auditor's bundle: omitted %v, %d reports", m.Omitted, m.Counts.Reports)
	}

	// Neither from nor to: the project's duration so far (from its start,
	// 2025-01-01, to today in Bucharest).
	if code, body, _ := get(a.AdminAccount, a.OrgID, path); code != http.StatusOK {
		t.Errorf("GET %s: %d %s", path, code, body)
	} else {
		var m bundle.Manifest
		pgtest.Must(t, json.Unmarshal(zipFiles(t, body)[bundle.FileManifest], &m), "the manifest")
		zone, err := time.LoadLocation(bundleZone)
		pgtest.Must(t, err, "zone")
		if today := time.Now().In(zone).Format(time.DateOnly); m.Period.From != "2025-01-01" || (m.Period.To != today && m.Period.To != "2027-12-31") {
			t.Errorf("the default period is %s..%s, want 2025-01-01..%s", m.Period.From, m.Period.To, today)
		}
	}
	for _, c := range []struct {
		account, query string
		code           int
		want           string
	}{
		{a.AdminAccount, "?from=2026-02-30&to=2026-12-31", http.StatusBadRequest, `"parameter":"from"`},
		{a.AdminAccount, "?from=2026-12-31&to=2026-01-01", http.StatusBadRequest, `"code":"invalid_period"`},
		{a.AdminAccount, "?from=2026-01-01", http.StatusBadRequest, `"parameter":"to"`},
		{a.AdminAccount, "?to=2026-01-01", http.StatusBadRequest, `"parameter":"from"`},
		{a.AdminAccount, "?from=2026-01-01&to=2026-12-31&format=tar", http.StatusBadRequest, `"code":"unknown_parameter"`},
		{a.MemberAccount, "?from=2026-01-01&to=2026-12-31", http.StatusForbidden, `"code":"forbidden"`},
	} {
		if code, body, _ := get(c.account, a.OrgID, path+c.query); code != c.code || !strings.Contains(string(body), c.want) {
			t.Errorf("GET %s: %d %s, want %d with %s", c.query, code, body, c.code, c.want)
		}
	}
	if code, body, _ := get(b.AdminAccount, b.OrgID, full); code != http.StatusNotFound || strings.Contains(string(body), a.ProjectTitle) {
		t.Errorf("B's administrator: %d %s, want 404", code, body)
	}
	if code, _, _ := get(a.AdminAccount, a.OrgID, "/api/v1/orgs/"+a.OrgID+"/projects/"+uuid.NewString()+"/audit-bundle?from=2026-01-01&to=2026-12-31"); code != http.StatusNotFound {
		t.Errorf("an unknown project: %d, want 404", code)
	}
}
