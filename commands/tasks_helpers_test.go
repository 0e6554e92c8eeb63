package commands_test

import (
	"context"
	"errors"
	"testing"

	"cronica/commands"
	"cronica/domain/task"
	"cronica/eventstore"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// taskBench is the Time bench (an organisation with a project, its
// manager, two members with contracts on it) whose codec knows the Tasks
// events, with the Tasks handlers over a board that reads the log.
type taskBench struct {
	*timetest.Bench
	Tasks *commands.Tasks
	W     timetest.World
}

func newTaskBench(t *testing.T) *taskBench {
	t.Helper()
	b := timetest.NewBench(t)
	codec, err := commands.NewCodec(append(timetest.EventTypes(), task.EventTypes())...)
	pgtest.Must(t, err, "codec")
	b.Env.Codec = codec
	env := b.Env
	w := timetest.Seed(t, b, "Tasks")
	return &taskBench{Bench: b, Tasks: commands.NewTasks(env, logBoard{store: b.Store, codec: codec}), W: w}
}

// logBoard is the board lookup of the tests: it folds every task's
// creation and moves from the log (the real one reads projections/taskview).
type logBoard struct {
	store eventstore.Store
	codec *commands.Codec
}

func (b logBoard) LastRank(ctx context.Context, listID, status string) (string, error) {
	type place struct{ list, status, rank string }
	places := map[string]place{}
	for after := eventstore.Start; ; {
		page, err := b.store.ReadAll(ctx, after, 1000)
		if err != nil {
			return "", err
		}
		for _, r := range page {
			after = r.Position
			if r.Type != task.TypeTaskCreated && r.Type != task.TypeTaskMoved {
				continue
			}
			e, err := b.codec.Decode(r)
			if err != nil {
				return "", err
			}
			switch e := e.(type) {
			case *task.TaskCreated:
				places[e.TaskID] = place{e.ListID, e.Status, e.Rank}
			case *task.TaskMoved:
				places[e.TaskID] = place{e.ListID, e.Status, e.Rank}
			}
		}
		if len(page) < 1000 {
			break
		}
	}
	last := ""
	for _, p := range places {
		if p.list == listID && p.status == status && p.rank > last {
			last = p.rank
		}
	}
	return last, nil
}

func (b *taskBench) as(t *testing.T, u identitytest.User) commands.Meta {
	t.Helper()
	return identitytest.As(identitytest.Principal(t, b.Bench.Bench, u.AccountID))
}

// projectList creates a list of the world's project as its manager.
func (b *taskBench) projectList(t *testing.T) *task.List {
	t.Helper()
	res := must(b.Tasks.CreateTaskList.Handle(ctx, b.as(t, b.W.Manager), commands.CreateTaskList{OrgID: b.W.OrgID,
		ProjectID: b.W.ProjectID, Name: "Board"}))(t)
	return b.list(t, res.ID)
}

func (b *taskBench) list(t *testing.T, id string) *task.List {
	t.Helper()
	l, err := task.LoadList(identitytest.History(t, b.Bench.Bench, task.ListStreamOf(id)))
	pgtest.Must(t, err, "load list")
	return l
}

func (b *taskBench) task(t *testing.T, id string) *task.Task {
	t.Helper()
	tk, err := task.Load(identitytest.History(t, b.Bench.Bench, task.StreamOf(id)))
	pgtest.Must(t, err, "load task")
	return tk
}

// newTask creates a task titled title in list l as u.
func (b *taskBench) newTask(t *testing.T, u identitytest.User, l *task.List, title string) *task.Task {
	t.Helper()
	res := must(b.Tasks.CreateTask.Handle(ctx, b.as(t, u), commands.CreateTask{OrgID: b.W.OrgID, ListID: l.ID(),
		Task: task.NewTask{Title: title}}))(t)
	return b.task(t, res.ID)
}

// wantConflict fails unless err is a task conflict on exactly fields.
func wantConflict(t *testing.T, err error, fields ...string) *task.ConflictError {
	t.Helper()
	var ce *task.ConflictError
	if !errors.As(err, &ce) || !errors.Is(err, task.ErrConflict) {
		t.Fatalf("error %v, want a task conflict", err)
	}
	if len(ce.Fields) != len(fields) {
		t.Fatalf("conflict on %v, want %v", ce.Fields, fields)
	}
	for i := range fields {
		if ce.Fields[i] != fields[i] {
			t.Fatalf("conflict on %v, want %v", ce.Fields, fields)
		}
	}
	if ce.Current == nil || ce.Current.ID() != ce.TaskID {
		t.Fatalf("conflict without the current task")
	}
	return ce
}

func ptrTo[T any](v T) *T { return &v }
