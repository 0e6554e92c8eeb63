package identity

import "slices"

// Action is one thing a caller may do. Every command and every read names
// the action it needs; Authorize decides.
type Action string

// The actions. Later contexts (Time, Tasks, Chat, Reports) check theirs.
const (
	ActOrgRead          Action = "org.read"
	ActOrgManage        Action = "org.manage"
	ActPeopleRead       Action = "people.read"
	ActPeopleManage     Action = "people.manage"
	ActPersonalDataRead Action = "people.personal_data.read" // CNP and other personal identifiers
	ActAccountsManage   Action = "accounts.manage"
	ActGroupsManage     Action = "groups.manage"
	ActGrantsManage     Action = "grants.manage"
	ActContractsRead    Action = "contracts.read"
	ActContractsManage  Action = "contracts.manage"
	ActProjectRead      Action = "project.read"
	ActProjectManage    Action = "project.manage"
	ActTimeRecord       Action = "time.record" // one's own time
	ActTimesheetRead    Action = "timesheet.read"
	ActTimesheetApprove Action = "timesheet.approve"
	ActFinanceRead      Action = "finance.read"
	ActReportsRead      Action = "reports.read"
	ActReportsGenerate  Action = "reports.generate"
	ActAuditRead        Action = "audit.read"
	ActHistoryRead      Action = "history.read"
	// Tasks: reading lists and tasks; creating, editing, moving and
	// commenting tasks; managing a project's lists (creating, renaming,
	// their columns) and others' comments. On a project's list they are
	// checked on the project; a personal list is its owner's only.
	ActTasksRead   Action = "tasks.read"
	ActTasksWrite  Action = "tasks.write"
	ActTasksManage Action = "tasks.manage"
	// Chat: reading channels and messages; posting, reacting, editing and
	// deleting one's own messages, creating channels; managing channels
	// (renaming, members) and deleting others' messages. On a project's
	// channel they are checked on the project; group, direct and custom
	// channels need membership too. Auditors hold none of them: they do
	// not read staff chat.
	ActChatRead   Action = "chat.read"
	ActChatWrite  Action = "chat.write"
	ActChatManage Action = "chat.manage"
)

// Role is a named set of actions.
type Role string

// The roles of COMPLIANCE and the Identity issue.
const (
	RoleOrgAdmin         Role = "org_admin"
	RoleHRManager        Role = "hr_manager"
	RoleProjectManager   Role = "project_manager"
	RoleFinancialOfficer Role = "financial_officer"
	RoleMember           Role = "member"
	RoleAuditor          Role = "auditor"
)

// roleActions is the permission matrix. It is data, not code paths: a test
// prints it for the documentation auditors ask for.
var roleActions = map[Role][]Action{
	RoleOrgAdmin: {ActOrgRead, ActOrgManage, ActPeopleRead, ActPeopleManage, ActPersonalDataRead, ActAccountsManage,
		ActGroupsManage, ActGrantsManage, ActContractsRead, ActContractsManage, ActProjectRead, ActProjectManage,
		ActTimeRecord, ActTimesheetRead, ActTimesheetApprove, ActFinanceRead, ActReportsRead, ActReportsGenerate,
		ActAuditRead, ActHistoryRead, ActTasksRead, ActTasksWrite, ActTasksManage, ActChatRead, ActChatWrite, ActChatManage},
	RoleHRManager: {ActOrgRead, ActPeopleRead, ActPeopleManage, ActPersonalDataRead, ActAccountsManage, ActContractsRead,
		ActContractsManage, ActProjectRead, ActTimeRecord, ActTimesheetRead, ActReportsRead, ActHistoryRead, ActTasksRead,
		ActChatRead, ActChatWrite},
	RoleProjectManager: {ActOrgRead, ActPeopleRead, ActProjectRead, ActProjectManage, ActGrantsManage, ActTimeRecord,
		ActTimesheetRead, ActTimesheetApprove, ActReportsRead, ActReportsGenerate, ActHistoryRead,
		ActTasksRead, ActTasksWrite, ActTasksManage, ActChatRead, ActChatWrite, ActChatManage},
	RoleFinancialOfficer: {ActOrgRead, ActPeopleRead, ActContractsRead, ActProjectRead, ActTimeRecord, ActTimesheetRead,
		ActFinanceRead, ActReportsRead, ActReportsGenerate, ActTasksRead, ActChatRead, ActChatWrite},
	RoleMember: {ActOrgRead, ActPeopleRead, ActProjectRead, ActTimeRecord, ActTasksRead, ActTasksWrite, ActChatRead,
		ActChatWrite},
	// Auditors read everything, history and reports included, and change
	// nothing; their grants always expire.
	RoleAuditor: {ActOrgRead, ActPeopleRead, ActContractsRead, ActProjectRead, ActTimesheetRead, ActFinanceRead,
		ActReportsRead, ActReportsGenerate, ActAuditRead, ActHistoryRead, ActTasksRead},
}

// Roles lists every role, in a stable order.
func Roles() []Role {
	return []Role{RoleOrgAdmin, RoleHRManager, RoleProjectManager, RoleFinancialOfficer, RoleMember, RoleAuditor}
}

// Known reports whether r is a role.
func (r Role) Known() bool { _, ok := roleActions[r]; return ok }

// Allows reports whether r includes a.
func (r Role) Allows(a Action) bool { return slices.Contains(roleActions[r], a) }

// Actions returns the actions of r.
func (r Role) Actions() []Action { return slices.Clone(roleActions[r]) }

// orgOnly are actions a project-scoped grant never gives: they concern the
// organisation as a whole. audit.read is not one of them: held for a
// project (an auditor of that project) it reads the project's trail of the
// audit log only (readapi scopes it to the streams attributed to the
// project).
var orgOnly = []Action{ActOrgManage, ActPeopleManage, ActPersonalDataRead, ActAccountsManage, ActGroupsManage,
	ActContractsManage}
