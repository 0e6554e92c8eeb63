package timeview

import (
	"encoding/json"
	"fmt"
	"time"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/project"
	"cronica/domain/timesheet"
	"cronica/domain/workcalendar"
	"cronica/eventstore"
	"cronica/projections"
)

// statement is one SQL statement of an event's effect
// (projections.Statement: when One is set it must change exactly one row).
type statement = projections.Statement

// change is what every statement builder gets: the tables of the run, and
// the event's recorded time and stream version.
type change struct {
	t       projections.Tables
	at      time.Time
	version int64
}

// statements are the statements of e's effect (decoded: ev) on the
// tables of t. Timestamps come from the event (its RecordedAt, or a time
// in its payload), never from a clock, so a rebuild writes the same rows.
func statements(t projections.Tables, e eventstore.RecordedEvent, ev domain.Event) ([]statement, error) {
	c := change{t: t, at: e.Metadata.RecordedAt, version: int64(e.Version)}
	var (
		stmts []statement
		err   error
	)
	switch ev.(type) {
	case *project.ProjectRegistered, *project.ProjectDetailsChanged, *project.ProjectRulesChanged, *project.PartnerAdded,
		*project.WorkPackageAdded, *project.ActivityAdded, *project.BudgetLineSet, *project.MemberAdded, *project.MemberRemoved:
		stmts = c.projectStatements(ev)
	case *employment.ContractSigned, *employment.ContractAmended, *employment.ContractEnded, *employment.AssignedToProject,
		*employment.AssignmentEnded, *employment.LeaveRecorded, *employment.LeaveCancelled:
		stmts, err = c.employmentStatements(ev)
	case *timesheet.TimesheetOpened, *timesheet.TimeEntryRecorded, *timesheet.TimeEntryChanged, *timesheet.TimeEntryRemoved,
		*timesheet.TimesheetSubmitted, *timesheet.TimesheetApproved, *timesheet.TimesheetRejected, *timesheet.TimesheetLocked,
		*timesheet.TimesheetReopened:
		stmts, err = c.timesheetStatements(ev)
	case *workcalendar.ExtraDayAdded, *workcalendar.ExtraDayRemoved:
		stmts = c.calendarStatements(ev)
	}
	if err != nil {
		return nil, fmt.Errorf("timeview: apply %s at %d (%s v%d): %w", e.Type, e.Position, e.StreamID, e.Version, err)
	}
	if stmts == nil {
		return nil, fmt.Errorf("timeview: apply %s at %d: no case for %T", e.Type, e.Position, ev)
	}
	return stmts, nil
}

// dateArg is d as a date parameter: NULL for the zero Date (an open end).
func dateArg(d calendar.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.Time()
}

// timeArg is t as a timestamptz parameter, or fallback when t is zero (a
// signature without a time takes the event's).
func timeArg(t, fallback time.Time) time.Time {
	if t.IsZero() {
		return fallback
	}
	return t
}

// jsonArg is v as a jsonb parameter.
func jsonArg(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode json: %w", err)
	}
	return b, nil
}
