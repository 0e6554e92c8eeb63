package readapi

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"cronica/domain"
	"cronica/projections/taskview"
	"cronica/reports"
)

// The filtered list, GET /orgs/:org/tasks: list, project, assignee,
// status, label and work_package may be repeated (or comma separated, but
// label) and are alternatives within one parameter; parameters are all
// required together. due_from and due_to bound the due date (inclusive; a
// task without one is left out when either is given), q searches the
// title and description (every word a prefix of one of theirs, ignoring
// case and diacritics), archived is false (the default), true or all.
// filter names a saved filter (the caller's or a shared one): its query,
// with each parameter given replacing its part. as_of answers the same
// filter from the log as of that point (tasks_asof.go). Pages are in task
// id order (creation order), cursor the last id.

// taskListParams are the parameters GET /tasks takes besides cursor and
// limit.
var taskListParams = []string{"list", "project", "assignee", "status", "label", "due_from", "due_to", "work_package", "q",
	"archived", "filter", "as_of"}

// taskQuery is GET /tasks' request, parsed.
type taskQuery struct {
	filter       taskview.Filter
	lists        []string // asked for (nil: every list read)
	cursor       string
	limit        int
	asOf         reports.AsOf
	asked        string
	answeredAsOf bool // as_of was given
}

// tasks serves GET /orgs/:org/tasks (TaskPage).
func (a *api) tasks(c *gin.Context) {
	ctx := c.Request.Context()
	orgID, acc, err := a.taskAccess(c)
	var q taskQuery
	if err == nil {
		q, err = a.parseTaskQuery(c, orgID)
	}
	var readable []taskview.ListView
	if err == nil {
		readable, err = taskview.Lists(ctx, a.pool, orgID, acc)
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	lists := selectLists(readable, q.lists, q.filter.Projects)
	q.filter.Lists = make([]string, len(lists))
	for i, l := range lists {
		q.filter.Lists[i] = l.ListID
	}
	if q.answeredAsOf {
		a.tasksAsOf(c, orgID, lists, q)
		return
	}
	page, err := taskview.ListTasks(ctx, a.pool, orgID, q.filter, q.cursor, q.limit)
	if err != nil {
		a.writeError(c, err)
		return
	}
	out := TaskPage{Items: page.Items}
	if page.Next != "" {
		next := encodeKey(page.Next)
		out.NextCursor = &next
	}
	c.JSON(http.StatusOK, out)
}

// selectLists are the lists of readable that the list parameter names
// (all without it) and that are of one of projects (any without them).
func selectLists(readable []taskview.ListView, asked, projects []string) []taskview.ListView {
	out := make([]taskview.ListView, 0, len(readable))
	for _, l := range readable {
		if (asked == nil || slices.Contains(asked, l.ListID)) && (len(projects) == 0 || slices.Contains(projects, l.ProjectID)) {
			out = append(out, l)
		}
	}
	return out
}

// parseTaskQuery reads GET /tasks' parameters over the saved filter they
// name, if any; a malformed one is 400 with its own code, a saved filter
// the caller does not see 404.
func (a *api) parseTaskQuery(c *gin.Context, orgID string) (taskQuery, error) {
	v := c.Request.URL.Query()
	var (
		q   taskQuery
		err error
	)
	if q.cursor, q.limit, err = timePage(v, idKey, taskListParams...); err != nil {
		return q, err
	}
	f := &q.filter
	if id, err := idFilter(v, "filter"); err != nil {
		return q, err
	} else if id != "" {
		saved, err := taskview.GetFilter(c.Request.Context(), a.pool, orgID, principalOf(c).AccountID, id)
		if err != nil {
			return q, fmt.Errorf("readapi: saved filter %s: %w", id, err)
		}
		sq, err := saved.Decode()
		if err != nil {
			return q, fmt.Errorf("readapi: saved filter %s: %w", id, err)
		}
		q.lists = sq.ListIDs
		*f = taskview.Filter{Projects: sq.ProjectIDs, Assignees: sq.Assignees, Statuses: sq.Statuses, Labels: sq.Labels,
			DueFrom: sq.DueFrom, DueTo: sq.DueTo, WorkPackages: sq.WorkPackageIDs, Text: sq.Text}
		if sq.IncludeArchived {
			f.Archived = taskview.ArchivedAll
		}
	}
	for _, p := range []struct {
		name string
		dst  *[]string
	}{{"list", &q.lists}, {"project", &f.Projects}, {"assignee", &f.Assignees}, {"status", &f.Statuses}, {"work_package", &f.WorkPackages}} {
		ids, err := idsParam(v, p.name)
		if err != nil {
			return q, err
		}
		if ids != nil {
			*p.dst = ids
		}
	}
	if labels, err := labelsParam(v); err != nil {
		return q, err
	} else if labels != nil {
		f.Labels = labels
	}
	if err := dueParams(v, f); err != nil {
		return q, err
	}
	if s, ok, err := singleParam(v, "q", "invalid_q"); err != nil {
		return q, err
	} else if ok {
		if len(s) > taskview.MaxTextLen || !utf8.ValidString(s) {
			return q, &paramError{Param: "q", Code: "invalid_q", Message: fmt.Sprintf("at most %d bytes of text", taskview.MaxTextLen)}
		}
		f.Text = s
	}
	if vals, err := enumFilter(v, "archived", string(taskview.ArchivedExclude), string(taskview.ArchivedOnly), string(taskview.ArchivedAll)); err != nil {
		return q, err
	} else if len(vals) > 1 {
		return q, &paramError{Param: "archived", Code: "invalid_filter", Message: "give archived once"}
	} else if len(vals) == 1 {
		f.Archived = taskview.Archived(vals[0])
	}
	if s, ok, err := singleParam(v, "as_of", "invalid_as_of"); err != nil {
		return q, err
	} else if ok {
		if q.asOf, err = reports.ParseAsOf(s); err != nil {
			return q, errInvalidAsOf
		}
		q.asked, q.answeredAsOf = s, true
	}
	return q, nil
}

var errInvalidAsOf error = &paramError{Param: "as_of", Code: "invalid_as_of",
	Message: "as_of must be a log position, an RFC 3339 time or a date (YYYY-MM-DD)"}

// idsParam is a repeatable filter of ids (nil when absent).
func idsParam(v url.Values, name string) ([]string, error) {
	vals, err := listParam(v, name)
	if err != nil {
		return nil, err
	}
	for _, s := range vals {
		if !domain.ValidID(s) {
			return nil, &paramError{Param: name, Code: "invalid_filter", Message: "must be ids (lowercase UUIDs)"}
		}
	}
	return vals, nil
}

// labelsParam is the repeated label filter (nil when absent): each 1 to 40
// characters; a comma is part of a label, so it is not a separator here.
func labelsParam(v url.Values) ([]string, error) {
	raw, ok := v["label"]
	if !ok {
		return nil, nil
	}
	out := make([]string, 0, len(raw))
	for _, s := range raw {
		s = strings.TrimSpace(s)
		if s == "" || utf8.RuneCountInString(s) > 40 || !utf8.ValidString(s) {
			return nil, &paramError{Param: "label", Code: "invalid_filter", Message: "a label has 1 to 40 characters"}
		}
		out = append(out, s)
	}
	if len(out) > maxFilterValues {
		return nil, &paramError{Param: "label", Code: "invalid_filter", Message: fmt.Sprintf("at most %d values", maxFilterValues)}
	}
	return out, nil
}

// dueParams reads due_from and due_to into f (each replacing the saved
// filter's); to before from is invalid_time_range.
func dueParams(v url.Values, f *taskview.Filter) error {
	from, err := dateFilter(v, "due_from", "invalid_due_from")
	if err != nil {
		return err
	}
	to, err := dateFilter(v, "due_to", "invalid_due_to")
	if err != nil {
		return err
	}
	if !from.IsZero() {
		f.DueFrom = from
	}
	if !to.IsZero() {
		f.DueTo = to
	}
	if !f.DueFrom.IsZero() && !f.DueTo.IsZero() && f.DueTo.Before(f.DueFrom) {
		return &paramError{Param: "due_to", Code: "invalid_time_range", Message: "due_to is before due_from"}
	}
	return nil
}
