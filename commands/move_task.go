package commands

import (
	"context"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/domain/task"
)

// MoveTask moves a task on the board, seen at version BaseVersion: to
// column Status, between the tasks AfterID (above it) and BeforeID (below
// it), either of which may be "" (the top or the end of the column; both:
// the end).
type MoveTask struct {
	OrgID       string
	TaskID      string
	BaseVersion int64
	Status      string // "": the task's column
	AfterID     string
	BeforeID    string
}

// MoveTaskHandler handles MoveTask.
type MoveTaskHandler struct{ env taskEnv }

// Handle moves the task with tasks.write on its list. The new rank is
// computed between the neighbours' ranks, read from their streams. A
// neighbour that is no longer in that column (or archived), neighbours no
// longer in that order, or another move of the task since BaseVersion,
// mean the client's board is stale: *task.ConflictError on status and/or
// rank (HTTP 409 task_conflict), and the client reloads.
func (h MoveTaskHandler) Handle(ctx context.Context, m Meta, cmd MoveTask) (Result, error) {
	return h.env.onTask(ctx, m, "move task", cmd.OrgID, cmd.TaskID, identity.ActTasksWrite, func(l *task.List, t *task.Task) (string, error) {
		status := cmd.Status
		if status == "" {
			status = l.CurrentColumn(t.Status())
		}
		if _, ok := l.Column(status); !ok {
			return "", domain.Rule("TASK_UNKNOWN_STATUS", "the status is not a column of the list", "starea nu este o coloană a listei",
				map[string]any{"field": task.FieldStatus, "status": status})
		}
		stale := &task.ConflictError{TaskID: t.ID(), Fields: []string{task.FieldRank}, Version: t.Current(), Current: t}
		var ranks [2]string
		for i, n := range []struct{ field, id string }{{"after_id", cmd.AfterID}, {"before_id", cmd.BeforeID}} {
			if n.id == "" {
				continue
			}
			if n.id == t.ID() || !identity.ValidID(n.id) {
				return "", domain.Rule("TASK_FIELD_INVALID", "a task moves next to another task of its list",
					"o sarcină se mută lângă altă sarcină din lista ei", map[string]any{"field": n.field})
			}
			other, err := h.env.loadTask(ctx, cmd.OrgID, n.id)
			if isNotFound(err) || (err == nil && other.ListID() != t.ListID()) {
				return "", domain.Rule("TASK_FIELD_INVALID", "a task moves next to another task of its list",
					"o sarcină se mută lângă altă sarcină din lista ei", map[string]any{"field": n.field})
			}
			if err != nil {
				return "", err
			}
			if other.Archived() || l.CurrentColumn(other.Status()) != status {
				return "", stale
			}
			ranks[i] = other.Rank()
		}
		a, b := ranks[0], ranks[1]
		if a != "" && b != "" && a >= b {
			return "", stale
		}
		// Where the task already is, it stays (a column removed under it
		// still gets the move recorded, with its rank).
		here := l.CurrentColumn(t.Status()) == status
		var rank string
		switch {
		case a == "" && b == "":
			last, err := h.env.lastRank(ctx, l.ID(), status)
			if err != nil {
				return "", err
			}
			if here && last == t.Rank() {
				rank = t.Rank()
			} else if rank, err = saltedBetween(last, "", t.ID()); err != nil {
				return "", err
			}
		case here && a != "" && b != "" && t.Rank() > a && t.Rank() < b:
			rank = t.Rank()
		default:
			var err error
			if rank, err = saltedBetween(a, b, t.ID()); err != nil {
				return "", err
			}
		}
		return "", t.Move(cmd.BaseVersion, l, status, rank)
	})
}
