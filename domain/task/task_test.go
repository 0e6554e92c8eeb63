package task_test

import (
	"strings"
	"testing"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/task"
)

func TestCreate(t *testing.T) {
	cases := []struct {
		name   string
		in     task.NewTask
		parent *task.Parent
		code   string
		want   func() *task.TaskCreated
	}{
		{name: "defaults_to_the_first_open_column", in: task.NewTask{TaskID: taskA, Title: "  Raport intermediar ", Rank: "a0"},
			want: func() *task.TaskCreated { return created(taskA) }},
		{name: "every_field", in: task.NewTask{TaskID: taskA, Title: "Raport", Description: "Vezi **anexa**\r\nși tabelul", Status: colWip,
			Rank: "a5", Priority: task.PriorityHigh, Assignees: []string{bob, ana, bob}, Watchers: []string{ana},
			Labels: []string{"WP2", " raport ", "wp2"}, Start: day(2), Due: day(20), WorkPackageID: wp1, ActivityID: act1},
			want: func() *task.TaskCreated {
				e := created(taskA)
				e.Title, e.Description, e.Status, e.Rank, e.Priority = "Raport", "Vezi **anexa**\nși tabelul", colWip, "a5", task.PriorityHigh
				e.Assignees, e.Watchers, e.Labels = []string{ana, bob}, []string{ana}, []string{"WP2", "raport"}
				e.Start, e.Due, e.WorkPackageID, e.ActivityID = day(2), day(20), wp1, act1
				return e
			}},
		{name: "subtask_of_a_task_of_the_list", in: task.NewTask{TaskID: taskB, ParentID: taskA, Title: "Raport intermediar", Rank: "a0"},
			parent: &task.Parent{TaskID: taskA, ListID: listID},
			want:   func() *task.TaskCreated { e := created(taskB); e.ParentID = taskA; return e }},
		{name: "parent_of_another_list", in: task.NewTask{TaskID: taskB, ParentID: taskA, Title: "x", Rank: "a0"},
			parent: &task.Parent{TaskID: taskA, ListID: list2}, code: "TASK_PARENT_OTHER_LIST"},
		{name: "no_title", in: task.NewTask{TaskID: taskA, Title: " ", Rank: "a0"}, code: "TASK_FIELD_REQUIRED"},
		{name: "title_too_long", in: task.NewTask{TaskID: taskA, Title: strings.Repeat("ș", 201), Rank: "a0"}, code: "TASK_FIELD_TOO_LONG"},
		{name: "title_on_two_lines", in: task.NewTask{TaskID: taskA, Title: "a\nb", Rank: "a0"}, code: "TASK_FIELD_INVALID"},
		{name: "description_too_long", in: task.NewTask{TaskID: taskA, Title: "x", Description: strings.Repeat("ă", 10_001), Rank: "a0"},
			code: "TASK_FIELD_TOO_LONG"},
		{name: "description_with_a_control_character", in: task.NewTask{TaskID: taskA, Title: "x", Description: "a\x07b", Rank: "a0"},
			code: "TASK_FIELD_INVALID"},
		{name: "unknown_status", in: task.NewTask{TaskID: taskA, Title: "x", Status: colNew, Rank: "a0"}, code: "TASK_UNKNOWN_STATUS"},
		{name: "unknown_priority", in: task.NewTask{TaskID: taskA, Title: "x", Priority: "critical", Rank: "a0"}, code: "TASK_FIELD_INVALID"},
		{name: "assignee_not_an_id", in: task.NewTask{TaskID: taskA, Title: "x", Assignees: []string{"ana"}, Rank: "a0"}, code: "TASK_FIELD_INVALID"},
		{name: "label_too_long", in: task.NewTask{TaskID: taskA, Title: "x", Labels: []string{strings.Repeat("l", 41)}, Rank: "a0"},
			code: "TASK_FIELD_TOO_LONG"},
		{name: "too_many_labels", in: task.NewTask{TaskID: taskA, Title: "x", Labels: labels(21), Rank: "a0"}, code: "TASK_TOO_MANY_LABELS"},
		{name: "due_before_start", in: task.NewTask{TaskID: taskA, Title: "x", Start: day(10), Due: day(9), Rank: "a0"},
			code: "TASK_DUE_BEFORE_START"},
		{name: "impossible_date", in: task.NewTask{TaskID: taskA, Title: "x", Due: calendar.NewDate(2026, 2, 30), Rank: "a0"},
			code: "TASK_FIELD_INVALID"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tk, err := task.Create(projectList(t), tc.in, tc.parent)
			var changes []domain.Event
			if tk != nil {
				changes = tk.Changes()
			}
			var want []domain.Event
			if tc.want != nil {
				want = []domain.Event{tc.want()}
			}
			then(t, err, changes, tc.code, want)
		})
	}
}

func TestCreateOnAPersonalList(t *testing.T) {
	l, err := task.CreateList(task.NewList{ListID: listID, OrgID: org, OwnerAccountID: accAna, Name: "Ale mele", Columns: columns})
	must(t, err)
	tk, err := task.Create(l, task.NewTask{TaskID: taskA, Title: "x", Rank: "a0"}, nil)
	must(t, err)
	if e := tk.Changes()[0].(*task.TaskCreated); e.ProjectID != "" || e.ListID != listID {
		t.Fatalf("ref %+v", e.Ref)
	}
	_, err = task.Create(l, task.NewTask{TaskID: taskA, Title: "x", Rank: "a0", ActivityID: act1}, nil)
	then(t, err, nil, "TASK_NO_PROJECT", nil)
}

func labels(n int) []string {
	var out []string
	for i := range n {
		out = append(out, "l"+string(rune('a'+i)))
	}
	return out
}

// given the task created at version 0 and the events that follow (version
// 1, 2, …).
func givenTask(t *testing.T, events ...domain.Event) *task.Task {
	t.Helper()
	tk, err := task.Load(append([]domain.Event{created(taskA)}, events...))
	must(t, err)
	return tk
}

func updated(f task.Fields) *task.TaskUpdated { return &task.TaskUpdated{Ref: ref(taskA), Fields: f} }

func TestUpdate(t *testing.T) {
	title := func(s string) task.Fields { return task.Fields{Title: ptr(s)} }
	cases := []struct {
		name   string
		given  []domain.Event
		base   int64
		fields task.Fields
		parent *task.Parent
		code   string
		want   []domain.Event
	}{
		{name: "changes_a_field", fields: title("Raport final"), want: []domain.Event{updated(title("Raport final"))}},
		{name: "records_only_the_fields_that_change", fields: task.Fields{Title: ptr("Raport intermediar"), Priority: ptr(task.PriorityUrgent)},
			want: []domain.Event{updated(task.Fields{Priority: ptr(task.PriorityUrgent)})}},
		{name: "the_same_values_record_nothing", fields: task.Fields{Title: ptr("Raport intermediar"), Labels: &[]string{}}},
		{name: "another_field_changed_since_base_is_merged", given: []domain.Event{updated(task.Fields{Priority: ptr(task.PriorityHigh)})},
			base: 0, fields: title("Raport final"), want: []domain.Event{updated(title("Raport final"))}},
		{name: "the_same_field_changed_since_base_conflicts", given: []domain.Event{updated(title("Raport de etapă"))},
			base: 0, fields: title("Raport final"), code: `conflict:["title"]`},
		{name: "every_conflicting_field_is_named_and_nothing_applied",
			given: []domain.Event{updated(task.Fields{Title: ptr("X"), Due: ptr(day(5))})}, base: 0,
			fields: task.Fields{Title: ptr("Y"), Due: ptr(day(6)), Priority: ptr(task.PriorityLow)}, code: `conflict:["title","due"]`},
		{name: "the_same_field_changed_to_the_same_value_is_no_conflict", given: []domain.Event{updated(title("Raport final"))},
			base: 0, fields: title("Raport final")},
		{name: "editing_from_the_latest_version_is_no_conflict", given: []domain.Event{updated(title("Raport de etapă"))},
			base: 1, fields: title("Raport final"), want: []domain.Event{updated(title("Raport final"))}},
		{name: "a_move_since_base_does_not_block_a_title_edit", given: []domain.Event{&task.TaskMoved{Ref: ref(taskA), Status: colWip, Rank: "a1"}},
			base: 0, fields: title("Raport final"), want: []domain.Event{updated(title("Raport final"))}},
		{name: "clears_optional_fields", given: []domain.Event{updated(task.Fields{Due: ptr(day(5)), ActivityID: ptr(act1)})}, base: 1,
			fields: task.Fields{Due: ptr(calendar.Date{}), ActivityID: ptr("")},
			want:   []domain.Event{updated(task.Fields{Due: ptr(calendar.Date{}), ActivityID: ptr("")})}},
		{name: "people_are_a_set", fields: task.Fields{Assignees: &[]string{bob, ana, ana}},
			want: []domain.Event{updated(task.Fields{Assignees: &[]string{ana, bob}})}},
		{name: "due_before_the_start_kept", given: []domain.Event{updated(task.Fields{Start: ptr(day(10))})}, base: 1,
			fields: task.Fields{Due: ptr(day(9))}, code: "TASK_DUE_BEFORE_START"},
		{name: "base_version_from_the_future", fields: title("x"), base: 3, code: "TASK_BASE_VERSION_INVALID"},
		{name: "negative_base_version", fields: title("x"), base: -1, code: "TASK_BASE_VERSION_INVALID"},
		{name: "archived", given: []domain.Event{&task.TaskArchived{Ref: ref(taskA)}}, base: 1, fields: title("x"), code: "TASK_ARCHIVED"},
		{name: "empty_title", fields: title(""), code: "TASK_FIELD_REQUIRED"},
		{name: "becomes_a_subtask", fields: task.Fields{ParentID: ptr(taskB)}, parent: &task.Parent{TaskID: taskB, ListID: listID},
			want: []domain.Event{updated(task.Fields{ParentID: ptr(taskB)})}},
		{name: "parent_cycle", fields: task.Fields{ParentID: ptr(taskB)}, parent: &task.Parent{TaskID: taskB, ListID: listID, Ancestors: []string{taskC, taskA}},
			code: "TASK_PARENT_CYCLE"},
		{name: "own_parent", fields: task.Fields{ParentID: ptr(taskA)}, parent: &task.Parent{TaskID: taskA, ListID: listID}, code: "TASK_PARENT_CYCLE"},
		{name: "parent_not_described", fields: task.Fields{ParentID: ptr(taskB)}, code: "not_found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tk := givenTask(t, tc.given...)
			err := tk.Update(tc.base, tc.fields, tc.parent)
			then(t, err, tk.Changes(), tc.code, tc.want)
		})
	}
}

// Two edits of different fields from the same version both survive, and
// every field remembers the version that last changed it.
func TestConcurrentEditsOfDifferentFieldsBothSurvive(t *testing.T) {
	tk := givenTask(t)
	must(t, tk.Update(0, task.Fields{Title: ptr("Raport final")}, nil))
	loaded, err := task.Load(append([]domain.Event{created(taskA)}, tk.Changes()...))
	must(t, err)
	must(t, loaded.Update(0, task.Fields{Priority: ptr(task.PriorityHigh), Title: ptr("Raport final")}, nil))
	loaded, err = task.Load(append([]domain.Event{created(taskA), tk.Changes()[0]}, loaded.Changes()...))
	must(t, err)
	if loaded.Title() != "Raport final" || loaded.Priority() != task.PriorityHigh || loaded.Version() != 2 {
		t.Fatalf("title %q priority %q version %d", loaded.Title(), loaded.Priority(), loaded.Version())
	}
	fv := loaded.FieldVersions()
	if fv[task.FieldTitle] != 1 || fv[task.FieldPriority] != 2 || fv[task.FieldDue] != 0 {
		t.Fatalf("field versions %v", fv)
	}
}

func TestMove(t *testing.T) {
	moved := func(status, rank string) *task.TaskMoved {
		return &task.TaskMoved{Ref: ref(taskA), Status: status, Rank: rank}
	}
	cases := []struct {
		name         string
		given        []domain.Event
		base         int64
		status, rank string
		code         string
		want         []domain.Event
	}{
		{name: "to_another_column", status: colWip, rank: "a0", want: []domain.Event{moved(colWip, "a0")}},
		{name: "within_its_column", status: colTodo, rank: "a1", want: []domain.Event{moved(colTodo, "a1")}},
		{name: "where_it_is_records_nothing", status: colTodo, rank: "a0"},
		{name: "moved_since_base_conflicts", given: []domain.Event{moved(colWip, "a3")}, base: 0, status: colDone, rank: "a4",
			code: `conflict:["status","rank"]`},
		{name: "reordered_since_base_conflicts_on_the_rank", given: []domain.Event{moved(colTodo, "a3")}, base: 0, status: colTodo, rank: "a4",
			code: `conflict:["rank"]`},
		{name: "a_title_edit_since_base_does_not_block_a_move", given: []domain.Event{updated(task.Fields{Title: ptr("Y")})}, base: 0,
			status: colDone, rank: "a1", want: []domain.Event{moved(colDone, "a1")}},
		{name: "unknown_column", status: colNew, rank: "a1", code: "TASK_UNKNOWN_STATUS"},
		{name: "archived", given: []domain.Event{&task.TaskArchived{Ref: ref(taskA)}}, base: 1, status: colWip, rank: "a1", code: "TASK_ARCHIVED"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tk := givenTask(t, tc.given...)
			err := tk.Move(tc.base, projectList(t), tc.status, tc.rank)
			then(t, err, tk.Changes(), tc.code, tc.want)
		})
	}
}

func TestArchiveRestoreDependenciesTime(t *testing.T) {
	blocker := func(id, list string) *task.Task {
		e := created(id)
		e.ListID = list
		tk, err := task.Load([]domain.Event{e})
		must(t, err)
		return tk
	}
	withActivity := updated(task.Fields{ActivityID: ptr(act1)})
	cases := []struct {
		name  string
		given []domain.Event
		when  func(*task.Task) error
		code  string
		want  []domain.Event
	}{
		{name: "archive", when: func(tk *task.Task) error { return tk.Archive() }, want: []domain.Event{&task.TaskArchived{Ref: ref(taskA)}}},
		{name: "archive_twice_records_nothing", given: []domain.Event{&task.TaskArchived{Ref: ref(taskA)}},
			when: func(tk *task.Task) error { return tk.Archive() }},
		{name: "restore", given: []domain.Event{&task.TaskArchived{Ref: ref(taskA)}},
			when: func(tk *task.Task) error { return tk.Restore() }, want: []domain.Event{&task.TaskRestored{Ref: ref(taskA)}}},
		{name: "restore_a_live_task_records_nothing", when: func(tk *task.Task) error { return tk.Restore() }},
		{name: "blocked_by_a_task_of_the_list", when: func(tk *task.Task) error { return tk.AddDependency(blocker(taskB, listID), nil) },
			want: []domain.Event{&task.DependencyAdded{Ref: ref(taskA), BlockedBy: taskB}}},
		{name: "blocked_by_itself", when: func(tk *task.Task) error { return tk.AddDependency(blocker(taskA, listID), nil) },
			code: "TASK_SELF_DEPENDENCY"},
		{name: "blocked_by_a_task_of_another_list", when: func(tk *task.Task) error { return tk.AddDependency(blocker(taskB, list2), nil) },
			code: "TASK_DEPENDENCY_OTHER_LIST"},
		{name: "a_cycle", when: func(tk *task.Task) error { return tk.AddDependency(blocker(taskB, listID), []string{taskC, taskA}) },
			code: "TASK_DEPENDENCY_CYCLE"},
		{name: "the_same_dependency_again_records_nothing", given: []domain.Event{&task.DependencyAdded{Ref: ref(taskA), BlockedBy: taskB}},
			when: func(tk *task.Task) error { return tk.AddDependency(blocker(taskB, listID), nil) }},
		{name: "remove_a_dependency", given: []domain.Event{&task.DependencyAdded{Ref: ref(taskA), BlockedBy: taskB}},
			when: func(tk *task.Task) error { return tk.RemoveDependency(taskB) },
			want: []domain.Event{&task.DependencyRemoved{Ref: ref(taskA), BlockedBy: taskB}}},
		{name: "remove_a_dependency_it_does_not_have", when: func(tk *task.Task) error { return tk.RemoveDependency(taskB) }, code: "not_found"},
		{name: "log_time_without_activity", when: func(tk *task.Task) error { return tk.CheckLogTime() }, code: "TASK_NO_ACTIVITY"},
		{name: "log_time", given: []domain.Event{withActivity},
			when: func(tk *task.Task) error {
				return tk.LogTime(task.TimeLog{PersonID: ana, EntryID: entry, TimesheetID: sheet, Date: day(3), Minutes: 90})
			},
			want: []domain.Event{&task.TimeLogged{Ref: ref(taskA), PersonID: ana, EntryID: entry, TimesheetID: sheet, Date: day(3), Minutes: 90}}},
		{name: "log_time_on_an_archived_task", given: []domain.Event{withActivity, &task.TaskArchived{Ref: ref(taskA)}},
			when: func(tk *task.Task) error { return tk.CheckLogTime() }, code: "TASK_ARCHIVED"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tk := givenTask(t, tc.given...)
			err := tc.when(tk)
			then(t, err, tk.Changes(), tc.code, tc.want)
		})
	}
}
