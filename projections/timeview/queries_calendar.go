package timeview

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/domain/calendar"
)

// ExtraDays are organisation orgID's extra non-working days from from to
// to (both included), by date. The legal holidays are not stored: build a
// calendar.Calendar with these to have both.
func ExtraDays(ctx context.Context, q Querier, orgID string, from, to calendar.Date) ([]calendar.Holiday, error) {
	return collect(ctx, q, "extra days of "+orgID, func(row pgx.CollectableRow) (calendar.Holiday, error) {
		var (
			h   calendar.Holiday
			day time.Time
		)
		err := row.Scan(&day, &h.Name, &h.NameRO)
		h.Date = civil(&day)
		return h, err
	}, `SELECT day, name, name_ro FROM `+TableCalendarDays+` WHERE org_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day`,
		orgID, from.Time(), to.Time())
}
