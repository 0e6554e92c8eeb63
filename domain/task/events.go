package task

import (
	"cronica/domain"
	"cronica/domain/calendar"
)

// Event types of Tasks. The suffix is the schema version.
const (
	TypeListCreated        = "TaskListCreated.v1"
	TypeListRenamed        = "TaskListRenamed.v1"
	TypeListColumnsChanged = "TaskListColumnsChanged.v1"
	TypeTaskCreated        = "TaskCreated.v1"
	TypeTaskUpdated        = "TaskUpdated.v1"
	TypeTaskMoved          = "TaskMoved.v1"
	TypeTaskArchived       = "TaskArchived.v1"
	TypeTaskRestored       = "TaskRestored.v1"
	TypeDependencyAdded    = "TaskDependencyAdded.v1"
	TypeDependencyRemoved  = "TaskDependencyRemoved.v1"
	TypeCommentAdded       = "TaskCommentAdded.v1"
	TypeCommentEdited      = "TaskCommentEdited.v1"
	TypeCommentDeleted     = "TaskCommentDeleted.v1"
	TypeTimeLogged         = "TaskTimeLogged.v1"
	TypeFilterSaved        = "TaskFilterSaved.v1"
	TypeFilterDeleted      = "TaskFilterDeleted.v1"
)

// EventTypes maps every Tasks event type (lists, tasks, filters) to a
// factory, for decoding.
func EventTypes() map[string]domain.EventFactory {
	return map[string]domain.EventFactory{
		TypeListCreated:        func() domain.Event { return &ListCreated{} },
		TypeListRenamed:        func() domain.Event { return &ListRenamed{} },
		TypeListColumnsChanged: func() domain.Event { return &ListColumnsChanged{} },
		TypeTaskCreated:        func() domain.Event { return &TaskCreated{} },
		TypeTaskUpdated:        func() domain.Event { return &TaskUpdated{} },
		TypeTaskMoved:          func() domain.Event { return &TaskMoved{} },
		TypeTaskArchived:       func() domain.Event { return &TaskArchived{} },
		TypeTaskRestored:       func() domain.Event { return &TaskRestored{} },
		TypeDependencyAdded:    func() domain.Event { return &DependencyAdded{} },
		TypeDependencyRemoved:  func() domain.Event { return &DependencyRemoved{} },
		TypeCommentAdded:       func() domain.Event { return &CommentAdded{} },
		TypeCommentEdited:      func() domain.Event { return &CommentEdited{} },
		TypeCommentDeleted:     func() domain.Event { return &CommentDeleted{} },
		TypeTimeLogged:         func() domain.Event { return &TimeLogged{} },
		TypeFilterSaved:        func() domain.Event { return &FilterSaved{} },
		TypeFilterDeleted:      func() domain.Event { return &FilterDeleted{} },
	}
}

// Column is a column of a list's board; a task's status is a column id.
// Tasks in a Done column are done.
type Column struct {
	ColumnID string `json:"column_id"`
	Name     string `json:"name"`
	Done     bool   `json:"done"`
}

// ListCreated starts a task list: a project's (ProjectID set) or one
// account's own (OwnerAccountID set).
type ListCreated struct {
	ListID         string   `json:"list_id"`
	OrgID          string   `json:"org_id"`
	ProjectID      string   `json:"project_id,omitempty"`
	OwnerAccountID string   `json:"owner_account_id,omitempty"`
	Name           string   `json:"name"`
	Columns        []Column `json:"columns"`
}

// ListRenamed renames a list. ProjectID is there for the audit log's
// attribution (it is the list's, unchanged).
type ListRenamed struct {
	ListID    string `json:"list_id"`
	OrgID     string `json:"org_id"`
	ProjectID string `json:"project_id,omitempty"`
	Name      string `json:"name"`
}

// ListColumnsChanged replaces the whole column list (added, renamed,
// reordered, removed). MovedTo maps every removed column id to the column
// its tasks go to (the read model moves them; List.CurrentColumn follows
// the redirect for the tasks' own streams).
type ListColumnsChanged struct {
	ListID    string            `json:"list_id"`
	OrgID     string            `json:"org_id"`
	ProjectID string            `json:"project_id,omitempty"`
	Columns   []Column          `json:"columns"`
	MovedTo   map[string]string `json:"moved_to,omitempty"`
}

// Ref is what every task event carries at its top level: the task, its
// list, organisation and (for a project's list) project.
type Ref struct {
	TaskID    string `json:"task_id"`
	ListID    string `json:"list_id"`
	OrgID     string `json:"org_id"`
	ProjectID string `json:"project_id,omitempty"`
}

// TaskCreated starts a task in a column of its list. Rank is its place in
// the column (see Between).
type TaskCreated struct {
	Ref
	ParentID      string        `json:"parent_id,omitempty"`
	Title         string        `json:"title"`
	Description   string        `json:"description"`
	Status        string        `json:"status"`
	Rank          string        `json:"rank"`
	Priority      Priority      `json:"priority"`
	Assignees     []string      `json:"assignees"`
	Watchers      []string      `json:"watchers"`
	Labels        []string      `json:"labels"`
	Start         calendar.Date `json:"start,omitzero"`
	Due           calendar.Date `json:"due,omitzero"`
	WorkPackageID string        `json:"work_package_id,omitempty"`
	ActivityID    string        `json:"activity_id,omitempty"`
}

// TaskUpdated changes the fields it names (Fields: only those changed).
type TaskUpdated struct {
	Ref
	Fields Fields `json:"fields"`
}

// TaskMoved moves a task on the board: its column and/or its place.
type TaskMoved struct {
	Ref
	Status string `json:"status"`
	Rank   string `json:"rank"`
}

// TaskArchived hides a task from the board; TaskRestored brings it back.
type TaskArchived struct{ Ref }

// TaskRestored brings an archived task back.
type TaskRestored struct{ Ref }

// DependencyAdded records that the task is blocked by another task of
// its list.
type DependencyAdded struct {
	Ref
	BlockedBy string `json:"blocked_by"`
}

// DependencyRemoved lifts a dependency.
type DependencyRemoved struct {
	Ref
	BlockedBy string `json:"blocked_by"`
}

// CommentAdded adds a comment (markdown) mentioning people. The author
// fields are an addition to the shared design: the aggregate needs them to
// let only the author edit the comment, and the read model shows them.
type CommentAdded struct {
	Ref
	CommentID       string   `json:"comment_id"`
	AuthorAccountID string   `json:"author_account_id,omitempty"`
	AuthorPersonID  string   `json:"author_person_id,omitempty"`
	Body            string   `json:"body"`
	Mentions        []string `json:"mentions"`
}

// CommentEdited replaces a comment's body and mentions.
type CommentEdited struct {
	Ref
	CommentID string   `json:"comment_id"`
	Body      string   `json:"body"`
	Mentions  []string `json:"mentions"`
}

// CommentDeleted deletes a comment: its body stays in the log for the
// audit, the read model hides it.
type CommentDeleted struct {
	Ref
	CommentID string `json:"comment_id"`
}

// TimeLogged links a time entry the Time context accepted
// (RecordTimeEntry) to the task it was logged on.
type TimeLogged struct {
	Ref
	PersonID    string        `json:"person_id"`
	EntryID     string        `json:"entry_id"`
	TimesheetID string        `json:"timesheet_id"`
	Date        calendar.Date `json:"date"`
	Minutes     int           `json:"minutes"`
}

// FilterSaved saves (or replaces) a filter of an account, shared with the
// organisation or not.
type FilterSaved struct {
	FilterID       string `json:"filter_id"`
	OrgID          string `json:"org_id"`
	OwnerAccountID string `json:"owner_account_id"`
	Name           string `json:"name"`
	Shared         bool   `json:"shared"`
	Query          Query  `json:"query"`
}

// FilterDeleted deletes a saved filter.
type FilterDeleted struct {
	FilterID       string `json:"filter_id"`
	OrgID          string `json:"org_id"`
	OwnerAccountID string `json:"owner_account_id"`
}

// EventType implementations.
func (*ListCreated) EventType() string        { return TypeListCreated }
func (*ListRenamed) EventType() string        { return TypeListRenamed }
func (*ListColumnsChanged) EventType() string { return TypeListColumnsChanged }
func (*TaskCreated) EventType() string        { return TypeTaskCreated }
func (*TaskUpdated) EventType() string        { return TypeTaskUpdated }
func (*TaskMoved) EventType() string          { return TypeTaskMoved }
func (*TaskArchived) EventType() string       { return TypeTaskArchived }
func (*TaskRestored) EventType() string       { return TypeTaskRestored }
func (*DependencyAdded) EventType() string    { return TypeDependencyAdded }
func (*DependencyRemoved) EventType() string  { return TypeDependencyRemoved }
func (*CommentAdded) EventType() string       { return TypeCommentAdded }
func (*CommentEdited) EventType() string      { return TypeCommentEdited }
func (*CommentDeleted) EventType() string     { return TypeCommentDeleted }
func (*TimeLogged) EventType() string         { return TypeTimeLogged }
func (*FilterSaved) EventType() string        { return TypeFilterSaved }
func (*FilterDeleted) EventType() string      { return TypeFilterDeleted }
