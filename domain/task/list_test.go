package task_test

import (
	"testing"

	"cronica/domain"
	"cronica/domain/task"
)

func TestCreateList(t *testing.T) {
	cases := []struct {
		name string
		in   task.NewList
		code string
	}{
		{name: "a_projects_list", in: task.NewList{ListID: listID, OrgID: org, ProjectID: proj, Name: " Board ", Columns: columns}},
		{name: "a_personal_list", in: task.NewList{ListID: listID, OrgID: org, OwnerAccountID: accAna, Name: "Ale mele",
			Columns: task.DefaultColumns("en", [3]string{colTodo, colWip, colDone})}},
		{name: "no_name", in: task.NewList{ListID: listID, OrgID: org, ProjectID: proj, Name: "", Columns: columns}, code: "TASK_FIELD_REQUIRED"},
		{name: "no_column", in: task.NewList{ListID: listID, OrgID: org, ProjectID: proj, Name: "B"}, code: "TASK_LIST_NEEDS_COLUMN"},
		{name: "no_done_column", in: task.NewList{ListID: listID, OrgID: org, ProjectID: proj, Name: "B", Columns: columns[:2]},
			code: "TASK_LIST_NEEDS_DONE_COLUMN"},
		{name: "two_columns_with_one_name", in: task.NewList{ListID: listID, OrgID: org, ProjectID: proj, Name: "B",
			Columns: []task.Column{columns[0], {ColumnID: colNew, Name: "de FĂCUT", Done: true}}}, code: "TASK_LIST_COLUMNS_INVALID"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l, err := task.CreateList(tc.in)
			var changes []domain.Event
			var want []domain.Event
			if l != nil {
				changes = l.Changes()
				in := tc.in
				in.Name = "Board"
				if in.OwnerAccountID != "" {
					in.Name = "Ale mele"
				}
				want = []domain.Event{&task.ListCreated{ListID: in.ListID, OrgID: in.OrgID, ProjectID: in.ProjectID,
					OwnerAccountID: in.OwnerAccountID, Name: in.Name, Columns: in.Columns}}
			}
			then(t, err, changes, tc.code, want)
		})
	}
	if _, err := task.CreateList(task.NewList{ListID: listID, OrgID: org, ProjectID: proj, OwnerAccountID: accAna, Name: "B", Columns: columns}); err == nil {
		t.Fatal("a list of a project and of a person at once was created")
	}
}

func TestChangeColumns(t *testing.T) {
	renamed := []task.Column{{ColumnID: colTodo, Name: "Backlog"}, columns[1], columns[2]}
	cases := []struct {
		name    string
		cols    []task.Column
		movedTo map[string]string
		code    string
		want    []domain.Event
	}{
		{name: "rename_and_add", cols: append(renamed, task.Column{ColumnID: colNew, Name: "Verificare"}),
			want: []domain.Event{&task.ListColumnsChanged{ListID: listID, OrgID: org, ProjectID: proj,
				Columns: append(renamed, task.Column{ColumnID: colNew, Name: "Verificare"})}}},
		{name: "the_same_columns_record_nothing", cols: columns},
		{name: "remove_with_moved_to", cols: []task.Column{columns[0], columns[2]}, movedTo: map[string]string{colWip: colTodo},
			want: []domain.Event{&task.ListColumnsChanged{ListID: listID, OrgID: org, ProjectID: proj,
				Columns: []task.Column{columns[0], columns[2]}, MovedTo: map[string]string{colWip: colTodo}}}},
		{name: "remove_without_moved_to", cols: []task.Column{columns[0], columns[2]}, code: "TASK_LIST_COLUMN_NOT_MOVED"},
		{name: "moved_to_a_removed_column", cols: []task.Column{columns[0], columns[2]}, movedTo: map[string]string{colWip: colWip},
			code: "TASK_LIST_MOVED_TO_INVALID"},
		{name: "moved_to_for_a_column_that_stays", cols: columns, movedTo: map[string]string{colWip: colTodo}, code: "TASK_LIST_MOVED_TO_INVALID"},
		{name: "the_last_done_column_removed", cols: columns[:2], movedTo: map[string]string{colDone: colWip}, code: "TASK_LIST_NEEDS_DONE_COLUMN"},
		{name: "every_column_removed", cols: nil, code: "TASK_LIST_NEEDS_COLUMN"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := projectList(t)
			err := l.ChangeColumns(tc.cols, tc.movedTo)
			then(t, err, l.Changes(), tc.code, tc.want)
		})
	}
}

// A removed column's tasks are in the column it was moved to, followed
// through later removals; a removed column cannot come back.
func TestCurrentColumnFollowsRemovals(t *testing.T) {
	l, err := task.LoadList([]domain.Event{listCreated(),
		&task.ListColumnsChanged{ListID: listID, OrgID: org, ProjectID: proj, Columns: []task.Column{columns[0], columns[2]},
			MovedTo: map[string]string{colWip: colTodo}},
		&task.ListColumnsChanged{ListID: listID, OrgID: org, ProjectID: proj, Columns: []task.Column{columns[2]},
			MovedTo: map[string]string{colTodo: colDone}},
	})
	must(t, err)
	cases := []struct{ name, status, want string }{
		{name: "a_column_that_stays", status: colDone, want: colDone},
		{name: "removed_once", status: colTodo, want: colDone},
		{name: "removed_twice", status: colWip, want: colDone},
		{name: "never_a_column", status: colNew, want: ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := l.CurrentColumn(tc.status); got != tc.want {
				t.Fatalf("CurrentColumn(%s) = %s, want %s", tc.status, got, tc.want)
			}
		})
	}
	if !l.Done(colWip) || l.FirstColumn() != colDone {
		t.Fatalf("done %v, first %s", l.Done(colWip), l.FirstColumn())
	}
	then(t, l.ChangeColumns([]task.Column{columns[2], columns[1]}, nil), l.Changes(), "TASK_LIST_UNKNOWN_COLUMN", nil)
}

func TestRenameList(t *testing.T) {
	l := projectList(t)
	then(t, l.Rename(" Board "), l.Changes(), "", nil)
	l = projectList(t)
	then(t, l.Rename("Sprint"), l.Changes(), "", []domain.Event{&task.ListRenamed{ListID: listID, OrgID: org, ProjectID: proj, Name: "Sprint"}})
}
