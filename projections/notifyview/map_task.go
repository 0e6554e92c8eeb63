package notifyview

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5/pgconn"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/domain/notification"
	"cronica/domain/task"
	"cronica/eventstore"
)

// TaskMapper maps the Tasks context: a task assigned to people
// (TaskCreated with assignees, TaskUpdated whose assignees gain people:
// only the people added), to their accounts (KindTaskAssigned); people
// @mentioned in a comment (TaskCommentAdded, and TaskCommentEdited: only
// those the comment never mentioned before), to theirs (KindMention).
// Every recipient must be able to read the task when the event was
// recorded: tasks.read on the list's project, or be the owner of the
// personal list; a mention of someone who may not read it stays in the
// text and notifies nobody. The actor is never told of their own act.
//
// To tell who is new, the mapper keeps what it needs in the projector's
// own tables, in the event's transaction: every list's project or owner
// (notify_task_lists, from TaskListCreated), every task's list and current
// assignees (notify_tasks), everyone each comment ever mentioned
// (notify_task_comments). ReminderMapper reads them too, for who may read
// a task due tomorrow.
type TaskMapper struct{}

// Types implements Mapper.
func (TaskMapper) Types() map[string]domain.EventFactory {
	all := task.EventTypes()
	out := map[string]domain.EventFactory{}
	for _, t := range []string{task.TypeListCreated, task.TypeTaskCreated, task.TypeTaskUpdated, task.TypeCommentAdded,
		task.TypeCommentEdited} {
		out[t] = all[t]
	}
	return out
}

// Map implements Mapper.
func (TaskMapper) Map(ctx context.Context, w *World, _ eventstore.RecordedEvent, d domain.Event) ([]Intent, error) {
	switch d := d.(type) {
	case *task.ListCreated:
		return nil, w.exec(ctx, "remember task list "+d.ListID, `INSERT INTO `+w.tables.Ident(TableTaskLists)+`
			(list_id, org_id, project_id, owner_account_id) VALUES ($1, $2, $3, $4) ON CONFLICT (list_id) DO NOTHING`,
			d.ListID, d.OrgID, d.ProjectID, d.OwnerAccountID)
	case *task.TaskCreated:
		if err := rememberAssignees(ctx, w, d.Ref, d.Assignees); err != nil {
			return nil, err
		}
		return taskIntent(ctx, w, notification.KindTaskAssigned, d.Ref, d.Assignees)
	case *task.TaskUpdated:
		if d.Fields.Assignees == nil {
			return nil, nil
		}
		before, err := w.taskStrings(ctx, `SELECT assignees FROM `+w.tables.Ident(TableTasks)+` WHERE task_id = $1`, d.TaskID)
		if err != nil {
			return nil, err
		}
		now := *d.Fields.Assignees
		if err := rememberAssignees(ctx, w, d.Ref, now); err != nil {
			return nil, err
		}
		return taskIntent(ctx, w, notification.KindTaskAssigned, d.Ref, added(before, now))
	case *task.CommentAdded:
		return mentioned(ctx, w, d.Ref, d.CommentID, d.Mentions)
	case *task.CommentEdited:
		return mentioned(ctx, w, d.Ref, d.CommentID, d.Mentions)
	}
	return nil, nil
}

// rememberAssignees keeps task t's assignees now.
func rememberAssignees(ctx context.Context, w *World, t task.Ref, assignees []string) error {
	if assignees == nil {
		assignees = []string{}
	}
	return w.exec(ctx, "remember the assignees of "+t.TaskID, `INSERT INTO `+w.tables.Ident(TableTasks)+` (task_id, list_id, org_id, assignees)
		VALUES ($1, $2, $3, $4) ON CONFLICT (task_id) DO UPDATE SET assignees = EXCLUDED.assignees`,
		t.TaskID, t.ListID, t.OrgID, assignees)
}

// mentioned is the mention of the people comment commentID of task t
// mentions for the first time; it remembers them.
func mentioned(ctx context.Context, w *World, t task.Ref, commentID string, mentions []string) ([]Intent, error) {
	before, err := w.taskStrings(ctx, `SELECT mentioned FROM `+w.tables.Ident(TableTaskComments)+` WHERE comment_id = $1`, commentID)
	if err != nil {
		return nil, err
	}
	fresh := added(before, mentions)
	if len(fresh) == 0 {
		return nil, nil
	}
	err = w.exec(ctx, "remember the mentions of "+commentID, `INSERT INTO `+w.tables.Ident(TableTaskComments)+` (comment_id, task_id, mentioned)
		VALUES ($1, $2, $3) ON CONFLICT (comment_id) DO UPDATE SET mentioned = EXCLUDED.mentioned`,
		commentID, t.TaskID, append(slices.Clone(before), fresh...))
	if err != nil {
		return nil, err
	}
	return taskIntent(ctx, w, notification.KindMention, t, fresh)
}

// taskIntent is one notification of kind about task t to the accounts of
// people in t's organisation, each allowed only if it may read the task.
func taskIntent(ctx context.Context, w *World, kind notification.Kind, t task.Ref, people []string) ([]Intent, error) {
	if len(people) == 0 || !domain.ValidID(t.TaskID) {
		return nil, nil
	}
	accounts, err := w.AccountsOf(ctx, t.OrgID, people...)
	if err != nil || len(accounts) == 0 {
		return nil, err
	}
	mayRead, err := taskReaders(ctx, w, t.OrgID, t.ListID, t.ProjectID)
	if err != nil {
		return nil, err
	}
	return []Intent{{Kind: kind, OrgID: t.OrgID, Subject: notification.Subject{Type: notification.SubjectTask, ID: t.TaskID},
		Recipients: accounts, MayRead: mayRead,
		Params: notification.Params{notification.ParamTaskID: t.TaskID, notification.ParamProjectID: t.ProjectID}}}, nil
}

// taskReaders is who may read the tasks of list listID at the event's
// time: tasks.read on the list's project, or, for a personal list, its
// owner alone. A list the mapper never saw created is judged by the
// event's project (none: nobody may).
func taskReaders(ctx context.Context, w *World, orgID, listID, projectID string) (func(Recipient) bool, error) {
	var project, owner string
	err := w.q.QueryRow(ctx, `SELECT project_id, owner_account_id FROM `+w.tables.Ident(TableTaskLists)+`
		WHERE list_id = $1 AND org_id = $2`, listID, orgID).Scan(&project, &owner)
	switch {
	case isNoRows(err):
		project = projectID
	case err != nil:
		return nil, fmt.Errorf("notifyview: task list %s: %w", listID, err)
	}
	at := w.At()
	return func(r Recipient) bool {
		if project == "" {
			return owner != "" && r.AccountID == owner && r.Principal.OrgID == orgID
		}
		return r.Can(identity.ActTasksRead, identity.Target{OrgID: orgID, ProjectID: project}, at)
	}, nil
}

// taskReadersOf is taskReaders of task taskID's list; nobody may read a
// task the mapper never saw created.
func taskReadersOf(ctx context.Context, w *World, orgID, taskID string) (func(Recipient) bool, error) {
	var list string
	err := w.q.QueryRow(ctx, `SELECT list_id FROM `+w.tables.Ident(TableTasks)+` WHERE task_id = $1 AND org_id = $2`, taskID, orgID).Scan(&list)
	switch {
	case isNoRows(err):
		return func(Recipient) bool { return false }, nil
	case err != nil:
		return nil, fmt.Errorf("notifyview: task %s: %w", taskID, err)
	}
	return taskReaders(ctx, w, orgID, list, "")
}

// added are the ids of now that are not in before, in now's order, once
// each.
func added(before, now []string) []string {
	var out []string
	for _, id := range now {
		if id != "" && !slices.Contains(before, id) && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// taskStrings is the one text[] a query of the mapper's tables finds (none:
// nil).
func (w *World) taskStrings(ctx context.Context, sql string, args ...any) ([]string, error) {
	var out []string
	err := w.q.QueryRow(ctx, sql, args...).Scan(&out)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("notifyview: tasks mapper: %w", err)
	}
	return out, nil
}

// exec writes the tasks mapper's own tables, in the projector's
// transaction (the World's querier is that transaction).
func (w *World) exec(ctx context.Context, what, sql string, args ...any) error {
	x, ok := w.q.(interface {
		Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	})
	if !ok {
		return fmt.Errorf("notifyview: %s: the mapper's querier cannot write", what)
	}
	if _, err := x.Exec(ctx, sql, args...); err != nil {
		return fmt.Errorf("notifyview: %s: %w", what, err)
	}
	return nil
}
