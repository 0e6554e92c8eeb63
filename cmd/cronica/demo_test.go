package main

import (
	"strings"
	"testing"
	"unicode"

	"cronica/domain/identity"
	"cronica/internal/auth"
	"cronica/test/pgtest"
)

func TestDemoData(t *testing.T) {
	orgs, people := demoOrgs(), demoPeople()
	for _, o := range orgs {
		cui := cuiWithControl(o.cuiBody)
		if _, err := identity.ValidateCUI(cui); err != nil {
			t.Errorf("%s: CUI %s: %v", o.details.LegalName, cui, err)
		}
	}
	if got := cuiWithControl("1234560"); got != "12345607" { // the CUI the identity tests use
		t.Errorf("cuiWithControl = %s", got)
	}
	seen := map[string]bool{}
	for i, p := range people {
		cnp := p.cnp(orgs[p.org].county, i+1)
		if _, err := identity.ValidateCNP(cnp); err != nil {
			t.Errorf("%s: CNP %s: %v", p.name(), cnp, err)
		}
		email := p.email(orgs)
		if _, err := identity.ValidateEmail(email); err != nil || strings.IndexFunc(email, func(r rune) bool { return r > unicode.MaxASCII }) >= 0 {
			t.Errorf("%s: email %q: %v", p.name(), email, err)
		}
		if seen[email] {
			t.Errorf("two people with %s", email)
		}
		seen[email] = true
	}
	var names strings.Builder
	for _, p := range people {
		names.WriteString(p.name())
	}
	if !strings.ContainsAny(names.String(), "ăâîșț") {
		t.Error("the demo's names have no Romanian diacritics")
	}
	if len(people) < 12 {
		t.Errorf("%d people", len(people))
	}
}

func TestDemoSeedsOnceAndThenChangesNothing(t *testing.T) {
	pool, dbURL := pgtest.NewPool(t, "cmd_demo")
	env := cronicaEnv("CRONICA_DATABASE_URL="+dbURL, "CRONICA_DATA_DIR="+t.TempDir())

	first := runCronica(t, env, "demo")
	if first.code != exitOK {
		t.Fatalf("demo: exit %d\n%s%s", first.code, first.stdout, first.stderr)
	}
	orgs := demoOrgs()
	for _, p := range demoPeople() {
		if !strings.Contains(first.stdout, p.email(orgs)) || !strings.Contains(first.stdout, p.name()) {
			t.Errorf("the logins table lacks %s <%s>:\n%s", p.name(), p.email(orgs), first.stdout)
		}
	}
	for _, want := range []string{DemoPassword, "Universitatea Tehnică Someșeană din Cluj-Napoca", "org_admin", "hr_manager",
		"project_manager", "financial_officer", "auditor until ", "member in UTS Cluj", "AQUASENSE",
		"timesheet of Elena Dumitrașcu 2026-01: approved", "timesheet of Bogdan Nistor 2026-01: submitted",
		"timesheet of Elena Dumitrașcu 2026-02: draft", "demo: seeded"} {
		if !strings.Contains(first.stdout, want) {
			t.Errorf("demo output lacks %q:\n%s", want, first.stdout)
		}
	}

	events := loggedEvents(t, pool)
	count := map[string]int{}
	var hash string
	// Signatures are the people's own: each submission by the person's
	// account, the approval by the supervisor's. Everything else is System's.
	signers := map[string]bool{}
	for _, i := range []int{2, 4, 5} {
		signers[demoID("account/"+demoPeople()[i].email(demoOrgs()))] = true
	}
	for _, e := range events {
		count[e.Type]++
		signature := e.Type == "TimesheetSubmitted.v1" || e.Type == "TimesheetApproved.v1"
		if signature && !signers[e.Actor] || !signature && e.Actor != "system" {
			t.Errorf("%s by %q", e.Type, e.Actor)
		}
		if e.Type == "AccountCreated.v1" && hash == "" {
			hash, _ = e.Data["password_hash"].(string)
		}
	}
	for typ, n := range map[string]int{"OrganizationRegistered.v1": 2, "PersonRegistered.v1": 12, "AccountCreated.v1": 12,
		"GroupCreated.v1": 4, "GroupMemberAdded.v1": 13, "ProjectRegistered.v1": 1, "WorkPackageAdded.v1": 2, "ActivityAdded.v1": 4,
		"ProjectPartnerAdded.v1": 1, "BudgetLineSet.v1": 3, "ProjectMemberAdded.v1": 3, "ContractSigned.v1": 2, "AssignedToProject.v1": 2,
		"TimesheetOpened.v1": 3, "TimesheetSubmitted.v1": 2, "TimesheetApproved.v1": 1} {
		if count[typ] != n {
			t.Errorf("%d %s, want %d", count[typ], typ, n)
		}
	}
	if ok, _, err := auth.VerifyPassword(DemoPassword, hash); !ok || err != nil {
		t.Errorf("the demo password does not verify: %v", err)
	}

	second := runCronica(t, env, "demo")
	if second.code != exitOK || !strings.Contains(second.stdout, "demo: already seeded; nothing changed") {
		t.Fatalf("second demo: exit %d\n%s%s", second.code, second.stdout, second.stderr)
	}
	if after := loggedEvents(t, pool); len(after) != len(events) {
		t.Errorf("the second run appended %d events", len(after)-len(events))
	}
	// The table is the same, bar the last line.
	cut := func(s string) string { return s[:strings.LastIndex(strings.TrimSuffix(s, "\n"), "\n")] }
	if cut(first.stdout) != cut(second.stdout) {
		t.Errorf("the logins differ:\n%s\n---\n%s", first.stdout, second.stdout)
	}
}
