package commands

import (
	"context"
	"fmt"

	"cronica/domain/identity"
	"cronica/domain/task"
)

// ChangeTaskListColumns replaces a list's columns.
type ChangeTaskListColumns struct {
	OrgID  string
	ListID string
	// Columns in board order: a column with the id of one of the list's
	// is kept (renamed, marked done or not), one without an id is new.
	Columns []task.Column
	// MovedTo names, for every column left out, the column its tasks go to.
	MovedTo map[string]string
}

// ChangeTaskListColumnsHandler handles ChangeTaskListColumns.
type ChangeTaskListColumnsHandler struct{ env taskEnv }

// Handle replaces the columns: tasks.manage on a project's list, its owner
// a personal one. The rules (one column and one done column at least, a
// destination for every removed column's tasks) are the domain's.
func (h ChangeTaskListColumnsHandler) Handle(ctx context.Context, m Meta, cmd ChangeTaskListColumns) (Result, error) {
	cols, err := h.env.columnIDs(cmd.Columns, false) // once: a decision made again keeps the new columns' ids
	if err != nil {
		return Result{}, fmt.Errorf("commands: change task list columns: %w", err)
	}
	return h.env.onList(ctx, m, "change task list columns", cmd.OrgID, cmd.ListID, identity.ActTasksManage,
		func(l *task.List) error { return l.ChangeColumns(cols, cmd.MovedTo) })
}
