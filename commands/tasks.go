package commands

import "context"

// Tasks holds every Tasks use case (lists, tasks, comments, dependencies,
// time logged on tasks, saved filters), built from one Env and the board
// lookup, so that cmd/cronica wires one value and the routes receive it.
type Tasks struct {
	CreateTaskList        CreateTaskListHandler
	RenameTaskList        RenameTaskListHandler
	ChangeTaskListColumns ChangeTaskListColumnsHandler
	CreateTask            CreateTaskHandler
	UpdateTask            UpdateTaskHandler
	MoveTask              MoveTaskHandler
	ArchiveTask           ArchiveTaskHandler
	RestoreTask           RestoreTaskHandler
	AddTaskDependency     AddTaskDependencyHandler
	RemoveTaskDependency  RemoveTaskDependencyHandler
	AddTaskComment        AddTaskCommentHandler
	EditTaskComment       EditTaskCommentHandler
	DeleteTaskComment     DeleteTaskCommentHandler
	LogTaskTime           LogTaskTimeHandler
	SaveTaskFilter        SaveTaskFilterHandler
	DeleteTaskFilter      DeleteTaskFilterHandler
}

// TaskBoard is what the task commands read from the Tasks read model
// (projections/taskview) rather than from streams: the place at the end of
// a column, which depends on every task of the list. It is the one read
// model the commands read (see the package doc); it may lag behind the
// log, which at worst gives two tasks created at once the same integer
// part of their ranks, still told apart by their salts (task_support.go).
// Implementations are safe for concurrent use.
type TaskBoard interface {
	// LastRank is the greatest rank among the tasks (archived or not) of
	// list listID whose status is column status; "" when there is none.
	LastRank(ctx context.Context, listID, status string) (string, error)
}

// NewTasks builds every Tasks handler over env and board. env's Codec must
// know the event types of identity, project, employment, timesheet,
// workcalendar and task (LogTaskTime records time through the Time
// rules). board finds the end of a column (nil: every column is taken as
// empty, for tools that seed lists they know).
func NewTasks(env Env, board TaskBoard) *Tasks {
	s := taskEnv{Env: env, board: board}
	return &Tasks{
		CreateTaskList:        CreateTaskListHandler{s},
		RenameTaskList:        RenameTaskListHandler{s},
		ChangeTaskListColumns: ChangeTaskListColumnsHandler{s},
		CreateTask:            CreateTaskHandler{s},
		UpdateTask:            UpdateTaskHandler{s},
		MoveTask:              MoveTaskHandler{s},
		ArchiveTask:           ArchiveTaskHandler{s},
		RestoreTask:           RestoreTaskHandler{s},
		AddTaskDependency:     AddTaskDependencyHandler{s},
		RemoveTaskDependency:  RemoveTaskDependencyHandler{s},
		AddTaskComment:        AddTaskCommentHandler{s},
		EditTaskComment:       EditTaskCommentHandler{s},
		DeleteTaskComment:     DeleteTaskCommentHandler{s},
		LogTaskTime:           LogTaskTimeHandler{s, RecordTimeEntryHandler{env}},
		SaveTaskFilter:        SaveTaskFilterHandler{s},
		DeleteTaskFilter:      DeleteTaskFilterHandler{s},
	}
}
