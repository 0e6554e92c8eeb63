package writeapi

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"

	"cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/timesheet"
)

// The routes of a person's monthly timesheet: its entries and its
// workflow. Each answers the write's result with the month's status and
// warnings. Who may record, sign and review, and every rule of COMPLIANCE
// D, are the commands' and the domain's; a concurrent change of the month
// is decided again there, so a conflict reaches the client only after
// several.

// entryRequest is a time entry. How long: "hours" (a decimal, 7.5) or
// "minutes", or "start" and "end" ("HH:MM", with "break_minutes"); with
// both, they must agree. No project_id and activity_id: time for the
// employer outside projects.
type entryRequest struct {
	Date         string       `json:"date"`
	ProjectID    string       `json:"project_id"`
	ActivityID   string       `json:"activity_id"`
	Hours        *json.Number `json:"hours"`
	Minutes      *int         `json:"minutes"`
	Start        string       `json:"start"`
	End          string       `json:"end"`
	BreakMinutes int          `json:"break_minutes"`
	Description  string       `json:"description"`
	TaskID       string       `json:"task_id"`
	Reason       string       `json:"reason"`
}

func (r entryRequest) entry(id string) (timesheet.Entry, error) {
	date, err := civilDate("date", r.Date)
	if err != nil {
		return timesheet.Entry{}, err
	}
	minutes, err := minutesOf(r.Hours, r.Minutes)
	if err != nil {
		return timesheet.Entry{}, err
	}
	return timesheet.Entry{EntryID: id, Date: date, ProjectID: r.ProjectID, ActivityID: r.ActivityID, Minutes: minutes, Start: r.Start,
		End: r.End, BreakMinutes: r.BreakMinutes, Description: r.Description, TaskID: r.TaskID, Reason: r.Reason}, nil
}

// recordTimeEntry is POST
// /api/v1/orgs/:org/people/:person/timesheets/:month/entries; Result.ID is
// the entry's id.
func (a *api) recordTimeEntry(c *gin.Context) {
	monthCommand(a, c, false, http.StatusCreated, func(ctx context.Context, m commands.Meta, month calendar.Month, req entryRequest) (commands.TimesheetResult, error) {
		e, err := req.entry("")
		if err != nil {
			return commands.TimesheetResult{}, err
		}
		return a.Time.RecordTimeEntry.Handle(ctx, m, commands.RecordTimeEntry{OrgID: c.Param("org"), PersonID: c.Param("person"), Month: month, Entry: e})
	})
}

// changeTimeEntry is PUT
// /api/v1/orgs/:org/people/:person/timesheets/:month/entries/:entry: the
// body replaces every field of the entry.
func (a *api) changeTimeEntry(c *gin.Context) {
	monthCommand(a, c, false, http.StatusOK, func(ctx context.Context, m commands.Meta, month calendar.Month, req entryRequest) (commands.TimesheetResult, error) {
		e, err := req.entry(c.Param("entry"))
		if err != nil {
			return commands.TimesheetResult{}, err
		}
		return a.Time.ChangeTimeEntry.Handle(ctx, m, commands.ChangeTimeEntry{OrgID: c.Param("org"), PersonID: c.Param("person"), Month: month, Entry: e})
	})
}

// removeTimeEntry is DELETE
// /api/v1/orgs/:org/people/:person/timesheets/:month/entries/:entry (no
// body).
func (a *api) removeTimeEntry(c *gin.Context) {
	monthCommand(a, c, true, http.StatusOK, func(ctx context.Context, m commands.Meta, month calendar.Month, _ struct{}) (commands.TimesheetResult, error) {
		return a.Time.RemoveTimeEntry.Handle(ctx, m, commands.RemoveTimeEntry{OrgID: c.Param("org"), PersonID: c.Param("person"), Month: month,
			EntryID: c.Param("entry")})
	})
}

// submitTimesheet is POST
// /api/v1/orgs/:org/people/:person/timesheets/:month/submit (no body): the
// caller signs as the person.
func (a *api) submitTimesheet(c *gin.Context) {
	monthCommand(a, c, true, http.StatusOK, func(ctx context.Context, m commands.Meta, month calendar.Month, _ struct{}) (commands.TimesheetResult, error) {
		return a.Time.SubmitTimesheet.Handle(ctx, m, commands.SubmitTimesheet{OrgID: c.Param("org"), PersonID: c.Param("person"), Month: month})
	})
}

// approveTimesheet is POST
// /api/v1/orgs/:org/people/:person/timesheets/:month/approve (an optional
// {"comment"}).
func (a *api) approveTimesheet(c *gin.Context) {
	monthCommand(a, c, true, http.StatusOK, func(ctx context.Context, m commands.Meta, month calendar.Month, req struct {
		Comment string `json:"comment"`
	}) (commands.TimesheetResult, error) {
		return a.Time.ApproveTimesheet.Handle(ctx, m, commands.ApproveTimesheet{OrgID: c.Param("org"), PersonID: c.Param("person"), Month: month,
			Comment: req.Comment})
	})
}

// rejectTimesheet is POST
// /api/v1/orgs/:org/people/:person/timesheets/:month/reject ({"reason"},
// required).
func (a *api) rejectTimesheet(c *gin.Context) {
	monthCommand(a, c, false, http.StatusOK, func(ctx context.Context, m commands.Meta, month calendar.Month, req reasonRequest) (commands.TimesheetResult, error) {
		return a.Time.RejectTimesheet.Handle(ctx, m, commands.RejectTimesheet{OrgID: c.Param("org"), PersonID: c.Param("person"), Month: month,
			Reason: req.Reason})
	})
}

// lockTimesheet is POST
// /api/v1/orgs/:org/people/:person/timesheets/:month/lock (no body).
func (a *api) lockTimesheet(c *gin.Context) {
	monthCommand(a, c, true, http.StatusOK, func(ctx context.Context, m commands.Meta, month calendar.Month, _ struct{}) (commands.TimesheetResult, error) {
		return a.Time.LockTimesheet.Handle(ctx, m, commands.LockTimesheet{OrgID: c.Param("org"), PersonID: c.Param("person"), Month: month})
	})
}

// reopenTimesheet is POST
// /api/v1/orgs/:org/people/:person/timesheets/:month/reopen ({"reason"},
// required).
func (a *api) reopenTimesheet(c *gin.Context) {
	monthCommand(a, c, false, http.StatusOK, func(ctx context.Context, m commands.Meta, month calendar.Month, req reasonRequest) (commands.TimesheetResult, error) {
		return a.Time.ReopenTimesheet.Handle(ctx, m, commands.ReopenTimesheet{OrgID: c.Param("org"), PersonID: c.Param("person"), Month: month,
			Reason: req.Reason})
	})
}
