package task

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"cronica/domain"
)

// List is a task list: a project's (its tasks need the tasks actions on
// the project) or one account's own (nobody else's business).
type List struct {
	domain.Root
	id, orgID, projectID, ownerAccountID string
	name                                 string
	columns                              []Column
	// redirects maps every column ever removed to the column its tasks
	// went to (which may have been removed later in turn).
	redirects map[string]string
}

// Readers. Slices and maps are copies.
func (l *List) ID() string             { return l.id }
func (l *List) OrgID() string          { return l.orgID }
func (l *List) ProjectID() string      { return l.projectID }
func (l *List) OwnerAccountID() string { return l.ownerAccountID }
func (l *List) Personal() bool         { return l.projectID == "" }
func (l *List) Name() string           { return l.name }
func (l *List) Columns() []Column      { return slices.Clone(l.columns) }

// Column finds a current column by id.
func (l *List) Column(id string) (Column, bool) {
	i := slices.IndexFunc(l.columns, func(c Column) bool { return c.ColumnID == id })
	if i < 0 {
		return Column{}, false
	}
	return l.columns[i], true
}

// CurrentColumn maps a status a task recorded to the column it is in now:
// itself while the column exists, else the column its tasks were moved to
// when it was removed (followed to the end). "" when status was never a
// column of the list.
func (l *List) CurrentColumn(status string) string {
	for range len(l.redirects) + 1 {
		if _, ok := l.Column(status); ok {
			return status
		}
		next, ok := l.redirects[status]
		if !ok {
			return ""
		}
		status = next
	}
	return ""
}

// Done reports whether status (as CurrentColumn maps it) is a done column.
func (l *List) Done(status string) bool {
	c, ok := l.Column(l.CurrentColumn(status))
	return ok && c.Done
}

// FirstColumn is the column new tasks go to by default: the first one that
// is not done (the first one when all are).
func (l *List) FirstColumn() string {
	for _, c := range l.columns {
		if !c.Done {
			return c.ColumnID
		}
	}
	if len(l.columns) == 0 {
		return ""
	}
	return l.columns[0].ColumnID
}

// DefaultColumns are the columns of a list created without any, named in
// lang ("en" English, anything else Romanian), with the ids given.
func DefaultColumns(lang string, ids [3]string) []Column {
	names := [3]string{"De făcut", "În lucru", "Gata"}
	if lang == "en" {
		names = [3]string{"To do", "In progress", "Done"}
	}
	return []Column{{ColumnID: ids[0], Name: names[0]}, {ColumnID: ids[1], Name: names[1]}, {ColumnID: ids[2], Name: names[2], Done: true}}
}

// NewList is a list to create. Exactly one of ProjectID (a project's list)
// and OwnerAccountID (a personal list) is set.
type NewList struct {
	ListID, OrgID, ProjectID, OwnerAccountID string
	Name                                     string
	Columns                                  []Column // with their ids; the commands give DefaultColumns when none are asked for
}

// CreateList starts a list.
func CreateList(n NewList) (*List, error) {
	if !validID(n.ListID) || !validID(n.OrgID) {
		return nil, fmt.Errorf("task: create list: ids %q, %q are not uuids", n.ListID, n.OrgID)
	}
	if (n.ProjectID == "") == (n.OwnerAccountID == "") ||
		(n.ProjectID != "" && !validID(n.ProjectID)) || (n.OwnerAccountID != "" && !validID(n.OwnerAccountID)) {
		return nil, fmt.Errorf("task: create list: exactly one of project %q and owner %q", n.ProjectID, n.OwnerAccountID)
	}
	name, err := domain.Text("TASK", "name", n.Name, true, MaxListName)
	if err != nil {
		return nil, err
	}
	l := &List{Root: domain.NewRoot()}
	cols, err := l.checkColumns(n.Columns)
	if err != nil {
		return nil, err
	}
	l.record(&ListCreated{ListID: n.ListID, OrgID: n.OrgID, ProjectID: n.ProjectID, OwnerAccountID: n.OwnerAccountID,
		Name: name, Columns: cols})
	return l, nil
}

// Rename renames the list; the same name records nothing.
func (l *List) Rename(name string) error {
	v, err := domain.Text("TASK", "name", name, true, MaxListName)
	if err != nil {
		return err
	}
	if v != l.name {
		l.record(&ListRenamed{ListID: l.id, OrgID: l.orgID, ProjectID: l.projectID, Name: v})
	}
	return nil
}

// ChangeColumns replaces the columns: the ones whose id the list has are
// kept (renamed, reordered), the others are new (their ids chosen by the
// commands; a removed column's id cannot come back), and every current
// column left out is removed, which needs movedTo to name a remaining
// column for its tasks. At least one column, and one done column, stay.
func (l *List) ChangeColumns(cols []Column, movedTo map[string]string) error {
	clean, err := l.checkColumns(cols)
	if err != nil {
		return err
	}
	for _, c := range clean {
		if _, gone := l.redirects[c.ColumnID]; gone {
			return domain.Rule("TASK_LIST_UNKNOWN_COLUMN", "a removed column cannot come back; add a new one",
				"o coloană ștearsă nu poate reveni; adaugă una nouă", map[string]any{"column_id": c.ColumnID})
		}
	}
	remains := func(id string) bool {
		return slices.ContainsFunc(clean, func(c Column) bool { return c.ColumnID == id })
	}
	moved := map[string]string{}
	for _, old := range l.columns {
		if remains(old.ColumnID) {
			continue
		}
		to, ok := movedTo[old.ColumnID]
		if !ok {
			return domain.Rule("TASK_LIST_COLUMN_NOT_MOVED", "say where the tasks of a removed column go (moved_to)",
				"spune unde merg sarcinile unei coloane șterse (moved_to)", map[string]any{"column_id": old.ColumnID, "name": old.Name})
		}
		if !remains(to) {
			return domain.Rule("TASK_LIST_MOVED_TO_INVALID", "the tasks of a removed column go to a column that stays",
				"sarcinile unei coloane șterse merg într-o coloană care rămâne", map[string]any{"column_id": old.ColumnID, "moved_to": to})
		}
		moved[old.ColumnID] = to
	}
	for from := range movedTo {
		if _, ok := moved[from]; !ok {
			return domain.Rule("TASK_LIST_MOVED_TO_INVALID", "moved_to names only the columns removed",
				"moved_to numește doar coloanele șterse", map[string]any{"column_id": from})
		}
	}
	if slices.Equal(clean, l.columns) {
		return nil
	}
	if len(moved) == 0 {
		moved = nil
	}
	l.record(&ListColumnsChanged{ListID: l.id, OrgID: l.orgID, ProjectID: l.projectID, Columns: clean, MovedTo: moved})
	return nil
}

// checkColumns checks a column list: 1 to 20 columns with uuids, names of
// 1 to 60 characters unique ignoring case, at least one done.
func (l *List) checkColumns(cols []Column) ([]Column, error) {
	if len(cols) == 0 {
		return nil, domain.Rule("TASK_LIST_NEEDS_COLUMN", "a list has at least one column", "o listă are cel puțin o coloană", nil)
	}
	if len(cols) > MaxColumns {
		return nil, domain.Rule("TASK_LIST_COLUMNS_INVALID", "a list has at most 20 columns", "o listă are cel mult 20 de coloane",
			map[string]any{"max": MaxColumns})
	}
	out := make([]Column, 0, len(cols))
	done := false
	for _, c := range cols {
		if !validID(c.ColumnID) {
			return nil, domain.Rule("TASK_FIELD_INVALID", "a column id is not valid", "identificatorul unei coloane nu este valid",
				map[string]any{"field": "column_id", "value": c.ColumnID})
		}
		name, err := domain.Text("TASK", "column_name", c.Name, true, MaxColumnLen)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(out, func(o Column) bool { return o.ColumnID == c.ColumnID || strings.EqualFold(o.Name, name) }) {
			return nil, domain.Rule("TASK_LIST_COLUMNS_INVALID", "two columns have the same name or id",
				"două coloane au același nume sau identificator", map[string]any{"name": name})
		}
		done = done || c.Done
		out = append(out, Column{ColumnID: c.ColumnID, Name: name, Done: c.Done})
	}
	if !done {
		return nil, domain.Rule("TASK_LIST_NEEDS_DONE_COLUMN", "a list has at least one done column",
			"o listă are cel puțin o coloană de sarcini terminate", nil)
	}
	return out, nil
}

func (l *List) record(e domain.Event) {
	l.apply(e)
	l.Record(e)
}

func (l *List) apply(e domain.Event) {
	switch e := e.(type) {
	case *ListCreated:
		l.id, l.orgID, l.projectID, l.ownerAccountID = e.ListID, e.OrgID, e.ProjectID, e.OwnerAccountID
		l.name, l.columns = e.Name, slices.Clone(e.Columns)
	case *ListRenamed:
		l.name = e.Name
	case *ListColumnsChanged:
		l.columns = slices.Clone(e.Columns)
		if len(e.MovedTo) > 0 && l.redirects == nil {
			l.redirects = map[string]string{}
		}
		maps.Copy(l.redirects, e.MovedTo)
	}
}

// LoadList rebuilds a list from its stream; an empty history is
// domain.ErrNotFound.
func LoadList(history []domain.Event) (*List, error) {
	if len(history) == 0 {
		return nil, domain.ErrNotFound
	}
	l := &List{Root: domain.NewRoot()}
	for _, e := range history {
		l.apply(e)
		l.Loaded()
	}
	return l, nil
}
