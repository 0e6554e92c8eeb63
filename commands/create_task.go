package commands

import (
	"context"
	"fmt"

	"cronica/domain/identity"
	"cronica/domain/task"
)

// CreateTask creates a task in a list.
type CreateTask struct {
	OrgID  string
	ListID string
	// Task's TaskID and Rank are ignored: the handler makes a new id and
	// puts the task at the end of its column. Status "" is the list's
	// first column that is not done.
	Task task.NewTask
}

// CreateTaskHandler handles CreateTask.
type CreateTaskHandler struct{ env taskEnv }

// Handle creates the task with tasks.write on the list. Assignees and
// watchers must be people of the organisation (TASK_UNKNOWN_PERSON), a
// work package and an activity the project's, a parent a task of the
// list. Result.ID is the task's id.
func (h CreateTaskHandler) Handle(ctx context.Context, m Meta, cmd CreateTask) (Result, error) {
	const op = "create task"
	fail := func(err error) (Result, error) { return Result{}, fmt.Errorf("commands: %s: %w", op, err) }
	if err := checkIDs("org_id", cmd.OrgID, "list_id", cmd.ListID); err != nil {
		return fail(err)
	}
	if err := h.env.writerIn(m.Actor, cmd.OrgID); err != nil {
		return fail(err)
	}
	l, err := h.env.loadList(ctx, cmd.OrgID, cmd.ListID)
	if err != nil {
		return fail(err)
	}
	if err := h.env.mayOnList(m.Actor, l, identity.ActTasksWrite); err != nil {
		return fail(err)
	}
	n := cmd.Task
	if err := h.env.checkPeople(ctx, cmd.OrgID, task.FieldAssignees, n.Assignees); err != nil {
		return fail(err)
	}
	if err := h.env.checkPeople(ctx, cmd.OrgID, task.FieldWatchers, n.Watchers); err != nil {
		return fail(err)
	}
	if err := h.env.checkLinks(ctx, l, n.WorkPackageID, n.ActivityID); err != nil {
		return fail(err)
	}
	parent, err := h.env.parentOf(ctx, cmd.OrgID, n.ParentID)
	if err != nil {
		return fail(err)
	}
	if n.TaskID, err = h.env.newID(); err != nil {
		return fail(err)
	}
	status := n.Status
	if status == "" {
		status = l.FirstColumn()
	}
	if _, ok := l.Column(status); ok {
		if n.Rank, err = h.env.endOfColumn(ctx, l.ID(), status, n.TaskID); err != nil {
			return fail(err)
		}
	} else {
		n.Rank = "a0" // the domain refuses the status
	}
	t, err := task.Create(l, n, parent)
	if err != nil {
		return fail(err)
	}
	res, err := h.env.save(ctx, task.StreamOf(n.TaskID), t.Version(), cmd.OrgID, t.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = n.TaskID
	return res, nil
}
