package identity_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"cronica/domain"
	"cronica/domain/identity"
)

// The tests read as given events / when a command / then events or an
// error. Times and ids are fixed: the domain has no clock and no randomness.

var now = time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)

const (
	orgA = "0a000000-0000-4000-8000-00000000000a"
	orgB = "0b000000-0000-4000-8000-00000000000b"

	personAna = "1a000000-0000-4000-8000-000000000001"

	accAdmin   = "a0000000-0000-4000-8000-000000000001"
	accAdmin2  = "a0000000-0000-4000-8000-000000000002"
	accPM      = "a0000000-0000-4000-8000-000000000003"
	accMember  = "a0000000-0000-4000-8000-000000000004"
	accAuditor = "a0000000-0000-4000-8000-000000000005"
	accHR      = "a0000000-0000-4000-8000-000000000006"
	accOther   = "a0000000-0000-4000-8000-000000000007"
	accForeign = "a0000000-0000-4000-8000-0000000000b1" // an administrator of orgB

	groupTeam = "9a000000-0000-4000-8000-000000000001"

	projectP1 = "50000000-0000-4000-8000-000000000001"
	projectP2 = "50000000-0000-4000-8000-000000000002"

	tokenT1 = "70000000-0000-4000-8000-000000000001"
	tokenT2 = "70000000-0000-4000-8000-000000000002"

	hash1 = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaDE"
	hash2 = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaDI"
)

// then is the expected outcome of a command: the events it records, or the
// error it returns (with no events recorded).
type then struct {
	events  []domain.Event // recorded changes; nil or empty: none
	code    string         // a *domain.RuleError with this Code
	details map[string]any // entries the rule error's Details must hold
	is      error          // an error matching this with errors.Is
	plain   bool           // some error that is not a *domain.RuleError (a caller's programming error)
}

func (w then) wantsError() bool { return w.code != "" || w.is != nil || w.plain }

// check compares a command's result with want.
func check(t *testing.T, changes []domain.Event, err error, want then) {
	t.Helper()
	if !want.wantsError() {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		if len(changes) == 0 && len(want.events) == 0 {
			return
		}
		if !reflect.DeepEqual(changes, want.events) {
			t.Fatalf("events:\n%s\nwant:\n%s", dump(changes), dump(want.events))
		}
		return
	}
	if err == nil {
		t.Fatalf("no error; recorded:\n%s", dump(changes))
	}
	var re *domain.RuleError
	isRule := errors.As(err, &re)
	switch {
	case want.code != "":
		if !isRule || re.Code != want.code {
			t.Fatalf("error %v, want rule %s", err, want.code)
		}
		if !errors.Is(err, domain.ErrRule) {
			t.Errorf("rule error %v does not match domain.ErrRule", err)
		}
		if re.Message == "" || re.MessageRO == "" {
			t.Errorf("rule %s lacks an English or Romanian message", re.Code)
		}
		for k, v := range want.details {
			if re.Details[k] != v {
				t.Errorf("details[%q] = %v, want %v (details %v)", k, re.Details[k], v, re.Details)
			}
		}
	case want.is != nil:
		if !errors.Is(err, want.is) {
			t.Fatalf("error %v, want %v", err, want.is)
		}
	case want.plain:
		if isRule {
			t.Fatalf("error %v is a rule error, want a plain error", err)
		}
	}
	if len(changes) != 0 {
		t.Fatalf("a refused command recorded:\n%s", dump(changes))
	}
}

// ruleCode is the Code of err's *domain.RuleError, or "" for none.
func ruleCode(err error) string {
	var re *domain.RuleError
	if errors.As(err, &re) {
		return re.Code
	}
	return ""
}

func dump(events []domain.Event) string {
	if len(events) == 0 {
		return "  (none)"
	}
	var b strings.Builder
	for _, e := range events {
		fmt.Fprintf(&b, "  %s %+v\n", e.EventType(), e)
	}
	return b.String()
}

func events(e ...domain.Event) []domain.Event { return e }

// Loading from given events.

func givenOrganization(t *testing.T, history ...domain.Event) *identity.Organization {
	t.Helper()
	o, err := identity.LoadOrganization(history)
	if err != nil {
		t.Fatalf("load organization: %v", err)
	}
	loaded(t, o.Version(), o.Changes(), history)
	return o
}

func givenPerson(t *testing.T, history ...domain.Event) *identity.Person {
	t.Helper()
	p, err := identity.LoadPerson(history)
	if err != nil {
		t.Fatalf("load person: %v", err)
	}
	loaded(t, p.Version(), p.Changes(), history)
	return p
}

func givenAccount(t *testing.T, history ...domain.Event) *identity.Account {
	t.Helper()
	a, err := identity.LoadAccount(history)
	if err != nil {
		t.Fatalf("load account: %v", err)
	}
	loaded(t, a.Version(), a.Changes(), history)
	return a
}

func givenGroup(t *testing.T, history ...domain.Event) *identity.Group {
	t.Helper()
	g, err := identity.LoadGroup(history)
	if err != nil {
		t.Fatalf("load group: %v", err)
	}
	loaded(t, g.Version(), g.Changes(), history)
	return g
}

func givenAccess(t *testing.T, history ...domain.Event) *identity.Access {
	t.Helper()
	a := identity.LoadAccess(orgA, history)
	loaded(t, a.Version(), a.Changes(), history)
	return a
}

// loaded checks what every load promises: the version of the last event,
// and nothing recorded.
func loaded(t *testing.T, version int64, changes []domain.Event, history []domain.Event) {
	t.Helper()
	if version != int64(len(history))-1 {
		t.Fatalf("Version() after loading %d events = %d", len(history), version)
	}
	if len(changes) != 0 {
		t.Fatalf("loading recorded:\n%s", dump(changes))
	}
}

// Grants and principals.

func accountSubject(id string) identity.Subject {
	return identity.Subject{Kind: identity.SubjectAccount, ID: id}
}

func orgScope() identity.Scope {
	return identity.Scope{Kind: identity.ScopeOrganization, OrgID: orgA}
}

func projectScope(project string) identity.Scope {
	return identity.Scope{Kind: identity.ScopeProject, OrgID: orgA, ProjectID: project}
}

// grant is a grant in force in orgA, as stored (given by System a day ago).
func grant(id string, subject identity.Subject, role identity.Role, scope identity.Scope, expires time.Time) identity.Grant {
	return identity.Grant{ID: id, Subject: subject, Role: role, Scope: scope, ExpiresAt: expires,
		GrantedBy: "system", GrantedAt: now.Add(-24 * time.Hour)}
}

func granted(g identity.Grant) *identity.RoleGranted {
	return &identity.RoleGranted{OrgID: g.Scope.OrgID, Grant: g}
}

// principal is an active caller holding grants.
func principal(account string, grants ...identity.Grant) identity.Principal {
	return identity.Principal{AccountID: account, OrgID: orgA, Active: true, Grants: grants}
}

// gid is the n-th grant id.
func gid(n int) string { return fmt.Sprintf("6a000000-0000-4000-8000-%012d", n) }

// The standing grants of orgA used across the Access tests.
var (
	gAdmin   = grant(gid(1), accountSubject(accAdmin), identity.RoleOrgAdmin, orgScope(), time.Time{})
	gAdmin2  = grant(gid(2), accountSubject(accAdmin2), identity.RoleOrgAdmin, orgScope(), time.Time{})
	gPM      = grant(gid(3), accountSubject(accPM), identity.RoleProjectManager, projectScope(projectP1), time.Time{})
	gMember  = grant(gid(4), accountSubject(accMember), identity.RoleMember, orgScope(), time.Time{})
	gAuditor = grant(gid(5), accountSubject(accAuditor), identity.RoleAuditor, orgScope(), now.Add(30*24*time.Hour))
	gHR      = grant(gid(6), accountSubject(accHR), identity.RoleHRManager, orgScope(), time.Time{})
	// gPMMember is a member grant in project P1, revocable by the project manager.
	gPMMember = grant(gid(7), accountSubject(accOther), identity.RoleMember, projectScope(projectP1), time.Time{})
)

// cnp completes a 12-digit CNP prefix with its control digit (key
// 279146358279; a remainder of 10 gives 1), computed here independently of
// ValidateCNP.
func cnp(prefix string) string {
	const key = "279146358279"
	if len(prefix) != 12 {
		panic("cnp: prefix of " + prefix + " is not 12 digits")
	}
	sum := 0
	for i := range 12 {
		sum += int(prefix[i]-'0') * int(key[i]-'0')
	}
	c := sum % 11
	if c == 10 {
		c = 1
	}
	return prefix + string(rune('0'+c))
}
