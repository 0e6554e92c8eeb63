package commands

import (
	"context"
	"fmt"
	"slices"

	"cronica/domain/identity"
	"cronica/domain/task"
)

// AddTaskComment comments on a task.
type AddTaskComment struct {
	OrgID    string
	TaskID   string
	Body     string   // markdown; mentions written @[Name](person:<id>)
	Mentions []string // more people to notify, besides the body's
}

// AddTaskCommentHandler handles AddTaskComment.
type AddTaskCommentHandler struct{ env taskEnv }

// Handle adds the comment with tasks.write on the list, as the caller
// (its account and person). Everyone mentioned, in the body or in
// Mentions, must be a person of the organisation (TASK_UNKNOWN_PERSON);
// whether they may read the task is the notifications' to check. Result.ID
// is the comment's id.
func (h AddTaskCommentHandler) Handle(ctx context.Context, m Meta, cmd AddTaskComment) (Result, error) {
	id, err := h.env.newID() // once: a decision made again keeps the comment's id
	if err != nil {
		return Result{}, fmt.Errorf("commands: add task comment: %w", err)
	}
	return h.env.onTask(ctx, m, "add task comment", cmd.OrgID, cmd.TaskID, identity.ActTasksWrite,
		func(_ *task.List, t *task.Task) (string, error) {
			if err := h.env.checkMentions(ctx, cmd.OrgID, cmd.Body, cmd.Mentions); err != nil {
				return "", err
			}
			actor, err := h.env.timeActorOf(ctx, m.Actor)
			if err != nil {
				return "", err
			}
			return id, t.AddComment(task.NewComment{CommentID: id, AuthorAccountID: m.Actor.AccountID, AuthorPersonID: actor.personID,
				Body: cmd.Body, Mentions: cmd.Mentions})
		})
}

// checkMentions checks that everyone a comment mentions is a person of
// orgID.
func (env taskEnv) checkMentions(ctx context.Context, orgID, body string, mentions []string) error {
	all := slices.Concat(mentions, task.MentionsIn(body))
	return env.checkPeople(ctx, orgID, "mentions", slices.Compact(slices.Sorted(slices.Values(all))))
}
