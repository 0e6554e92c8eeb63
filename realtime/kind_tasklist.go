package realtime

import (
	"context"
	"fmt"
	"time"

	"cronica/domain"
	"cronica/domain/identity"
)

// TaskList is whose a task list is: its organisation, and its project (a
// project's list) or its owner's account (a personal list).
type TaskList struct {
	OrgID          string
	ProjectID      string
	OwnerAccountID string
}

// TaskLists finds whose a task list is. Implementations must be safe for
// concurrent use.
type TaskLists interface {
	// TaskList is list listID, or an error matching domain.ErrNotFound
	// when there is no such list.
	TaskList(ctx context.Context, listID string) (TaskList, error)
}

// TaskListKind is the "tasklist:<id>" topics: every event whose data names
// the list in a top-level "list_id" field (the list's own events and every
// event of its tasks: created, changed, moved, archived, commented). A
// board follows one to see the moves and edits of others as they happen.
//
// Following a project's list needs tasks.read on its project; a personal
// list is its owner's alone. Anyone else is answered unknown_topic, as for
// a list that does not exist, even within the organisation: a topic tells
// nothing of a board one may not read, not even that it exists.
func TaskListKind(lists TaskLists) Kind { return taskListKind{lists: lists} }

type taskListKind struct{ lists TaskLists }

func (taskListKind) Name() string { return "tasklist" }

func (k taskListKind) Resolve(ctx context.Context, _ Viewer, id string) (Route, error) {
	if !domain.ValidID(id) {
		return Route{}, ErrUnknownTopic
	}
	l, err := k.lists.TaskList(ctx, id)
	if err != nil {
		return Route{}, resolveError(fmt.Errorf("realtime: task list %s: %w", id, err))
	}
	if l.OrgID == "" || (l.ProjectID == "" && l.OwnerAccountID == "") {
		return Route{}, fmt.Errorf("realtime: task list %s: %w: neither a project nor an owner", id, ErrUnknownTopic)
	}
	return Route{Key: id, Access: taskListAccess{list: l}}, nil
}

func (taskListKind) Match(_ context.Context, c *Change) ([]string, error) {
	if id, ok := c.String("list_id"); ok {
		return []string{id}, nil
	}
	return nil, nil
}

// taskListAccess allows tasks.read on a project's list, and the owner of
// a personal list; any refusal is "no such list" (domain.ErrNotFound), so
// that a list one may not read is not told from a made-up one. A live
// subscription that loses the permission ends all the same.
type taskListAccess struct{ list TaskList }

func (a taskListAccess) Allowed(v Viewer, now time.Time) error {
	if a.list.ProjectID == "" {
		if v.Principal.Active && v.AccountID != "" && v.AccountID == a.list.OwnerAccountID && v.Principal.OrgID == a.list.OrgID {
			return nil
		}
		return fmt.Errorf("realtime: a personal task list of another account: %w", domain.ErrNotFound)
	}
	err := identity.Authorize(v.Principal, identity.ActTasksRead, identity.Target{OrgID: a.list.OrgID, ProjectID: a.list.ProjectID}, now)
	if err != nil {
		return fmt.Errorf("realtime: tasks.read on project %s: %w: %w", a.list.ProjectID, domain.ErrNotFound, err)
	}
	return nil
}

func (taskListAccess) Shows(Viewer, *Change, time.Time) bool { return true }
