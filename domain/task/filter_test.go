package task_test

import (
	"testing"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/task"
)

func TestSaveFilter(t *testing.T) {
	q := task.Query{Assignees: []string{ana, ana}, Labels: []string{" WP2 "}, DueFrom: day(1), DueTo: day(31), Text: "ședință"}
	clean := task.Query{Assignees: []string{ana}, Labels: []string{"WP2"}, DueFrom: day(1), DueTo: day(31), Text: "ședință"}
	saved := &task.FilterSaved{FilterID: filter, OrgID: org, OwnerAccountID: accAna, Name: "Ale mele", Shared: true, Query: clean}
	cases := []struct {
		name  string
		given []domain.Event
		when  func(*task.Filter) error
		code  string
		want  []domain.Event
	}{
		{name: "save", when: func(f *task.Filter) error { return f.Save(" Ale mele ", true, q) }, want: []domain.Event{saved}},
		{name: "the_same_again_records_nothing", given: []domain.Event{saved},
			when: func(f *task.Filter) error { return f.Save("Ale mele", true, q) }},
		{name: "no_name", when: func(f *task.Filter) error { return f.Save("", true, q) }, code: "TASK_FIELD_REQUIRED"},
		{name: "a_status_not_an_id", when: func(f *task.Filter) error { return f.Save("x", false, task.Query{Statuses: []string{"done"}}) },
			code: "TASK_FIELD_INVALID"},
		{name: "due_range_reversed", when: func(f *task.Filter) error {
			return f.Save("x", false, task.Query{DueFrom: day(5), DueTo: day(4)})
		}, code: "TASK_FIELD_INVALID"},
		{name: "impossible_date", when: func(f *task.Filter) error {
			return f.Save("x", false, task.Query{DueTo: calendar.NewDate(2026, 2, 30)})
		}, code: "TASK_FIELD_INVALID"},
		{name: "delete", given: []domain.Event{saved}, when: func(f *task.Filter) error { return f.Delete() },
			want: []domain.Event{&task.FilterDeleted{FilterID: filter, OrgID: org, OwnerAccountID: accAna}}},
		{name: "save_a_deleted_filter", given: []domain.Event{saved, &task.FilterDeleted{FilterID: filter, OrgID: org, OwnerAccountID: accAna}},
			when: func(f *task.Filter) error { return f.Save("x", false, q) }, code: "not_found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := task.NewFilter(filter, org, accAna)
			must(t, err)
			if len(tc.given) > 0 {
				f, err = task.LoadFilter(tc.given)
				must(t, err)
			}
			then(t, tc.when(f), f.Changes(), tc.code, tc.want)
		})
	}
}
