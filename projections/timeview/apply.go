package timeview

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/project"
	"cronica/domain/timesheet"
	"cronica/domain/workcalendar"
	"cronica/eventstore"
	"cronica/projections"
)

// applier turns Time events into SQL statements on the tables a run names.
// Its factories decode each event's JSON into the domain's own event
// struct: the payloads are defined once, in the domain packages.
type applier struct {
	types map[string]domain.EventFactory
}

// statement is one SQL statement of an event's effect. When one is set, it
// must change exactly one row: an update or delete of a row that is not
// there means the model and the log disagree, and the projector halts
// rather than go on wrong.
type statement struct {
	sql  string
	args []any
	one  bool
}

// change is what every statement builder gets: the tables of the run, and
// the event's recorded time and stream version.
type change struct {
	t       projections.Tables
	at      time.Time
	version int64
}

// apply runs e's statements in tx, one round trip each.
func (a applier) apply(ctx context.Context, tx pgx.Tx, t projections.Tables, e eventstore.RecordedEvent) error {
	stmts, err := a.statements(t, e)
	if err != nil {
		return err
	}
	for _, s := range stmts {
		tag, err := tx.Exec(ctx, s.sql, s.args...)
		if err := checkResult(e, s, tag.RowsAffected(), err); err != nil {
			return err
		}
	}
	return nil
}

// applyBatch has the effect of apply on each event in order, with every
// statement of the page sent in one pgx batch (one round trip; PostgreSQL
// runs them in order, each seeing the ones before). It stops at the first
// failing statement; the runtime then applies the page event by event to
// find and name the culprit.
func (a applier) applyBatch(ctx context.Context, tx pgx.Tx, t projections.Tables, events []eventstore.RecordedEvent) error {
	type queued struct {
		event *eventstore.RecordedEvent
		stmt  statement
	}
	var (
		batch pgx.Batch
		order []queued
	)
	for i := range events {
		stmts, err := a.statements(t, events[i])
		if err != nil {
			return err
		}
		for _, s := range stmts {
			batch.Queue(s.sql, s.args...)
			order = append(order, queued{&events[i], s})
		}
	}
	if len(order) == 0 {
		return nil
	}
	br := tx.SendBatch(ctx, &batch)
	for _, q := range order {
		tag, err := br.Exec()
		if err := checkResult(*q.event, q.stmt, tag.RowsAffected(), err); err != nil {
			br.Close() //nolint:errcheck // it repeats err; the caller rolls back
			return err
		}
	}
	if err := br.Close(); err != nil {
		return fmt.Errorf("timeview: apply batch of %d from %d: %w", len(events), events[0].Position, err)
	}
	return nil
}

func checkResult(e eventstore.RecordedEvent, s statement, rows int64, err error) error {
	if err != nil {
		return fmt.Errorf("timeview: apply %s at %d (%s v%d): %w", e.Type, e.Position, e.StreamID, e.Version, err)
	}
	if s.one && rows != 1 {
		return fmt.Errorf("timeview: apply %s at %d (%s v%d): changed %d rows, want 1: the model and the log disagree",
			e.Type, e.Position, e.StreamID, e.Version, rows)
	}
	return nil
}

// statements decodes e and returns the statements of its effect on the
// tables of t. Timestamps come from the event (its RecordedAt, or a time
// in its payload), never from a clock, so a rebuild writes the same rows.
func (a applier) statements(t projections.Tables, e eventstore.RecordedEvent) ([]statement, error) {
	factory, ok := a.types[e.Type]
	if !ok {
		return nil, fmt.Errorf("timeview: apply %s at %d: not a Time event type", e.Type, e.Position)
	}
	if e.Version > math.MaxInt64 {
		return nil, fmt.Errorf("timeview: apply %s at %d: version %d out of range", e.Type, e.Position, e.Version)
	}
	ev := factory()
	if err := json.Unmarshal(e.Data, ev); err != nil {
		return nil, fmt.Errorf("timeview: decode %s at %d (%s v%d): %w", e.Type, e.Position, e.StreamID, e.Version, err)
	}
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
