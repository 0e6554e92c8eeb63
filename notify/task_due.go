package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/domain/notification"
	"cronica/projections/identityview"
	"cronica/projections/readmodel"
	"cronica/projections/taskview"
)

// TaskDue is the source of "a task of yours is due tomorrow" reminders:
// every task due tomorrow (the day after today in Location) that is not
// archived and not in a done column of its list, from RemindAt o'clock, to
// the accounts of its assignees that may read it (tasks.read on its
// project, or the owner of a personal list), once per task and due date:
// the reminder's period is the due date, so moving the date gives a new
// reminder and the same date never two. A task whose assignees have no
// account that may read it is not reminded of.
type TaskDue struct {
	Q        readmodel.Querier
	Location *time.Location
	RemindAt int
}

// Name implements ReminderSource.
func (TaskDue) Name() string { return "task_due" }

// Due implements ReminderSource.
func (s TaskDue) Due(ctx context.Context, now time.Time) ([]notification.ReminderDue, error) {
	local := now.In(s.Location)
	if local.Hour() < s.RemindAt {
		return nil, nil
	}
	tomorrow := calendar.DateOf(local).AddDays(1)
	rows, err := s.Q.Query(ctx, `SELECT t.task_id, t.org_id, t.project_id, l.owner_account_id,
			coalesce(array_agg(a.account_id ORDER BY a.account_id) FILTER (WHERE a.account_id IS NOT NULL), '{}')
		FROM `+taskview.TableTasks+` t
		JOIN `+taskview.TableLists+` l ON l.list_id = t.list_id AND l.org_id = t.org_id
		LEFT JOIN `+identityview.TableAccounts+` a ON a.org_id = t.org_id AND a.person_id = ANY(t.assignees) AND a.enabled
		WHERE t.due_date = $1 AND NOT t.archived AND NOT t.done AND cardinality(t.assignees) > 0
		GROUP BY t.task_id, t.org_id, t.project_id, l.owner_account_id
		ORDER BY t.org_id, t.task_id`, tomorrow.Time())
	if err != nil {
		return nil, fmt.Errorf("notify: tasks due tomorrow: %w", err)
	}
	due, err := pgx.CollectRows(rows, pgx.RowToStructByPos[dueTask])
	if err != nil {
		return nil, fmt.Errorf("notify: tasks due tomorrow: %w", err)
	}
	var (
		candidates []notification.ReminderDue
		subjects   []string
	)
	for _, d := range due {
		subjects = append(subjects, d.TaskID)
		candidates = append(candidates, notification.ReminderDue{Kind: notification.KindTaskDue, OrgID: d.OrgID,
			Subject: notification.Subject{Type: notification.SubjectTask, ID: d.TaskID}, Period: tomorrow.String(),
			DueOn: tomorrow.String()})
	}
	fresh, err := notRemindedYet(ctx, s.Q, notification.KindTaskDue, subjects, candidates)
	if err != nil {
		return nil, err
	}
	byTask := make(map[string]dueTask, len(due))
	for _, d := range due {
		byTask[d.TaskID] = d
	}
	readers := taskReaders{q: s.Q, at: now, principals: map[string]identity.Principal{}}
	var out []notification.ReminderDue
	for _, r := range fresh {
		d := byTask[r.Subject.ID]
		for _, account := range d.Accounts {
			ok, err := readers.may(ctx, account, d)
			if err != nil {
				return nil, err
			}
			if ok {
				r.AccountIDs = append(r.AccountIDs, account)
			}
		}
		if len(r.AccountIDs) > 0 {
			out = append(out, r)
		}
	}
	return out, nil
}

// dueTask is a task due tomorrow: whose it is, and its assignees'
// accounts.
type dueTask struct {
	TaskID, OrgID, ProjectID, OwnerAccountID string
	Accounts                                 []string
}

// taskReaders decides who may read a task, from the identity read model,
// each account's principal read once per round.
type taskReaders struct {
	q          readmodel.Querier
	at         time.Time
	principals map[string]identity.Principal
}

// may reports whether account may read task d: the owner of a personal
// list, tasks.read on a project's.
func (r taskReaders) may(ctx context.Context, account string, d dueTask) (bool, error) {
	if d.ProjectID == "" {
		return account == d.OwnerAccountID, nil
	}
	p, ok := r.principals[account]
	if !ok {
		var err error
		if p, err = identityview.PrincipalFor(ctx, r.q, account); err != nil {
			return false, fmt.Errorf("notify: who may read task %s: %w", d.TaskID, err)
		}
		r.principals[account] = p
	}
	return identity.Authorize(p, identity.ActTasksRead, identity.Target{OrgID: d.OrgID, ProjectID: d.ProjectID}, r.at) == nil, nil
}
