package task

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"cronica/domain"
	"cronica/domain/calendar"
)

// Priority is a task's priority: urgent > high > medium > low > none.
type Priority string

// The priorities.
const (
	PriorityNone   Priority = "none"
	PriorityLow    Priority = "low"
	PriorityMedium Priority = "medium"
	PriorityHigh   Priority = "high"
	PriorityUrgent Priority = "urgent"
)

// Order is the priority's place, for sorting: none 0, low 1, medium 2,
// high 3, urgent 4 (-1 for an unknown priority).
func (p Priority) Order() int {
	return slices.Index([]Priority{PriorityNone, PriorityLow, PriorityMedium, PriorityHigh, PriorityUrgent}, p)
}

// Known reports whether p is one of the priorities.
func (p Priority) Known() bool { return p.Order() >= 0 }

// The names of a task's fields, as in TaskUpdated's fields, the
// conflict's fields and FieldVersions. Status and rank change by moves.
const (
	FieldTitle         = "title"
	FieldDescription   = "description"
	FieldPriority      = "priority"
	FieldAssignees     = "assignees"
	FieldWatchers      = "watchers"
	FieldLabels        = "labels"
	FieldStart         = "start"
	FieldDue           = "due"
	FieldWorkPackageID = "work_package_id"
	FieldActivityID    = "activity_id"
	FieldParentID      = "parent_id"
	FieldStatus        = "status"
	FieldRank          = "rank"
)

// AllFields lists every field, in a stable order.
func AllFields() []string {
	return []string{FieldTitle, FieldDescription, FieldPriority, FieldAssignees, FieldWatchers, FieldLabels,
		FieldStart, FieldDue, FieldWorkPackageID, FieldActivityID, FieldParentID, FieldStatus, FieldRank}
}

// Fields are the changeable fields of a task; nil means "not changed".
// An empty string (or an empty date, written "") clears an optional field.
// It is both the input of Task.Update and the data of TaskUpdated.
type Fields struct {
	Title         *string        `json:"title,omitempty"`
	Description   *string        `json:"description,omitempty"`
	Priority      *Priority      `json:"priority,omitempty"`
	Assignees     *[]string      `json:"assignees,omitempty"`
	Watchers      *[]string      `json:"watchers,omitempty"`
	Labels        *[]string      `json:"labels,omitempty"`
	Start         *calendar.Date `json:"start,omitempty"`
	Due           *calendar.Date `json:"due,omitempty"`
	WorkPackageID *string        `json:"work_package_id,omitempty"`
	ActivityID    *string        `json:"activity_id,omitempty"`
	ParentID      *string        `json:"parent_id,omitempty"`
}

// Names lists the fields f sets, in AllFields' order.
func (f Fields) Names() []string {
	var out []string
	add := func(set bool, name string) {
		if set {
			out = append(out, name)
		}
	}
	add(f.Title != nil, FieldTitle)
	add(f.Description != nil, FieldDescription)
	add(f.Priority != nil, FieldPriority)
	add(f.Assignees != nil, FieldAssignees)
	add(f.Watchers != nil, FieldWatchers)
	add(f.Labels != nil, FieldLabels)
	add(f.Start != nil, FieldStart)
	add(f.Due != nil, FieldDue)
	add(f.WorkPackageID != nil, FieldWorkPackageID)
	add(f.ActivityID != nil, FieldActivityID)
	add(f.ParentID != nil, FieldParentID)
	return out
}

// Limits of a task's fields.
const (
	MaxTitle     = 200    // runes
	MaxText      = 20_000 // bytes: a description, a comment's body
	MaxLabel     = 40     // runes
	MaxLabels    = 20
	MaxPeople    = 50 // assignees, watchers or mentions
	MaxListName  = 200
	MaxColumns   = 20
	MaxColumnLen = 60
)

func fieldRule(code, field, en, ro string) *domain.RuleError {
	return domain.Rule(code, en, ro, map[string]any{"field": field})
}

// checkTitle trims and checks a title: 1 to 200 characters, one line.
func checkTitle(v string) (string, error) { return domain.Text("TASK", FieldTitle, v, true, MaxTitle) }

// checkText checks a description or a comment's body (markdown): at most
// 20,000 bytes, no control characters but new lines and tabs (CR LF is
// taken as LF). Surrounding blank space is trimmed.
func checkText(field, v string, required bool) (string, error) {
	v = strings.TrimSpace(strings.ReplaceAll(v, "\r\n", "\n"))
	if v == "" {
		if required {
			return "", fieldRule("TASK_FIELD_REQUIRED", field, field+" is required", field+" este obligatoriu")
		}
		return "", nil
	}
	if !utf8.ValidString(v) || strings.IndexFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) >= 0 {
		return "", fieldRule("TASK_FIELD_INVALID", field, field+" contains invalid characters", field+" conține caractere nepermise")
	}
	if len(v) > MaxText {
		return "", domain.Rule("TASK_FIELD_TOO_LONG", field+" is too long", field+" este prea lung",
			map[string]any{"field": field, "max_bytes": MaxText})
	}
	return v, nil
}

// checkPriority: "" is none.
func checkPriority(p Priority) (Priority, error) {
	if p == "" {
		return PriorityNone, nil
	}
	if !p.Known() {
		return "", fieldRule("TASK_FIELD_INVALID", FieldPriority, "the priority is one of none, low, medium, high, urgent",
			"prioritatea este una dintre none, low, medium, high, urgent")
	}
	return p, nil
}

// checkPeople checks a set of person ids (assignees, watchers, mentions):
// uuids, at most 50, duplicates dropped, sorted (the order means nothing).
// Whether they are people of the organisation is the commands' to check.
func checkPeople(field string, ids []string) ([]string, error) {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !validID(id) {
			return nil, domain.Rule("TASK_FIELD_INVALID", field+" must be person ids", field+" trebuie să fie identificatori de persoane",
				map[string]any{"field": field, "value": id})
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	if len(out) > MaxPeople {
		return nil, domain.Rule("TASK_FIELD_TOO_LONG", field+" names too many people", field+" numește prea multe persoane",
			map[string]any{"field": field, "max": MaxPeople})
	}
	slices.Sort(out)
	return out, nil
}

// checkLabels trims labels (1 to 40 characters each, at most 20), drops
// the ones equal to an earlier one ignoring case, and keeps them as given.
func checkLabels(labels []string) ([]string, error) {
	out := make([]string, 0, len(labels))
	for _, l := range labels {
		v, err := domain.Text("TASK", FieldLabels, l, true, MaxLabel)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, v) }) {
			out = append(out, v)
		}
	}
	if len(out) > MaxLabels {
		return nil, domain.Rule("TASK_TOO_MANY_LABELS", "a task has at most 20 labels", "o sarcină are cel mult 20 de etichete",
			map[string]any{"field": FieldLabels, "max": MaxLabels})
	}
	return out, nil
}

// checkDate: the zero date is "none"; any other must be a real date.
func checkDate(field string, d calendar.Date) error {
	if !d.IsZero() && !d.Valid() {
		return fieldRule("TASK_FIELD_INVALID", field, field+" is not a valid date", field+" nu este o dată validă")
	}
	return nil
}

// checkDates refuses a due date before the start.
func checkDates(start, due calendar.Date) error {
	if !start.IsZero() && !due.IsZero() && due.Before(start) {
		return domain.Rule("TASK_DUE_BEFORE_START", "a task cannot be due before it starts",
			"termenul unei sarcini nu poate fi înainte de începutul ei",
			map[string]any{"field": FieldDue, "start": start.String(), "due": due.String()})
	}
	return nil
}

// checkOptionalID: "" or a uuid.
func checkOptionalID(field, id string) error {
	if id != "" && !validID(id) {
		return fieldRule("TASK_FIELD_INVALID", field, field+" is not a valid id", field+" nu este un identificator valid")
	}
	return nil
}
