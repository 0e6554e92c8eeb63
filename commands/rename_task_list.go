package commands

import (
	"context"

	"cronica/domain/identity"
	"cronica/domain/task"
)

// RenameTaskList renames a list.
type RenameTaskList struct {
	OrgID  string
	ListID string
	Name   string
}

// RenameTaskListHandler handles RenameTaskList.
type RenameTaskListHandler struct{ env taskEnv }

// Handle renames the list: tasks.manage on a project's list, its owner a
// personal one.
func (h RenameTaskListHandler) Handle(ctx context.Context, m Meta, cmd RenameTaskList) (Result, error) {
	return h.env.onList(ctx, m, "rename task list", cmd.OrgID, cmd.ListID, identity.ActTasksManage,
		func(l *task.List) error { return l.Rename(cmd.Name) })
}
