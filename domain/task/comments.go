package task

import (
	"fmt"
	"regexp"
	"slices"

	"cronica/domain"
)

// mentionPattern is the markdown of a mention: @[Name](person:<id>).
var mentionPattern = regexp.MustCompile(`@\[[^\]\n]{1,200}\]\(person:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)`)

// MentionsIn lists the people body mentions as @[Name](person:<id>), in
// order of first appearance.
func MentionsIn(body string) []string {
	var out []string
	for _, m := range mentionPattern.FindAllStringSubmatch(body, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// NewComment is a comment to add.
type NewComment struct {
	CommentID       string
	AuthorAccountID string
	AuthorPersonID  string // "" when the author's account has no person
	Body            string // markdown
	Mentions        []string
}

// AddComment adds a comment: a body of 1 to 20,000 bytes; its mentions are
// the ones given and the ones written in the body (MentionsIn). Whether
// they are people of the organisation is the commands' to check.
func (t *Task) AddComment(c NewComment) error {
	if !validID(c.CommentID) || !validID(c.AuthorAccountID) || (c.AuthorPersonID != "" && !validID(c.AuthorPersonID)) {
		return fmt.Errorf("task: comment on %s: ids %q, %q, %q are not uuids", t.ref.TaskID, c.CommentID, c.AuthorAccountID, c.AuthorPersonID)
	}
	if _, ok := t.Comment(c.CommentID); ok {
		return fmt.Errorf("task: comment on %s: comment %s exists", t.ref.TaskID, c.CommentID)
	}
	body, mentions, err := checkComment(c.Body, c.Mentions)
	if err != nil {
		return err
	}
	t.record(&CommentAdded{Ref: t.ref, CommentID: c.CommentID, AuthorAccountID: c.AuthorAccountID,
		AuthorPersonID: c.AuthorPersonID, Body: body, Mentions: mentions})
	return nil
}

// EditComment replaces the body and mentions of comment id; only its
// author (account by) may (domain.ErrForbidden otherwise). A missing
// comment is domain.ErrNotFound, a deleted one TASK_COMMENT_DELETED. The
// same body and mentions record nothing.
func (t *Task) EditComment(id, by, body string, mentions []string) error {
	c, err := t.liveComment(id)
	if err != nil {
		return err
	}
	if c.AuthorAccountID != by {
		return fmt.Errorf("task: edit comment %s: only its author edits it: %w", id, domain.ErrForbidden)
	}
	clean, cleanMentions, err := checkComment(body, mentions)
	if err != nil {
		return err
	}
	if clean == c.Body && slices.Equal(cleanMentions, c.Mentions) {
		return nil
	}
	t.record(&CommentEdited{Ref: t.ref, CommentID: id, Body: clean, Mentions: cleanMentions})
	return nil
}

// DeleteComment deletes comment id: its author may, and whoever manages
// the list's tasks (mayManage). A missing comment is domain.ErrNotFound;
// deleting it again records nothing.
func (t *Task) DeleteComment(id, by string, mayManage bool) error {
	c, ok := t.Comment(id)
	if !ok {
		return fmt.Errorf("task: comment %s of %s: %w", id, t.ref.TaskID, domain.ErrNotFound)
	}
	if c.AuthorAccountID != by && !mayManage {
		return fmt.Errorf("task: delete comment %s: only its author or a manager deletes it: %w", id, domain.ErrForbidden)
	}
	if c.Deleted {
		return nil
	}
	t.record(&CommentDeleted{Ref: t.ref, CommentID: id})
	return nil
}

func (t *Task) liveComment(id string) (Comment, error) {
	c, ok := t.Comment(id)
	if !ok {
		return c, fmt.Errorf("task: comment %s of %s: %w", id, t.ref.TaskID, domain.ErrNotFound)
	}
	if c.Deleted {
		return c, domain.Rule("TASK_COMMENT_DELETED", "the comment was deleted", "comentariul a fost șters", map[string]any{"comment_id": id})
	}
	return c, nil
}

// checkComment checks a body and joins the mentions given with the body's.
func checkComment(body string, mentions []string) (string, []string, error) {
	clean, err := checkText("body", body, true)
	if err != nil {
		return "", nil, err
	}
	all, err := checkPeople("mentions", append(slices.Clone(mentions), MentionsIn(clean)...))
	if err != nil {
		return "", nil, err
	}
	return clean, all, nil
}
