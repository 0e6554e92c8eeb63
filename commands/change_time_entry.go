package commands

import (
	"context"
	"fmt"
	"time"

	"cronica/domain/calendar"
	"cronica/domain/timesheet"
)

// ChangeTimeEntry replaces an entry of a month (all of its fields).
type ChangeTimeEntry struct {
	OrgID    string
	PersonID string
	Month    calendar.Month
	Entry    timesheet.Entry // EntryID names the entry replaced
}

// ChangeTimeEntryHandler handles ChangeTimeEntry.
type ChangeTimeEntryHandler struct{ env Env }

// Handle is RecordTimeEntry's rules for a replaced entry: the person needs
// time.record on both the entry's old and new projects (or in the
// organisation). An unknown entry is TIME_UNKNOWN_ENTRY; an unchanged one
// records nothing. Result.ID is the entry's id.
func (h ChangeTimeEntryHandler) Handle(ctx context.Context, m Meta, cmd ChangeTimeEntry) (TimesheetResult, error) {
	if err := checkID("entry_id", cmd.Entry.EntryID); err != nil {
		return TimesheetResult{}, fmt.Errorf("commands: change time entry: %w", err)
	}
	return h.env.onTimesheet(ctx, m, "change time entry", cmd.OrgID, cmd.PersonID, cmd.Month,
		func(a timeActor, t *timesheet.Timesheet, now time.Time) (string, error) {
			e := cmd.Entry
			old, _ := t.Entry(e.EntryID)
			if err := a.mayRecord(cmd.OrgID, cmd.PersonID, projectsOf(old, e), now); err != nil {
				return "", err
			}
			tc, err := h.env.timesheetContext(ctx, t, []timesheet.Entry{e}, neighbours(cmd.Month, e.Date, old.Date))
			if err != nil {
				return "", err
			}
			return e.EntryID, t.ChangeEntry(e, tc)
		})
}
