package commands

import (
	"context"
	"time"

	"cronica/domain/calendar"
	"cronica/domain/timesheet"
)

// RecordTimeEntry records time a person worked on one day of a month: on a
// project's activity, or for the employer outside projects.
type RecordTimeEntry struct {
	OrgID    string
	PersonID string
	Month    calendar.Month
	// Entry's EntryID is ignored: the handler makes a new one. Minutes, or
	// Start and End (with BreakMinutes), say how long.
	Entry timesheet.Entry
}

// RecordTimeEntryHandler handles RecordTimeEntry.
type RecordTimeEntryHandler struct{ env Env }

// Handle lets the person record their own time with time.record in the
// organisation or on the entry's project, and anyone with timesheet.approve
// or contracts.manage in the organisation record anyone's. The month must
// be editable (draft or rejected: else TIME_TIMESHEET_LOCKED) and the entry
// break no rule of COMPLIANCE section D that the month did not already
// break: the contract and the project in force, the activity of the
// project and assigned, the daily cap across every project of the person
// (TIME_DAILY_CAP), the weekly cap with the neighbouring month when the
// week straddles two, a reason for weekends, holidays and leave. A
// concurrent change of the month is met by deciding again on the month as
// it then is, so two clients can never exceed a cap together.
//
// Result.ID is the new entry's id (the first id the handler takes); the
// warnings are the month's after the entry.
func (h RecordTimeEntryHandler) Handle(ctx context.Context, m Meta, cmd RecordTimeEntry) (TimesheetResult, error) {
	var id string
	return h.env.onTimesheet(ctx, m, "record time entry", cmd.OrgID, cmd.PersonID, cmd.Month,
		func(a timeActor, t *timesheet.Timesheet, now time.Time) (string, error) {
			e := cmd.Entry
			if err := a.mayRecord(cmd.OrgID, cmd.PersonID, projectsOf(e), now); err != nil {
				return "", err
			}
			if id == "" { // once: a decision made again keeps the entry's id
				var err error
				if id, err = h.env.newID(); err != nil {
					return "", err
				}
			}
			e.EntryID = id
			tc, err := h.env.timesheetContext(ctx, t, []timesheet.Entry{e}, neighbours(cmd.Month, e.Date))
			if err != nil {
				return "", err
			}
			return id, t.RecordEntry(e, tc)
		})
}
