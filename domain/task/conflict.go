package task

import (
	"errors"
	"fmt"
	"strings"
)

// ErrConflict is matched (errors.Is) by every *ConflictError.
var ErrConflict = errors.New("task: conflicting edit")

// ConflictError refuses an edit made from an older version of a task
// (base_version) that changes fields somebody else changed since to
// another value. Fields names them (AllFields' order); Version is the
// task's version the conflict was found at, Current the task as it was
// then (the aggregate that refused the edit). The HTTP edge answers 409
// task_conflict with the fields and the task as it is now.
type ConflictError struct {
	TaskID  string
	Fields  []string
	Version int64
	Current *Task
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("task: %s changed %s since the version edited (now at %d)", e.TaskID, strings.Join(e.Fields, ", "), e.Version)
}

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }
