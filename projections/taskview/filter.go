package taskview

import (
	"slices"
	"strings"

	"cronica/domain/calendar"
	"cronica/projections/readmodel"
)

// Archived says which tasks a filter takes by their archived flag.
type Archived string

// The archived modes: the tasks not archived (the default), only the
// archived ones, or both.
const (
	ArchivedExclude Archived = "false"
	ArchivedOnly    Archived = "true"
	ArchivedAll     Archived = "all"
)

// Filter is a query of the filtered task list. Each set field is one
// condition and a task must meet all of them; the values of one field are
// alternatives (any assignee of Assignees, any label of Labels). The same
// filter is answered by SQL over the read model (Where) and, for a past
// point of the log, in Go over tasks folded from their streams (Match):
// the two implement one semantics, tested against each other.
type Filter struct {
	// Lists are the lists searched: the caller's readable lists, narrowed
	// by the list parameter. Required: an empty Lists matches nothing.
	Lists        []string
	Projects     []string
	Assignees    []string // person ids; a task matches when any is among its assignees
	Statuses     []string // column ids
	Labels       []string // compared case-insensitively (strings.ToLower)
	DueFrom      calendar.Date
	DueTo        calendar.Date // inclusive; with either bound a task without a due date does not match
	WorkPackages []string
	Text         string // words of title and description, by prefix, diacritic-insensitive (Words)
	Archived     Archived
}

// Facts are what Match looks at in a task.
type Facts struct {
	ListID, ProjectID string
	Assignees         []string
	Status            string
	Labels            []string // as given; Match lower-cases them
	Due               calendar.Date
	WorkPackageID     string
	Archived          bool
	// Searchable is Fold(title) + " " + Fold(description).
	Searchable string
}

// Match reports whether a task with facts x meets f.
func (f Filter) Match(x Facts) bool {
	anyOf := func(want []string, have ...string) bool {
		if len(want) == 0 {
			return true
		}
		for _, h := range have {
			if slices.Contains(want, h) {
				return true
			}
		}
		return false
	}
	switch f.archived() {
	case ArchivedExclude:
		if x.Archived {
			return false
		}
	case ArchivedOnly:
		if !x.Archived {
			return false
		}
	}
	if !slices.Contains(f.Lists, x.ListID) || !anyOf(f.Projects, x.ProjectID) || !anyOf(f.Statuses, x.Status) ||
		!anyOf(f.WorkPackages, x.WorkPackageID) {
		return false
	}
	if len(f.Assignees) > 0 && !anyOf(f.Assignees, x.Assignees...) {
		return false
	}
	if len(f.Labels) > 0 && !anyOf(lowerAll(f.Labels), lowerAll(x.Labels)...) {
		return false
	}
	if !f.DueFrom.IsZero() || !f.DueTo.IsZero() {
		if x.Due.IsZero() || (!f.DueFrom.IsZero() && x.Due.Before(f.DueFrom)) || (!f.DueTo.IsZero() && x.Due.After(f.DueTo)) {
			return false
		}
	}
	return MatchText(Words(f.Text), x.Searchable)
}

func (f Filter) archived() Archived {
	if f.Archived == "" {
		return ArchivedExclude
	}
	return f.Archived
}

// where adds f's conditions on the task_tasks row t (an alias) to w.
func (f Filter) where(w *readmodel.Where, t string) {
	w.Add(t+".list_id = ANY(?)", nonNil(f.Lists))
	switch f.archived() {
	case ArchivedExclude:
		w.Add("NOT " + t + ".archived")
	case ArchivedOnly:
		w.Add(t + ".archived")
	}
	if len(f.Projects) > 0 {
		w.Add(t+".project_id = ANY(?)", f.Projects)
	}
	if len(f.Statuses) > 0 {
		w.Add(t+".status = ANY(?)", f.Statuses)
	}
	if len(f.WorkPackages) > 0 {
		w.Add(t+".work_package_id = ANY(?)", f.WorkPackages)
	}
	if len(f.Assignees) > 0 {
		w.Add(t+".assignees && ?::text[]", f.Assignees)
	}
	if len(f.Labels) > 0 {
		w.Add(t+".labels_lc && ?::text[]", lowerAll(f.Labels))
	}
	if !f.DueFrom.IsZero() {
		w.Add(t+".due_date >= ?", f.DueFrom.Time())
	}
	if !f.DueTo.IsZero() {
		w.Add(t+".due_date <= ?", f.DueTo.Time())
	}
	if words := Words(f.Text); len(words) > 0 {
		w.Add(t+".task_id IN (SELECT x.task_id FROM "+TableTexts+" x WHERE x.search @@ to_tsquery('simple', ?))", tsQuery(words))
	}
}

// lowerAll is every label lower-cased, as labels_lc holds them.
func lowerAll(labels []string) []string {
	out := make([]string, len(labels))
	for i, l := range labels {
		out[i] = strings.ToLower(l)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
