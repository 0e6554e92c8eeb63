package writeapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/task"
	"cronica/domain/timesheet"
	"cronica/eventstore"
	"cronica/internal/apierr"
	"cronica/internal/markdown"
)

// The routes of Tasks (all under /api/v1/orgs/:org, behind knownInOrg):
// lists and their columns, tasks, moves, dependencies, comments, time
// logged on a task, saved filters. Each binds, reads its dates, and
// leaves authorisation and every rule to its command; a list, task or
// filter of another organisation is 404. An edit or a move refused by the
// field-level rule is 409 task_conflict whose details carry the fields,
// the task's version and "current": the task as the read API shows it,
// built from the aggregate the command loaded (the read model may lag
// behind).

// taskColumnRequest is a column of a list.
type taskColumnRequest struct {
	ColumnID string `json:"column_id"`
	Name     string `json:"name"`
	Done     bool   `json:"done"`
}

func columnsOf(in []taskColumnRequest) []task.Column {
	out := make([]task.Column, len(in))
	for i, c := range in {
		out[i] = task.Column{ColumnID: c.ColumnID, Name: c.Name, Done: c.Done}
	}
	return out
}

type createTaskListRequest struct {
	ProjectID string              `json:"project_id"`
	Name      string              `json:"name"`
	Columns   []taskColumnRequest `json:"columns"`
}

// createTaskList is POST /api/v1/orgs/:org/task-lists: a project's list
// (project_id) or the caller's own. Without columns, the default three are
// named in the request's language (Accept-Language).
func (a *api) createTaskList(c *gin.Context) {
	lang := "en"
	if apierr.Romanian(c.Request) {
		lang = "ro"
	}
	orgCommand(a, c, false, "", "", http.StatusCreated, func(ctx context.Context, m commands.Meta, _ string, r createTaskListRequest) (commands.Result, error) {
		return a.Tasks.CreateTaskList.Handle(ctx, m, commands.CreateTaskList{OrgID: c.Param("org"), ProjectID: r.ProjectID, Name: r.Name,
			Columns: columnsOf(r.Columns), Language: lang})
	})
}

// renameTaskList is PATCH /api/v1/orgs/:org/task-lists/:list.
func (a *api) renameTaskList(c *gin.Context) {
	orgCommand(a, c, false, task.ListCategory, "list", http.StatusOK, func(ctx context.Context, m commands.Meta, id string, r struct {
		Name string `json:"name"`
	}) (commands.Result, error) {
		return a.Tasks.RenameTaskList.Handle(ctx, m, commands.RenameTaskList{OrgID: c.Param("org"), ListID: id, Name: r.Name})
	})
}

type taskColumnsRequest struct {
	Columns []taskColumnRequest `json:"columns"`
	MovedTo map[string]string   `json:"moved_to"`
}

// changeTaskListColumns is PUT /api/v1/orgs/:org/task-lists/:list/columns:
// the whole column list; moved_to names where a removed column's tasks go.
func (a *api) changeTaskListColumns(c *gin.Context) {
	orgCommand(a, c, false, task.ListCategory, "list", http.StatusOK, func(ctx context.Context, m commands.Meta, id string, r taskColumnsRequest) (commands.Result, error) {
		return a.Tasks.ChangeTaskListColumns.Handle(ctx, m, commands.ChangeTaskListColumns{OrgID: c.Param("org"), ListID: id,
			Columns: columnsOf(r.Columns), MovedTo: r.MovedTo})
	})
}

type createTaskRequest struct {
	Title         string        `json:"title"`
	Description   string        `json:"description"`
	Status        string        `json:"status"`
	ParentID      string        `json:"parent_id"`
	Priority      task.Priority `json:"priority"`
	Assignees     []string      `json:"assignees"`
	Watchers      []string      `json:"watchers"`
	Labels        []string      `json:"labels"`
	Start         string        `json:"start"`
	Due           string        `json:"due"`
	WorkPackageID string        `json:"work_package_id"`
	ActivityID    string        `json:"activity_id"`
}

// createTask is POST /api/v1/orgs/:org/task-lists/:list/tasks; the task
// goes to the end of its column (status, default the first open one).
func (a *api) createTask(c *gin.Context) {
	orgCommand(a, c, false, task.ListCategory, "list", http.StatusCreated, func(ctx context.Context, m commands.Meta, id string, r createTaskRequest) (commands.Result, error) {
		var d dates
		n := task.NewTask{Title: r.Title, Description: r.Description, Status: r.Status, ParentID: r.ParentID, Priority: r.Priority,
			Assignees: r.Assignees, Watchers: r.Watchers, Labels: r.Labels, Start: d.read("start", r.Start), Due: d.read("due", r.Due),
			WorkPackageID: r.WorkPackageID, ActivityID: r.ActivityID}
		if d.err != nil {
			return commands.Result{}, d.err
		}
		return a.Tasks.CreateTask.Handle(ctx, m, commands.CreateTask{OrgID: c.Param("org"), ListID: id, Task: n})
	})
}

// updateTaskRequest is PATCH /tasks/:task: base_version and the fields to
// change, each absent (unchanged), null (cleared) or a value.
type updateTaskRequest struct {
	BaseVersion   *int64          `json:"base_version"`
	Title         json.RawMessage `json:"title"`
	Description   json.RawMessage `json:"description"`
	Priority      json.RawMessage `json:"priority"`
	Assignees     json.RawMessage `json:"assignees"`
	Watchers      json.RawMessage `json:"watchers"`
	Labels        json.RawMessage `json:"labels"`
	Start         json.RawMessage `json:"start"`
	Due           json.RawMessage `json:"due"`
	WorkPackageID json.RawMessage `json:"work_package_id"`
	ActivityID    json.RawMessage `json:"activity_id"`
	ParentID      json.RawMessage `json:"parent_id"`
}

// fields reads the request's fields: null is "" (an empty list, no date).
func (r updateTaskRequest) fields() (task.Fields, error) {
	var f task.Fields
	var err error
	str := func(field string, raw json.RawMessage) *string {
		if raw == nil || err != nil {
			return nil
		}
		var v *string
		if e := json.Unmarshal(raw, &v); e != nil {
			err = &jsonError{reason: "a value of the wrong type (a string or null)", field: field}
			return nil
		}
		if v == nil {
			v = new(string)
		}
		return v
	}
	list := func(field string, raw json.RawMessage) *[]string {
		if raw == nil || err != nil {
			return nil
		}
		v := []string{}
		if e := json.Unmarshal(raw, &v); e != nil {
			err = &jsonError{reason: "a value of the wrong type (a list of strings or null)", field: field}
			return nil
		}
		if v == nil {
			v = []string{}
		}
		return &v
	}
	date := func(field string, raw json.RawMessage) *calendar.Date {
		s := str(field, raw)
		if s == nil || err != nil {
			return nil
		}
		d, e := civilDate(field, *s)
		if e != nil {
			err = e
			return nil
		}
		return &d
	}
	f.Title = str("title", r.Title)
	f.Description = str("description", r.Description)
	if p := str("priority", r.Priority); p != nil {
		f.Priority = (*task.Priority)(p)
	}
	f.Assignees = list("assignees", r.Assignees)
	f.Watchers = list("watchers", r.Watchers)
	f.Labels = list("labels", r.Labels)
	f.Start = date("start", r.Start)
	f.Due = date("due", r.Due)
	f.WorkPackageID = str("work_package_id", r.WorkPackageID)
	f.ActivityID = str("activity_id", r.ActivityID)
	f.ParentID = str("parent_id", r.ParentID)
	return f, err
}

// baseVersion is a request's base_version, which every edit and move
// names: the task's version the client edited.
func baseVersion(v *int64) (int64, error) {
	if v == nil {
		return 0, &eventstore.ValidationError{Field: "base_version", Reason: "required: the version of the task the change was made from"}
	}
	return *v, nil
}

// updateTask is PATCH /api/v1/orgs/:org/tasks/:task.
func (a *api) updateTask(c *gin.Context) {
	taskCommand(a, c, false, http.StatusOK, func(ctx context.Context, m commands.Meta, id string, r updateTaskRequest) (commands.Result, error) {
		base, err := baseVersion(r.BaseVersion)
		if err != nil {
			return commands.Result{}, err
		}
		f, err := r.fields()
		if err != nil {
			return commands.Result{}, err
		}
		return a.Tasks.UpdateTask.Handle(ctx, m, commands.UpdateTask{OrgID: c.Param("org"), TaskID: id, BaseVersion: base, Fields: f})
	})
}

type moveTaskRequest struct {
	BaseVersion *int64 `json:"base_version"`
	Status      string `json:"status"`
	AfterID     string `json:"after_id"`
	BeforeID    string `json:"before_id"`
}

// moveTask is POST /api/v1/orgs/:org/tasks/:task/move.
func (a *api) moveTask(c *gin.Context) {
	taskCommand(a, c, false, http.StatusOK, func(ctx context.Context, m commands.Meta, id string, r moveTaskRequest) (commands.Result, error) {
		base, err := baseVersion(r.BaseVersion)
		if err != nil {
			return commands.Result{}, err
		}
		return a.Tasks.MoveTask.Handle(ctx, m, commands.MoveTask{OrgID: c.Param("org"), TaskID: id, BaseVersion: base, Status: r.Status,
			AfterID: r.AfterID, BeforeID: r.BeforeID})
	})
}

// archiveTask is POST /api/v1/orgs/:org/tasks/:task/archive (no body).
func (a *api) archiveTask(c *gin.Context) {
	taskCommand(a, c, true, http.StatusOK, func(ctx context.Context, m commands.Meta, id string, _ struct{}) (commands.Result, error) {
		return a.Tasks.ArchiveTask.Handle(ctx, m, commands.ArchiveTask{OrgID: c.Param("org"), TaskID: id})
	})
}

// restoreTask is POST /api/v1/orgs/:org/tasks/:task/restore (no body).
func (a *api) restoreTask(c *gin.Context) {
	taskCommand(a, c, true, http.StatusOK, func(ctx context.Context, m commands.Meta, id string, _ struct{}) (commands.Result, error) {
		return a.Tasks.RestoreTask.Handle(ctx, m, commands.RestoreTask{OrgID: c.Param("org"), TaskID: id})
	})
}

// addTaskDependency is POST /api/v1/orgs/:org/tasks/:task/dependencies.
func (a *api) addTaskDependency(c *gin.Context) {
	taskCommand(a, c, false, http.StatusCreated, func(ctx context.Context, m commands.Meta, id string, r struct {
		BlockedBy string `json:"blocked_by"`
	}) (commands.Result, error) {
		return a.Tasks.AddTaskDependency.Handle(ctx, m, commands.AddTaskDependency{OrgID: c.Param("org"), TaskID: id, BlockedBy: r.BlockedBy})
	})
}

// removeTaskDependency is DELETE
// /api/v1/orgs/:org/tasks/:task/dependencies/:blocked_by.
func (a *api) removeTaskDependency(c *gin.Context) {
	taskCommand(a, c, true, http.StatusOK, func(ctx context.Context, m commands.Meta, id string, _ struct{}) (commands.Result, error) {
		return a.Tasks.RemoveTaskDependency.Handle(ctx, m, commands.RemoveTaskDependency{OrgID: c.Param("org"), TaskID: id,
			BlockedBy: c.Param("blocked_by")})
	})
}

type taskCommentRequest struct {
	Body     string   `json:"body"`
	Mentions []string `json:"mentions"`
}

// addTaskComment is POST /api/v1/orgs/:org/tasks/:task/comments; the
// result's id is the comment's.
func (a *api) addTaskComment(c *gin.Context) {
	taskCommand(a, c, false, http.StatusCreated, func(ctx context.Context, m commands.Meta, id string, r taskCommentRequest) (commands.Result, error) {
		return a.Tasks.AddTaskComment.Handle(ctx, m, commands.AddTaskComment{OrgID: c.Param("org"), TaskID: id, Body: r.Body, Mentions: r.Mentions})
	})
}

// editTaskComment is PATCH /api/v1/orgs/:org/tasks/:task/comments/:comment.
func (a *api) editTaskComment(c *gin.Context) {
	taskCommand(a, c, false, http.StatusOK, func(ctx context.Context, m commands.Meta, id string, r taskCommentRequest) (commands.Result, error) {
		return a.Tasks.EditTaskComment.Handle(ctx, m, commands.EditTaskComment{OrgID: c.Param("org"), TaskID: id, CommentID: c.Param("comment"),
			Body: r.Body, Mentions: r.Mentions})
	})
}

// deleteTaskComment is DELETE /api/v1/orgs/:org/tasks/:task/comments/:comment.
func (a *api) deleteTaskComment(c *gin.Context) {
	taskCommand(a, c, true, http.StatusOK, func(ctx context.Context, m commands.Meta, id string, _ struct{}) (commands.Result, error) {
		return a.Tasks.DeleteTaskComment.Handle(ctx, m, commands.DeleteTaskComment{OrgID: c.Param("org"), TaskID: id, CommentID: c.Param("comment")})
	})
}

type logTaskTimeRequest struct {
	Date        string `json:"date"`
	Minutes     int    `json:"minutes"`
	Description string `json:"description"`
	Reason      string `json:"reason"`
}

// logTaskTimeAnswer is the task's write result with the time entry's
// (its id, the month's version and position, status and warnings).
type logTaskTimeAnswer struct {
	writeResult
	Time timesheetAnswer `json:"time"`
}

// logTaskTime is POST /api/v1/orgs/:org/tasks/:task/time: the caller's
// time on the task's activity, through the Time rules (a refusal is
// Time's), then linked to the task. 201 with the task's result and the
// entry's.
func (a *api) logTaskTime(c *gin.Context) {
	var r logTaskTimeRequest
	if err := bind(c, &r, false); err != nil {
		a.fail(c, err)
		return
	}
	id, err := a.inOrg(c, task.Category, "task")
	if err != nil {
		a.fail(c, err)
		return
	}
	date, err := civilDate("date", r.Date)
	if err == nil && date.IsZero() {
		err = &eventstore.ValidationError{Field: "date", Reason: "required: a date YYYY-MM-DD"}
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	p, _ := principal(c)
	res, err := a.Tasks.LogTaskTime.Handle(c.Request.Context(), a.meta(c, p), commands.LogTaskTime{OrgID: c.Param("org"), TaskID: id,
		Date: date, Minutes: r.Minutes, Description: r.Description, Reason: r.Reason})
	if err != nil {
		a.fail(c, err)
		return
	}
	warnings := res.Time.Warnings
	if warnings == nil {
		warnings = []timesheet.Finding{}
	}
	c.Header(PositionHeader, strconv.FormatUint(uint64(res.Position), 10))
	c.JSON(http.StatusCreated, logTaskTimeAnswer{writeResult: resultOf(res.Result),
		Time: timesheetAnswer{writeResult: resultOf(res.Time.Result), Status: string(res.Time.Status), Warnings: warnings}})
}

type saveTaskFilterRequest struct {
	FilterID string     `json:"filter_id"`
	Name     string     `json:"name"`
	Shared   bool       `json:"shared"`
	Query    task.Query `json:"query"`
}

// saveTaskFilter is POST /api/v1/orgs/:org/task-filters: a new filter of
// the caller's, or (filter_id) one of theirs saved again.
func (a *api) saveTaskFilter(c *gin.Context) {
	orgCommand(a, c, false, "", "", http.StatusCreated, func(ctx context.Context, m commands.Meta, _ string, r saveTaskFilterRequest) (commands.Result, error) {
		return a.Tasks.SaveTaskFilter.Handle(ctx, m, commands.SaveTaskFilter{OrgID: c.Param("org"), FilterID: r.FilterID, Name: r.Name,
			Shared: r.Shared, Query: r.Query})
	})
}

// deleteTaskFilter is DELETE /api/v1/orgs/:org/task-filters/:filter.
func (a *api) deleteTaskFilter(c *gin.Context) {
	orgCommand(a, c, true, task.FilterCategory, "filter", http.StatusOK, func(ctx context.Context, m commands.Meta, id string, _ struct{}) (commands.Result, error) {
		return a.Tasks.DeleteTaskFilter.Handle(ctx, m, commands.DeleteTaskFilter{OrgID: c.Param("org"), FilterID: id})
	})
}

// taskCommand is orgCommand for the routes of one task (:task), whose
// conflicts are answered with the task as it is.
func taskCommand[B any](a *api, c *gin.Context, optional bool, status int,
	run func(ctx context.Context, m commands.Meta, id string, body B) (commands.Result, error)) {
	var body B
	if err := bind(c, &body, optional); err != nil {
		a.fail(c, err)
		return
	}
	id, err := a.inOrg(c, task.Category, "task")
	if err != nil {
		a.fail(c, err)
		return
	}
	p, _ := principal(c)
	res, err := run(c.Request.Context(), a.meta(c, p), id, body)
	var ce *task.ConflictError
	if errors.As(err, &ce) && ce.Current != nil {
		problem := apierr.Map(c, err)
		problem.Details["current"] = currentTask(ce.Current)
		apierr.Abort(c, problem)
		return
	}
	a.answer(c, status, res, err)
}

// taskCurrent is a task in a conflict's answer: the read API's TaskView
// (GET /tasks/:task) for the fields the task's own stream knows. The
// blockers are named by id only; subtasks, what the task blocks and the
// comments are the read API's.
type taskCurrent struct {
	TaskID          string           `json:"task_id"`
	ListID          string           `json:"list_id"`
	ProjectID       string           `json:"project_id"`
	Title           string           `json:"title"`
	Status          string           `json:"status"`
	Rank            string           `json:"rank"`
	Priority        string           `json:"priority"`
	Assignees       []string         `json:"assignees"`
	Labels          []string         `json:"labels"`
	Due             calendar.Date    `json:"due"`
	ParentID        string           `json:"parent_id"`
	CommentCount    int              `json:"comment_count"`
	Archived        bool             `json:"archived"`
	Version         int64            `json:"version"`
	Description     string           `json:"description"`
	DescriptionHTML string           `json:"description_html"`
	Watchers        []string         `json:"watchers"`
	Start           calendar.Date    `json:"start"`
	WorkPackageID   string           `json:"work_package_id"`
	ActivityID      string           `json:"activity_id"`
	FieldVersions   map[string]int64 `json:"field_versions"`
	BlockedBy       []taskRef        `json:"blocked_by"`
	Time            []taskTime       `json:"time"`
}

type taskRef struct {
	TaskID string `json:"task_id"`
}

type taskTime struct {
	EntryID     string        `json:"entry_id"`
	PersonID    string        `json:"person_id"`
	TimesheetID string        `json:"timesheet_id"`
	Date        calendar.Date `json:"date"`
	Minutes     int           `json:"minutes"`
}

func currentTask(t *task.Task) taskCurrent {
	out := taskCurrent{TaskID: t.ID(), ListID: t.ListID(), ProjectID: t.ProjectID(), Title: t.Title(), Status: t.Status(), Rank: t.Rank(),
		Priority: string(t.Priority()), Assignees: nonNil(t.Assignees()), Labels: nonNil(t.Labels()), Due: t.Due(), ParentID: t.ParentID(),
		CommentCount: t.CommentCount(), Archived: t.Archived(), Version: t.Current(), Description: t.Description(),
		DescriptionHTML: markdown.Render(t.Description()), Watchers: nonNil(t.Watchers()), Start: t.Start(), WorkPackageID: t.WorkPackageID(),
		ActivityID: t.ActivityID(), FieldVersions: t.FieldVersions(), BlockedBy: []taskRef{}, Time: []taskTime{}}
	for _, id := range t.BlockedBy() {
		out.BlockedBy = append(out.BlockedBy, taskRef{TaskID: id})
	}
	for _, l := range t.TimeLogs() {
		out.Time = append(out.Time, taskTime{EntryID: l.EntryID, PersonID: l.PersonID, TimesheetID: l.TimesheetID, Date: l.Date, Minutes: l.Minutes})
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
