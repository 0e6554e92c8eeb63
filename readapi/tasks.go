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
	"cronica/domain/identity"
	"cronica/projections/identityview"
	"cronica/projections/taskview"
)

// The Tasks read routes (tasks*.go) run like the Time ones: requireCaller,
// readYourWrites on the taskview and identity projectors, and
// loadPrincipal. Who reads a list:
//   - a project's list: whoever holds tasks.read on its project (in the
//     organisation, or a grant on that project); others with a grant in
//     the organisation get 403;
//   - a personal list: its owner only; anyone else gets 404, as if it did
//     not exist;
//
// and a task, a board or a task's page is readable with its list. A caller
// with no grant in the organisation gets 404 for everything there. The
// filtered list only ever searches the lists the caller reads.

// TaskBoard is GET /orgs/:org/task-lists/:list/board: the list, and every
// task of it that is not archived as a card, column by column in rank
// order. Position is a log position the board reflects at least (the
// read model's checkpoint before it was read): subscribe to the list's
// realtime topic with after=position to follow it from there.
type TaskBoard struct {
	List     taskview.ListView `json:"list"`
	Columns  []BoardColumn     `json:"columns"`
	Position string            `json:"position"`
}

// BoardColumn is a column of the board with its cards; Total counts them.
type BoardColumn struct {
	taskview.Column
	Tasks []taskview.CardView `json:"tasks"`
	Total int                 `json:"total"`
}

// TaskPage is GET /orgs/:org/tasks: a page of the filtered list. AsOf is
// set when the filter was answered from the log as of a past point.
type TaskPage struct {
	Items      []taskview.CardView `json:"items"`
	NextCursor *string             `json:"next_cursor"`
	AsOf       *AsOfView           `json:"as_of,omitempty"`
}

// AsOfView is the as-of asked for and the log position it resolved to (a
// decimal string: positions exceed 2^53).
type AsOfView struct {
	Asked    string `json:"asked"`
	Position string `json:"position"`
}

// taskAccess is which lists of the path's organisation the caller reads
// (taskview.Access): every project's with tasks.read in the organisation,
// else those of the projects where a project grant gives it; and the
// caller's own personal lists. No grant in the organisation is 404.
func (a *api) taskAccess(c *gin.Context) (orgID string, acc taskview.Access, err error) {
	orgID = c.Param("org")
	p := principalOf(c)
	now := a.now()
	denied := identity.Authorize(p, identity.ActTasksRead, identity.Target{OrgID: orgID}, now)
	if errors.Is(denied, domain.ErrNotFound) {
		return orgID, acc, fmt.Errorf("readapi: %s in %s: %w", identity.ActTasksRead, clipParam(orgID), denied)
	}
	acc.AllProjects = denied == nil
	for _, g := range p.Grants {
		if acc.AllProjects || g.Scope.OrgID != orgID || g.Scope.Kind != identity.ScopeProject || slices.Contains(acc.Projects, g.Scope.ProjectID) {
			continue
		}
		if identity.Authorize(p, identity.ActTasksRead, identity.Target{OrgID: orgID, ProjectID: g.Scope.ProjectID}, now) == nil {
			acc.Projects = append(acc.Projects, g.Scope.ProjectID)
		}
	}
	slices.Sort(acc.Projects)
	acc.Owner = p.AccountID
	return orgID, acc, nil
}

// mayReadList is the rule of who reads list l (see above): nil, or an
// error matching domain.ErrNotFound or domain.ErrForbidden.
func (a *api) mayReadList(p identity.Principal, l taskview.ListView) error {
	if l.ProjectID == "" {
		if p.Active && l.OwnerAccountID != "" && l.OwnerAccountID == p.AccountID &&
			!errors.Is(identity.Authorize(p, identity.ActTasksRead, identity.Target{OrgID: l.OrgID}, a.now()), domain.ErrNotFound) {
			return nil
		}
		return fmt.Errorf("readapi: personal list %s: %w", l.ListID, domain.ErrNotFound)
	}
	if err := identity.Authorize(p, identity.ActTasksRead, identity.Target{OrgID: l.OrgID, ProjectID: l.ProjectID}, a.now()); err != nil {
		return fmt.Errorf("readapi: %s on project %s: %w", identity.ActTasksRead, l.ProjectID, err)
	}
	return nil
}

// pathList is the path's list, if the caller may read it; on refusal it
// has answered (404 before anything else without a grant in the
// organisation).
func (a *api) pathList(c *gin.Context) (taskview.ListView, bool) {
	orgID := c.Param("org")
	p := principalOf(c)
	err := identity.Authorize(p, identity.ActTasksRead, identity.Target{OrgID: orgID}, a.now())
	if !errors.Is(err, domain.ErrNotFound) {
		err = checkParams(c.Request.URL.Query())
	}
	var l taskview.ListView
	if err == nil {
		if l, err = taskview.GetList(c.Request.Context(), a.pool, orgID, c.Param("list")); err == nil {
			err = a.mayReadList(p, l)
		}
	}
	if err != nil {
		a.writeError(c, fmt.Errorf("readapi: task list %s: %w", clipParam(c.Param("list")), err))
		return taskview.ListView{}, false
	}
	return l, true
}

// taskLists serves GET /orgs/:org/task-lists: the lists the caller reads,
// the projects' by name, then the caller's own.
func (a *api) taskLists(c *gin.Context) {
	orgID, acc, err := a.taskAccess(c)
	if err == nil {
		err = checkParams(c.Request.URL.Query())
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	lists, err := taskview.Lists(c.Request.Context(), a.pool, orgID, acc)
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": lists})
}

// taskList serves GET /orgs/:org/task-lists/:list.
func (a *api) taskList(c *gin.Context) {
	if l, ok := a.pathList(c); ok {
		c.JSON(http.StatusOK, l)
	}
}

// taskBoard serves GET /orgs/:org/task-lists/:list/board: the list and its
// tasks that are not archived, column by column (TaskBoard).
func (a *api) taskBoard(c *gin.Context) {
	ctx := c.Request.Context()
	pos, err := a.checkpoint(ctx, taskview.Name)
	if err != nil {
		a.writeError(c, err)
		return
	}
	l, ok := a.pathList(c)
	if !ok {
		return
	}
	cards, err := taskview.Board(ctx, a.pool, l)
	if err != nil {
		a.writeError(c, err)
		return
	}
	buf, _ := a.boardBuffers.Get().(*[]byte)
	if buf == nil {
		buf = new([]byte)
	}
	body, err := boardOf(l, cards, pos).appendJSON((*buf)[:0])
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
	if cap(body) <= maxPooledBoard {
		*buf = body
		a.boardBuffers.Put(buf)
	}
}

// maxPooledBoard bounds the board buffers kept for the next boards (a
// board of 5,000 cards is about 2.5 MiB).
const maxPooledBoard = 16 << 20

// boardOf groups cards (ordered by status, then rank) into l's columns.
func boardOf(l taskview.ListView, cards []taskview.CardView, pos uint64) TaskBoard {
	b := TaskBoard{List: l, Columns: make([]BoardColumn, len(l.Columns)), Position: strconv.FormatUint(pos, 10)}
	index := make(map[string]int, len(l.Columns))
	for i, col := range l.Columns {
		b.Columns[i] = BoardColumn{Column: col, Tasks: []taskview.CardView{}}
		index[col.ColumnID] = i
	}
	for start := 0; start < len(cards); {
		end := start + 1
		for end < len(cards) && cards[end].Status == cards[start].Status {
			end++
		}
		// The projector keeps every task in a column of its list; a status
		// that is not one would be a bug there, and is left out.
		if i, ok := index[cards[start].Status]; ok {
			b.Columns[i].Tasks = cards[start:end:end]
			b.Columns[i].Total = end - start
		}
		start = end
	}
	return b
}

// checkpoint is projector name's checkpoint (0 without a row).
func (a *api) checkpoint(ctx context.Context, name string) (uint64, error) {
	var p int64
	err := a.pool.QueryRow(ctx, `SELECT position FROM cronica_projection_checkpoints WHERE projector = $1`, name).Scan(&p)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("readapi: checkpoint of %s: %w", name, err)
	}
	return uint64(p), nil
}

// task serves GET /orgs/:org/tasks/:task: the task with its dependencies,
// subtasks, comments (their authors named) and time (TaskView).
func (a *api) task(c *gin.Context) {
	ctx := c.Request.Context()
	orgID := c.Param("org")
	p := principalOf(c)
	err := identity.Authorize(p, identity.ActTasksRead, identity.Target{OrgID: orgID}, a.now())
	if !errors.Is(err, domain.ErrNotFound) {
		err = checkParams(c.Request.URL.Query())
	}
	var v taskview.TaskView
	if err == nil {
		v, err = taskview.GetTask(ctx, a.pool, orgID, c.Param("task"))
	}
	if err == nil {
		var l taskview.ListView
		if l, err = taskview.GetList(ctx, a.pool, orgID, v.ListID); err == nil {
			err = a.mayReadList(p, l)
		}
	}
	if err == nil {
		err = a.nameAuthors(ctx, v.Comments)
	}
	if err != nil {
		a.writeError(c, fmt.Errorf("readapi: task %s: %w", clipParam(c.Param("task")), err))
		return
	}
	c.JSON(http.StatusOK, v)
}

// nameAuthors fills the comments' author names (and the person of an
// author the event did not name) from the identity model. An author may
// be an account of another organisation with a grant in this one.
func (a *api) nameAuthors(ctx context.Context, comments []taskview.CommentView) error {
	if len(comments) == 0 {
		return nil
	}
	var accounts []string
	for _, cm := range comments {
		if !slices.Contains(accounts, cm.AuthorAccountID) {
			accounts = append(accounts, cm.AuthorAccountID)
		}
	}
	rows, err := a.pool.Query(ctx, `SELECT a.account_id, a.person_id, trim(p.given_name || ' ' || p.family_name)
		FROM `+identityview.TableAccounts+` a JOIN `+identityview.TablePeople+` p ON p.person_id = a.person_id
		WHERE a.account_id = ANY($1)`, accounts)
	if err != nil {
		return fmt.Errorf("readapi: comment authors: %w", err)
	}
	type who struct{ person, name string }
	known := map[string]who{}
	var id, person, name string
	if _, err := pgx.ForEachRow(rows, []any{&id, &person, &name}, func() error {
		known[id] = who{person, name}
		return nil
	}); err != nil {
		return fmt.Errorf("readapi: comment authors: %w", err)
	}
	for i := range comments {
		w := known[comments[i].AuthorAccountID]
		if comments[i].AuthorPersonID == "" {
			comments[i].AuthorPersonID = w.person
		}
		comments[i].AuthorName = w.name
	}
	return nil
}

// taskFilters serves GET /orgs/:org/task-filters: the caller's saved
// filters and the ones shared in the organisation, by name.
func (a *api) taskFilters(c *gin.Context) {
	orgID, _, err := a.taskAccess(c)
	if err == nil {
		err = checkParams(c.Request.URL.Query())
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	items, err := taskview.Filters(c.Request.Context(), a.pool, orgID, principalOf(c).AccountID)
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}
