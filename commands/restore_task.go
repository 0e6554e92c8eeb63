package commands

import (
	"context"

	"cronica/domain/identity"
	"cronica/domain/task"
)

// RestoreTask brings an archived task back to the board.
type RestoreTask struct {
	OrgID  string
	TaskID string
}

// RestoreTaskHandler handles RestoreTask.
type RestoreTaskHandler struct{ env taskEnv }

// Handle restores the task with tasks.write on its list, at the place it
// had; a task that is not archived records nothing.
func (h RestoreTaskHandler) Handle(ctx context.Context, m Meta, cmd RestoreTask) (Result, error) {
	return h.env.onTask(ctx, m, "restore task", cmd.OrgID, cmd.TaskID, identity.ActTasksWrite,
		func(_ *task.List, t *task.Task) (string, error) { return "", t.Restore() })
}
