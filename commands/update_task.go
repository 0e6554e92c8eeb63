package commands

import (
	"context"

	"cronica/domain/identity"
	"cronica/domain/task"
)

// UpdateTask changes fields of a task, edited from version BaseVersion.
type UpdateTask struct {
	OrgID       string
	TaskID      string
	BaseVersion int64
	Fields      task.Fields
}

// UpdateTaskHandler handles UpdateTask.
type UpdateTaskHandler struct{ env taskEnv }

// Handle changes the fields with tasks.write on the task's list. A field
// somebody changed since BaseVersion to another value is a
// *task.ConflictError (HTTP 409 task_conflict) naming it; the other fields
// are merged, also when the append meets a concurrent change (the task is
// loaded and the edit decided again). People added must be of the
// organisation, links the project's, a new parent a task of the list that
// is not below this one.
func (h UpdateTaskHandler) Handle(ctx context.Context, m Meta, cmd UpdateTask) (Result, error) {
	f := cmd.Fields
	return h.env.onTask(ctx, m, "update task", cmd.OrgID, cmd.TaskID, identity.ActTasksWrite, func(l *task.List, t *task.Task) (string, error) {
		if f.Assignees != nil {
			if err := h.env.checkPeople(ctx, cmd.OrgID, task.FieldAssignees, added(*f.Assignees, t.Assignees())); err != nil {
				return "", err
			}
		}
		if f.Watchers != nil {
			if err := h.env.checkPeople(ctx, cmd.OrgID, task.FieldWatchers, added(*f.Watchers, t.Watchers())); err != nil {
				return "", err
			}
		}
		if f.WorkPackageID != nil || f.ActivityID != nil {
			wp, act := t.WorkPackageID(), t.ActivityID()
			if f.WorkPackageID != nil {
				wp = *f.WorkPackageID
			}
			if f.ActivityID != nil {
				act = *f.ActivityID
			}
			if err := h.env.checkLinks(ctx, l, wp, act); err != nil {
				return "", err
			}
		}
		var parent *task.Parent
		if f.ParentID != nil && *f.ParentID != t.ParentID() {
			var err error
			if parent, err = h.env.parentOf(ctx, cmd.OrgID, *f.ParentID); err != nil {
				return "", err
			}
		}
		return "", t.Update(cmd.BaseVersion, f, parent)
	})
}
