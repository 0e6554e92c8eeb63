package readapi

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/timesheet"
	"cronica/projections/timeview"
)

// timesheetStatuses are the workflow's statuses, for the status filter.
var timesheetStatuses = []string{string(timesheet.StatusDraft), string(timesheet.StatusSubmitted), string(timesheet.StatusApproved),
	string(timesheet.StatusRejected), string(timesheet.StatusLocked)}

// timesheets serves GET /api/v1/orgs/:org/timesheets: with timesheet.read
// in the organisation every month; else the caller's own months, and,
// partially (their projects' time only), the months with time on the
// projects where a project-scoped grant gives timesheet.read. Filters
// person, month, status (repeated or comma separated) and project; newest
// month first.
func (a *api) timesheets(c *gin.Context) {
	orgID, acc, err := a.accessIn(c, identity.ActTimesheetRead)
	if err == nil && acc.none() {
		err = acc.denied
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	v := c.Request.URL.Query()
	cursor, limit, err := timePage(v, pairKey(isMonth), "person", "month", "status", "project")
	var (
		f     timeview.TimesheetFilter
		month calendar.Month
	)
	if err == nil {
		f.PersonID, err = idFilter(v, "person")
	}
	if err == nil {
		month, err = monthFilter(v, "month", "invalid_filter")
	}
	if err == nil {
		f.Statuses, err = enumFilter(v, "status", timesheetStatuses...)
	}
	if err == nil {
		f.ProjectID, err = idFilter(v, "project")
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	if !month.IsZero() {
		f.Month = month.String()
	}
	if !acc.all {
		f.Scope = &timeview.TimesheetScope{SelfPersonID: acc.self, Projects: acc.projects}
	}
	page, err := timeview.ListTimesheets(c.Request.Context(), a.pool, orgID, f, cursor, limit)
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, timePageOf(page))
}

// personTimesheet serves GET /api/v1/orgs/:org/people/:person/timesheets/:month
// (see TimesheetDetail): the person themselves, holders of timesheet.read
// in the organisation, and the supervisor a contract of the person names
// for the month (who signs it) see the whole month; a holder of
// timesheet.read on some projects only sees a month with time on them,
// and only that time (anything else is 403). A month of a person of the
// organisation without events is an empty draft, not 404.
func (a *api) personTimesheet(c *gin.Context) {
	orgID, acc, err := a.accessIn(c, identity.ActTimesheetRead)
	if err == nil && acc.none() {
		err = acc.denied
	}
	var (
		personID string
		month    calendar.Month
	)
	if err == nil {
		personID, err = pathID(c, "person")
	}
	if err == nil {
		var perr error
		if month, perr = calendar.ParseMonth(c.Param("month")); perr != nil || !month.Valid() || len(c.Param("month")) != 7 {
			err = fmt.Errorf("readapi: month %q: %w", clipParam(c.Param("month")), domain.ErrNotFound)
		}
	}
	if err == nil {
		err = checkParams(c.Request.URL.Query())
	}
	if err == nil {
		err = a.personExists(c, orgID, personID)
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	full := acc.all || personID == acc.self
	if !full && acc.self != "" {
		// The supervisor named by the person's contract signs the month:
		// they read it in full, as they may approve it.
		if full, err = a.supervises(c.Request.Context(), orgID, acc.self, personID, month); err != nil {
			a.writeError(c, err)
			return
		}
	}
	if !full && len(acc.projects) == 0 {
		a.writeError(c, fmt.Errorf("readapi: another person's timesheet: %w", domain.ErrForbidden))
		return
	}
	ctx := c.Request.Context()
	leave, err := monthLeave(ctx, a.pool, orgID, personID, month)
	if err != nil {
		a.writeError(c, err)
		return
	}
	rec, err := timeview.GetTimesheet(ctx, a.pool, orgID, personID, month.String())
	switch {
	case errors.Is(err, domain.ErrNotFound) && full:
		empty := emptyTimesheet(orgID, personID, month)
		empty.Leave = leave
		c.JSON(http.StatusOK, empty)
		return
	case errors.Is(err, domain.ErrNotFound):
		a.writeError(c, fmt.Errorf("readapi: timesheet without time on the reader's projects: %w", domain.ErrForbidden))
		return
	case err != nil:
		a.writeError(c, err)
		return
	}
	var only []string
	if !full {
		only = acc.projects
	}
	entries, err := timeview.TimesheetEntries(ctx, a.pool, orgID, rec.TimesheetID, only)
	if err != nil {
		a.writeError(c, err)
		return
	}
	if !full && len(entries) == 0 {
		a.writeError(c, fmt.Errorf("readapi: timesheet without time on the reader's projects: %w", domain.ErrForbidden))
		return
	}
	d := timesheetDetail(rec, entries, only)
	d.Leave = leave
	c.JSON(http.StatusOK, d)
}

// supervises reports whether supervisorID is named supervisor by a
// contract of personID in force in m (employment.SupervisorsIn).
func (a *api) supervises(ctx context.Context, orgID, supervisorID, personID string, m calendar.Month) (bool, error) {
	views, err := timeview.PersonContracts(ctx, a.pool, orgID, personID)
	if err != nil {
		return false, err
	}
	contracts := make([]employment.Contract, len(views))
	for i, v := range views {
		contracts[i] = v.Contract()
	}
	return slices.Contains(employment.SupervisorsIn(contracts, m), supervisorID), nil
}

// monthLeave is personID's leave in force overlapping month m.
func monthLeave(ctx context.Context, q timeview.Querier, orgID, personID string, m calendar.Month) ([]MonthLeave, error) {
	views, err := timeview.LeaveOf(ctx, q, orgID, []string{personID}, m.First(), m.Last())
	if err != nil {
		return nil, err
	}
	out := []MonthLeave{}
	for _, l := range views {
		out = append(out, MonthLeave{Kind: l.Kind, Start: l.Start, End: l.End})
	}
	return out, nil
}

// emptyTimesheet is a month without events: an empty draft.
func emptyTimesheet(orgID, personID string, m calendar.Month) TimesheetDetail {
	return TimesheetDetail{TimesheetID: timesheet.IDFor(personID, m), OrgID: orgID, PersonID: personID, Month: m.String(),
		Status: string(timesheet.StatusDraft), TotalHours: hoursOf(0), Entries: []timeview.EntryView{}, Days: []DayTotal{},
		Activities: []ActivityTotal{}, Warnings: []timesheet.Finding{}, Reopenings: []timesheet.Reopening{}, Leave: []MonthLeave{},
		Version: -1}
}

// timesheetDetail builds the view of a month from its record and the
// entries the reader may see (only: the visible projects of a partial
// view, nil for the whole month).
func timesheetDetail(rec timeview.TimesheetRecord, entries []timeview.EntryView, only []string) TimesheetDetail {
	d := TimesheetDetail{TimesheetID: rec.TimesheetID, OrgID: rec.OrgID, PersonID: rec.PersonID, Month: rec.Month,
		Status: rec.Status, Partial: only != nil, VisibleProjects: only, Entries: entries, Days: []DayTotal{},
		Activities: []ActivityTotal{}, Warnings: []timesheet.Finding{}, Reopenings: rec.Reopenings,
		Signatures:      TimesheetSignatures{Submitted: rec.Submitted, Approved: rec.Approved, Rejected: rec.Rejected, Locked: rec.Locked},
		ApprovalComment: rec.ApprovalComment, RejectionReason: rec.RejectionReason, UpdatedAt: rec.UpdatedAt, Version: rec.Version}
	if d.Reopenings == nil {
		d.Reopenings = []timesheet.Reopening{}
	}
	visible := map[string]bool{}
	for _, e := range entries {
		visible[e.EntryID] = true
		d.TotalMinutes += e.Minutes
		if n := len(d.Days); n > 0 && d.Days[n-1].Date == e.Date {
			d.Days[n-1].Minutes += e.Minutes
		} else {
			d.Days = append(d.Days, DayTotal{Date: e.Date, Minutes: e.Minutes})
		}
		i := slices.IndexFunc(d.Activities, func(t ActivityTotal) bool { return t.ProjectID == e.ProjectID && t.ActivityID == e.ActivityID })
		if i < 0 {
			d.Activities = append(d.Activities, ActivityTotal{ProjectID: e.ProjectID, ProjectAcronym: e.ProjectAcronym,
				WorkPackageID: e.WorkPackageID, WorkPackageCode: e.WorkPackageCode, ActivityID: e.ActivityID,
				ActivityCode: e.ActivityCode, ActivityTitle: e.ActivityTitle})
			i = len(d.Activities) - 1
		}
		d.Activities[i].Minutes += e.Minutes
	}
	for i := range d.Days {
		d.Days[i].Hours = hoursOf(int64(d.Days[i].Minutes))
	}
	slices.SortFunc(d.Activities, func(a, b ActivityTotal) int {
		return cmp.Or(cmp.Compare(a.ProjectAcronym, b.ProjectAcronym), cmp.Compare(a.WorkPackageCode, b.WorkPackageCode),
			cmp.Compare(a.ActivityCode, b.ActivityCode), cmp.Compare(a.ActivityID, b.ActivityID))
	})
	for i := range d.Activities {
		d.Activities[i].Hours = hoursOf(int64(d.Activities[i].Minutes))
	}
	for _, w := range rec.Warnings {
		if only == nil || (w.EntryID != "" && visible[w.EntryID]) {
			d.Warnings = append(d.Warnings, w)
		}
	}
	d.TotalHours = hoursOf(int64(d.TotalMinutes))
	return d
}

// hoursOf is minutes as hours with two decimals ("7.50"), rounded half
// away from zero (as domain/costs rounds): integer arithmetic, since lists
// of effort write thousands of them.
func hoursOf(minutes int64) string {
	sign := ""
	if minutes < 0 {
		sign, minutes = "-", -minutes
	}
	hundredths := (minutes*100*2 + 60) / 120 // minutes/60 in hundredths, half up
	return fmt.Sprintf("%s%d.%02d", sign, hundredths/100, hundredths%100)
}
