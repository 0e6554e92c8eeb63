package identity_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"cronica/domain/identity"
)

// TestPermissionMatrix prints the roles × actions matrix for auditors
// (go test -run TestPermissionMatrix -v ./domain/identity) and checks its
// shape.
func TestPermissionMatrix(t *testing.T) {
	roles := identity.Roles()
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-27s", "action")
	for _, r := range roles {
		fmt.Fprintf(&b, " %-17s", r)
	}
	b.WriteString("\n")
	for _, a := range allActions {
		fmt.Fprintf(&b, "%-27s", a)
		for _, r := range roles {
			mark := "."
			if r.Allows(a) {
				mark = "x"
				if slices.Contains(orgOnlyActions, a) {
					mark = "x (org only)"
				}
			}
			fmt.Fprintf(&b, " %-17s", mark)
		}
		b.WriteString("\n")
	}
	t.Log(b.String())

	if got, want := len(roles), 6; got != want {
		t.Errorf("%d roles, want %d", got, want)
	}
	for _, r := range roles {
		if !r.Known() {
			t.Errorf("role %s is listed but not known", r)
		}
		for _, a := range r.Actions() {
			if !slices.Contains(allActions, a) {
				t.Errorf("role %s has action %s, which is not in allActions: add it there and to this test's thinking", r, a)
			}
		}
	}
	for _, r := range []identity.Role{"", "owner", "ORG_ADMIN"} {
		if r.Known() || r.Allows(identity.ActOrgRead) {
			t.Errorf("role %q is known or allows something", r)
		}
	}
	admin := identity.RoleOrgAdmin.Actions()
	if !slices.Equal(sortedActions(admin), sortedActions(allActions)) {
		t.Errorf("org_admin holds %v, want every action", admin)
	}
	// Actions returns a copy.
	admin[0] = "x"
	if identity.RoleOrgAdmin.Actions()[0] == "x" {
		t.Errorf("Actions() shares the matrix")
	}
}

// Auditors read and change nothing.
func TestAuditorChangesNothing(t *testing.T) {
	changing := []identity.Action{identity.ActTimeRecord, identity.ActTimesheetApprove, identity.ActGrantsManage, identity.ActTasksWrite,
		identity.ActChatWrite}
	for _, a := range allActions {
		if strings.HasSuffix(string(a), ".manage") {
			changing = append(changing, a)
		}
	}
	for _, a := range changing {
		if identity.RoleAuditor.Allows(a) {
			t.Errorf("auditor may %s", a)
		}
	}
	for _, a := range []identity.Action{identity.ActAuditRead, identity.ActHistoryRead, identity.ActFinanceRead,
		identity.ActTimesheetRead, identity.ActContractsRead, identity.ActReportsRead, identity.ActTasksRead} {
		if !identity.RoleAuditor.Allows(a) {
			t.Errorf("auditor may not %s", a)
		}
	}
	if identity.RoleAuditor.Allows(identity.ActPersonalDataRead) {
		t.Errorf("auditor may read personal data (CNP)")
	}
	if identity.RoleAuditor.Allows(identity.ActChatRead) {
		t.Errorf("auditor may read staff chat")
	}
}

// Only administrators and project managers hand out roles; members only
// read, record their own time and work on tasks.
func TestWhoManagesGrants(t *testing.T) {
	for _, r := range identity.Roles() {
		want := r == identity.RoleOrgAdmin || r == identity.RoleProjectManager
		if got := r.Allows(identity.ActGrantsManage); got != want {
			t.Errorf("%s grants.manage = %v, want %v", r, got, want)
		}
	}
	want := []identity.Action{identity.ActOrgRead, identity.ActPeopleRead, identity.ActProjectRead, identity.ActTimeRecord,
		identity.ActTasksRead, identity.ActTasksWrite, identity.ActChatRead, identity.ActChatWrite}
	if got := identity.RoleMember.Actions(); !slices.Equal(sortedActions(got), sortedActions(want)) {
		t.Errorf("member: %v, want %v", got, want)
	}
}

// Tasks: administrators and project managers manage lists and columns;
// members read and write; the other roles only read.
func TestWhoWorksOnTasks(t *testing.T) {
	cases := []struct {
		name                string
		role                identity.Role
		read, write, manage bool
	}{
		{name: "org_admin", role: identity.RoleOrgAdmin, read: true, write: true, manage: true},
		{name: "project_manager", role: identity.RoleProjectManager, read: true, write: true, manage: true},
		{name: "member", role: identity.RoleMember, read: true, write: true},
		{name: "hr_manager", role: identity.RoleHRManager, read: true},
		{name: "financial_officer", role: identity.RoleFinancialOfficer, read: true},
		{name: "auditor", role: identity.RoleAuditor, read: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := [3]bool{tc.role.Allows(identity.ActTasksRead), tc.role.Allows(identity.ActTasksWrite), tc.role.Allows(identity.ActTasksManage)}
			if want := [3]bool{tc.read, tc.write, tc.manage}; got != want {
				t.Errorf("read/write/manage %v, want %v", got, want)
			}
		})
	}
}

// Chat: administrators and project managers manage channels; members, HR
// managers and financial officers read and write; auditors do not read
// staff chat at all.
func TestWhoChats(t *testing.T) {
	cases := []struct {
		name                string
		role                identity.Role
		read, write, manage bool
	}{
		{name: "org_admin", role: identity.RoleOrgAdmin, read: true, write: true, manage: true},
		{name: "project_manager", role: identity.RoleProjectManager, read: true, write: true, manage: true},
		{name: "member", role: identity.RoleMember, read: true, write: true},
		{name: "hr_manager", role: identity.RoleHRManager, read: true, write: true},
		{name: "financial_officer", role: identity.RoleFinancialOfficer, read: true, write: true},
		{name: "auditor", role: identity.RoleAuditor},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := [3]bool{tc.role.Allows(identity.ActChatRead), tc.role.Allows(identity.ActChatWrite), tc.role.Allows(identity.ActChatManage)}
			if want := [3]bool{tc.read, tc.write, tc.manage}; got != want {
				t.Errorf("read/write/manage %v, want %v", got, want)
			}
		})
	}
}

func sortedActions(a []identity.Action) []identity.Action {
	s := slices.Clone(a)
	slices.Sort(s)
	return s
}

// Every event type is decodable, under its own versioned name.
func TestEventTypes(t *testing.T) {
	types := identity.EventTypes()
	if len(types) != 24 {
		t.Errorf("%d event types, want 24", len(types))
	}
	for name, make := range types {
		e := make()
		if e.EventType() != name {
			t.Errorf("factory of %s makes %s", name, e.EventType())
		}
		if !strings.HasSuffix(name, ".v1") {
			t.Errorf("event type %s has no version suffix", name)
		}
	}
}
