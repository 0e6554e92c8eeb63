package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain/employment"
	"cronica/eventstore"
	"cronica/internal/auth"
	"cronica/readapi"
	"cronica/realtime"
	"cronica/writeapi"
)

// realtimeShutdownTimeout bounds how long closing the websocket sessions
// waits for them to go before cutting them.
const realtimeShutdownTimeout = 5 * time.Second

// realtimeDeps is the realtime hub and what GET /api/v1/ws needs besides:
// the Origin check, the viewer of a caller, and the stores of sessions and
// API tokens, which the hub asks again when a credential may have ended.
type realtimeDeps struct {
	hub      *realtime.Hub
	origin   func(*http.Request) bool
	viewers  realtime.Viewers
	sessions *auth.Sessions
	tokens   writeapi.APITokens
	// await waits for min_position in the read models the topics are
	// looked up in, so that a client subscribes to what it has just made.
	await  gin.HandlerFunc
	logger *slog.Logger
}

// readModelNames names every projector of readModels().
func readModelNames() []string {
	var names []string
	for _, p := range readModels() {
		names = append(names, p.Name)
	}
	return names
}

// newRealtime builds the hub over store: pushes wait for every projector
// of readModels() that applies the event (their checkpoints), topics are
// realtimeKinds, and the endpoint takes browsers from publicURL's origin
// only.
func newRealtime(pool *pgxpool.Pool, store eventStore, logger *slog.Logger, now func() time.Time, publicURL string) (*realtimeDeps, error) {
	origin, err := realtime.SameOrigin(publicURL)
	if err != nil {
		return nil, fmt.Errorf("realtime: %w", err)
	}
	var models []realtime.ReadModel
	for _, p := range readModels() {
		models = append(models, realtime.ReadModel{Name: p.Name, Types: p.Types})
	}
	viewers := readModelViewers{pool: pool}
	followed, err := auditorTopics(store, now)
	if err != nil {
		return nil, fmt.Errorf("realtime: %w", err)
	}
	hub, err := realtime.New(realtime.Config{
		Store:         store,
		Gate:          realtime.NewCheckpointGate(pool, models, 0, logger),
		Viewers:       viewers,
		Start:         logHead(store, pool),
		Kinds:         realtimeKinds(pool, store),
		SummaryFields: realtimeSummaryFields(),
		Effects:       realtimeEffects,
		CheckOrigin:   origin,
		Followed:      followed,
		Now:           now,
		Logger:        logger,
	})
	if err != nil {
		return nil, err
	}
	sessions, err := auth.NewSessions(pool, auth.SessionConfig{Now: now})
	if err != nil {
		return nil, fmt.Errorf("realtime: %w", err)
	}
	return &realtimeDeps{hub: hub, origin: origin, viewers: viewers, sessions: sessions,
		tokens: writeapi.APITokens{Reads: pool, Now: now}, logger: logger,
		await: writeapi.AwaitReadModels(readapi.NewWaiter(pool, readapi.DefaultWaitTimeout), logger, readModelNames()...)}, nil
}

// startRealtime builds the hub and runs it until stop, which closes the
// sessions, stops following the log and returns why it stopped, if not
// asked to.
func startRealtime(ctx context.Context, pool *pgxpool.Pool, store eventStore, logger *slog.Logger, now func() time.Time,
	publicURL string) (rt *realtimeDeps, stop func() error, err error) {
	rt, err = newRealtime(pool, store, logger, now, publicURL)
	if err != nil {
		return nil, nil, err
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	ran := make(chan error, 1)
	go func() { ran <- rt.hub.Run(runCtx) }()
	return rt, func() error {
		closeErr := rt.closeSessions()
		cancel()
		return errors.Join(closeErr, <-ran)
	}, nil
}

// closeSessions closes every websocket session (code 1001) so that their
// clients reconnect elsewhere.
func (rt *realtimeDeps) closeSessions() error {
	ctx, cancel := context.WithTimeout(context.Background(), realtimeShutdownTimeout)
	defer cancel()
	return rt.hub.Shutdown(ctx)
}

// onShutdown is closeSessions for http.Server.RegisterOnShutdown, which
// takes no error: it is logged.
func (rt *realtimeDeps) onShutdown() {
	if err := rt.closeSessions(); err != nil {
		rt.logger.Warn("realtime: closing the websocket sessions", "err", err)
	}
}

// realtimeKinds is the table of topic kinds clients may follow. A context
// that brings new topics (task lists, channels) adds its Kind here.
func realtimeKinds(pool *pgxpool.Pool, store eventstore.Store) []realtime.Kind {
	return []realtime.Kind{
		realtime.ProjectKind(projectOrgs{pool: pool, store: store}),
		realtime.TimesheetKind(timesheetOwners{pool: pool}),
		realtime.OrgKind(realtime.IdentityOrgRules()),
		realtime.MeKind(realtime.NewGrantLog(store), newNotifyRefs(pool), chatChannels{store: store}),
		realtime.ReportKind(reportOwners{pool: pool}),
		realtime.TaskListKind(taskListOwners{pool: pool, store: store}),
		realtime.ChannelKind(chatChannels{store: store}),
	}
}

// realtimeSummaryFields are the data fields a push may carry: ids, roles
// and states, which the topic's reader may read through the read API; never
// names, addresses, hashes or personal data.
func realtimeSummaryFields() []string {
	return []string{"org_id", "project_id", "project_ids", "person_id", "account_id", "group_id", "grant_id",
		"timesheet_id", "work_package_id", "activity_id", "contract_id", "entry_id", "token_id", "role", "status", "month",
		"notification_ids", "all", "reminder_id",
		// Tasks (a board refetches the card): ids and the column and place.
		"list_id", "task_id", "rank", "comment_id", "parent_id", "blocked_by",
		// Chat (a conversation refetches the message): ids and the emoji.
		"channel_id", "message_id", "thread_id", "emoji"}
}

// logHead is where the hub starts: the head of the log when the store can
// tell it (pgstore: the last event below the read frontier), else the
// furthest projector checkpoint.
func logHead(store eventStore, pool *pgxpool.Pool) func(context.Context) (eventstore.Position, error) {
	type header interface {
		Head(ctx context.Context) (eventstore.Position, time.Time, error)
	}
	return func(ctx context.Context) (eventstore.Position, error) {
		if h, ok := store.(header); ok {
			pos, _, err := h.Head(ctx)
			return pos, err
		}
		var pos int64
		if err := pool.QueryRow(ctx, `SELECT coalesce(max(position), 0) FROM cronica_projection_checkpoints`).Scan(&pos); err != nil {
			return 0, fmt.Errorf("realtime: head: %w", err)
		}
		return eventstore.Position(pos), nil
	}
}

// realtimeEffects are the Identity events' effects on live sessions, and
// the work contracts': a contract signed or ended changes who holds the
// roles granted to it, and until when, in its organisation.
func realtimeEffects(c *realtime.Change) realtime.Effect {
	switch c.Event.Type {
	case employment.TypeContractSigned, employment.TypeContractEnded:
		return realtime.Effect{RefreshOrg: c.OrgID()}
	}
	return realtime.IdentityEffects(c)
}
