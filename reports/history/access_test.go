package history

import (
	"errors"
	"testing"
	"time"

	"cronica/domain"
	"cronica/domain/identity"
)

func TestMayRead(t *testing.T) {
	const (
		org      = "00000000-0000-4000-8000-000000000001"
		otherOrg = "00000000-0000-4000-8000-000000000002"
		projA    = "00000000-0000-4000-8000-00000000000a"
		projB    = "00000000-0000-4000-8000-00000000000b"
		person   = "00000000-0000-4000-8000-0000000000e1"
		other    = "00000000-0000-4000-8000-0000000000e2"
	)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	grant := func(role identity.Role, orgID, projectID string) identity.Grant {
		s := identity.Scope{Kind: identity.ScopeOrganization, OrgID: orgID}
		if projectID != "" {
			s = identity.Scope{Kind: identity.ScopeProject, OrgID: orgID, ProjectID: projectID}
		}
		return identity.Grant{ID: string(role) + projectID, Role: role, Scope: s}
	}
	expired := grant(identity.RoleAuditor, org, "")
	expired.ExpiresAt = now.Add(-time.Hour)
	who := func(orgID string, active bool, grants ...identity.Grant) identity.Principal {
		return identity.Principal{AccountID: "acc", OrgID: orgID, Active: active, Grants: grants}
	}
	timesheetOn := func(projects ...string) Subject { return Subject{OrgID: org, Projects: projects, PersonID: person} }
	projectStream := func(p string) Subject { return Subject{OrgID: org, Projects: []string{p}} }

	tests := []struct {
		name    string
		who     identity.Principal
		self    string
		subject Subject
		want    error // nil, domain.ErrNotFound or domain.ErrForbidden
	}{
		{"org_admin_reads_any_stream", who(org, true, grant(identity.RoleOrgAdmin, org, "")), "", Subject{OrgID: org}, nil},
		{"org_wide_auditor_reads_a_timesheet", who(org, true, grant(identity.RoleAuditor, org, "")), "", timesheetOn(projA), nil},
		{"hr_manager_reads_an_account", who(org, true, grant(identity.RoleHRManager, org, "")), "", Subject{OrgID: org}, nil},
		{"member_is_forbidden", who(org, true, grant(identity.RoleMember, org, "")), "", Subject{OrgID: org}, domain.ErrForbidden},
		{"financial_officer_has_no_history_read", who(org, true, grant(identity.RoleFinancialOfficer, org, "")), "", timesheetOn(projA), domain.ErrForbidden},
		{"no_grant_in_the_org_is_not_found", who(otherOrg, true, grant(identity.RoleOrgAdmin, otherOrg, "")), "", Subject{OrgID: org}, domain.ErrNotFound},
		{"expired_grant_is_no_grant", who(org, true, expired), "", Subject{OrgID: org}, domain.ErrNotFound},
		{"project_auditor_reads_the_project_stream", who(org, true, grant(identity.RoleAuditor, org, projA)), "", projectStream(projA), nil},
		{"project_auditor_not_another_project", who(org, true, grant(identity.RoleAuditor, org, projA)), "", projectStream(projB), domain.ErrForbidden},
		{"project_auditor_reads_a_timesheet_with_time_on_it", who(org, true, grant(identity.RoleAuditor, org, projA)), "", timesheetOn(projB, projA), nil},
		{"project_auditor_not_a_timesheet_without", who(org, true, grant(identity.RoleAuditor, org, projA)), "", timesheetOn(projB), domain.ErrForbidden},
		{"project_auditor_not_an_org_stream", who(org, true, grant(identity.RoleAuditor, org, projA)), "", Subject{OrgID: org}, domain.ErrForbidden},
		{"project_manager_of_the_project", who(org, true, grant(identity.RoleProjectManager, org, projA)), "", projectStream(projA), nil},
		{"project_member_role_gives_no_history", who(org, true, grant(identity.RoleMember, org, projA)), "", projectStream(projA), domain.ErrForbidden},
		{"project_grant_of_another_org", who(otherOrg, true, grant(identity.RoleAuditor, otherOrg, projA)), "", projectStream(projA), domain.ErrNotFound},
		{"the_person_reads_their_own_timesheet", who(org, true, grant(identity.RoleMember, org, "")), person, timesheetOn(projB), nil},
		{"the_person_without_any_grant", who(org, true), person, timesheetOn(), nil},
		{"another_person_is_forbidden", who(org, true, grant(identity.RoleMember, org, "")), other, timesheetOn(projA), domain.ErrForbidden},
		{"a_person_has_no_own_org_stream", who(org, true, grant(identity.RoleMember, org, "")), person, Subject{OrgID: org}, domain.ErrForbidden},
		{"disabled_account_is_forbidden", who(org, false, grant(identity.RoleOrgAdmin, org, "")), person, timesheetOn(), domain.ErrForbidden},
		{"a_stream_of_no_org", who(org, true, grant(identity.RoleOrgAdmin, org, "")), "", Subject{}, domain.ErrNotFound},
		{"system_reads_everything", identity.System(), "", Subject{OrgID: org}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := MayRead(tt.who, tt.self, tt.subject, now)
			switch {
			case tt.want == nil && err != nil:
				t.Errorf("MayRead: %v, want nil", err)
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Errorf("MayRead: %v, want %v", err, tt.want)
			}
		})
	}
}

func TestMayReadPersonal(t *testing.T) {
	const org, proj = "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-00000000000a"
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		role  identity.Role
		scope identity.Scope
		want  bool
	}{
		{"org_admin", identity.RoleOrgAdmin, identity.Scope{Kind: identity.ScopeOrganization, OrgID: org}, true},
		{"hr_manager", identity.RoleHRManager, identity.Scope{Kind: identity.ScopeOrganization, OrgID: org}, true},
		{"auditor", identity.RoleAuditor, identity.Scope{Kind: identity.ScopeOrganization, OrgID: org}, false},
		{"project_scoped_admin", identity.RoleOrgAdmin, identity.Scope{Kind: identity.ScopeProject, OrgID: org, ProjectID: proj}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := identity.Principal{AccountID: "acc", OrgID: org, Active: true, Grants: []identity.Grant{{ID: "g", Role: tt.role, Scope: tt.scope}}}
			if got := MayReadPersonal(p, org, now); got != tt.want {
				t.Errorf("MayReadPersonal = %v, want %v", got, tt.want)
			}
		})
	}
}
