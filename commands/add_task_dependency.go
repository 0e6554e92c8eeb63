package commands

import (
	"context"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/domain/task"
)

// AddTaskDependency records that a task is blocked by another task of its
// list.
type AddTaskDependency struct {
	OrgID     string
	TaskID    string
	BlockedBy string
}

// AddTaskDependencyHandler handles AddTaskDependency.
type AddTaskDependencyHandler struct{ env taskEnv }

// Handle adds the dependency with tasks.write on the list. The blocker
// must be a task of the same list (TASK_UNKNOWN_BLOCKER when it is no task
// of the organisation); a dependency that would close a cycle is refused
// (TASK_DEPENDENCY_CYCLE), checked over the blocker's dependencies read
// from their streams. Two additions racing to close one cycle from both
// ends can both pass (each reads the other's stream before the other's
// append): the read side treats a cycle as blocked, nothing loops.
func (h AddTaskDependencyHandler) Handle(ctx context.Context, m Meta, cmd AddTaskDependency) (Result, error) {
	return h.env.onTask(ctx, m, "add task dependency", cmd.OrgID, cmd.TaskID, identity.ActTasksWrite,
		func(_ *task.List, t *task.Task) (string, error) {
			if !identity.ValidID(cmd.BlockedBy) {
				return "", unknownBlocker()
			}
			if cmd.BlockedBy == t.ID() {
				return "", t.AddDependency(t, nil)
			}
			blocker, err := h.env.loadTask(ctx, cmd.OrgID, cmd.BlockedBy)
			if isNotFound(err) {
				return "", unknownBlocker()
			}
			if err != nil {
				return "", err
			}
			up, err := h.env.upstream(ctx, cmd.OrgID, blocker)
			if err != nil {
				return "", err
			}
			return "", t.AddDependency(blocker, up)
		})
}

func unknownBlocker() error {
	return domain.Rule("TASK_UNKNOWN_BLOCKER", "blocked_by is not a task of the organisation",
		"blocked_by nu este o sarcină a organizației", map[string]any{"field": "blocked_by"})
}
