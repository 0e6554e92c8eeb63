package task_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/task"
)

// The tests read as given the events of a list or task / when a command /
// then the events recorded or the error. Ids are fixed.

const (
	org     = "0a000000-0000-4000-8000-00000000000a"
	proj    = "50000000-0000-4000-8000-000000000001"
	listID  = "71000000-0000-4000-8000-000000000001"
	list2   = "71000000-0000-4000-8000-000000000002"
	colTodo = "72000000-0000-4000-8000-000000000001"
	colWip  = "72000000-0000-4000-8000-000000000002"
	colDone = "72000000-0000-4000-8000-000000000003"
	colNew  = "72000000-0000-4000-8000-000000000004"
	taskA   = "73000000-0000-4000-8000-000000000001"
	taskB   = "73000000-0000-4000-8000-000000000002"
	taskC   = "73000000-0000-4000-8000-000000000003"
	ana     = "1a000000-0000-4000-8000-000000000001"
	bob     = "1a000000-0000-4000-8000-000000000002"
	accAna  = "a0000000-0000-4000-8000-000000000001"
	accBob  = "a0000000-0000-4000-8000-000000000002"
	act1    = "61000000-0000-4000-8000-000000000001"
	wp1     = "60000000-0000-4000-8000-000000000001"
	comment = "74000000-0000-4000-8000-000000000001"
	entry   = "e0000000-0000-4000-8000-000000000001"
	sheet   = "75000000-0000-4000-8000-000000000001"
	filter  = "76000000-0000-4000-8000-000000000001"
)

var columns = []task.Column{{ColumnID: colTodo, Name: "De făcut"}, {ColumnID: colWip, Name: "În lucru"}, {ColumnID: colDone, Name: "Gata", Done: true}}

func listCreated() *task.ListCreated {
	return &task.ListCreated{ListID: listID, OrgID: org, ProjectID: proj, Name: "Board", Columns: columns}
}

func ref(id string) task.Ref {
	return task.Ref{TaskID: id, ListID: listID, OrgID: org, ProjectID: proj}
}

func created(id string) *task.TaskCreated {
	return &task.TaskCreated{Ref: ref(id), Title: "Raport intermediar", Status: colTodo, Rank: "a0", Priority: task.PriorityNone,
		Assignees: []string{}, Watchers: []string{}, Labels: []string{}}
}

func projectList(t *testing.T) *task.List {
	t.Helper()
	l, err := task.LoadList([]domain.Event{listCreated()})
	must(t, err)
	return l
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

func day(d int) calendar.Date { return calendar.NewDate(2026, time.March, d) }

// then checks the outcome of a when: err matches code ("" none; a rule
// code, "conflict:<fields>", "not_found" or "forbidden"), and the events
// recorded equal want (compared as JSON, their stored form).
func then(t *testing.T, err error, changes []domain.Event, code string, want []domain.Event) {
	t.Helper()
	switch {
	case code == "":
		must(t, err)
	case code == "not_found":
		if !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("got %v, want not found", err)
		}
	case code == "forbidden":
		if !errors.Is(err, domain.ErrForbidden) {
			t.Fatalf("got %v, want forbidden", err)
		}
	case len(code) > 9 && code[:9] == "conflict:":
		var ce *task.ConflictError
		if !errors.As(err, &ce) || !errors.Is(err, task.ErrConflict) {
			t.Fatalf("got %v, want a conflict", err)
		}
		if got := jsonOf(t, ce.Fields); got != code[9:] {
			t.Fatalf("conflict on %s, want %s", got, code[9:])
		}
	default:
		var re *domain.RuleError
		if !errors.As(err, &re) || re.Code != code {
			t.Fatalf("got %v, want rule %s", err, code)
		}
	}
	if code != "" && len(changes) > 0 {
		t.Fatalf("a refused command recorded %d events", len(changes))
	}
	if code == "" {
		if got, w := jsonOf(t, types(changes)), jsonOf(t, types(want)); got != w {
			t.Fatalf("recorded %s, want %s", got, w)
		}
		if got, w := jsonOf(t, changes), jsonOf(t, want); got != w {
			t.Fatalf("recorded\n%s\nwant\n%s", got, w)
		}
	}
}

func types(es []domain.Event) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, e.EventType())
	}
	return out
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	must(t, err)
	return string(b)
}
