package writeapi

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"cronica/commands"
)

// The routes of an organisation's working calendar: the days it adds to
// the legal public holidays (which are computed, never stored). org.manage
// is the commands' to check.

type calendarDayRequest struct {
	Date   string `json:"date"`
	Name   string `json:"name"`
	NameRO string `json:"name_ro"`
}

// addCalendarDay is POST /api/v1/orgs/:org/calendar/days.
func (a *api) addCalendarDay(c *gin.Context) {
	timeCommand(a, c, false, http.StatusCreated, func(ctx context.Context, m commands.Meta, req calendarDayRequest) (commands.Result, error) {
		d, err := civilDate("date", req.Date)
		if err != nil {
			return commands.Result{}, err
		}
		return a.Time.AddCalendarDay.Handle(ctx, m, commands.AddCalendarDay{OrgID: c.Param("org"), Date: d, Name: req.Name, NameRO: req.NameRO})
	})
}

// removeCalendarDay is DELETE /api/v1/orgs/:org/calendar/days/:date (no
// body).
func (a *api) removeCalendarDay(c *gin.Context) {
	timeCommand(a, c, true, http.StatusOK, func(ctx context.Context, m commands.Meta, _ struct{}) (commands.Result, error) {
		d, err := pathDate("date", c.Param("date"))
		if err != nil {
			return commands.Result{}, err
		}
		return a.Time.RemoveCalendarDay.Handle(ctx, m, commands.RemoveCalendarDay{OrgID: c.Param("org"), Date: d})
	})
}
