package task_test

import (
	"slices"
	"testing"

	"cronica/domain"
	"cronica/domain/task"
)

func TestComments(t *testing.T) {
	added := &task.CommentAdded{Ref: ref(taskA), CommentID: comment, AuthorAccountID: accAna, AuthorPersonID: ana,
		Body: "Gata?", Mentions: []string{}}
	mentionBob := "@[Bob Popescu](person:" + bob + ") poți verifica?"
	cases := []struct {
		name  string
		given []domain.Event
		when  func(*task.Task) error
		code  string
		want  []domain.Event
	}{
		{name: "add", when: func(tk *task.Task) error {
			return tk.AddComment(task.NewComment{CommentID: comment, AuthorAccountID: accAna, AuthorPersonID: ana, Body: " Gata? "})
		}, want: []domain.Event{added}},
		{name: "mentions_in_the_body_join_the_given_ones", when: func(tk *task.Task) error {
			return tk.AddComment(task.NewComment{CommentID: comment, AuthorAccountID: accAna, Body: mentionBob, Mentions: []string{ana}})
		}, want: []domain.Event{&task.CommentAdded{Ref: ref(taskA), CommentID: comment, AuthorAccountID: accAna, Body: mentionBob,
			Mentions: []string{ana, bob}}}},
		{name: "empty_body", when: func(tk *task.Task) error {
			return tk.AddComment(task.NewComment{CommentID: comment, AuthorAccountID: accAna, Body: "  "})
		}, code: "TASK_FIELD_REQUIRED"},
		{name: "mention_not_an_id", when: func(tk *task.Task) error {
			return tk.AddComment(task.NewComment{CommentID: comment, AuthorAccountID: accAna, Body: "x", Mentions: []string{"bob"}})
		}, code: "TASK_FIELD_INVALID"},
		{name: "comments_go_on_on_an_archived_task", given: []domain.Event{&task.TaskArchived{Ref: ref(taskA)}},
			when: func(tk *task.Task) error {
				return tk.AddComment(task.NewComment{CommentID: comment, AuthorAccountID: accAna, AuthorPersonID: ana, Body: "Gata?"})
			}, want: []domain.Event{added}},
		{name: "the_author_edits", given: []domain.Event{added},
			when: func(tk *task.Task) error { return tk.EditComment(comment, accAna, mentionBob, nil) },
			want: []domain.Event{&task.CommentEdited{Ref: ref(taskA), CommentID: comment, Body: mentionBob, Mentions: []string{bob}}}},
		{name: "the_same_text_records_nothing", given: []domain.Event{added},
			when: func(tk *task.Task) error { return tk.EditComment(comment, accAna, "Gata?", nil) }},
		{name: "someone_else_may_not_edit", given: []domain.Event{added},
			when: func(tk *task.Task) error { return tk.EditComment(comment, accBob, "Nu", nil) }, code: "forbidden"},
		{name: "edit_a_missing_comment", when: func(tk *task.Task) error { return tk.EditComment(comment, accAna, "Nu", nil) }, code: "not_found"},
		{name: "edit_a_deleted_comment", given: []domain.Event{added, &task.CommentDeleted{Ref: ref(taskA), CommentID: comment}},
			when: func(tk *task.Task) error { return tk.EditComment(comment, accAna, "Nu", nil) }, code: "TASK_COMMENT_DELETED"},
		{name: "the_author_deletes", given: []domain.Event{added},
			when: func(tk *task.Task) error { return tk.DeleteComment(comment, accAna, false) },
			want: []domain.Event{&task.CommentDeleted{Ref: ref(taskA), CommentID: comment}}},
		{name: "a_manager_deletes_someone_elses", given: []domain.Event{added},
			when: func(tk *task.Task) error { return tk.DeleteComment(comment, accBob, true) },
			want: []domain.Event{&task.CommentDeleted{Ref: ref(taskA), CommentID: comment}}},
		{name: "a_member_may_not_delete_someone_elses", given: []domain.Event{added},
			when: func(tk *task.Task) error { return tk.DeleteComment(comment, accBob, false) }, code: "forbidden"},
		{name: "delete_twice_records_nothing", given: []domain.Event{added, &task.CommentDeleted{Ref: ref(taskA), CommentID: comment}},
			when: func(tk *task.Task) error { return tk.DeleteComment(comment, accAna, false) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tk := givenTask(t, tc.given...)
			err := tc.when(tk)
			then(t, err, tk.Changes(), tc.code, tc.want)
		})
	}
}

func TestDeletedCommentKeepsItsBody(t *testing.T) {
	tk := givenTask(t, &task.CommentAdded{Ref: ref(taskA), CommentID: comment, AuthorAccountID: accAna, Body: "secret"},
		&task.CommentDeleted{Ref: ref(taskA), CommentID: comment})
	c, ok := tk.Comment(comment)
	if !ok || !c.Deleted || c.Body != "secret" || tk.CommentCount() != 0 {
		t.Fatalf("comment %+v, count %d", c, tk.CommentCount())
	}
}

func TestMentionsIn(t *testing.T) {
	cases := []struct {
		name, body string
		want       []string
	}{
		{name: "none", body: "@bob fără legătură"},
		{name: "one", body: "Salut @[Ana Pop](person:" + ana + ")!", want: []string{ana}},
		{name: "repeated_once", body: "@[A](person:" + ana + ") și @[B](person:" + bob + ") și iar @[A](person:" + ana + ")", want: []string{ana, bob}},
		{name: "uppercase_id_is_not_a_mention", body: "@[A](person:1A000000-0000-4000-8000-000000000001)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := task.MentionsIn(tc.body); !slices.Equal(got, tc.want) {
				t.Fatalf("mentions %v, want %v", got, tc.want)
			}
		})
	}
}
