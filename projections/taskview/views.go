package taskview

import (
	"encoding/json"
	"time"

	"cronica/domain/calendar"
)

// Column is one column of a list's board.
type Column struct {
	ColumnID string `json:"column_id"`
	Name     string `json:"name"`
	Done     bool   `json:"done"`
}

// ListView is a task list: a project's (ProjectID set) or a person's own
// (OwnerAccountID set).
type ListView struct {
	ListID         string   `json:"list_id"`
	OrgID          string   `json:"org_id"`
	ProjectID      string   `json:"project_id"`
	OwnerAccountID string   `json:"owner_account_id"`
	Name           string   `json:"name"`
	Columns        []Column `json:"columns"`
	Version        uint64   `json:"version"`
}

// CardView is a task as a card of the board and a row of the filtered
// list: SubtasksTotal and SubtasksDone count its subtasks that are not
// archived (done: in a done column); Blocked is true while a task it is
// blocked by is neither done nor archived.
type CardView struct {
	TaskID        string        `json:"task_id"`
	ListID        string        `json:"list_id"`
	ProjectID     string        `json:"project_id"`
	Title         string        `json:"title"`
	Status        string        `json:"status"`
	Done          bool          `json:"done"`
	Rank          string        `json:"rank"`
	Priority      string        `json:"priority"`
	Assignees     []string      `json:"assignees"`
	Labels        []string      `json:"labels"`
	Due           calendar.Date `json:"due"` // "" when none
	ParentID      string        `json:"parent_id"`
	SubtasksTotal int           `json:"subtasks_total"`
	SubtasksDone  int           `json:"subtasks_done"`
	CommentCount  int           `json:"comment_count"`
	Blocked       bool          `json:"blocked"`
	Archived      bool          `json:"archived"`
	Version       uint64        `json:"version"`
}

// TaskRef is another task named by a task (what blocks it, what it
// blocks).
type TaskRef struct {
	TaskID string `json:"task_id"`
	Title  string `json:"title"`
	Status string `json:"status"`
	Done   bool   `json:"done"`
}

// CommentView is a comment of a task; a deleted one shows no body.
// AuthorName is filled by the reader (the identity model names people).
type CommentView struct {
	CommentID       string     `json:"comment_id"`
	AuthorAccountID string     `json:"author_account_id"`
	AuthorPersonID  string     `json:"author_person_id"`
	AuthorName      string     `json:"author_name"`
	Body            string     `json:"body"`
	BodyHTML        string     `json:"body_html"`
	Mentions        []string   `json:"mentions"`
	Deleted         bool       `json:"deleted"`
	CreatedAt       time.Time  `json:"created_at"`
	EditedAt        *time.Time `json:"edited_at"`
}

// TimeView is time logged on a task (the Time context's entry).
type TimeView struct {
	EntryID     string        `json:"entry_id"`
	PersonID    string        `json:"person_id"`
	TimesheetID string        `json:"timesheet_id"`
	Date        calendar.Date `json:"date"`
	Minutes     int           `json:"minutes"`
}

// TaskView is one task with everything the task drawer shows.
type TaskView struct {
	CardView
	Description     string            `json:"description"`
	DescriptionHTML string            `json:"description_html"`
	Watchers        []string          `json:"watchers"`
	Start           calendar.Date     `json:"start"`
	WorkPackageID   string            `json:"work_package_id"`
	ActivityID      string            `json:"activity_id"`
	FieldVersions   map[string]uint64 `json:"field_versions"`
	CreatedBy       string            `json:"created_by"`
	CreatedAt       time.Time         `json:"created_at"`
	UpdatedAt       time.Time         `json:"updated_at"`
	BlockedBy       []TaskRef         `json:"blocked_by"`
	Blocks          []TaskRef         `json:"blocks"`
	Subtasks        []CardView        `json:"subtasks"`
	Comments        []CommentView     `json:"comments"`
	Time            []TimeView        `json:"time"`
}

// FilterQuery is a saved filter's query, as TaskFilterSaved carries it.
type FilterQuery struct {
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

// FilterView is a saved filter.
type FilterView struct {
	FilterID       string          `json:"filter_id"`
	OrgID          string          `json:"org_id"`
	OwnerAccountID string          `json:"owner_account_id"`
	Name           string          `json:"name"`
	Shared         bool            `json:"shared"`
	Query          json.RawMessage `json:"query"`
	Version        uint64          `json:"version"`
	UpdatedAt      time.Time       `json:"updated_at"`
}

// Decode is the filter's query.
func (f FilterView) Decode() (FilterQuery, error) {
	var q FilterQuery
	err := json.Unmarshal(f.Query, &q)
	return q, err
}
