package identity_test

import (
	"reflect"
	"testing"
	"time"

	"cronica/domain"
	"cronica/domain/identity"
)

// newGrant is what a caller asks GrantRole for (the scope's OrgID is
// deliberately left for Access to fill in).
func newGrant(n int, subject identity.Subject, role identity.Role, scope identity.Scope, expires time.Time) identity.Grant {
	scope.OrgID = ""
	return identity.Grant{ID: gid(n), Subject: subject, Role: role, Scope: scope, ExpiresAt: expires}
}

// recorded is the RoleGranted that GrantRole records for g given by whom at now.
func recorded(g identity.Grant, by string) *identity.RoleGranted {
	g.Scope.OrgID, g.GrantedBy, g.GrantedAt = orgA, by, now
	return &identity.RoleGranted{OrgID: orgA, Grant: g}
}

func revoked(id, by, reason string) *identity.RoleRevoked {
	return &identity.RoleRevoked{OrgID: orgA, GrantID: id, RevokedBy: by, Reason: reason}
}

func TestGrantRole(t *testing.T) {
	standing := events(granted(gAdmin), granted(gPM), granted(gMember), granted(gHR))
	admin, pm, member, hr := principal(accAdmin, gAdmin), principal(accPM, gPM), principal(accMember, gMember), principal(accHR, gHR)
	in30days := now.Add(30 * 24 * time.Hour)
	otherAcc := accountSubject(accOther)
	memberOfOther := newGrant(20, otherAcc, identity.RoleMember, orgScope(), time.Time{})
	// expiredAuditor expired an hour ago.
	expiredAuditor := grant(gid(21), otherAcc, identity.RoleAuditor, orgScope(), now.Add(-time.Hour))
	tempAdminGrant := grant(gid(22), accountSubject(accAdmin2), identity.RoleOrgAdmin, orgScope(), now.Add(24*time.Hour))

	tests := []struct {
		name       string
		given      []domain.Event
		p          identity.Principal
		g          identity.Grant
		then       then
		regression string // the bug this case caught, now fixed
	}{
		{name: "admin_grants_member", given: standing, p: admin, g: memberOfOther,
			then: then{events: events(recorded(memberOfOther, accAdmin))}},
		{name: "scope_organisation_forced_to_this_one", given: standing, p: admin,
			g:    func() identity.Grant { g := memberOfOther; g.Scope.OrgID = orgB; return g }(),
			then: then{events: events(recorded(memberOfOther, accAdmin))}},
		{name: "system_grants_first_admin", p: identity.System(),
			g:    newGrant(20, accountSubject(accAdmin), identity.RoleOrgAdmin, orgScope(), time.Time{}),
			then: then{events: events(recorded(newGrant(20, accountSubject(accAdmin), identity.RoleOrgAdmin, orgScope(), time.Time{}), "system"))}},
		{name: "to_a_group", given: standing, p: admin,
			g: newGrant(20, identity.Subject{Kind: identity.SubjectGroup, ID: groupTeam}, identity.RoleMember, projectScope(projectP1), time.Time{}),
			then: then{events: events(recorded(newGrant(20, identity.Subject{Kind: identity.SubjectGroup, ID: groupTeam},
				identity.RoleMember, projectScope(projectP1), time.Time{}), accAdmin))}},
		{name: "auditor_with_expiry", given: standing, p: admin,
			g:    newGrant(20, otherAcc, identity.RoleAuditor, orgScope(), in30days),
			then: then{events: events(recorded(newGrant(20, otherAcc, identity.RoleAuditor, orgScope(), in30days), accAdmin))}},
		{name: "same_role_other_project", given: events(granted(gAdmin), granted(gPMMember)), p: admin,
			g:    newGrant(20, otherAcc, identity.RoleMember, projectScope(projectP2), time.Time{}),
			then: then{events: events(recorded(newGrant(20, otherAcc, identity.RoleMember, projectScope(projectP2), time.Time{}), accAdmin))}},
		{name: "again_after_expiry", given: events(granted(gAdmin), granted(expiredAuditor)), p: admin,
			g:    newGrant(20, otherAcc, identity.RoleAuditor, orgScope(), in30days),
			then: then{events: events(recorded(newGrant(20, otherAcc, identity.RoleAuditor, orgScope(), in30days), accAdmin))}},

		// The grant itself.
		{name: "unknown_role", given: standing, p: admin, g: newGrant(20, otherAcc, "owner", orgScope(), time.Time{}),
			then: then{code: "IDENTITY_ROLE_UNKNOWN", details: map[string]any{"role": "owner"}}},
		{name: "auditor_without_expiry", given: standing, p: admin, g: newGrant(20, otherAcc, identity.RoleAuditor, orgScope(), time.Time{}),
			then: then{code: "IDENTITY_AUDITOR_NEEDS_EXPIRY", details: map[string]any{"field": "expires_at"}}},
		{name: "expiry_in_past", given: standing, p: admin, g: newGrant(20, otherAcc, identity.RoleMember, orgScope(), now.Add(-time.Minute)),
			then: then{code: "IDENTITY_EXPIRY_IN_PAST", details: map[string]any{"field": "expires_at"}}},
		{name: "expiry_now", given: standing, p: admin, g: newGrant(20, otherAcc, identity.RoleAuditor, orgScope(), now),
			then: then{code: "IDENTITY_EXPIRY_IN_PAST"}},
		{name: "duplicate", given: events(granted(gAdmin), granted(gMember)), p: admin,
			g:    newGrant(20, accountSubject(accMember), identity.RoleMember, orgScope(), now.Add(time.Hour)),
			then: then{code: "IDENTITY_GRANT_EXISTS", details: map[string]any{"grant_id": gMember.ID}}},
		{name: "duplicate_project_grant", given: events(granted(gAdmin), granted(gPMMember)), p: admin,
			g:    newGrant(20, otherAcc, identity.RoleMember, projectScope(projectP1), time.Time{}),
			then: then{code: "IDENTITY_GRANT_EXISTS"}},
		{name: "project_scope_without_project", given: standing, p: admin,
			g:    newGrant(20, otherAcc, identity.RoleMember, identity.Scope{Kind: identity.ScopeProject}, time.Time{}),
			then: then{code: "IDENTITY_SCOPE_INVALID", details: map[string]any{"field": "scope"}}},
		{name: "project_scope_bad_project_id", given: standing, p: admin,
			g:    newGrant(20, otherAcc, identity.RoleMember, identity.Scope{Kind: identity.ScopeProject, ProjectID: "P1"}, time.Time{}),
			then: then{code: "IDENTITY_SCOPE_INVALID"}},
		{name: "organisation_scope_with_project", given: standing, p: admin,
			g:    newGrant(20, otherAcc, identity.RoleMember, identity.Scope{Kind: identity.ScopeOrganization, ProjectID: projectP1}, time.Time{}),
			then: then{code: "IDENTITY_SCOPE_INVALID"}},
		{name: "scope_kind_missing", given: standing, p: admin,
			g:    newGrant(20, otherAcc, identity.RoleMember, identity.Scope{}, time.Time{}),
			then: then{code: "IDENTITY_SCOPE_INVALID"}},
		{name: "subject_kind_unknown", given: standing, p: admin,
			g:    newGrant(20, identity.Subject{Kind: "person", ID: personAna}, identity.RoleMember, orgScope(), time.Time{}),
			then: then{code: "IDENTITY_SUBJECT_INVALID", details: map[string]any{"field": "subject.kind"}}},
		{name: "subject_id_invalid", given: standing, p: admin,
			g:    newGrant(20, accountSubject("ana"), identity.RoleMember, orgScope(), time.Time{}),
			then: then{code: "IDENTITY_SUBJECT_INVALID", details: map[string]any{"field": "subject.id"}}},
		{name: "grant_id_not_uuid", given: standing, p: admin,
			g:    identity.Grant{ID: "g1", Subject: otherAcc, Role: identity.RoleMember, Scope: orgScope()},
			then: then{plain: true}},
		{name: "grant_id_in_use", given: standing, p: admin,
			g:    identity.Grant{ID: gMember.ID, Subject: otherAcc, Role: identity.RoleMember, Scope: orgScope()},
			then: then{plain: true}},
		{name: "grant_id_of_revoked_grant", given: events(granted(gAdmin), granted(gMember), revoked(gMember.ID, accAdmin, "")), p: admin,
			g:    identity.Grant{ID: gMember.ID, Subject: otherAcc, Role: identity.RoleMember, Scope: orgScope()},
			then: then{plain: true},
			regression: "revoked grants are deleted from Access.grants, so their id can be granted again: RoleRevoked{GrantID} then " +
				"names two different grants in the audit trail and in projections keyed by grant id"},

		// Who may grant.
		{name: "member_grants_self_org_admin", given: standing, p: member,
			g:    newGrant(20, accountSubject(accMember), identity.RoleOrgAdmin, orgScope(), time.Time{}),
			then: then{is: domain.ErrForbidden}}, // members lack grants.manage: Authorize refuses before any escalation check
		{name: "member_grants_member", given: standing, p: member, g: memberOfOther, then: then{is: domain.ErrForbidden}},
		{name: "hr_manager_grants_nothing", given: standing, p: hr, g: memberOfOther, then: then{is: domain.ErrForbidden}},
		{name: "pm_grants_member_in_project", given: standing, p: pm,
			g:    newGrant(20, otherAcc, identity.RoleMember, projectScope(projectP1), time.Time{}),
			then: then{events: events(recorded(newGrant(20, otherAcc, identity.RoleMember, projectScope(projectP1), time.Time{}), accPM))}},
		{name: "pm_grants_pm_in_project", given: standing, p: pm,
			g:    newGrant(20, otherAcc, identity.RoleProjectManager, projectScope(projectP1), time.Time{}),
			then: then{events: events(recorded(newGrant(20, otherAcc, identity.RoleProjectManager, projectScope(projectP1), time.Time{}), accPM))}},
		// A project manager cannot hand an auditor contracts.read and
		// finance.read, which the project manager does not hold (see the report).
		{name: "pm_grants_auditor_in_project", given: standing, p: pm,
			g:    newGrant(20, otherAcc, identity.RoleAuditor, projectScope(projectP1), in30days),
			then: then{code: "IDENTITY_ESCALATION", details: map[string]any{"role": "auditor", "missing": "contracts.read"}}},
		{name: "pm_grants_member_in_other_project", given: standing, p: pm,
			g:    newGrant(20, otherAcc, identity.RoleMember, projectScope(projectP2), time.Time{}),
			then: then{is: domain.ErrForbidden}},
		{name: "pm_grants_member_organisation_wide", given: standing, p: pm, g: memberOfOther,
			then: then{is: domain.ErrForbidden}},
		// Organisation-wide: the project manager has no grants.manage on the
		// organisation itself, so Authorize answers ErrForbidden (it does hold
		// a grant in orgA, so not ErrNotFound).
		{name: "pm_grants_org_admin_organisation_wide", given: standing, p: pm,
			g:    newGrant(20, accountSubject(accPM), identity.RoleOrgAdmin, orgScope(), time.Time{}),
			then: then{is: domain.ErrForbidden}},
		{name: "pm_grants_hr_manager_organisation_wide", given: standing, p: pm,
			g:    newGrant(20, otherAcc, identity.RoleHRManager, orgScope(), time.Time{}),
			then: then{is: domain.ErrForbidden}},
		// In the project: grants.manage is held there, so the escalation
		// check runs and finds contracts.read missing (the organisation-only
		// actions are skipped: the project scope would not give them anyway).
		{name: "pm_grants_org_admin_in_project", given: standing, p: pm,
			g:    newGrant(20, accountSubject(accPM), identity.RoleOrgAdmin, projectScope(projectP1), time.Time{}),
			then: then{code: "IDENTITY_ESCALATION", details: map[string]any{"role": "org_admin", "missing": "contracts.read"}}},
		{name: "pm_grants_hr_manager_in_project", given: standing, p: pm,
			g:    newGrant(20, otherAcc, identity.RoleHRManager, projectScope(projectP1), time.Time{}),
			then: then{code: "IDENTITY_ESCALATION", details: map[string]any{"role": "hr_manager", "missing": "contracts.read"}}},
		{name: "expired_admin_grants_nothing", given: events(granted(gAdmin), granted(expiredAuditor)),
			p: principal(accAdmin, grant(gid(1), accountSubject(accAdmin), identity.RoleOrgAdmin, orgScope(), now.Add(-time.Hour))),
			g: memberOfOther, then: then{is: domain.ErrNotFound}},
		{name: "admin_of_other_organisation", given: standing,
			p: principal(accForeign, func() identity.Grant { g := gAdmin; g.ID, g.Scope.OrgID = gid(95), orgB; return g }()),
			g: memberOfOther, then: then{is: domain.ErrNotFound}},
		{name: "disabled_admin", given: standing,
			p: func() identity.Principal { p := admin; p.Active = false; return p }(),
			g: memberOfOther, then: then{is: domain.ErrForbidden}},
		{name: "temporary_admin_grants_beyond_own_expiry", given: events(granted(gAdmin), granted(tempAdminGrant)),
			p:    principal(accAdmin2, tempAdminGrant),
			g:    newGrant(20, accountSubject(accAdmin2), identity.RoleHRManager, orgScope(), time.Time{}),
			then: then{code: "IDENTITY_ESCALATION"},
			regression: "CanGrant compares actions but not time: an administrator whose grant ends tomorrow can give " +
				"themselves (or a group they belong to) a grant that never ends, and keep the power after their own expires"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := givenAccess(t, tt.given...)
			before := a.Grants(now)
			err := a.GrantRole(tt.p, tt.g, now)
			check(t, a.Changes(), err, tt.then)
			after := a.Grants(now)
			if err != nil && !reflect.DeepEqual(before, after) {
				t.Errorf("a refused grant changed the grants in force: %v", after)
			}
			if err == nil && len(after) != len(before)+1 {
				t.Errorf("grants in force %d, want %d", len(after), len(before)+1)
			}
		})
	}
}

// An organisation administrator may grant every role, organisation-wide or
// in a project, to an account, a group or a work contract.
func TestAdminGrantsAnything(t *testing.T) {
	subjects := []identity.Subject{accountSubject(accOther), {Kind: identity.SubjectGroup, ID: groupTeam},
		{Kind: identity.SubjectContract, ID: "c0000000-0000-4000-8000-000000000001"}}
	for _, role := range identity.Roles() {
		for _, scope := range []identity.Scope{orgScope(), projectScope(projectP1)} {
			for _, s := range subjects {
				t.Run(string(role)+"_"+string(scope.Kind)+"_"+string(s.Kind), func(t *testing.T) {
					a := givenAccess(t, granted(gAdmin))
					g := newGrant(30, s, role, scope, now.Add(365*24*time.Hour))
					err := a.GrantRole(principal(accAdmin, gAdmin), g, now)
					check(t, a.Changes(), err, then{events: events(recorded(g, accAdmin))})
				})
			}
		}
	}
}

func TestRevokeRole(t *testing.T) {
	admin := principal(accAdmin, gAdmin)
	expiredAdmin2 := grant(gid(2), accountSubject(accAdmin2), identity.RoleOrgAdmin, orgScope(), now.Add(-time.Hour))
	admin2UntilTomorrow := grant(gid(2), accountSubject(accAdmin2), identity.RoleOrgAdmin, orgScope(), now.Add(24*time.Hour))
	groupAdmin := grant(gid(40), identity.Subject{Kind: identity.SubjectGroup, ID: groupTeam}, identity.RoleOrgAdmin, orgScope(), time.Time{})
	projectAdmin2 := grant(gid(41), accountSubject(accAdmin2), identity.RoleOrgAdmin, projectScope(projectP1), time.Time{})

	tests := []struct {
		name       string
		given      []domain.Event
		p          identity.Principal
		id         string
		then       then
		regression string // the bug this case caught, now fixed
	}{
		{name: "last_admin", given: events(granted(gAdmin), granted(gMember)), p: admin, id: gAdmin.ID,
			then: then{code: "IDENTITY_LAST_ADMIN"}},
		{name: "last_admin_by_system", given: events(granted(gAdmin)), p: identity.System(), id: gAdmin.ID,
			then: then{code: "IDENTITY_LAST_ADMIN"}},
		{name: "one_of_two_admins", given: events(granted(gAdmin), granted(gAdmin2)), p: admin, id: gAdmin2.ID,
			then: then{events: events(revoked(gAdmin2.ID, accAdmin, "handed over"))}},
		{name: "own_grant_when_another_admin_exists", given: events(granted(gAdmin), granted(gAdmin2)), p: admin, id: gAdmin.ID,
			then: then{events: events(revoked(gAdmin.ID, accAdmin, "handed over"))}},
		{name: "expired_admin_does_not_count", given: events(granted(gAdmin), granted(expiredAdmin2)), p: admin, id: gAdmin.ID,
			then: then{code: "IDENTITY_LAST_ADMIN"}},
		{name: "expired_admin_grant_may_go", given: events(granted(gAdmin), granted(expiredAdmin2)), p: admin, id: expiredAdmin2.ID,
			then: then{events: events(revoked(expiredAdmin2.ID, accAdmin, "handed over"))}},
		{name: "group_admin_does_not_count", given: events(granted(gAdmin), granted(groupAdmin)), p: admin, id: gAdmin.ID,
			then: then{code: "IDENTITY_LAST_ADMIN"}},
		{name: "group_admin_grant_may_go", given: events(granted(gAdmin), granted(groupAdmin)), p: admin, id: groupAdmin.ID,
			then: then{events: events(revoked(groupAdmin.ID, accAdmin, "handed over"))}},
		{name: "project_admin_does_not_count", given: events(granted(gAdmin), granted(projectAdmin2)), p: admin, id: gAdmin.ID,
			then: then{code: "IDENTITY_LAST_ADMIN"}},
		{name: "other_admin_expires_tomorrow", given: events(granted(gAdmin), granted(admin2UntilTomorrow)), p: admin, id: gAdmin.ID,
			then: then{code: "IDENTITY_LAST_ADMIN"},
			regression: "an administrator grant that expires counts as the one that remains: revoking the only lasting " +
				"administrator grant is allowed, and the organisation has no administrator once the other expires"},
		{name: "not_found", given: events(granted(gAdmin)), p: admin, id: gid(99), then: then{is: domain.ErrNotFound}},
		{name: "already_revoked", given: events(granted(gAdmin), granted(gMember), revoked(gMember.ID, accAdmin, "")), p: admin,
			id: gMember.ID, then: then{is: domain.ErrNotFound}},
		{name: "member_revokes", given: events(granted(gAdmin), granted(gMember), granted(gPMMember)),
			p: principal(accMember, gMember), id: gPMMember.ID, then: then{is: domain.ErrForbidden}},
		{name: "pm_revokes_member_in_project", given: events(granted(gAdmin), granted(gPM), granted(gPMMember)),
			p: principal(accPM, gPM), id: gPMMember.ID, then: then{events: events(revoked(gPMMember.ID, accPM, "handed over"))}},
		{name: "pm_revokes_admin", given: events(granted(gAdmin), granted(gAdmin2), granted(gPM)),
			p: principal(accPM, gPM), id: gAdmin2.ID, then: then{is: domain.ErrForbidden}},
		{name: "pm_revokes_auditor", given: events(granted(gAdmin), granted(gPM), granted(gAuditor)),
			p: principal(accPM, gPM), id: gAuditor.ID, then: then{is: domain.ErrForbidden}},
		{name: "foreign_admin_revokes", given: events(granted(gAdmin), granted(gMember)),
			p:  principal(accForeign, func() identity.Grant { g := gAdmin; g.ID, g.Scope.OrgID = gid(95), orgB; return g }()),
			id: gMember.ID, then: then{is: domain.ErrNotFound}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := givenAccess(t, tt.given...)
			err := a.RevokeRole(tt.p, tt.id, " handed over ", now)
			check(t, a.Changes(), err, tt.then)
			for _, g := range a.Grants(now.Add(-2 * time.Hour)) {
				if err == nil && g.ID == tt.id {
					t.Errorf("grant %s still held after its revocation", tt.id)
				}
			}
		})
	}

	t.Run("reason_too_long", func(t *testing.T) {
		a := givenAccess(t, granted(gAdmin), granted(gMember))
		err := a.RevokeRole(admin, gMember.ID, repeatRune('ț', 501), now)
		check(t, a.Changes(), err, then{code: "IDENTITY_FIELD_TOO_LONG", details: map[string]any{"field": "reason"}})
	})
	t.Run("reason_optional", func(t *testing.T) {
		a := givenAccess(t, granted(gAdmin), granted(gMember))
		err := a.RevokeRole(admin, gMember.ID, "", now)
		check(t, a.Changes(), err, then{events: events(revoked(gMember.ID, accAdmin, ""))})
	})
}

func TestCheckCanDisable(t *testing.T) {
	expiredAdmin2 := grant(gid(2), accountSubject(accAdmin2), identity.RoleOrgAdmin, orgScope(), now.Add(-time.Hour))
	tests := []struct {
		name    string
		given   []domain.Event
		account string
		then    then
	}{
		{name: "last_admin", given: events(granted(gAdmin), granted(gMember)), account: accAdmin, then: then{code: "IDENTITY_LAST_ADMIN"}},
		{name: "one_of_two_admins", given: events(granted(gAdmin), granted(gAdmin2)), account: accAdmin},
		{name: "other_admin_expired", given: events(granted(gAdmin), granted(expiredAdmin2)), account: accAdmin,
			then: then{code: "IDENTITY_LAST_ADMIN"}},
		{name: "expired_admin_account", given: events(granted(gAdmin), granted(expiredAdmin2)), account: accAdmin2},
		{name: "member", given: events(granted(gAdmin), granted(gMember)), account: accMember},
		{name: "unknown_account", given: events(granted(gAdmin)), account: accOther},
		{name: "no_grants_at_all", account: accAdmin},
		{name: "admin_again_after_revocation", given: events(granted(gAdmin), granted(gAdmin2), revoked(gAdmin2.ID, accAdmin, "")),
			account: accAdmin, then: then{code: "IDENTITY_LAST_ADMIN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := givenAccess(t, tt.given...)
			err := a.CheckCanDisable(tt.account, now)
			check(t, a.Changes(), err, tt.then)
		})
	}
}

func TestLoadAccess(t *testing.T) {
	empty := identity.LoadAccess(orgA, nil)
	if empty.Version() != -1 || empty.OrgID() != orgA || len(empty.Grants(now)) != 0 {
		t.Fatalf("empty access: v%d %s %v", empty.Version(), empty.OrgID(), empty.Grants(now))
	}
	expired := grant(gid(9), accountSubject(accOther), identity.RoleAuditor, orgScope(), now.Add(-time.Hour))
	a := givenAccess(t, granted(gMember), granted(gAdmin), granted(expired), granted(gPM), granted(gAuditor),
		revoked(gPM.ID, accAdmin, ""))
	if a.Version() != 5 {
		t.Fatalf("Version() = %d, want 5", a.Version())
	}
	want := []identity.Grant{gAdmin, gMember, gAuditor} // in force, by id; revoked and expired left out
	if got := a.Grants(now); !reflect.DeepEqual(got, want) {
		t.Fatalf("Grants(now):\n%+v\nwant:\n%+v", got, want)
	}
	if got := a.Grants(now.Add(-2 * time.Hour)); len(got) != 4 {
		t.Errorf("two hours ago %d grants were in force, want 4 (the expired auditor too)", len(got))
	}
}

// A grant recorded by GrantRole, replayed, gives what it says.
func TestGrantRoleThenAuthorize(t *testing.T) {
	a := givenAccess(t, granted(gAdmin))
	g := newGrant(50, accountSubject(accOther), identity.RoleProjectManager, projectScope(projectP2), time.Time{})
	if err := a.GrantRole(principal(accAdmin, gAdmin), g, now); err != nil {
		t.Fatal(err)
	}
	replayed := givenAccess(t, append(events(granted(gAdmin)), a.Changes()...)...)
	var held []identity.Grant
	for _, x := range replayed.Grants(now) {
		if x.Subject.ID == accOther {
			held = append(held, x)
		}
	}
	p := principal(accOther, held...)
	if err := identity.Authorize(p, identity.ActTimesheetApprove, p2Target, now); err != nil {
		t.Errorf("approve in P2: %v", err)
	}
	if err := identity.Authorize(p, identity.ActTimesheetApprove, p1Target, now); err == nil {
		t.Errorf("approve in P1 allowed")
	}
}
