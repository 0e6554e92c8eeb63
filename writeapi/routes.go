package writeapi

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"cronica/commands"
	"cronica/eventstore"
	"cronica/internal/auth"
	"cronica/internal/auth/mailer"
	"cronica/projections/identityview"
)

// Waiter waits until projectors have passed a log position
// (readapi.Waiter). Implementations are safe for concurrent use.
type Waiter interface {
	// Wait returns nil once every projector has passed minPos, an error
	// with its own HTTP answer (503 projection_lagging) when they do not in
	// time, or ctx's error.
	Wait(ctx context.Context, projectors []string, minPos eventstore.Position) error
}

// StreamReader reads events of a stream (eventstore.Store does): the write
// API reads only the first event of a stream named in a path, for its
// organisation. Implementations are safe for concurrent use.
type StreamReader interface {
	ReadStream(ctx context.Context, stream string, from uint64, limit int) ([]eventstore.RecordedEvent, error)
}

// Deps is what the write API is built from; cmd/cronica builds it once.
type Deps struct {
	// Commands are the Identity use cases.
	Commands *commands.Identity
	// Time are the Time use cases (projects, employment, the calendar,
	// timesheets).
	Time *commands.Time
	// Tasks are the Tasks use cases (lists, tasks, comments, filters).
	Tasks *commands.Tasks
	// Chat are the Chat use cases (channels, members, messages,
	// reactions, read markers); nil: those routes answer 404.
	Chat *commands.Chat
	// Reads reaches the identity read models (a *pgxpool.Pool).
	Reads identityview.Querier
	// Store is the event log, read only for the organisation of an
	// aggregate named in a path.
	Store StreamReader
	// Sessions, Throttle and Mailer are internal/auth's.
	Sessions *auth.Sessions
	Throttle *auth.Throttle
	Mailer   mailer.Mailer
	// PublicURL is where users reach Cronica ("https://cronica.example.ro",
	// no trailing slash): the base of the links mailed to them.
	PublicURL string
	// TrustForwardedProto: a proxy in front sets X-Forwarded-Proto (and
	// strips it from clients); the session cookie is then Secure when it
	// says https.
	TrustForwardedProto bool
	// Now is the clock of expiries (reset links, lockouts, API tokens); nil
	// means time.Now. Use the commands' clock.
	Now func() time.Time
	// NewID makes correlation and message ids; nil means uuid.NewV7.
	NewID func() (uuid.UUID, error)
	// Rand is the source of tokens and salts; nil means crypto/rand.
	Rand io.Reader
	// Reports queues the reports people ask for (POST
	// /orgs/:org/reports); nil: that route answers 404.
	Reports ReportQueue
	// Waiter, when set, makes POST /orgs/:org/reports wait for
	// min_position in the log index (audit_log) before resolving "now".
	Waiter Waiter
	// Idempotency keeps the first answers of requests sent with an
	// Idempotency-Key (NewIdempotency); nil: the header is ignored.
	Idempotency *Idempotency
	// Notifications are the Notifications use cases.
	Notifications *commands.Notifications
	// Retention are the retention holds' use cases (retention.go); nil:
	// those routes answer 404.
	Retention *commands.Retention
	// Unsubscribe checks unsubscribe links' tokens (PublicRoutes); nil
	// refuses every link.
	Unsubscribe UnsubscribeTokens
	// Logger receives the errors that become 500s and the failures of
	// background mail; nil means slog.Default().
	Logger *slog.Logger
}

// ResetLinkTTL is how long a mailed password-reset link works.
const ResetLinkTTL = time.Hour

// api is the handlers' shared state.
type api struct {
	Deps
}

// Routes registers the write API on r. This is its whole route table.
//
// r must carry, in this order, AwaitIdentity (read your writes for the
// identity read models) and authhttp.Authenticate (the caller; CSRF for
// session cookies), as cmd/cronica's routes does: the routes marked
// "signed in" answer 401 without a caller. Path parameters are named
// :org, :person, :account, :group, :grant, :token_id, :project, :contract,
// :assignment, :leave, :date, :month, :entry, :hold, :report, :job, :list,
// :task, :comment, :blocked_by, :filter, :channel, :message and :emoji; a
// read route at the same place of a path must use the same names (gin
// refuses two).
func Routes(r gin.IRouter, deps Deps) {
	a := &api{Deps: deps}
	if a.Now == nil {
		a.Now = time.Now
	}
	if a.NewID == nil {
		a.NewID = uuid.NewV7
	}
	if a.Rand == nil {
		a.Rand = rand.Reader
	}
	if a.Logger == nil {
		a.Logger = slog.Default()
	}

	v1 := r.Group("/api/v1")
	// Anonymous: signing in, and a forgotten password.
	v1.POST("/session", a.login)
	v1.POST("/password-reset/request", a.requestPasswordReset)
	v1.POST("/password-reset", a.resetPassword)

	// Signed in: a session cookie or an API token of an enabled account.
	// Changing one's password, creating an account and issuing an API
	// token do not honour Idempotency-Key: the body holds a password or the
	// answer a token in plain text, and neither may be kept, even hashed,
	// in a cache of requests and answers.
	me := v1.Group("", a.signedIn()...)
	me.PUT("/account/password", a.changePassword)
	me.POST("/account/tokens", a.issueAPIToken)
	me.POST("/orgs/:org/accounts", a.orgParam, a.createAccount)
	// The others' state-changing routes honour it (a.idempotent).
	idem := me.Group("", a.idempotent)
	idem.GET("/session", a.currentSession)
	idem.DELETE("/session", a.logout)
	idem.DELETE("/account/tokens/:token_id", a.revokeAPIToken)
	// One's own notifications and settings (notifications.go).
	idem.POST("/me/notifications/read", a.markNotificationsRead)
	idem.PUT("/me/notification-preferences", a.changeNotificationPreferences)

	// An organisation's Identity; the commands authorise each action.
	org := idem.Group("/orgs/:org", a.orgParam)
	org.PATCH("", a.changeOrganizationDetails)
	org.POST("/people", a.registerPerson)
	org.PATCH("/people/:person", a.changePersonDetails)
	org.POST("/accounts/:account/disable", a.disableAccount)
	org.POST("/accounts/:account/enable", a.enableAccount)
	org.POST("/groups", a.createGroup)
	org.PATCH("/groups/:group", a.renameGroup)
	org.POST("/groups/:group/members", a.addGroupMember)
	org.DELETE("/groups/:group/members/:account", a.removeGroupMember)
	org.POST("/grants", a.grantRole)
	org.DELETE("/grants/:grant", a.revokeRole)

	// An organisation's Time. A caller with no grant in the organisation
	// is 404 before anything else is read (knownInOrg); the commands
	// authorise each action.
	tm := org.Group("", a.knownInOrg)
	tm.POST("/projects", a.registerProject)
	tm.PUT("/projects/:project", a.changeProjectDetails)
	tm.PUT("/projects/:project/rules", a.changeProjectRules)
	tm.POST("/projects/:project/partners", a.addProjectPartner)
	tm.POST("/projects/:project/work-packages", a.addWorkPackage)
	tm.POST("/projects/:project/activities", a.addActivity)
	tm.PUT("/projects/:project/budget", a.setBudgetLine)
	tm.POST("/projects/:project/members", a.addProjectMember)
	tm.DELETE("/projects/:project/members/:person", a.removeProjectMember)
	tm.POST("/projects/:project/retention-holds", a.placeRetentionHold)
	tm.DELETE("/projects/:project/retention-holds/:hold", a.liftRetentionHold)
	tm.POST("/people/:person/contracts", a.signContract)
	tm.POST("/people/:person/contracts/:contract/amendments", a.amendContract)
	tm.POST("/people/:person/contracts/:contract/end", a.endContract)
	tm.POST("/people/:person/assignments", a.assignToProject)
	tm.POST("/people/:person/assignments/:assignment/end", a.endAssignment)
	tm.POST("/people/:person/leave", a.recordLeave)
	tm.POST("/people/:person/leave/:leave/cancel", a.cancelLeave)
	tm.POST("/calendar/days", a.addCalendarDay)
	tm.DELETE("/calendar/days/:date", a.removeCalendarDay)
	tm.POST("/reports", a.submitReport)
	month := tm.Group("/people/:person/timesheets/:month")
	month.POST("/entries", a.recordTimeEntry)
	month.PUT("/entries/:entry", a.changeTimeEntry)
	month.DELETE("/entries/:entry", a.removeTimeEntry)
	month.POST("/submit", a.submitTimesheet)
	month.POST("/approve", a.approveTimesheet)
	month.POST("/reject", a.rejectTimesheet)
	month.POST("/lock", a.lockTimesheet)
	month.POST("/reopen", a.reopenTimesheet)

	// An organisation's Tasks (tasks.go); the commands authorise each
	// action, a personal list is its owner's only.
	tm.POST("/task-lists", a.createTaskList)
	tm.PATCH("/task-lists/:list", a.renameTaskList)
	tm.PUT("/task-lists/:list/columns", a.changeTaskListColumns)
	tm.POST("/task-lists/:list/tasks", a.createTask)
	tm.PATCH("/tasks/:task", a.updateTask)
	tm.POST("/tasks/:task/move", a.moveTask)
	tm.POST("/tasks/:task/archive", a.archiveTask)
	tm.POST("/tasks/:task/restore", a.restoreTask)
	tm.POST("/tasks/:task/dependencies", a.addTaskDependency)
	tm.DELETE("/tasks/:task/dependencies/:blocked_by", a.removeTaskDependency)
	tm.POST("/tasks/:task/comments", a.addTaskComment)
	tm.PATCH("/tasks/:task/comments/:comment", a.editTaskComment)
	tm.DELETE("/tasks/:task/comments/:comment", a.deleteTaskComment)
	tm.POST("/tasks/:task/time", a.logTaskTime)
	tm.POST("/task-filters", a.saveTaskFilter)
	tm.DELETE("/task-filters/:filter", a.deleteTaskFilter)

	// An organisation's Chat (chat.go); the commands authorise each
	// action, a channel one may not read is 404.
	ch := tm.Group("", a.chatOn)
	ch.POST("/channels", a.createChannel)
	ch.PATCH("/channels/:channel", a.renameChannel)
	ch.POST("/channels/:channel/archive", a.archiveChannel)
	ch.POST("/channels/:channel/members", a.addChannelMember)
	ch.DELETE("/channels/:channel/members/:account", a.removeChannelMember)
	ch.POST("/channels/:channel/messages", a.postMessage)
	ch.POST("/channels/:channel/read", a.markChannelRead)
	ch.PATCH("/messages/:message", a.editMessage)
	ch.DELETE("/messages/:message", a.deleteMessage)
	ch.POST("/messages/:message/reactions", a.addReaction)
	ch.DELETE("/messages/:message/reactions/:emoji", a.removeReaction)
}

// PublicRoutes registers the write API's pages outside /api/v1, on a
// router without the authentication middleware: the unsubscribe page of
// mails' links (GET shows what it will do, POST does it), whose signed
// token is its only credential. Routes and PublicRoutes are the whole
// route table.
func PublicRoutes(r gin.IRouter, deps Deps) {
	a := &api{Deps: deps}
	if a.Now == nil {
		a.Now = time.Now
	}
	if a.NewID == nil {
		a.NewID = uuid.NewV7
	}
	if a.Logger == nil {
		a.Logger = slog.Default()
	}
	r.GET(UnsubscribePath, a.showUnsubscribe)
	r.POST(UnsubscribePath, a.unsubscribe)
}
