package commands

import (
	"context"
	"fmt"
	"time"

	"cronica/domain/calendar"
	"cronica/domain/timesheet"
)

// RemoveTimeEntry removes an entry of a month.
type RemoveTimeEntry struct {
	OrgID    string
	PersonID string
	Month    calendar.Month
	EntryID  string
}

// RemoveTimeEntryHandler handles RemoveTimeEntry.
type RemoveTimeEntryHandler struct{ env Env }

// Handle needs what recording the entry needed; the month must be
// editable. An unknown entry is TIME_UNKNOWN_ENTRY. Result.ID is the
// entry's id; the warnings are the month's without it.
func (h RemoveTimeEntryHandler) Handle(ctx context.Context, m Meta, cmd RemoveTimeEntry) (TimesheetResult, error) {
	if err := checkID("entry_id", cmd.EntryID); err != nil {
		return TimesheetResult{}, fmt.Errorf("commands: remove time entry: %w", err)
	}
	return h.env.onTimesheet(ctx, m, "remove time entry", cmd.OrgID, cmd.PersonID, cmd.Month,
		func(a timeActor, t *timesheet.Timesheet, now time.Time) (string, error) {
			old, _ := t.Entry(cmd.EntryID)
			if err := a.mayRecord(cmd.OrgID, cmd.PersonID, projectsOf(old), now); err != nil {
				return "", err
			}
			tc, err := h.env.timesheetContext(ctx, t, nil, neighbours(cmd.Month, old.Date))
			if err != nil {
				return "", err
			}
			return cmd.EntryID, t.RemoveEntry(cmd.EntryID, tc)
		})
}
