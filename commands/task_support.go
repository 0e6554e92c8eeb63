package commands

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/domain/task"
	"cronica/eventstore"
)

// What the Tasks handlers share: the Env with the board lookup, loading
// lists, tasks and filters of one organisation, who may do what on a list,
// the checks that need other streams (people, the project's work packages
// and activities, a parent's ancestors, a blocker's dependencies), ranks,
// and deciding again after a concurrent change.

// taskEnv is the Env of the Tasks handlers.
type taskEnv struct {
	Env
	board TaskBoard
}

// taskAttempts bounds how many times a task command is decided. A
// concurrent change of the same stream makes the handler load the task
// again and decide again: the field-level rule (task.Task.Update, Move)
// then merges an edit of other fields or refuses one of the same fields
// with a task.ConflictError, so a retry never overwrites what it did not
// see.
const taskAttempts = 8

// retryTask runs attempt (load, decide, save) again while its append meets
// a concurrent change, up to taskAttempts times; the last conflict is
// returned as it is (HTTP 409).
func retryTask(ctx context.Context, attempt func() (Result, error)) (Result, error) {
	for i := 1; ; i++ {
		res, err := attempt()
		if err == nil || !errors.Is(err, eventstore.ErrConcurrency) || i == taskAttempts || ctx.Err() != nil {
			return res, err
		}
	}
}

// writerIn is the gate of every Tasks change: a caller with no grant in
// orgID gets domain.ErrNotFound (knownIn), and one who holds an auditor
// grant there domain.ErrForbidden, whatever else they hold (an auditor's
// account has the member role too, which writes tasks): while someone is
// an organisation's auditor, every request of theirs there is an
// auditor's read, and an auditor changes nothing.
func (env taskEnv) writerIn(p identity.Principal, orgID string) error {
	now := env.Now()
	if err := knownIn(p, orgID, now); err != nil {
		return err
	}
	if len(p.AuditorGrants(orgID, now)) > 0 {
		return fmt.Errorf("commands: an auditor of organization %s changes nothing: %w", orgID, domain.ErrForbidden)
	}
	return nil
}

// loadList rebuilds list id and checks that it is one of orgID's (another
// organisation's, or none, is domain.ErrNotFound).
func (env taskEnv) loadList(ctx context.Context, orgID, id string) (*task.List, error) {
	h, err := env.load(ctx, task.ListStreamOf(id))
	if err != nil {
		return nil, err
	}
	l, err := task.LoadList(h)
	if err != nil {
		return nil, fmt.Errorf("commands: task list %s: %w", id, err)
	}
	if l.OrgID() != orgID {
		return nil, fmt.Errorf("commands: task list %s is not one of organization %s: %w", id, orgID, domain.ErrNotFound)
	}
	return l, nil
}

// loadTask rebuilds task id and checks that it is one of orgID's.
func (env taskEnv) loadTask(ctx context.Context, orgID, id string) (*task.Task, error) {
	h, err := env.load(ctx, task.StreamOf(id))
	if err != nil {
		return nil, err
	}
	t, err := task.Load(h)
	if err != nil {
		return nil, fmt.Errorf("commands: task %s: %w", id, err)
	}
	if t.OrgID() != orgID {
		return nil, fmt.Errorf("commands: task %s is not one of organization %s: %w", id, orgID, domain.ErrNotFound)
	}
	return t, nil
}

// mayOnList says whether p may do action on list l. A project's list
// needs the action on the project (or the organisation); a personal list
// is its owner's only: anyone else gets domain.ErrNotFound, whatever their
// role, and the owner needs the action in the organisation, tasks.write
// standing for tasks.manage there (one manages one's own list).
func (env taskEnv) mayOnList(p identity.Principal, l *task.List, action identity.Action) error {
	if !l.Personal() {
		return identity.Authorize(p, action, identity.Target{OrgID: l.OrgID(), ProjectID: l.ProjectID()}, env.Now())
	}
	if p.IsSystem() {
		return nil
	}
	if p.AccountID != l.OwnerAccountID() {
		return fmt.Errorf("commands: task list %s is someone else's: %w", l.ID(), domain.ErrNotFound)
	}
	if action == identity.ActTasksManage {
		action = identity.ActTasksWrite
	}
	return identity.Authorize(p, action, identity.Target{OrgID: l.OrgID()}, env.Now())
}

// onList is the shape of the handlers that change one list: check the ids,
// refuse a caller with no grant in the organisation (domain.ErrNotFound),
// then, as many times as concurrent changes require, load the list (of
// the organisation), authorise action on it, let change decide, and save.
func (env taskEnv) onList(ctx context.Context, m Meta, op, orgID, listID string, action identity.Action,
	change func(*task.List) error) (Result, error) {
	if err := checkIDs("org_id", orgID, "list_id", listID); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	if err := env.writerIn(m.Actor, orgID); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	return retryTask(ctx, func() (Result, error) {
		l, err := env.loadList(ctx, orgID, listID)
		if err != nil {
			return Result{}, fmt.Errorf("commands: %s: %w", op, err)
		}
		if err := env.mayOnList(m.Actor, l, action); err != nil {
			return Result{}, fmt.Errorf("commands: %s: %w", op, err)
		}
		if err := change(l); err != nil {
			return Result{}, fmt.Errorf("commands: %s: %w", op, err)
		}
		res, err := env.save(ctx, task.ListStreamOf(listID), l.Version(), orgID, l.Changes(), m)
		if err != nil {
			return Result{}, err
		}
		res.ID = listID
		return res, nil
	})
}

// onTask is onList for the handlers that change one task: the task is
// loaded first, then its list, on which action is authorised. decide may
// name the id the result gives ("": the task's).
func (env taskEnv) onTask(ctx context.Context, m Meta, op, orgID, taskID string, action identity.Action,
	decide func(*task.List, *task.Task) (string, error)) (Result, error) {
	if err := checkIDs("org_id", orgID, "task_id", taskID); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	if err := env.writerIn(m.Actor, orgID); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	return retryTask(ctx, func() (Result, error) {
		t, l, err := env.taskAndList(ctx, m.Actor, orgID, taskID, action)
		if err != nil {
			return Result{}, fmt.Errorf("commands: %s: %w", op, err)
		}
		id, err := decide(l, t)
		if err != nil {
			return Result{}, fmt.Errorf("commands: %s: %w", op, err)
		}
		res, err := env.save(ctx, task.StreamOf(taskID), t.Version(), orgID, t.Changes(), m)
		if err != nil {
			return Result{}, err
		}
		res.ID = taskID
		if id != "" {
			res.ID = id
		}
		return res, nil
	})
}

// taskAndList loads task taskID of orgID and its list, and authorises
// action on the list.
func (env taskEnv) taskAndList(ctx context.Context, p identity.Principal, orgID, taskID string, action identity.Action) (*task.Task, *task.List, error) {
	t, err := env.loadTask(ctx, orgID, taskID)
	if err != nil {
		return nil, nil, err
	}
	l, err := env.loadList(ctx, orgID, t.ListID())
	if err != nil {
		return nil, nil, err
	}
	if err := env.mayOnList(p, l, action); err != nil {
		return nil, nil, err
	}
	return t, l, nil
}

// checkPeople refuses, with TASK_UNKNOWN_PERSON naming field, an id that
// is not a person of orgID. Malformed ids are left to the domain.
func (env taskEnv) checkPeople(ctx context.Context, orgID, field string, ids []string) error {
	for _, id := range ids {
		if !identity.ValidID(id) {
			continue
		}
		if _, err := env.personOf(ctx, orgID, id); err != nil {
			if !isNotFound(err) {
				return err
			}
			return domain.Rule("TASK_UNKNOWN_PERSON", "only people of the organisation can be named on a task",
				"pe o sarcină pot fi numite doar persoane ale organizației", map[string]any{"field": field, "person_id": id})
		}
	}
	return nil
}

// added are the ids of next that are not in before.
func added(next, before []string) []string {
	var out []string
	for _, id := range next {
		if !slices.Contains(before, id) {
			out = append(out, id)
		}
	}
	return out
}

// checkLinks refuses a work package or an activity that is not one of the
// list's project's (TASK_UNKNOWN_WORK_PACKAGE, TASK_UNKNOWN_ACTIVITY), or
// an activity of another work package than the one linked
// (TASK_ACTIVITY_NOT_IN_WORK_PACKAGE). A personal list's links are the
// domain's to refuse.
func (env taskEnv) checkLinks(ctx context.Context, l *task.List, wp, act string) error {
	if l.Personal() || (wp == "" && act == "") {
		return nil
	}
	p, err := env.loadProjectOf(ctx, l.OrgID(), l.ProjectID())
	if err != nil {
		return err
	}
	if wp != "" && identity.ValidID(wp) {
		if _, ok := p.WorkPackage(wp); !ok {
			return domain.Rule("TASK_UNKNOWN_WORK_PACKAGE", "the work package is not one of the list's project's",
				"pachetul de lucru nu aparține proiectului listei", map[string]any{"field": task.FieldWorkPackageID})
		}
	}
	if act != "" && identity.ValidID(act) {
		a, ok := p.Activity(act)
		if !ok {
			return domain.Rule("TASK_UNKNOWN_ACTIVITY", "the activity is not one of the list's project's",
				"activitatea nu aparține proiectului listei", map[string]any{"field": task.FieldActivityID})
		}
		if wp != "" && a.WorkPackageID != wp {
			return domain.Rule("TASK_ACTIVITY_NOT_IN_WORK_PACKAGE", "the activity is not one of the linked work package's",
				"activitatea nu aparține pachetului de lucru legat", map[string]any{"field": task.FieldActivityID})
		}
	}
	return nil
}

// maxDepth bounds the walks over other tasks' streams (a parent's
// ancestors, a blocker's dependencies).
const maxDepth = 1000

// parentOf describes parentID for the domain's rules: its list and its
// ancestors, read from their streams. nil for "" or a malformed id (the
// domain refuses the latter); a parent that is not a task of orgID is
// TASK_UNKNOWN_PARENT.
func (env taskEnv) parentOf(ctx context.Context, orgID, parentID string) (*task.Parent, error) {
	if parentID == "" || !identity.ValidID(parentID) {
		return nil, nil
	}
	p, err := env.loadTask(ctx, orgID, parentID)
	if isNotFound(err) {
		return nil, domain.Rule("TASK_UNKNOWN_PARENT", "the parent is not a task of the organisation",
			"părintele nu este o sarcină a organizației", map[string]any{"field": task.FieldParentID})
	}
	if err != nil {
		return nil, err
	}
	out := &task.Parent{TaskID: parentID, ListID: p.ListID()}
	for cur := p.ParentID(); cur != "" && !slices.Contains(out.Ancestors, cur) && len(out.Ancestors) < maxDepth; {
		out.Ancestors = append(out.Ancestors, cur)
		a, err := env.loadTask(ctx, orgID, cur)
		if isNotFound(err) {
			break
		}
		if err != nil {
			return nil, err
		}
		cur = a.ParentID()
	}
	return out, nil
}

// upstream lists every task blocker waits for, directly or through
// others, read from their streams (breadth first, at most maxDepth).
func (env taskEnv) upstream(ctx context.Context, orgID string, blocker *task.Task) ([]string, error) {
	var seen []string
	queue := blocker.BlockedBy()
	for len(queue) > 0 && len(seen) < maxDepth {
		id := queue[0]
		queue = queue[1:]
		if slices.Contains(seen, id) {
			continue
		}
		seen = append(seen, id)
		t, err := env.loadTask(ctx, orgID, id)
		if isNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		queue = append(queue, t.BlockedBy()...)
	}
	return seen, nil
}

// endOfColumn is a rank after every task of column status of listID, as
// the board knows them.
func (env taskEnv) endOfColumn(ctx context.Context, listID, status, taskID string) (string, error) {
	last, err := env.lastRank(ctx, listID, status)
	if err != nil {
		return "", err
	}
	return saltedBetween(last, "", taskID)
}

// lastRank is the board's last rank of a column ("" when it is empty, or
// without a board).
func (env taskEnv) lastRank(ctx context.Context, listID, status string) (string, error) {
	if env.board == nil {
		return "", nil
	}
	last, err := env.board.LastRank(ctx, listID, status)
	if err != nil {
		return "", fmt.Errorf("commands: the end of column %s: %w", status, err)
	}
	if last != "" && task.CheckRank(last) != nil {
		return "", nil // not a rank the domain made: start the column again rather than fail every creation
	}
	return last, nil
}

// saltedBetween is task.Between(a, b) followed, when it still sorts
// strictly between, by a salt from taskID (its last hexadecimal digits,
// random in a UUIDv7): two tasks placed at the same spot at once, or
// created while the board lagged, get different ranks, so a later move
// can always go between them.
func saltedBetween(a, b, taskID string) (string, error) {
	r, err := task.Between(a, b)
	if err != nil {
		return "", err
	}
	salt := strings.TrimRight(taskID[max(0, len(taskID)-6):], "0")
	if s := r + salt; salt != "" && task.CheckRank(s) == nil && (a == "" || s > a) && (b == "" || s < b) {
		return s, nil
	}
	return r, nil
}
