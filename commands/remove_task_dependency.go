package commands

import (
	"context"
	"fmt"

	"cronica/domain/identity"
	"cronica/domain/task"
)

// RemoveTaskDependency lifts a dependency.
type RemoveTaskDependency struct {
	OrgID     string
	TaskID    string
	BlockedBy string
}

// RemoveTaskDependencyHandler handles RemoveTaskDependency.
type RemoveTaskDependencyHandler struct{ env taskEnv }

// Handle removes the dependency with tasks.write on the list; one the task
// does not have is domain.ErrNotFound.
func (h RemoveTaskDependencyHandler) Handle(ctx context.Context, m Meta, cmd RemoveTaskDependency) (Result, error) {
	if err := checkID("blocked_by", cmd.BlockedBy); err != nil {
		return Result{}, fmt.Errorf("commands: remove task dependency: %w", err)
	}
	return h.env.onTask(ctx, m, "remove task dependency", cmd.OrgID, cmd.TaskID, identity.ActTasksWrite,
		func(_ *task.List, t *task.Task) (string, error) { return "", t.RemoveDependency(cmd.BlockedBy) })
}
