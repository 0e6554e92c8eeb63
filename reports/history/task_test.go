package history_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/identity"
	"cronica/domain/task"
	"cronica/projections/taskview/taskviewtest"
	"cronica/readapi"
	"cronica/reports"
	"cronica/reports/history"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// taskReader is a Reader whose codec knows the Tasks events too, as
// cmd/cronica's does.
func (r *rig) taskReader(t *testing.T) *history.Reader {
	t.Helper()
	codec, err := commands.NewCodec(append(timetest.EventTypes(), task.EventTypes())...)
	pgtest.Must(t, err, "codec")
	reader, err := history.New(history.Config{Store: r.Store, Decoder: codec, Index: r.Index,
		Directory: readapi.NewHistoryDirectory(r.Pool), Now: r.Clock.Now})
	pgtest.Must(t, err, "history")
	return reader
}

// changesOf are the paths an event changed.
func changesOf(e history.Event) []string {
	var out []string
	for _, c := range e.Changes {
		out = append(out, c.Op+" "+c.Path)
	}
	return out
}

func TestTaskHistory(t *testing.T) {
	r := newRig(t)
	reader := r.taskReader(t)
	ctx := context.Background()
	org, ex, re := r.world.OrgID, r.world.Expert.PersonID, r.world.Researcher.PersonID
	w := taskviewtest.New(t, r.Store)
	w.Actor = r.world.Admin.AccountID
	board := w.List(org, r.world.ProjectID, "", "Tabla")
	blocker := w.Task(board, task.NewTask{Title: "Întâi asta"})
	x := w.Task(board, task.NewTask{Title: "Ședință", Assignees: []string{ex}, Labels: []string{"WP1"}})
	created := r.Head(t)
	w.Update(x, task.Fields{Title: taskviewtest.Ptr("Ședință de lucru"), Assignees: &[]string{ex, re}})
	w.Move(x, w.Column(board, "Done"))
	comment := taskviewtest.ID()
	w.Change(x, func(x *task.Task) error {
		return x.AddComment(task.NewComment{CommentID: comment, AuthorAccountID: r.world.Expert.AccountID, Body: "Prima versiune"})
	})
	w.Change(x, func(x *task.Task) error {
		return x.EditComment(comment, r.world.Expert.AccountID, "A doua versiune", nil)
	})
	w.Change(x, func(x *task.Task) error { return x.AddDependency(blocker, nil) })
	w.Must(board.Rename("Tabla WP1"))
	w.SaveList(board)
	r.Head(t)
	admin := identitytest.Principal(t, r.Bench.Bench, r.world.Admin.AccountID)
	expert := identitytest.Principal(t, r.Bench.Bench, r.world.Expert.AccountID)
	read := func(who identity.Principal, stream string, asOf reports.AsOf) (history.View, error) {
		return reader.Read(ctx, who, history.Request{Stream: stream, Limit: history.MaxLimit, AsOf: asOf})
	}

	t.Run("field_level_diffs", func(t *testing.T) {
		v, err := read(admin, task.StreamOf(x.ID()), reports.AsOf{})
		if err != nil {
			t.Fatal(err)
		}
		if v.Category != task.Category || v.State["title"] != "Ședință de lucru" || v.State["status"] != w.Column(board, "Done") ||
			len(v.Events) != 6 {
			t.Fatalf("state = %v, %d events", v.State, len(v.Events))
		}
		want := [][]string{
			nil, // created: every field added (checked below)
			{"add /assignees/" + re, "replace /title"},
			{"replace /rank", "replace /status"},
			{"add /comments/" + comment},
			{"replace /comments/" + comment + "/body", "replace /comments/" + comment + "/edited"},
			{"add /blocked_by/" + blocker.ID()},
		}
		for i, e := range v.Events[1:] {
			if got := changesOf(e); !slices.Equal(got, want[i+1]) {
				t.Errorf("event %d (%s) changed %v, want %v", i+1, e.Type, got, want[i+1])
			}
		}
		if got := changesOf(v.Events[0]); !slices.Contains(got, "add /title") || !slices.Contains(got, "add /assignees") {
			t.Errorf("the creation changed %v", got)
		}
		if v.Events[1].Changes[1].Before != "Ședință" || v.Events[1].Changes[1].After != "Ședință de lucru" {
			t.Errorf("the title's change = %+v", v.Events[1].Changes[1])
		}
	})

	t.Run("as_of_the_creation", func(t *testing.T) {
		v, err := read(admin, task.StreamOf(x.ID()), reports.AsOf{Position: created})
		if err != nil {
			t.Fatal(err)
		}
		if v.State["title"] != "Ședință" || v.State["status"] != w.Column(board, "To do") || len(v.Events) != 1 {
			t.Fatalf("as of the creation: %v", v.State)
		}
		if a, _ := v.State["assignees"].(map[string]any); len(a) != 1 || a[ex] != true {
			t.Fatalf("assignees then = %v", v.State["assignees"])
		}
	})

	t.Run("task_list_columns_keyed_by_id", func(t *testing.T) {
		v, err := read(expert, task.ListStreamOf(board.ID()), reports.AsOf{})
		if err != nil {
			t.Fatalf("a member with tasks.read on the project: %v", err)
		}
		cols, _ := v.State["columns"].(map[string]any)
		done, _ := cols[w.Column(board, "Done")].(map[string]any)
		if v.State["name"] != "Tabla WP1" || len(cols) != 3 || done["done"] != true || len(v.Events) != 2 ||
			!slices.Equal(changesOf(v.Events[1]), []string{"replace /name"}) {
			t.Fatalf("list = %v, events %d", v.State, len(v.Events))
		}
	})

	t.Run("who_reads", func(t *testing.T) {
		// A member reads a project's task (tasks.read on the project)
		// without history.read.
		if _, err := read(expert, task.StreamOf(x.ID()), reports.AsOf{}); err != nil {
			t.Fatalf("the expert: %v", err)
		}
		beta := timetest.Seed(t, r.Bench, "Beta")
		if _, err := read(identitytest.Principal(t, r.Bench.Bench, beta.Admin.AccountID), task.StreamOf(x.ID()), reports.AsOf{}); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("another organisation's administrator: %v, want not found", err)
		}
		// A personal list and its tasks are their owner's only, history.read
		// or not.
		mine := w.List(org, "", r.world.Expert.AccountID, "A mea")
		note := w.Task(mine, task.NewTask{Title: "Notă"})
		r.Head(t)
		for _, stream := range []string{task.ListStreamOf(mine.ID()), task.StreamOf(note.ID())} {
			if _, err := read(expert, stream, reports.AsOf{}); err != nil {
				t.Fatalf("the owner reads %s: %v", stream, err)
			}
			if _, err := read(admin, stream, reports.AsOf{}); !errors.Is(err, domain.ErrNotFound) {
				t.Fatalf("the administrator reads %s: %v, want not found", stream, err)
			}
		}
		// A saved filter: its owner, and history.read in the organisation.
		f := w.Filter(org, r.world.Expert.AccountID, "Ale mele", false, task.Query{Assignees: []string{ex}})
		r.Head(t)
		researcher := identitytest.Principal(t, r.Bench.Bench, r.world.Researcher.AccountID)
		if v, err := read(expert, task.FilterStreamOf(f.ID()), reports.AsOf{}); err != nil || v.State["name"] != "Ale mele" {
			t.Fatalf("the owner reads the filter: %v %v", v.State, err)
		}
		if _, err := read(admin, task.FilterStreamOf(f.ID()), reports.AsOf{}); err != nil {
			t.Fatalf("the administrator reads the filter: %v", err)
		}
		if _, err := read(researcher, task.FilterStreamOf(f.ID()), reports.AsOf{}); !errors.Is(err, domain.ErrForbidden) {
			t.Fatalf("another member reads the filter: %v, want forbidden", err)
		}
	})
}
