package commands

import (
	"context"
	"fmt"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/domain/task"
	"cronica/domain/timesheet"
)

// LogTaskTime logs the caller's time on a task: a time entry on the task's
// project and activity, then the link from the task to it.
type LogTaskTime struct {
	OrgID       string
	TaskID      string
	Date        calendar.Date
	Minutes     int
	Description string
	// Reason explains work on a weekend, a public holiday or a day of
	// leave (the Time rules ask for one there).
	Reason string
}

// LogTaskTimeResult is the task's append (Result) and the time entry's
// (Time: the month's status and warnings after it; Time.ID is the entry's
// id).
type LogTaskTimeResult struct {
	Result
	Time TimesheetResult
}

// LogTaskTimeHandler handles LogTaskTime.
type LogTaskTimeHandler struct {
	env    taskEnv
	record RecordTimeEntryHandler
}

// Handle needs tasks.write on the task's list and a task linked to an
// activity (TASK_NO_ACTIVITY otherwise; a personal list's task never is).
// The entry is recorded by RecordTimeEntry for the caller's person, so
// every Time rule applies as it does to any entry and a refusal is Time's
// (TIME_DAILY_CAP, TIME_NOT_ASSIGNED, …, with time.record checked there);
// then TaskTimeLogged links it to the task, decided again after a
// concurrent change of the task. If the task changed meanwhile so that it
// no longer takes time (archived, its activity unlinked), the entry stays
// recorded in the timesheet and the error says the link was refused.
func (h LogTaskTimeHandler) Handle(ctx context.Context, m Meta, cmd LogTaskTime) (LogTaskTimeResult, error) {
	const op = "log task time"
	fail := func(err error) (LogTaskTimeResult, error) {
		return LogTaskTimeResult{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	if err := checkIDs("org_id", cmd.OrgID, "task_id", cmd.TaskID); err != nil {
		return fail(err)
	}
	if err := h.env.writerIn(m.Actor, cmd.OrgID); err != nil {
		return fail(err)
	}
	t, _, err := h.env.taskAndList(ctx, m.Actor, cmd.OrgID, cmd.TaskID, identity.ActTasksWrite)
	if err != nil {
		return fail(err)
	}
	if err := t.CheckLogTime(); err != nil {
		return fail(err)
	}
	actor, err := h.env.timeActorOf(ctx, m.Actor)
	if err != nil {
		return fail(err)
	}
	if actor.personID == "" {
		return fail(fmt.Errorf("only a person logs time on a task: %w", domain.ErrForbidden))
	}
	entry := timesheet.Entry{Date: cmd.Date, ProjectID: t.ProjectID(), ActivityID: t.ActivityID(), Minutes: cmd.Minutes,
		Description: cmd.Description, TaskID: t.ID(), Reason: cmd.Reason}
	ts, err := h.record.Handle(ctx, m, RecordTimeEntry{OrgID: cmd.OrgID, PersonID: actor.personID, Month: cmd.Date.MonthOf(), Entry: entry})
	if err != nil {
		return LogTaskTimeResult{}, err
	}
	link := task.TimeLog{PersonID: actor.personID, EntryID: ts.ID, TimesheetID: timesheet.IDFor(actor.personID, cmd.Date.MonthOf()),
		Date: cmd.Date, Minutes: cmd.Minutes}
	res, err := h.env.onTask(ctx, m, op, cmd.OrgID, cmd.TaskID, identity.ActTasksWrite,
		func(_ *task.List, t *task.Task) (string, error) { return "", t.LogTime(link) })
	if err != nil {
		return LogTaskTimeResult{Time: ts}, fmt.Errorf("commands: %s: time entry %s recorded, its link to the task refused: %w", op, ts.ID, err)
	}
	return LogTaskTimeResult{Result: res, Time: ts}, nil
}
