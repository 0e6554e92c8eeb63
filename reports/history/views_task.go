package history

import (
	"context"
	"errors"
	"fmt"

	gojson "github.com/goccy/go-json"

	"cronica/domain/task"
	"cronica/eventstore"
)

// The Tasks' state views: a task (its fields, its dependencies, comments
// and time logged keyed by id, people as sets), a task list (its columns
// keyed by id, each with its place on the board) and a saved filter, each
// folded by domain/task's own Load functions.

// taskView: the task's fields as its events write them; assignees and
// watchers as sets, labels in their order, dependencies (blocked_by) as a
// set, comments by comment_id (a deleted one keeps its body, as the log
// does: the history is the audit's), time by entry_id.
func taskView(f *fold, n int) (map[string]any, error) {
	x, err := task.Load(f.events[:n])
	if err != nil {
		return nil, fmt.Errorf("history: %s: %w", f.streamID, err)
	}
	priority := string(x.Priority())
	if priority == "" {
		priority = string(task.PriorityNone)
	}
	s := map[string]any{"task_id": x.ID(), "list_id": x.ListID(), "org_id": x.OrgID(), "title": x.Title(),
		"description": x.Description(), "status": x.Status(), "rank": x.Rank(), "priority": priority, "archived": x.Archived(),
		"assignees": set(x.Assignees()), "watchers": set(x.Watchers()), "labels": list(x.Labels()), "blocked_by": set(x.BlockedBy())}
	for k, v := range map[string]string{"project_id": x.ProjectID(), "parent_id": x.ParentID(), "work_package_id": x.WorkPackageID(),
		"activity_id": x.ActivityID()} {
		if v != "" {
			s[k] = v
		}
	}
	if !x.Start().IsZero() {
		s["start"] = x.Start().String()
	}
	if !x.Due().IsZero() {
		s["due"] = x.Due().String()
	}
	comments := map[string]any{}
	for _, c := range x.Comments() {
		v := map[string]any{"comment_id": c.CommentID, "author_account_id": c.AuthorAccountID, "body": c.Body,
			"mentions": set(c.Mentions), "edited": c.Edited, "deleted": c.Deleted}
		if c.AuthorPersonID != "" {
			v["author_person_id"] = c.AuthorPersonID
		}
		comments[c.CommentID] = v
	}
	s["comments"] = comments
	logged := map[string]any{}
	for _, l := range x.TimeLogs() {
		logged[l.EntryID] = map[string]any{"entry_id": l.EntryID, "person_id": l.PersonID, "timesheet_id": l.TimesheetID,
			"date": l.Date.String(), "minutes": jsonInt(int64(l.Minutes))}
	}
	s["time"] = logged
	return s, nil
}

// taskListView: the list's name, whose it is, and its columns by id, each
// with its name, whether it is done and its place (position, from 0).
func taskListView(f *fold, n int) (map[string]any, error) {
	l, err := task.LoadList(f.events[:n])
	if err != nil {
		return nil, fmt.Errorf("history: %s: %w", f.streamID, err)
	}
	columns := map[string]any{}
	for i, c := range l.Columns() {
		columns[c.ColumnID] = map[string]any{"column_id": c.ColumnID, "name": c.Name, "done": c.Done, "position": jsonInt(int64(i))}
	}
	s := map[string]any{"list_id": l.ID(), "org_id": l.OrgID(), "name": l.Name(), "columns": columns}
	if l.ProjectID() != "" {
		s["project_id"] = l.ProjectID()
	}
	if l.OwnerAccountID() != "" {
		s["owner_account_id"] = l.OwnerAccountID()
	}
	return s, nil
}

// taskFilterView: the filter's name, owner, sharing, query, and whether it
// was deleted.
func taskFilterView(f *fold, n int) (map[string]any, error) {
	x, err := task.LoadFilter(f.events[:n])
	if err != nil {
		return nil, fmt.Errorf("history: %s: %w", f.streamID, err)
	}
	q, err := tree(x.Query(), f.personal)
	if err != nil {
		return nil, err
	}
	return map[string]any{"filter_id": x.ID(), "org_id": x.OrgID(), "owner_account_id": x.OwnerAccountID(), "name": x.Name(),
		"shared": x.Shared(), "deleted": x.Deleted(), "query": q}, nil
}

// set is ids as a JSON set: {"<id>": true}.
func set(ids []string) map[string]any {
	out := make(map[string]any, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out
}

// list is strings as a JSON array.
func list(items []string) []any {
	out := make([]any, len(items))
	for i, s := range items {
		out[i] = s
	}
	return out
}

// taskSubject is what the permission to read a Tasks stream depends on:
// a project's list or task is about its project (tasks.read there reads
// it too: each task's history is part of its page); a personal list, its
// tasks and a saved filter are their owner's (a personal task names its
// list, whose owner Read looks up).
func (f *fold) taskSubject(s *Subject) {
	for _, r := range f.raw {
		var d struct {
			ProjectID      string `json:"project_id"`
			OwnerAccountID string `json:"owner_account_id"`
			ListID         string `json:"list_id"`
		}
		if err := gojson.Unmarshal(r.Data, &d); err != nil {
			continue
		}
		if d.ProjectID != "" && len(s.Projects) == 0 {
			s.Projects = []string{d.ProjectID}
		}
		if d.OwnerAccountID != "" {
			s.OwnerAccountID = d.OwnerAccountID
		}
		if f.category == task.Category && s.ownerOfList == "" {
			s.ownerOfList = d.ListID
		}
	}
	s.Tasks = f.category != task.FilterCategory && len(s.Projects) > 0
	// Personal: a list or task of no project; a saved filter is its
	// owner's and also readable with history.read in the organisation.
	s.Personal = f.category != task.FilterCategory && len(s.Projects) == 0
	if len(s.Projects) > 0 {
		s.ownerOfList = ""
	}
}

// listOwner is the owner of personal list listID (its first event's
// owner_account_id); "" when the list has no event.
func (h *Reader) listOwner(ctx context.Context, listID string) (string, error) {
	events, err := h.cfg.Store.ReadStream(ctx, task.ListStreamOf(listID), 0, 1)
	if errors.Is(err, eventstore.ErrStreamNotFound) || (err == nil && len(events) == 0) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("history: the list of a task: %w", err)
	}
	var d struct {
		OwnerAccountID string `json:"owner_account_id"`
	}
	if err := gojson.Unmarshal(events[0].Data, &d); err != nil {
		return "", fmt.Errorf("history: the list of a task: %w", err)
	}
	return d.OwnerAccountID, nil
}
