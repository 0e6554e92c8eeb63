package identityview_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/projections/identityview"
)

func grantIDs(p identity.Principal) []string {
	var ids []string
	for _, g := range p.Grants {
		ids = append(ids, g.ID)
	}
	return ids
}

func sorted(ids ...string) []string { return slices.Sorted(slices.Values(ids)) }

func TestPrincipalFor(t *testing.T) {
	w := newEnv(t)
	ctx := context.Background()
	orgA, _ := w.registerOrg("Acme", "RO18547290")
	orgB, _ := w.registerOrg("Universitatea din București", "14399840")
	ana, _ := w.registerPerson(orgA, "Ana", "Pop", "", "")
	bob, _ := w.registerPerson(orgA, "Bob", "Ion", "", "")
	anaAcc := w.createAccount(orgA, ana, "ana@acme.ro")
	bobAcc := w.createAccount(orgA, bob, "bob@acme.ro")

	reviewers, err := identity.CreateGroup(id(), orgA, "Reviewers")
	must(t, err)
	must(t, reviewers.AddMember(bobAcc.ID(), orgA))
	w.saveGroup(reviewers)
	others, err := identity.CreateGroup(id(), orgA, "Others")
	must(t, err)
	must(t, others.AddMember(anaAcc.ID(), orgA))
	w.saveGroup(others)

	access := identity.NewAccess(orgA)
	adminGrant := grant(t, access, account(anaAcc.ID()), identity.RoleOrgAdmin, orgScope(), time.Time{})
	groupGrant := grant(t, access, group(reviewers.ID()), identity.RoleMember, orgScope(), time.Time{})
	othersGrant := grant(t, access, group(others.ID()), identity.RoleFinancialOfficer, orgScope(), time.Time{})
	auditGrant := grant(t, access, account(bobAcc.ID()), identity.RoleAuditor, orgScope(), t0.Add(time.Hour))
	w.saveAccess(access)
	accessB := identity.NewAccess(orgB)
	projectB := id()
	crossGrant := grant(t, accessB, account(bobAcc.ID()), identity.RoleProjectManager, projectScope(projectB), time.Time{})
	w.saveAccess(accessB)
	w.Apply()

	bobP := func() identity.Principal {
		t.Helper()
		p, err := identityview.PrincipalFor(ctx, w.pool, bobAcc.ID())
		must(t, err)
		return p
	}
	inA := identity.Target{OrgID: orgA}

	t.Run("direct_group_expired_and_other_org", func(t *testing.T) {
		p := bobP()
		if p.AccountID != bobAcc.ID() || p.OrgID != orgA || !p.Active || p.IsSystem() {
			t.Fatalf("principal = %+v", p)
		}
		if got, want := grantIDs(p), sorted(groupGrant, auditGrant, crossGrant); !slices.Equal(got, want) {
			t.Fatalf("grants = %v, want %v (not %s of a group bob is not in, nor ana's %s)", got, want, othersGrant, adminGrant)
		}
		for _, g := range p.Grants {
			if g.ID == crossGrant && (g.Scope != identity.Scope{Kind: identity.ScopeProject, OrgID: orgB, ProjectID: projectB}) {
				t.Errorf("cross-organisation grant = %+v", g)
			}
			if g.ID == auditGrant && !g.ExpiresAt.Equal(t0.Add(time.Hour)) {
				t.Errorf("auditor grant = %+v", g)
			}
		}
		// The expired grant is returned; Authorize ignores it.
		checks := []struct {
			action identity.Action
			target identity.Target
			at     time.Time
			want   error
		}{
			{identity.ActAuditRead, inA, t0.Add(30 * time.Minute), nil},
			{identity.ActAuditRead, inA, t0.Add(2 * time.Hour), domain.ErrForbidden},
			{identity.ActTimeRecord, inA, t0.Add(2 * time.Hour), nil}, // through the group
			{identity.ActProjectManage, identity.Target{OrgID: orgB, ProjectID: projectB}, t0, nil},
			{identity.ActPeopleManage, inA, t0, domain.ErrForbidden},
		}
		for _, c := range checks {
			if err := identity.Authorize(p, c.action, c.target, c.at); !errors.Is(err, c.want) || (c.want == nil && err != nil) {
				t.Errorf("Authorize(%s on %+v at %s) = %v, want %v", c.action, c.target, c.at, err, c.want)
			}
		}
	})

	t.Run("after_a_revoke", func(t *testing.T) {
		must(t, access.RevokeRole(identity.System(), auditGrant, "audit done", t0))
		w.saveAccess(access)
		w.Apply()
		if got, want := grantIDs(bobP()), sorted(groupGrant, crossGrant); !slices.Equal(got, want) {
			t.Fatalf("grants = %v, want %v", got, want)
		}
	})

	t.Run("after_a_group_removal", func(t *testing.T) {
		must(t, reviewers.RemoveMember(bobAcc.ID()))
		w.saveGroup(reviewers)
		w.Apply()
		p := bobP()
		if got, want := grantIDs(p), []string{crossGrant}; !slices.Equal(got, want) {
			t.Fatalf("grants = %v, want %v", got, want)
		}
		if err := identity.Authorize(p, identity.ActTimeRecord, inA, t0); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("Authorize in org A with no grant there = %v, want not found", err)
		}
	})

	t.Run("disabled", func(t *testing.T) {
		must(t, bobAcc.Disable(""))
		w.saveAccount(bobAcc)
		w.Apply()
		if p := bobP(); p.Active {
			t.Fatalf("a disabled account's principal is active: %+v", p)
		}
	})

	t.Run("no_grants", func(t *testing.T) {
		carol, _ := w.registerPerson(orgA, "Carol", "Marin", "", "")
		carolAcc := w.createAccount(orgA, carol, "carol@acme.ro")
		w.Apply()
		p, err := identityview.PrincipalFor(ctx, w.pool, carolAcc.ID())
		must(t, err)
		if p.OrgID != orgA || !p.Active || p.Grants == nil || len(p.Grants) != 0 {
			t.Fatalf("principal = %+v", p)
		}
	})

	t.Run("unknown_account", func(t *testing.T) {
		if _, err := identityview.PrincipalFor(ctx, w.pool, id()); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("err = %v, want not found", err)
		}
	})

	t.Run("in_a_transaction", func(t *testing.T) {
		tx, err := w.pool.Begin(ctx)
		must(t, err)
		defer tx.Rollback(ctx) //nolint:errcheck // read only
		p, err := identityview.PrincipalFor(ctx, tx, anaAcc.ID())
		must(t, err)
		if got, want := grantIDs(p), sorted(adminGrant, othersGrant); !slices.Equal(got, want) {
			t.Fatalf("ana's grants = %v, want %v", got, want)
		}
	})
}

func TestAccountForAPIToken(t *testing.T) {
	w := newEnv(t)
	ctx := context.Background()
	orgID, _ := w.registerOrg("Acme", "RO18547290")
	personID, _ := w.registerPerson(orgID, "Ana", "Pop", "", "")
	a := w.createAccount(orgID, personID, "ana@acme.ro")
	expiry := t0.Add(time.Hour)
	must(t, a.IssueAPIToken(id(), "forever", tokenHash("forever"), time.Time{}, t0))
	must(t, a.IssueAPIToken(id(), "hourly", tokenHash("hourly"), expiry, t0))
	revoked := id()
	must(t, a.IssueAPIToken(revoked, "revoked", tokenHash("revoked"), time.Time{}, t0))
	must(t, a.RevokeAPIToken(revoked))
	w.saveAccount(a)
	w.Apply()

	cases := []struct {
		name   string
		secret string
		now    time.Time
		found  bool
	}{
		{"without_expiry", "forever", t0.Add(1000 * time.Hour), true},
		{"before_expiry", "hourly", expiry.Add(-time.Microsecond), true},
		{"at_expiry", "hourly", expiry, false},
		{"after_expiry", "hourly", expiry.Add(time.Minute), false},
		{"revoked", "revoked", t0, false},
		{"unknown", "nobody", t0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			accountID, gotOrg, err := identityview.AccountForAPIToken(ctx, w.pool, sha256Of(c.secret), c.now)
			switch {
			case c.found && (err != nil || accountID != a.ID() || gotOrg != orgID):
				t.Fatalf("got %q, %q, %v; want %s of %s", accountID, gotOrg, err, a.ID(), orgID)
			case !c.found && !errors.Is(err, domain.ErrNotFound):
				t.Fatalf("got %q, %v; want not found", accountID, err)
			}
		})
	}
}

func TestListsPageByIDWithinTheOrganization(t *testing.T) {
	w := newEnv(t)
	ctx := context.Background()
	orgA, _ := w.registerOrg("Acme", "RO18547290")
	orgB, _ := w.registerOrg("Universitatea din București", "14399840")
	var people, accounts, groups []string
	for i, name := range []string{"Ana", "Bob", "Carol", "Dan", "Elena"} {
		personID, _ := w.registerPerson(orgA, name, "Pop", "", cnp("29602294001"+string(rune('0'+i))))
		people = append(people, personID)
		accounts = append(accounts, w.createAccount(orgA, personID, strings.ToLower(name)+"@acme.ro").ID())
		g, err := identity.CreateGroup(id(), orgA, "Group "+name)
		must(t, err)
		for _, m := range accounts {
			must(t, g.AddMember(m, orgA))
		}
		w.saveGroup(g)
		groups = append(groups, g.ID())
	}
	foreign, _ := w.registerPerson(orgB, "Zoe", "Străin", "", "")
	foreignAcc := w.createAccount(orgB, foreign, "zoe@unibuc.ro")
	w.Apply()
	slices.Sort(people)
	slices.Sort(accounts)

	t.Run("people_in_pages_without_personal_data", func(t *testing.T) {
		var got []string
		cursor, pages := "", 0
		for {
			page, err := identityview.ListPeople(ctx, w.pool, orgA, cursor, 2, false)
			must(t, err)
			pages++
			for _, p := range page.Items {
				if p.Personal != nil || p.Sealed != nil || p.OrgID != orgA {
					t.Fatalf("person %+v: personal data or another organisation", p)
				}
				got = append(got, p.PersonID)
			}
			if page.Next == "" {
				break
			}
			cursor = page.Next
		}
		if !slices.Equal(got, people) || pages != 3 {
			t.Fatalf("people = %v in %d pages, want %v in 3", got, pages, people)
		}
		b, err := json.Marshal(mustPage(identityview.ListPeople(ctx, w.pool, orgA, "", 0, false)))
		must(t, err)
		if strings.Contains(string(b), "cnp") || strings.Contains(string(b), "personal") {
			t.Fatalf("JSON of people without personal data: %s", b)
		}
	})
	t.Run("people_with_personal_data", func(t *testing.T) {
		page, err := identityview.ListPeople(ctx, w.pool, orgA, "", 10, true)
		must(t, err)
		if len(page.Items) != 5 || page.Next != "" {
			t.Fatalf("page = %+v", page)
		}
		for _, p := range page.Items {
			personal, err := identityview.OpenPersonal(ctx, w.keys, p)
			must(t, err)
			if len(personal.CNP) != 13 {
				t.Fatalf("person %+v: no CNP", p)
			}
		}
	})
	t.Run("exact_last_page_has_no_next", func(t *testing.T) {
		page, err := identityview.ListAccounts(ctx, w.pool, orgA, "", 5)
		must(t, err)
		var got []string
		for _, a := range page.Items {
			got = append(got, a.AccountID)
		}
		if !slices.Equal(got, accounts) || page.Next != "" {
			t.Fatalf("accounts = %v next %q, want %v and no next page", got, page.Next, accounts)
		}
		b, err := json.Marshal(page)
		must(t, err)
		if strings.Contains(string(b), "argon2") || strings.Contains(string(b), "password") {
			t.Fatalf("account list exposes the password hash: %s", b)
		}
	})
	t.Run("groups_with_member_counts", func(t *testing.T) {
		page, err := identityview.ListGroups(ctx, w.pool, orgA, "", 0)
		must(t, err)
		counts := map[string]int{}
		for _, g := range page.Items {
			counts[g.GroupID] = g.MemberCount
		}
		for i, g := range groups {
			if counts[g] != i+1 {
				t.Errorf("group %d has %d members, want %d", i, counts[g], i+1)
			}
		}
		members, err := identityview.ListGroupMembers(ctx, w.pool, orgA, groups[4], accounts[1], 2)
		must(t, err)
		if len(members.Items) != 2 || members.Items[0].AccountID != accounts[2] || members.Next != accounts[3] {
			t.Fatalf("members after %s = %+v", accounts[1], members)
		}
	})
	t.Run("other_organisations_rows_are_not_found", func(t *testing.T) {
		if _, err := identityview.GetPerson(ctx, w.pool, orgA, foreign, false); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("GetPerson of another organisation: %v", err)
		}
		if _, err := identityview.GetAccount(ctx, w.pool, orgA, foreignAcc.ID()); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("GetAccount of another organisation: %v", err)
		}
		if _, err := identityview.GetGroup(ctx, w.pool, orgB, groups[0]); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("GetGroup of another organisation: %v", err)
		}
		if _, err := identityview.GetOrganization(ctx, w.pool, id()); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("GetOrganization of an unknown id: %v", err)
		}
		if _, err := identityview.AccountByEmail(ctx, w.pool, "nobody@acme.ro"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("AccountByEmail of an unknown address: %v", err)
		}
		page, err := identityview.ListPeople(ctx, w.pool, orgB, "", 0, false)
		must(t, err)
		if len(page.Items) != 1 || page.Items[0].PersonID != foreign {
			t.Errorf("people of org B = %+v", page.Items)
		}
		empty, err := identityview.ListGrants(ctx, w.pool, orgB, "", 0)
		must(t, err)
		if empty.Items == nil || len(empty.Items) != 0 {
			t.Errorf("grants of org B = %#v, want an empty, non-nil list", empty.Items)
		}
	})
}

func mustPage[T any](p identityview.Page[T], err error) identityview.Page[T] {
	if err != nil {
		panic(err)
	}
	return p
}
