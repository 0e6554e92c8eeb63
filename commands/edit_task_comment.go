package commands

import (
	"context"
	"fmt"

	"cronica/domain/identity"
	"cronica/domain/task"
)

// EditTaskComment replaces the body and mentions of one's comment.
type EditTaskComment struct {
	OrgID     string
	TaskID    string
	CommentID string
	Body      string
	Mentions  []string
}

// EditTaskCommentHandler handles EditTaskComment.
type EditTaskCommentHandler struct{ env taskEnv }

// Handle edits the comment with tasks.write on the list; only its author
// may (domain.ErrForbidden otherwise), and the mentions are checked as when
// adding. Result.ID is the comment's id.
func (h EditTaskCommentHandler) Handle(ctx context.Context, m Meta, cmd EditTaskComment) (Result, error) {
	if err := checkID("comment_id", cmd.CommentID); err != nil {
		return Result{}, fmt.Errorf("commands: edit task comment: %w", err)
	}
	return h.env.onTask(ctx, m, "edit task comment", cmd.OrgID, cmd.TaskID, identity.ActTasksWrite,
		func(_ *task.List, t *task.Task) (string, error) {
			if err := h.env.checkMentions(ctx, cmd.OrgID, cmd.Body, cmd.Mentions); err != nil {
				return "", err
			}
			return cmd.CommentID, t.EditComment(cmd.CommentID, m.Actor.AccountID, cmd.Body, cmd.Mentions)
		})
}
