package commands

import (
	"context"
	"fmt"

	"cronica/domain/identity"
	"cronica/domain/task"
)

// DeleteTaskComment deletes a comment (its body stays in the log).
type DeleteTaskComment struct {
	OrgID     string
	TaskID    string
	CommentID string
}

// DeleteTaskCommentHandler handles DeleteTaskComment.
type DeleteTaskCommentHandler struct{ env taskEnv }

// Handle deletes the comment with tasks.write on the list: one's own, or
// anyone's with tasks.manage there (domain.ErrForbidden otherwise).
// Result.ID is the comment's id.
func (h DeleteTaskCommentHandler) Handle(ctx context.Context, m Meta, cmd DeleteTaskComment) (Result, error) {
	if err := checkID("comment_id", cmd.CommentID); err != nil {
		return Result{}, fmt.Errorf("commands: delete task comment: %w", err)
	}
	return h.env.onTask(ctx, m, "delete task comment", cmd.OrgID, cmd.TaskID, identity.ActTasksWrite,
		func(l *task.List, t *task.Task) (string, error) {
			manager := h.env.mayOnList(m.Actor, l, identity.ActTasksManage) == nil
			return cmd.CommentID, t.DeleteComment(cmd.CommentID, m.Actor.AccountID, manager)
		})
}
