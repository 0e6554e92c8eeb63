package commands

import (
	"context"

	"cronica/domain/identity"
	"cronica/domain/task"
)

// ArchiveTask hides a task from the board.
type ArchiveTask struct {
	OrgID  string
	TaskID string
}

// ArchiveTaskHandler handles ArchiveTask.
type ArchiveTaskHandler struct{ env taskEnv }

// Handle archives the task with tasks.write on its list; an archived task
// records nothing.
func (h ArchiveTaskHandler) Handle(ctx context.Context, m Meta, cmd ArchiveTask) (Result, error) {
	return h.env.onTask(ctx, m, "archive task", cmd.OrgID, cmd.TaskID, identity.ActTasksWrite,
		func(_ *task.List, t *task.Task) (string, error) { return "", t.Archive() })
}
