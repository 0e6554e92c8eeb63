package taskview_test

import (
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain/calendar"
	"cronica/domain/task"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/projections/projectiontest"
	"cronica/projections/taskview"
	"cronica/projections/taskview/taskviewtest"
)

// quiet is the runtime's logger in tests.
var quiet = slog.New(slog.DiscardHandler)

// t0 is the story's clock: the store records events from there, one
// second per append.
var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// env is one test's database, a real store, the story's aggregates and
// the events applied so far.
type env struct {
	*taskviewtest.World
	*projectiontest.Applier
	t     *testing.T
	pool  *pgxpool.Pool
	store *pgstore.Store
}

func newEnv(t *testing.T) *env {
	t.Helper()
	pool, store := projectiontest.NewStore(t, "taskview", t0, taskview.Migrate)
	w := &env{World: taskviewtest.New(t, store), t: t, pool: pool, store: store}
	w.Applier = &projectiontest.Applier{T: t, Pool: pool, Store: store, Projector: taskview.Projector(),
		Appended: func() eventstore.Position { return w.Last }}
	return w
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func date(y int, m time.Month, d int) calendar.Date { return calendar.NewDate(y, m, d) }

var ptr = taskviewtest.Ptr[string]

// story is what tellStory recorded.
type story struct {
	org, project, owner, ana, bob string
	board, mine                   *task.List
	todo, doing, done, review     string // the board's columns (review is added, then removed into done)
	meeting, sub, report, old     *task.Task
	note                          *task.Task // on the personal list
	comment, gone                 string     // comments on meeting: kept (edited), deleted
	entry                         string
	filter, dropped               *task.Filter
}

// tellStory records every Tasks event type at least once: a project's
// board and a personal list; tasks with subtasks, dependencies (one
// lifted), comments (one edited, one deleted), time, moves, an archived
// and restored task; the columns changed with a removed column's tasks
// moved; a filter saved twice and one deleted.
func tellStory(w *env) story {
	s := story{org: taskviewtest.ID(), project: taskviewtest.ID(), owner: taskviewtest.ID(), ana: taskviewtest.ID(), bob: taskviewtest.ID()}
	s.board = w.List(s.org, s.project, "", "Tabla proiectului")
	s.mine = w.List(s.org, "", s.owner, "Ale mele")
	s.todo, s.doing, s.done = w.Column(s.board, "To do"), w.Column(s.board, "In progress"), w.Column(s.board, "Done")
	wp, act := taskviewtest.ID(), taskviewtest.ID()
	s.meeting = w.Task(s.board, task.NewTask{Title: "Ședință de lucru", Description: "Pregătim **raportul** pentru WP1",
		Priority: task.PriorityHigh, Assignees: []string{s.ana}, Watchers: []string{s.bob}, Labels: []string{"Urgent", "WP1"},
		Start: date(2026, 3, 2), Due: date(2026, 3, 10), WorkPackageID: wp, ActivityID: act})
	s.sub = w.Task(s.board, task.NewTask{Title: "Rezervă sala", ParentID: s.meeting.ID(), Assignees: []string{s.bob}})
	s.report = w.Task(s.board, task.NewTask{Title: "Raport final", Description: "Capitolele 1–3", Assignees: []string{s.bob},
		Labels: []string{"wp1"}, Due: date(2026, 4, 1)})
	s.old = w.Task(s.board, task.NewTask{Title: "Vechi", Status: s.done})
	s.note = w.Task(s.mine, task.NewTask{Title: "Notă personală", Due: date(2026, 3, 5)})

	w.Update(s.report, task.Fields{Title: ptr("Raport final v2"), Priority: taskviewtest.Ptr(task.PriorityUrgent),
		Labels: &[]string{"WP1", "Final"}, Due: taskviewtest.Ptr(date(2026, 3, 31))})
	w.Move(s.meeting, s.doing)
	w.Move(s.sub, s.done)
	w.Change(s.report, func(x *task.Task) error { return x.AddDependency(s.meeting, nil) })
	w.Change(s.old, func(x *task.Task) error { return x.AddDependency(s.meeting, nil) })
	w.Change(s.old, func(x *task.Task) error { return x.RemoveDependency(s.meeting.ID()) })
	w.Change(s.old, func(x *task.Task) error { return x.Archive() })
	w.Change(s.old, func(x *task.Task) error { return x.Restore() })
	w.Change(s.old, func(x *task.Task) error { return x.Archive() })
	s.comment, s.gone = taskviewtest.ID(), taskviewtest.ID()
	author := taskviewtest.ID()
	w.Change(s.meeting, func(x *task.Task) error {
		return x.AddComment(task.NewComment{CommentID: s.comment, AuthorAccountID: author, AuthorPersonID: s.ana,
			Body: "Vă rog @[Bob](person:" + s.bob + ")"})
	})
	w.Change(s.meeting, func(x *task.Task) error {
		return x.EditComment(s.comment, author, "Vă rog @[Bob](person:"+s.bob+") până joi", nil)
	})
	w.Change(s.meeting, func(x *task.Task) error {
		return x.AddComment(task.NewComment{CommentID: s.gone, AuthorAccountID: author, Body: "secret de șters"})
	})
	w.Change(s.meeting, func(x *task.Task) error { return x.DeleteComment(s.gone, author, false) })
	s.entry = taskviewtest.ID()
	w.Change(s.meeting, func(x *task.Task) error {
		return x.LogTime(task.TimeLog{PersonID: s.ana, EntryID: s.entry, TimesheetID: taskviewtest.ID(), Date: date(2026, 3, 3), Minutes: 90})
	})

	// A review column is added, holds the report, then goes: its tasks to
	// done. The list is renamed.
	s.review = taskviewtest.ID()
	cols := append(s.board.Columns(), task.Column{ColumnID: s.review, Name: "Review"})
	w.Must(s.board.ChangeColumns(cols, nil))
	w.SaveList(s.board)
	w.Move(s.report, s.review)
	w.Must(s.board.ChangeColumns(cols[:3], map[string]string{s.review: s.done}))
	w.Must(s.board.Rename("Tabla WP1"))
	w.SaveList(s.board)

	s.filter = w.Filter(s.org, s.owner, "Ale Anei", false, task.Query{Assignees: []string{s.ana}})
	w.Must(s.filter.Save("Ale Anei, urgente", true, task.Query{Assignees: []string{s.ana}, Labels: []string{"urgent"}}))
	w.SaveFilter(s.filter)
	s.dropped = w.Filter(s.org, s.owner, "De șters", false, task.Query{Text: "raport"})
	w.Must(s.dropped.Delete())
	w.SaveFilter(s.dropped)
	return s
}
