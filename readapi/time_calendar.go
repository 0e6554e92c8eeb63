package readapi

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/projections/timeview"
)

// orgCalendar serves GET /api/v1/orgs/:org/calendar?year=YYYY (org.read):
// the legal public holidays of the year, computed (domain/calendar), with
// the organisation's extra days off, and the working days of each month.
// The year defaults to the current one.
func (a *api) orgCalendar(c *gin.Context) {
	orgID, ok := a.authorizeOrg(c, identity.ActOrgRead)
	if !ok {
		return
	}
	v := c.Request.URL.Query()
	year := a.now().UTC().Year()
	var (
		s   string
		has bool
	)
	err := checkParams(v, "year")
	if err == nil {
		s, has, err = singleParam(v, "year", "invalid_filter")
	}
	if err == nil && has {
		n, convErr := strconv.Atoi(s)
		if convErr != nil || n < 1900 || n > 2200 {
			err = &paramError{Param: "year", Code: "invalid_filter", Message: "must be a year from 1900 to 2200"}
		}
		year = n
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	first, last := calendar.NewDate(year, 1, 1), calendar.NewDate(year, 12, 31)
	extra, err := timeview.ExtraDays(c.Request.Context(), a.pool, orgID, first, last)
	if err != nil {
		a.writeError(c, err)
		return
	}
	cal := calendar.NewCalendar(extra)
	legal := calendar.RomanianHolidays(year)
	out := OrgCalendar{OrgID: orgID, Year: year, Days: []CalendarDay{}, Months: []MonthDays{},
		WorkingDays: cal.WorkingDays(first, last)}
	for _, h := range cal.Holidays(year) {
		out.Days = append(out.Days, CalendarDay{Date: h.Date, Name: h.Name, NameRO: h.NameRO, Weekday: h.Date.Weekday().String(),
			Legal: slices.ContainsFunc(legal, func(l calendar.Holiday) bool { return l.Date == h.Date }),
			Extra: slices.ContainsFunc(extra, func(x calendar.Holiday) bool { return x.Date == h.Date })})
	}
	for m := (calendar.Month{Year: year, Month: 1}); m.Year == year; m = m.Next() {
		out.Months = append(out.Months, MonthDays{Month: m.String(), WorkingDays: cal.WorkingDays(m.First(), m.Last())})
	}
	c.JSON(http.StatusOK, out)
}
