package readapi

import (
	"time"

	"cronica/domain/calendar"
	"cronica/domain/timesheet"
	"cronica/projections/timeview"
)

// The view types of the Time read routes. Lists use Page with the read
// model's own item views (timeview.ProjectView, ContractView, LeaveView,
// TimesheetSummary); the types here compose them.

// PersonContracts is GET /orgs/:org/people/:person/contracts: every
// contract of the person, with its terms history (an amendment adds a
// version and never rewrites the earlier ones), and every assignment.
type PersonContracts struct {
	PersonID    string                    `json:"person_id"`
	Contracts   []timeview.ContractView   `json:"contracts"`
	Assignments []timeview.AssignmentView `json:"assignments"`
}

// OrgCalendar is GET /orgs/:org/calendar: the year's non-working days
// besides weekends (the legal public holidays, computed, and the
// organisation's extra days), and its working days.
type OrgCalendar struct {
	OrgID       string        `json:"org_id"`
	Year        int           `json:"year"`
	Days        []CalendarDay `json:"days"`
	Months      []MonthDays   `json:"months"`
	WorkingDays int           `json:"working_days"`
}

// CalendarDay is a non-working day. Legal: a public holiday of Codul
// muncii art. 139; Extra: a day the organisation added (both when they
// coincide, names joined).
type CalendarDay struct {
	Date    calendar.Date `json:"date"`
	Name    string        `json:"name"`
	NameRO  string        `json:"name_ro"`
	Weekday string        `json:"weekday"`
	Legal   bool          `json:"legal"`
	Extra   bool          `json:"extra"`
}

// MonthDays is the number of working days of a month.
type MonthDays struct {
	Month       string `json:"month"`
	WorkingDays int    `json:"working_days"`
}

// TimesheetDetail is GET /orgs/:org/people/:person/timesheets/:month: a
// person's month with its entries by date, the totals per day and per
// activity, its status, warnings, signatures and reopenings. A month
// without events is an empty draft with version -1.
//
// Partial is set when the reader sees the month through a project-scoped
// grant: then Entries, Days, Activities and TotalMinutes hold only the
// projects in VisibleProjects, Warnings only those attached to a visible
// entry (the day and week findings count every project, so they are left
// out), and the person's other projects do not appear at all.
type TimesheetDetail struct {
	TimesheetID     string                `json:"timesheet_id"`
	OrgID           string                `json:"org_id"`
	PersonID        string                `json:"person_id"`
	Month           string                `json:"month"`
	Status          string                `json:"status"`
	Partial         bool                  `json:"partial"`
	VisibleProjects []string              `json:"visible_projects,omitempty"`
	TotalMinutes    int                   `json:"total_minutes"`
	TotalHours      string                `json:"total_hours"`
	Entries         []timeview.EntryView  `json:"entries"`
	Days            []DayTotal            `json:"days"`
	Activities      []ActivityTotal       `json:"activities"`
	Warnings        []timesheet.Finding   `json:"warnings"`
	Signatures      TimesheetSignatures   `json:"signatures"`
	ApprovalComment string                `json:"approval_comment,omitempty"`
	RejectionReason string                `json:"rejection_reason,omitempty"`
	Reopenings      []timesheet.Reopening `json:"reopenings"`
	// Leave is the person's leave in force in the month, kind and days
	// only (no note): whoever may read the month sees why a day is off.
	Leave     []MonthLeave `json:"leave"`
	UpdatedAt time.Time    `json:"updated_at,omitzero"`
	Version   int64        `json:"version"` // of its stream; -1: no events yet
}

// MonthLeave is a period of leave that overlaps a timesheet's month.
type MonthLeave struct {
	Kind  string        `json:"kind"`
	Start calendar.Date `json:"start"`
	End   calendar.Date `json:"end"`
}

// TimesheetSignatures are the signatures in force: the person's
// (submitted), the reviewer's (approved or rejected), and the lock's.
type TimesheetSignatures struct {
	Submitted *timeview.SignatureView `json:"submitted"`
	Approved  *timeview.SignatureView `json:"approved"`
	Rejected  *timeview.SignatureView `json:"rejected"`
	Locked    *timeview.SignatureView `json:"locked"`
}

// DayTotal is the time of one day of the month.
type DayTotal struct {
	Date    calendar.Date `json:"date"`
	Minutes int           `json:"minutes"`
	Hours   string        `json:"hours"`
}

// ActivityTotal is the month's time on one activity (project "" for time
// worked for the employer outside projects).
type ActivityTotal struct {
	ProjectID       string `json:"project_id,omitempty"`
	ProjectAcronym  string `json:"project_acronym,omitempty"`
	WorkPackageID   string `json:"work_package_id,omitempty"`
	WorkPackageCode string `json:"work_package_code,omitempty"`
	ActivityID      string `json:"activity_id,omitempty"`
	ActivityCode    string `json:"activity_code,omitempty"`
	ActivityTitle   string `json:"activity_title,omitempty"`
	Minutes         int    `json:"minutes"`
	Hours           string `json:"hours"`
}

// EffortSummary is GET /orgs/:org/projects/:project/effort: the time
// recorded on a project from From to To (months, both included), per work
// package (with its activities), per person, and per line: one person's
// month on one work package, where day-equivalents are rounded
// (COMPLIANCE A.1, A.3). Statuses are the timesheet statuses counted
// (empty: every month, drafts included). HoursPerDay is the project's
// convention, RateMethod its rate method; PersonMonthsBasis says whether
// person-months count day-equivalents (/ (215/12)) or hours (/ (1720/12),
// Horizon 2020's methods).
type EffortSummary struct {
	OrgID             string              `json:"org_id"`
	ProjectID         string              `json:"project_id"`
	Acronym           string              `json:"acronym"`
	From              string              `json:"from"`
	To                string              `json:"to"`
	Statuses          []string            `json:"statuses"`
	HoursPerDay       string              `json:"hours_per_day"`
	RateMethod        string              `json:"rate_method"`
	PersonMonthsBasis string              `json:"person_months_basis"`
	Description       string              `json:"description"`
	DescriptionRO     string              `json:"description_ro"`
	WorkPackages      []EffortWorkPackage `json:"work_packages"`
	People            []EffortPerson      `json:"people"`
	Lines             []EffortLine        `json:"lines"`
	Total             EffortTotals        `json:"total"`
}

// EffortTotals are the figures of a group: minutes (exact), hours (two
// decimals), day-equivalents (exact, in half days) and person-months (two
// decimals).
type EffortTotals struct {
	Minutes        int64  `json:"minutes"`
	Hours          string `json:"hours"`
	DayEquivalents string `json:"day_equivalents"`
	PersonMonths   string `json:"person_months"`
}

// EffortWorkPackage is a work package's totals with its activities'
// time.
type EffortWorkPackage struct {
	WorkPackageID string `json:"work_package_id"`
	Code          string `json:"code"`
	Title         string `json:"title"`
	EffortTotals
	Activities []EffortActivity `json:"activities"`
}

// EffortActivity is the time on one activity.
type EffortActivity struct {
	ActivityID string `json:"activity_id"`
	Code       string `json:"code"`
	Title      string `json:"title"`
	Minutes    int64  `json:"minutes"`
	Hours      string `json:"hours"`
}

// EffortPerson is a person's totals on the project.
type EffortPerson struct {
	PersonID string `json:"person_id"`
	EffortTotals
}

// EffortLine is one person's month on one work package: the unit whose
// day-equivalents are rounded, with the hours per day used and the
// activities' time.
type EffortLine struct {
	WorkPackageID   string `json:"work_package_id"`
	WorkPackageCode string `json:"work_package_code"`
	PersonID        string `json:"person_id"`
	Month           string `json:"month"`
	TimesheetStatus string `json:"timesheet_status"`
	HoursPerDay     string `json:"hours_per_day"`
	EffortTotals
	Activities []EffortActivity `json:"activities"`
}
