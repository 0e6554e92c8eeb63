package readapi

import (
	"log/slog"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/projections/auditlog"
	"cronica/projections/chatview"
	"cronica/projections/identityview"
	"cronica/projections/notifyview"
	"cronica/projections/reportlog"
	"cronica/projections/taskview"
	"cronica/projections/timeview"
)

// DefaultWaitTimeout is how long a read waits for min_position when Deps
// has no Waiter.
const DefaultWaitTimeout = 3 * time.Second

// Deps is what the read API is built from.
type Deps struct {
	// Pool reaches the read models and the projection checkpoints.
	Pool *pgxpool.Pool
	// AdminToken lets automation without an account read every
	// organisation's audit log, sent as "Authorization: Bearer <token>";
	// empty refuses such requests (403 audit_disabled). Signed-in callers
	// read their own organisations' with audit.read, whatever it is.
	AdminToken string
	// Waiter makes reads wait for min_position; nil means
	// NewWaiter(Pool, DefaultWaitTimeout).
	Waiter *Waiter
	// Logger receives the errors that become 500s (bugs); nil means
	// slog.Default().
	Logger *slog.Logger
	// Now is the clock of permission checks (grant expiries); nil means
	// time.Now.
	Now func() time.Time
	// Reports serves the report routes (kinds, jobs, files,
	// verification); nil: they answer 404.
	Reports Reports
	// History serves GET /history/:stream (*history.Reader); nil: it
	// answers 404.
	History History
	// Personal opens people's sealed personal data for the callers allowed
	// to read it (internal/keyring); nil: a person with personal data is a
	// 500 for them (a wiring mistake), without it nothing changes.
	Personal identityview.PersonalOpener
	// AuditBundles serves GET /orgs/:org/projects/:project/audit-bundle
	// (*bundle.Exporter); nil: it answers 404.
	AuditBundles AuditBundles
	// TaskLog answers GET /orgs/:org/tasks?as_of= from the log
	// (*reports.Engine); nil: such requests answer 404.
	TaskLog TaskLog
	// Search is the search index (*searchindex.Index of the search
	// projector); nil: GET /orgs/:org/search answers 404.
	Search SearchIndex
}

// api is the handlers' shared state.
type api struct {
	pool    *pgxpool.Pool
	waiter  *Waiter
	log     *slog.Logger
	now     func() time.Time
	reports Reports
	history History
	// personal opens sealed personal data (Deps.Personal).
	personal identityview.PersonalOpener
	// bundles exports auditors' bundles (Deps.AuditBundles).
	bundles AuditBundles
	// taskLog answers the tasks' as_of (Deps.TaskLog).
	taskLog TaskLog
	// search is the search index (Deps.Search).
	search SearchIndex
	// boardBuffers keeps the buffers boards were encoded into (*[]byte),
	// so that a large board does not allocate its answer every time.
	boardBuffers sync.Pool
}

// Routes registers the read API on r. This is its whole route table: each
// read route names the projectors it reads from, and waits for them.
func Routes(r gin.IRouter, deps Deps) {
	a := &api{pool: deps.Pool, waiter: deps.Waiter, log: deps.Logger, now: deps.Now, reports: deps.Reports, history: deps.History,
		personal: deps.Personal, bundles: deps.AuditBundles, taskLog: deps.TaskLog, search: deps.Search}
	if a.waiter == nil {
		a.waiter = NewWaiter(deps.Pool, DefaultWaitTimeout)
	}
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.now == nil {
		a.now = time.Now
	}
	v1 := r.Group("/api/v1")
	v1.GET("/audit/events", a.auditAccess(deps.AdminToken), a.readYourWrites(auditlog.Name, auditlog.ProjectsName), a.auditEvents)

	// Identity: the signed-in caller's view (see identity.go).
	id := v1.Group("", a.requireCaller, a.readYourWrites(identityview.Name), a.loadPrincipal)
	id.GET("/me", a.me)
	id.GET("/account/tokens", a.apiTokens)
	id.GET("/orgs/:org", a.organization)
	id.GET("/orgs/:org/people", a.people)
	id.GET("/orgs/:org/people/:person", a.person)
	id.GET("/orgs/:org/accounts", a.accounts)
	id.GET("/orgs/:org/accounts/:account", a.account)
	id.GET("/orgs/:org/groups", a.groups)
	id.GET("/orgs/:org/groups/:group/members", a.groupMembers)
	id.GET("/orgs/:org/grants", a.grants)
	id.GET("/orgs/:org/chat/people", a.chatPeople)

	// Notifications: the caller's own inbox and settings (see
	// notifications.go; marking read and saving settings are the write
	// API's).
	nt := v1.Group("/me", a.requireCaller, a.readYourWrites(notifyview.Name, identityview.Name), a.loadPrincipal)
	nt.GET("/notifications", a.notifications)
	nt.GET("/notifications/unread", a.unreadNotifications)
	nt.GET("/notification-preferences", a.notificationPreferences)

	// Time: projects, contracts, leave, the calendar, timesheets, effort
	// and personnel costs (see time_access.go).
	tm := v1.Group("/orgs/:org", a.requireCaller, a.readYourWrites(timeview.Name, identityview.Name), a.loadPrincipal)
	tm.GET("/projects", a.projects)
	tm.GET("/projects/:project", a.project)
	tm.GET("/projects/:project/effort", a.projectEffort)
	tm.GET("/contracts", a.contracts)
	tm.GET("/people/:person/contracts", a.personContracts)
	tm.GET("/leave", a.leave)
	tm.GET("/calendar", a.orgCalendar)
	tm.GET("/timesheets", a.timesheets)
	tm.GET("/people/:person/timesheets/:month", a.personTimesheet)
	tm.GET("/personnel-costs", a.personnelCosts)

	// Reports: the kinds, the jobs, the recorded reports and their files,
	// and verifying a file (see reports.go; POST /reports is the write
	// API's).
	rp := v1.Group("/orgs/:org/reports", a.requireCaller, a.reportsOn, a.readYourWrites(reportlog.Name, identityview.Name), a.loadPrincipal)
	rp.GET("/types", a.reportTypes)
	rp.GET("/jobs", a.reportJobs)
	rp.GET("/jobs/:job", a.reportJob)
	rp.GET("", a.reportList)
	rp.GET("/:report", a.report)
	rp.GET("/:report/file", a.reportFile)
	rp.POST("/verify", a.verifyReport)

	// History: any stream's events with their changes and the entity's
	// state as of any time or position (see history.go); the organisation
	// is the stream's.
	hs := v1.Group("/history", a.requireCaller, a.historyOn, a.readYourWrites(auditlog.Name, identityview.Name), a.loadPrincipal)
	hs.GET("/:stream", a.streamHistory)

	// Tasks: the lists, a board, the filtered list (as of any point of the
	// log too), a task, the saved filters (see tasks*.go).
	tk := v1.Group("/orgs/:org", a.requireCaller, a.readYourWrites(taskview.Name, identityview.Name), a.loadPrincipal)
	tk.GET("/task-lists", a.taskLists)
	tk.GET("/task-lists/:list", a.taskList)
	tk.GET("/task-lists/:list/board", a.taskBoard)
	tk.GET("/tasks", a.tasks)
	tk.GET("/tasks/:task", a.task)
	tk.GET("/task-filters", a.taskFilters)

	// Chat: the channels the caller reads, a channel's history by cursor,
	// a message, a thread (see chat.go).
	ct := v1.Group("/orgs/:org", a.requireCaller, a.readYourWrites(chatview.Name, identityview.Name), a.loadPrincipal)
	ct.GET("/channels", a.chatChannels)
	ct.GET("/channels/:channel", a.chatChannel)
	ct.GET("/channels/:channel/messages", a.chatMessages)
	ct.GET("/messages/:message", a.chatMessage)
	ct.GET("/messages/:message/thread", a.chatThread)

	// Search: the full-text search over what the caller reads (see
	// search.go); min_position waits for the search index itself.
	sr := v1.Group("/orgs/:org", a.requireCaller, a.readYourWrites(chatview.Name, taskview.Name, identityview.Name), a.loadPrincipal)
	sr.GET("/search", a.searchOrg)

	// The auditor's bundle of a project over a period (see
	// audit_bundle.go): the zip of `cronica audit export`.
	v1.GET("/orgs/:org/projects/:project/audit-bundle", a.requireCaller, a.bundlesOn,
		a.readYourWrites(auditlog.Name, reportlog.Name, identityview.Name), a.loadPrincipal, a.auditBundle)
}
