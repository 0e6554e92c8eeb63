package commands

import (
	"context"

	"cronica/domain/calendar"
	"cronica/domain/workcalendar"
)

// RemoveCalendarDay makes one of the organisation's extra days a working
// day again (legal holidays cannot be removed).
type RemoveCalendarDay struct {
	OrgID string
	Date  calendar.Date
}

// RemoveCalendarDayHandler handles RemoveCalendarDay.
type RemoveCalendarDayHandler struct{ env Env }

// Handle needs org.manage in the organisation; a date that is not one of
// its extra days is CALENDAR_NOT_EXTRA. Result.ID is the organisation's
// id.
func (h RemoveCalendarDayHandler) Handle(ctx context.Context, m Meta, cmd RemoveCalendarDay) (Result, error) {
	return h.env.changeCalendar(ctx, m, "remove calendar day", cmd.OrgID, func(c *workcalendar.WorkCalendar) error {
		return c.RemoveDay(cmd.Date)
	})
}
