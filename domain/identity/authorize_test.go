package identity_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"cronica/domain"
	"cronica/domain/identity"
)

// allActions is every action, written out here so that a new action must be
// placed in the matrix (TestPermissionMatrix) and thought about.
var allActions = []identity.Action{
	identity.ActOrgRead, identity.ActOrgManage, identity.ActPeopleRead, identity.ActPeopleManage,
	identity.ActPersonalDataRead, identity.ActAccountsManage, identity.ActGroupsManage, identity.ActGrantsManage,
	identity.ActContractsRead, identity.ActContractsManage, identity.ActProjectRead, identity.ActProjectManage,
	identity.ActTimeRecord, identity.ActTimesheetRead, identity.ActTimesheetApprove, identity.ActFinanceRead,
	identity.ActReportsRead, identity.ActReportsGenerate, identity.ActAuditRead, identity.ActHistoryRead,
	identity.ActTasksRead, identity.ActTasksWrite, identity.ActTasksManage,
	identity.ActChatRead, identity.ActChatWrite, identity.ActChatManage,
}

// orgOnlyActions concern the organisation as a whole: a project-scoped grant
// never gives them, whatever its role.
var orgOnlyActions = []identity.Action{
	"accounts.manage", "people.manage", "org.manage", "groups.manage", "contracts.manage",
	"people.personal_data.read",
}

var (
	orgTarget = identity.Target{OrgID: orgA}
	p1Target  = identity.Target{OrgID: orgA, ProjectID: projectP1}
	p2Target  = identity.Target{OrgID: orgA, ProjectID: projectP2}
	orgBTgt   = identity.Target{OrgID: orgB}
)

func TestAuthorize(t *testing.T) {
	expired := grant(gid(90), accountSubject(accAdmin), identity.RoleOrgAdmin, orgScope(), now.Add(-time.Second))
	endsNow := grant(gid(91), accountSubject(accAdmin), identity.RoleOrgAdmin, orgScope(), now)
	endsSoon := grant(gid(92), accountSubject(accAdmin), identity.RoleOrgAdmin, orgScope(), now.Add(time.Nanosecond))
	projectAdmin := grant(gid(93), accountSubject(accPM), identity.RoleOrgAdmin, projectScope(projectP1), time.Time{})
	projectAuditor := grant(gid(95), accountSubject(accAuditor), identity.RoleAuditor, projectScope(projectP1), now.Add(24*time.Hour))
	memberOfAuditor := grant(gid(96), accountSubject(accAuditor), identity.RoleMember, orgScope(), time.Time{})
	expiredAuditor := grant(gid(97), accountSubject(accAuditor), identity.RoleAuditor, orgScope(), now.Add(-time.Hour))
	viaGroup := grant(gid(94), identity.Subject{Kind: identity.SubjectGroup, ID: groupTeam}, identity.RoleMember, orgScope(), time.Time{})
	foreignAdmin := gAdmin
	foreignAdmin.ID, foreignAdmin.Scope.OrgID = gid(95), orgB
	disabledAdmin := principal(accAdmin, gAdmin)
	disabledAdmin.Active = false

	tests := []struct {
		name       string
		p          identity.Principal
		action     identity.Action
		target     identity.Target
		want       error  // nil, domain.ErrForbidden or domain.ErrNotFound
		regression string // the bug this case caught, now fixed
	}{
		{"admin_manages_org", principal(accAdmin, gAdmin), identity.ActOrgManage, orgTarget, nil, ""},
		{"admin_acts_in_any_project", principal(accAdmin, gAdmin), identity.ActTimesheetApprove, p2Target, nil, ""},
		{"member_records_time", principal(accMember, gMember), identity.ActTimeRecord, p1Target, nil, ""},
		{"member_cannot_approve", principal(accMember, gMember), identity.ActTimesheetApprove, p1Target, domain.ErrForbidden, ""},
		{"member_cannot_manage_grants", principal(accMember, gMember), identity.ActGrantsManage, orgTarget, domain.ErrForbidden, ""},
		{"member_cannot_read_personal_data", principal(accMember, gMember), identity.ActPersonalDataRead, orgTarget, domain.ErrForbidden, ""},
		{"group_grant_counts", principal(accMember, viaGroup), identity.ActTimeRecord, orgTarget, nil, ""},
		{"hr_reads_personal_data", principal(accHR, gHR), identity.ActPersonalDataRead, orgTarget, nil, ""},
		{"hr_cannot_read_finance", principal(accHR, gHR), identity.ActFinanceRead, orgTarget, domain.ErrForbidden, ""},
		{"auditor_reads_audit", principal(accAuditor, gAuditor), identity.ActAuditRead, orgTarget, nil, ""},
		{"auditor_reads_finance", principal(accAuditor, gAuditor), identity.ActFinanceRead, p1Target, nil, ""},
		{"auditor_with_member_cannot_record_time", principal(accAuditor, gAuditor, memberOfAuditor), identity.ActTimeRecord, p1Target, domain.ErrForbidden, ""},
		{"auditor_with_member_still_reads", principal(accAuditor, gAuditor, memberOfAuditor), identity.ActProjectRead, p1Target, nil, ""},
		{"project_auditor_with_member_cannot_record_time_elsewhere", principal(accAuditor, projectAuditor, memberOfAuditor), identity.ActTimeRecord, p2Target, domain.ErrForbidden, ""},
		{"expired_auditor_member_records_time", principal(accAuditor, expiredAuditor, memberOfAuditor), identity.ActTimeRecord, p1Target, nil, ""},
		{"project_auditor_reads_the_projects_audit", principal(accAuditor, projectAuditor), identity.ActAuditRead, p1Target, nil, ""},
		{"project_auditor_not_the_orgs_audit", principal(accAuditor, projectAuditor), identity.ActAuditRead, orgTarget, domain.ErrForbidden, ""},
		{"project_auditor_not_another_projects", principal(accAuditor, projectAuditor), identity.ActAuditRead, p2Target, domain.ErrForbidden, ""},
		{"auditor_cannot_record_time", principal(accAuditor, gAuditor), identity.ActTimeRecord, p1Target, domain.ErrForbidden, ""},

		// Tenant isolation: no grant in the target's organisation looks like
		// no such organisation.
		{"other_organisation_not_found", principal(accAdmin, gAdmin), identity.ActOrgRead, orgBTgt, domain.ErrNotFound, ""},
		{"other_organisation_project_not_found", principal(accAdmin, gAdmin), identity.ActProjectRead,
			identity.Target{OrgID: orgB, ProjectID: projectP1}, domain.ErrNotFound, ""},
		{"foreign_admin_not_found", principal(accForeign, foreignAdmin), identity.ActOrgRead, orgTarget, domain.ErrNotFound, ""},
		{"no_grants_not_found", principal(accOther), identity.ActOrgRead, orgTarget, domain.ErrNotFound, ""},
		{"empty_target_not_found", principal(accAdmin, gAdmin), identity.ActOrgRead, identity.Target{}, domain.ErrNotFound, ""},

		// Expiry.
		{"expired_grant_gives_nothing", principal(accAdmin, expired), identity.ActOrgRead, orgTarget, domain.ErrNotFound, ""},
		{"grant_ends_at_its_expiry", principal(accAdmin, endsNow), identity.ActOrgRead, orgTarget, domain.ErrNotFound, ""},
		{"grant_holds_until_expiry", principal(accAdmin, endsSoon), identity.ActOrgManage, orgTarget, nil, ""},
		{"expired_admin_active_member", principal(accAdmin, expired, gMember), identity.ActOrgManage, orgTarget, domain.ErrForbidden, ""},

		// Project scopes.
		{"project_manager_in_project", principal(accPM, gPM), identity.ActTimesheetApprove, p1Target, nil, ""},
		{"project_manager_other_project", principal(accPM, gPM), identity.ActProjectRead, p2Target, domain.ErrForbidden, ""},
		{"project_manager_organisation_level", principal(accPM, gPM), identity.ActProjectManage, orgTarget, domain.ErrForbidden, ""},
		{"project_grant_is_not_organisation_wide", principal(accPM, gPM), identity.ActOrgRead, orgTarget, domain.ErrForbidden, ""},
		{"project_admin_reads_finance_in_project", principal(accPM, projectAdmin), identity.ActFinanceRead, p1Target, nil, ""},
		{"project_admin_manages_grants_in_project", principal(accPM, projectAdmin), identity.ActGrantsManage, p1Target, nil, ""},

		// Who the caller is.
		{"system_anything", identity.System(), identity.ActOrgManage, orgBTgt, nil, ""},
		{"system_without_organisation", identity.System(), identity.ActGrantsManage, identity.Target{}, nil, ""},
		{"disabled_admin_nothing", disabledAdmin, identity.ActOrgRead, orgTarget, domain.ErrForbidden, ""},
		{"disabled_admin_nothing_elsewhere", disabledAdmin, identity.ActOrgRead, orgBTgt, domain.ErrForbidden, ""},
		{"zero_principal_nothing", identity.Principal{}, identity.ActOrgRead, orgTarget, domain.ErrForbidden, ""},
		{"name_system_is_not_system", identity.Principal{AccountID: "system"}, identity.ActOrgManage, orgTarget, domain.ErrForbidden,
			"Principal.IsSystem is AccountID == \"system\" && Grants == nil, so any Principal literal named \"system\" " +
				"(say, one rebuilt from an event's GrantedBy/RevokedBy \"system\" with no grants loaded) is all-powerful, " +
				"even with Active false; an empty but non-nil Grants slice is not"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := identity.Authorize(tt.p, tt.action, tt.target, now)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("Authorize(%s, %s, %+v) = %v, want %v", tt.p.AccountID, tt.action, tt.target, err, tt.want)
			}
			if tt.want != nil && errors.Is(err, domain.ErrForbidden) == errors.Is(err, domain.ErrNotFound) {
				t.Fatalf("%v is not exactly one of ErrForbidden and ErrNotFound", err)
			}
		})
	}
}

func TestAuthorizeEveryAction(t *testing.T) {
	projectAdmin := grant(gid(93), accountSubject(accPM), identity.RoleOrgAdmin, projectScope(projectP1), time.Time{})
	for _, a := range allActions {
		t.Run(string(a), func(t *testing.T) {
			if err := identity.Authorize(identity.System(), a, orgTarget, now); err != nil {
				t.Errorf("System: %v", err)
			}
			if err := identity.Authorize(principal(accAdmin, gAdmin), a, orgTarget, now); err != nil {
				t.Errorf("org admin, organisation: %v", err)
			}
			if err := identity.Authorize(principal(accAdmin, gAdmin), a, p1Target, now); err != nil {
				t.Errorf("org admin, project: %v", err)
			}
			disabled := principal(accAdmin, gAdmin)
			disabled.Active = false
			if err := identity.Authorize(disabled, a, orgTarget, now); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("disabled org admin: %v, want ErrForbidden", err)
			}
			// An organisation-wide administrator grant narrowed to a
			// project gives everything there but the organisation-only
			// actions, and nothing in another project.
			err := identity.Authorize(principal(accPM, projectAdmin), a, p1Target, now)
			if orgOnly := slices.Contains(orgOnlyActions, a); orgOnly != errors.Is(err, domain.ErrForbidden) || !orgOnly && err != nil {
				t.Errorf("project-scoped org_admin in its project: %v (organisation-only: %v)", err, orgOnly)
			}
			if err := identity.Authorize(principal(accPM, projectAdmin), a, p2Target, now); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("project-scoped org_admin in another project: %v, want ErrForbidden", err)
			}
		})
	}
}

// No role, however scoped to a project, gives an organisation-only action.
func TestProjectScopeNeverGivesOrganisationOnlyActions(t *testing.T) {
	for _, role := range identity.Roles() {
		g := grant(gid(80), accountSubject(accPM), role, projectScope(projectP1), now.Add(time.Hour))
		for _, a := range orgOnlyActions {
			for _, target := range []identity.Target{p1Target, orgTarget} {
				if err := identity.Authorize(principal(accPM, g), a, target, now); !errors.Is(err, domain.ErrForbidden) {
					t.Errorf("%s in project P1, %s on %+v: %v, want ErrForbidden", role, a, target, err)
				}
			}
		}
	}
}

func TestCanGrant(t *testing.T) {
	tests := []struct {
		name  string
		p     identity.Principal
		role  identity.Role
		scope identity.Scope
		then  then
	}{
		{name: "admin_any_role_org", p: principal(accAdmin, gAdmin), role: identity.RoleOrgAdmin, scope: orgScope()},
		{name: "system_any_role", p: identity.System(), role: identity.RoleOrgAdmin, scope: orgScope()},
		{name: "member_nothing", p: principal(accMember, gMember), role: identity.RoleMember, scope: orgScope(),
			then: then{is: domain.ErrForbidden}},
		{name: "pm_member_in_project", p: principal(accPM, gPM), role: identity.RoleMember, scope: projectScope(projectP1)},
		{name: "pm_pm_in_project", p: principal(accPM, gPM), role: identity.RoleProjectManager, scope: projectScope(projectP1)},
		// The project manager lacks contracts.read and finance.read, which an
		// auditor (and an administrator or HR manager narrowed to the
		// project) would get: handing those out is escalation.
		{name: "pm_auditor_in_project_escalates", p: principal(accPM, gPM), role: identity.RoleAuditor, scope: projectScope(projectP1),
			then: then{code: "IDENTITY_ESCALATION", details: map[string]any{"role": "auditor", "missing": "contracts.read"}}},
		{name: "pm_financial_officer_in_project_escalates", p: principal(accPM, gPM), role: identity.RoleFinancialOfficer,
			scope: projectScope(projectP1), then: then{code: "IDENTITY_ESCALATION", details: map[string]any{"missing": "contracts.read"}}},
		{name: "pm_member_other_project", p: principal(accPM, gPM), role: identity.RoleMember, scope: projectScope(projectP2),
			then: then{is: domain.ErrForbidden}},
		{name: "foreign_admin", p: principal(accForeign, func() identity.Grant { g := gAdmin; g.Scope.OrgID = orgB; return g }()),
			role: identity.RoleMember, scope: orgScope(), then: then{is: domain.ErrNotFound}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, nil, identity.CanGrant(tt.p, tt.role, tt.scope, now), tt.then)
		})
	}
}
