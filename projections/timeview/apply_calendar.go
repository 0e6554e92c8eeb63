package timeview

import (
	"cronica/domain"
	"cronica/domain/workcalendar"
)

// calendarStatements are the statements of an organisation's calendar
// event.
func (c change) calendarStatements(ev domain.Event) []statement {
	t := c.t
	switch ev := ev.(type) {
	case *workcalendar.ExtraDayAdded:
		return []statement{{SQL: "INSERT INTO " + t.Ident(TableCalendarDays) + ` (org_id, day, name, name_ro, added_at)
			VALUES ($1, $2, $3, $4, $5)`,
			Args: []any{ev.OrgID, dateArg(ev.Date), ev.Name, ev.NameRO, c.at}}}
	case *workcalendar.ExtraDayRemoved:
		return []statement{{SQL: "DELETE FROM " + t.Ident(TableCalendarDays) + " WHERE org_id = $1 AND day = $2",
			Args: []any{ev.OrgID, dateArg(ev.Date)}, One: true}}
	}
	return nil
}
