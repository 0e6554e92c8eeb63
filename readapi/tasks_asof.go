package readapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"cronica/domain"
	"cronica/domain/task"
	"cronica/eventstore"
	"cronica/internal/apierr"
	"cronica/projections/auditlog"
	"cronica/projections/taskview"
	"cronica/reports"
)

// GET /orgs/:org/tasks?as_of= answers the filter from the log, not from
// the read model: the as-of is resolved like a report's (a position the
// log index has passed; a time or a date is the last event recorded by
// then), the streams of the tasks of the lists searched are found through
// the index (a project's through audit_log_projects, the caller's own
// through the task streams no project claims), read up to that position
// and folded by domain/task's Load, with their lists' streams for the
// columns as they were; then the same taskview.Filter is applied in Go
// (Match) and the cards are built from the folded tasks. Which lists the
// caller reads is decided now, like every read; what they held is the
// log's. It costs a read of every task stream of those lists: an as-of
// question, not the board.

// TaskLog is where the tasks' as_of reads the log (*reports.Engine).
// Implementations are safe for concurrent use.
type TaskLog interface {
	// Resolve turns an as-of into a position the log index has passed.
	Resolve(ctx context.Context, a reports.AsOf) (eventstore.Position, error)
	// Snapshot is the log as of position at.
	Snapshot(at eventstore.Position) *reports.Snapshot
}

// asOfWorkers bounds the stream reads of one as-of answer.
const asOfWorkers = 8

var errTasksAsOfOff error = &apierr.Problem{Status: http.StatusNotFound, Code: "not_found",
	Message:   "answering task filters as of a past point is not enabled on this server",
	MessageRO: "filtrele de sarcini la un moment din trecut nu sunt activate pe acest server"}

// tasksAsOf answers GET /tasks for q as of q.asOf, over lists (the lists
// searched, each one the caller reads).
func (a *api) tasksAsOf(c *gin.Context, orgID string, lists []taskview.ListView, q taskQuery) {
	if a.taskLog == nil {
		a.writeError(c, errTasksAsOfOff)
		return
	}
	ctx := c.Request.Context()
	at, err := a.taskLog.Resolve(ctx, q.asOf)
	if err == nil {
		// The project attribution is a read model of its own: it must have
		// passed the position too.
		err = a.waiter.Wait(ctx, []string{auditlog.ProjectsName}, at)
	}
	var cards []taskview.CardView
	if err == nil {
		cards, err = a.cardsAsOf(ctx, orgID, lists, q.filter, at)
	}
	if err != nil {
		a.writeError(c, fmt.Errorf("readapi: tasks as of %s: %w", clipParam(q.asked), err))
		return
	}
	start := 0
	if q.cursor != "" {
		start, _ = slices.BinarySearchFunc(cards, q.cursor, func(c taskview.CardView, id string) int {
			if c.TaskID <= id {
				return -1
			}
			return 1
		})
	}
	end := min(start+q.limit, len(cards))
	out := TaskPage{Items: cards[start:end], AsOf: &AsOfView{Asked: q.asked, Position: strconv.FormatUint(uint64(at), 10)}}
	if end < len(cards) {
		next := encodeKey(cards[end-1].TaskID)
		out.NextCursor = &next
	}
	c.JSON(http.StatusOK, out)
}

// cardsAsOf are the cards of the tasks of lists that met f as of at, in
// task id order.
func (a *api) cardsAsOf(ctx context.Context, orgID string, lists []taskview.ListView, f taskview.Filter, at eventstore.Position) ([]taskview.CardView, error) {
	streams, err := a.taskStreams(ctx, orgID, lists, at)
	if err != nil {
		return nil, err
	}
	snap := a.taskLog.Snapshot(at)
	all := make([]string, 0, len(lists)+len(streams))
	for _, l := range lists {
		all = append(all, task.ListStreamOf(l.ListID))
	}
	if err := snap.Prefetch(ctx, append(all, streams...), asOfWorkers); err != nil {
		return nil, err
	}
	then := map[string]*task.List{} // the lists as they were (absent: not created yet)
	for _, l := range lists {
		events, err := snap.Events(ctx, task.ListStreamOf(l.ListID))
		if errors.Is(err, domain.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if then[l.ListID], err = task.LoadList(events); err != nil {
			return nil, fmt.Errorf("readapi: list %s: %w", l.ListID, err)
		}
	}
	tasks := make([]*task.Task, 0, len(streams))
	for _, s := range streams {
		events, err := snap.Events(ctx, s)
		if errors.Is(err, domain.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		x, err := task.Load(events)
		if err != nil {
			return nil, fmt.Errorf("readapi: %s: %w", s, err)
		}
		if then[x.ListID()] != nil && x.OrgID() == orgID {
			tasks = append(tasks, x)
		}
	}
	return taskview.CardsOf(tasks, then, f), nil
}

// taskStreams are the streams of the tasks of lists with an event at or
// before at, found through the log index: a project list's through
// audit_log_projects (every task event names its project), a personal
// list's among the organisation's task streams that no project claims.
func (a *api) taskStreams(ctx context.Context, orgID string, lists []taskview.ListView, at eventstore.Position) ([]string, error) {
	var projects []string
	personal := false
	for _, l := range lists {
		switch {
		case l.ProjectID == "":
			personal = true
		case !slices.Contains(projects, l.ProjectID):
			projects = append(projects, l.ProjectID)
		}
	}
	var out []string
	collect := func(sql string, args ...any) error {
		rows, err := a.pool.Query(ctx, sql, args...)
		if err != nil {
			return fmt.Errorf("readapi: task streams: %w", err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("readapi: task streams: %w", err)
		}
		out = append(out, ids...)
		return nil
	}
	if len(projects) > 0 {
		if err := collect(`SELECT stream_id FROM `+auditlog.ProjectsTable+` WHERE org_id = $1 AND project_id = ANY($2)
			AND stream_id LIKE $3 AND first_position <= $4`, orgID, projects, task.Category+"-%", int64(at)); err != nil {
			return nil, err
		}
	}
	if personal {
		// version = 0: each stream once, by its first event.
		if err := collect(`SELECT l.stream_id FROM `+auditlog.Table+` l WHERE l.category = $1 AND l.org_id = $2 AND l.version = 0
			AND l.position <= $3 AND NOT EXISTS (SELECT 1 FROM `+auditlog.ProjectsTable+` p WHERE p.stream_id = l.stream_id)`,
			task.Category, orgID, int64(at)); err != nil {
			return nil, err
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
