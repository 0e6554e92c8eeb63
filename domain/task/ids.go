package task

import "cronica/domain"

// The stream categories of Tasks.
const (
	Category       = "task"       // "task-<id>": one task
	ListCategory   = "tasklist"   // "tasklist-<id>": one task list
	FilterCategory = "taskfilter" // "taskfilter-<id>": one saved filter
)

// StreamOf is the stream of task id: "task-<id>".
func StreamOf(id string) string { return Category + "-" + id }

// ListStreamOf is the stream of list id: "tasklist-<id>".
func ListStreamOf(id string) string { return ListCategory + "-" + id }

// FilterStreamOf is the stream of saved filter id: "taskfilter-<id>".
func FilterStreamOf(id string) string { return FilterCategory + "-" + id }

func validID(id string) bool { return domain.ValidID(id) }
