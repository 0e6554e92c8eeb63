package task

import (
	"fmt"
	"slices"

	"cronica/domain"
	"cronica/domain/calendar"
)

// Query is a task filter: repeated values are OR within one field, the
// fields are AND. Statuses are column ids; Text is searched in titles and
// descriptions.
type Query struct {
	ListIDs         []string      `json:"list_ids,omitempty"`
	ProjectIDs      []string      `json:"project_ids,omitempty"`
	Assignees       []string      `json:"assignees,omitempty"`
	Statuses        []string      `json:"statuses,omitempty"`
	Labels          []string      `json:"labels,omitempty"`
	DueFrom         calendar.Date `json:"due_from,omitzero"`
	DueTo           calendar.Date `json:"due_to,omitzero"`
	WorkPackageIDs  []string      `json:"work_package_ids,omitempty"`
	Text            string        `json:"text,omitempty"`
	IncludeArchived bool          `json:"include_archived,omitempty"`
}

// MaxQueryValues bounds each repeated field of a query.
const MaxQueryValues = 50

// CheckQuery validates and normalises a query: ids are uuids, at most 50
// values per field (duplicates dropped), labels as a task's, real dates in
// order, a text of at most 200 characters on one line.
func CheckQuery(q Query) (Query, error) {
	var err error
	for _, ids := range []struct {
		field string
		v     *[]string
	}{{"list_ids", &q.ListIDs}, {"project_ids", &q.ProjectIDs}, {"assignees", &q.Assignees},
		{"statuses", &q.Statuses}, {"work_package_ids", &q.WorkPackageIDs}} {
		if *ids.v, err = checkIDs(ids.field, *ids.v); err != nil {
			return q, err
		}
	}
	if len(q.Labels) > 0 {
		labels := make([]string, 0, len(q.Labels))
		for _, l := range q.Labels {
			v, err := domain.Text("TASK", "labels", l, true, MaxLabel)
			if err != nil {
				return q, err
			}
			labels = append(labels, v)
		}
		if len(labels) > MaxQueryValues {
			return q, tooMany("labels")
		}
		q.Labels = labels
	}
	if err := checkDate("due_from", q.DueFrom); err != nil {
		return q, err
	}
	if err := checkDate("due_to", q.DueTo); err != nil {
		return q, err
	}
	if !q.DueFrom.IsZero() && !q.DueTo.IsZero() && q.DueTo.Before(q.DueFrom) {
		return q, fieldRule("TASK_FIELD_INVALID", "due_to", "due_to is before due_from", "due_to este înainte de due_from")
	}
	if q.Text, err = domain.Text("TASK", "text", q.Text, false, 200); err != nil {
		return q, err
	}
	return q, nil
}

func checkIDs(field string, ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !validID(id) {
			return nil, domain.Rule("TASK_FIELD_INVALID", field+" must be ids", field+" trebuie să fie identificatori",
				map[string]any{"field": field, "value": id})
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	if len(out) > MaxQueryValues {
		return nil, tooMany(field)
	}
	return out, nil
}

func tooMany(field string) error {
	return domain.Rule("TASK_FIELD_TOO_LONG", field+" has too many values", field+" are prea multe valori",
		map[string]any{"field": field, "max": MaxQueryValues})
}

// Filter is a saved filter of one account, shared with the organisation
// or not.
type Filter struct {
	domain.Root
	id, orgID, ownerAccountID string
	name                      string
	shared, deleted           bool
	query                     Query
}

// Readers.
func (f *Filter) ID() string             { return f.id }
func (f *Filter) OrgID() string          { return f.orgID }
func (f *Filter) OwnerAccountID() string { return f.ownerAccountID }
func (f *Filter) Name() string           { return f.name }
func (f *Filter) Shared() bool           { return f.shared }
func (f *Filter) Deleted() bool          { return f.deleted }
func (f *Filter) Query() Query           { return f.query }

// NewFilter is an empty filter of owner in org, to Save.
func NewFilter(id, orgID, ownerAccountID string) (*Filter, error) {
	if !validID(id) || !validID(orgID) || !validID(ownerAccountID) {
		return nil, fmt.Errorf("task: new filter: ids %q, %q, %q are not uuids", id, orgID, ownerAccountID)
	}
	return &Filter{Root: domain.NewRoot(), id: id, orgID: orgID, ownerAccountID: ownerAccountID}, nil
}

// Save names the filter (1 to 100 characters) and sets its query and
// whether it is shared; the same again records nothing. A deleted filter
// is domain.ErrNotFound.
func (f *Filter) Save(name string, shared bool, q Query) error {
	if f.deleted {
		return fmt.Errorf("task: filter %s: %w", f.id, domain.ErrNotFound)
	}
	n, err := domain.Text("TASK", "name", name, true, 100)
	if err != nil {
		return err
	}
	clean, err := CheckQuery(q)
	if err != nil {
		return err
	}
	if f.Version() >= 0 && n == f.name && shared == f.shared && sameQuery(clean, f.query) {
		return nil
	}
	f.record(&FilterSaved{FilterID: f.id, OrgID: f.orgID, OwnerAccountID: f.ownerAccountID, Name: n, Shared: shared, Query: clean})
	return nil
}

// Delete deletes the filter; deleting it again records nothing.
func (f *Filter) Delete() error {
	if !f.deleted {
		f.record(&FilterDeleted{FilterID: f.id, OrgID: f.orgID, OwnerAccountID: f.ownerAccountID})
	}
	return nil
}

func sameQuery(a, b Query) bool {
	return slices.Equal(a.ListIDs, b.ListIDs) && slices.Equal(a.ProjectIDs, b.ProjectIDs) && slices.Equal(a.Assignees, b.Assignees) &&
		slices.Equal(a.Statuses, b.Statuses) && slices.Equal(a.Labels, b.Labels) && a.DueFrom == b.DueFrom && a.DueTo == b.DueTo &&
		slices.Equal(a.WorkPackageIDs, b.WorkPackageIDs) && a.Text == b.Text && a.IncludeArchived == b.IncludeArchived
}

func (f *Filter) record(e domain.Event) {
	f.apply(e)
	f.Record(e)
}

func (f *Filter) apply(e domain.Event) {
	switch e := e.(type) {
	case *FilterSaved:
		f.id, f.orgID, f.ownerAccountID = e.FilterID, e.OrgID, e.OwnerAccountID
		f.name, f.shared, f.query = e.Name, e.Shared, e.Query
	case *FilterDeleted:
		f.deleted = true
	}
}

// LoadFilter rebuilds a filter from its stream; an empty history is
// domain.ErrNotFound.
func LoadFilter(history []domain.Event) (*Filter, error) {
	if len(history) == 0 {
		return nil, domain.ErrNotFound
	}
	f := &Filter{Root: domain.NewRoot()}
	for _, e := range history {
		f.apply(e)
		f.Loaded()
	}
	return f, nil
}
