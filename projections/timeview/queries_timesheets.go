package timeview

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/domain/calendar"
	"cronica/domain/timesheet"
)

// TimesheetSummary is a timesheet in a list.
type TimesheetSummary struct {
	TimesheetID string `json:"timesheet_id"`
	OrgID       string `json:"org_id"`
	PersonID    string `json:"person_id"`
	Month       string `json:"month"`
	Status      string `json:"status"`
	// TotalMinutes is the month's total; in a partial summary, the total
	// of the projects the reader may see only.
	TotalMinutes int `json:"total_minutes"`
	// WarningCount is the number of warnings; nil in a partial summary
	// (warnings may concern other projects' time).
	WarningCount *int `json:"warning_count"`
	ReopenCount  int  `json:"reopen_count"`
	// Partial: the reader sees this month through a project-scoped grant,
	// so only the time of those projects.
	Partial     bool      `json:"partial"`
	SubmittedAt time.Time `json:"submitted_at,omitzero"`
	ApprovedAt  time.Time `json:"approved_at,omitzero"`
	UpdatedAt   time.Time `json:"updated_at"`
	Version     int64     `json:"version"`
}

// TimesheetKey is the keyset key of a timesheet list: month and person
// id.
func TimesheetKey(v TimesheetSummary) string { return v.Month + "/" + v.PersonID }

// TimesheetFilter narrows a timesheet list. Zero fields do not filter.
type TimesheetFilter struct {
	PersonID  string
	Month     string   // "YYYY-MM"
	Statuses  []string // any of them
	ProjectID string   // months with time on this project
	// Scope, when not nil, limits the list to what a reader without
	// organisation-wide timesheet.read may see.
	Scope *TimesheetScope
}

// TimesheetScope is what a reader without organisation-wide
// timesheet.read may see: their own months in full (SelfPersonID, "" for
// none) and, partially, the months with time on Projects.
type TimesheetScope struct {
	SelfPersonID string
	Projects     []string
}

// ListTimesheets is a page of organisation orgID's timesheets matching f,
// newest month first, then by person id, after cursor (TimesheetKey of
// the last item, "" for the first page), at most limit.
func ListTimesheets(ctx context.Context, q Querier, orgID string, f TimesheetFilter, cursor string, limit int) (Page[TimesheetSummary], error) {
	var w where
	w.Add("t.org_id = ?", orgID)
	if cursor != "" {
		month, person, err := splitKey(cursor)
		if err != nil {
			return Page[TimesheetSummary]{}, err
		}
		w.Add("(t.month < ? OR (t.month = ? AND t.person_id > ?))", month, month, person)
	}
	if f.PersonID != "" {
		w.Add("t.person_id = ?", f.PersonID)
	}
	if f.Month != "" {
		w.Add("t.month = ?", f.Month)
	}
	if len(f.Statuses) > 0 {
		w.Add("t.status = ANY(?)", f.Statuses)
	}
	// onProjects: the month has time on one of the projects $n.
	onProjects := func(projects string) string {
		return `EXISTS (SELECT 1 FROM ` + TableEffort + ` f WHERE f.org_id = t.org_id AND f.person_id = t.person_id
			AND f.month = t.month AND f.project_id = ANY(` + projects + `))`
	}
	if f.ProjectID != "" {
		w.Conds = append(w.Conds, onProjects(w.Param([]string{f.ProjectID})))
	}
	partial, minutes, warnings := "false", "t.total_minutes", "jsonb_array_length(t.warnings)"
	if s := f.Scope; s != nil {
		projects := s.Projects
		if projects == nil {
			projects = []string{}
		}
		self, visible := w.Param(s.SelfPersonID), w.Param(projects)
		w.Conds = append(w.Conds, "(t.person_id = "+self+" OR "+onProjects(visible)+")")
		partial = "t.person_id <> " + self
		minutes = `CASE WHEN t.person_id = ` + self + ` THEN t.total_minutes ELSE (SELECT coalesce(sum(f.minutes), 0)::integer
			FROM ` + TableEffort + ` f WHERE f.org_id = t.org_id AND f.person_id = t.person_id AND f.month = t.month
			AND f.project_id = ANY(` + visible + `)) END`
		warnings = "CASE WHEN t.person_id = " + self + " THEN jsonb_array_length(t.warnings) END"
	}
	return listPage(ctx, q, "list timesheets of "+orgID, limit, TimesheetKey, func(row pgx.CollectableRow) (TimesheetSummary, error) {
		var (
			v                   TimesheetSummary
			submitted, approved *time.Time
		)
		err := row.Scan(&v.TimesheetID, &v.OrgID, &v.PersonID, &v.Month, &v.Status, &v.TotalMinutes, &v.WarningCount,
			&v.ReopenCount, &v.Partial, &submitted, &approved, &v.UpdatedAt, &v.Version)
		v.SubmittedAt, v.ApprovedAt, v.UpdatedAt = timeOrZero(submitted), timeOrZero(approved), v.UpdatedAt.UTC()
		return v, err
	}, `SELECT t.timesheet_id, t.org_id, t.person_id, t.month, t.status, `+minutes+`, `+warnings+`,
		jsonb_array_length(t.reopenings), `+partial+`, t.submitted_at, t.approved_at, t.updated_at, t.version
		FROM `+TableTimesheets+` t `+w.SQL()+` ORDER BY t.month DESC, t.person_id LIMIT `+w.Next(), w.Args...)
}

// SignatureView is a signature of a timesheet: who, through which
// account, when, and in what capacity.
type SignatureView struct {
	PersonID  string    `json:"person_id"`
	AccountID string    `json:"account_id,omitempty"`
	At        time.Time `json:"at"`
	As        string    `json:"as,omitempty"`
}

// TimesheetRecord is a timesheet's row: status, totals, warnings, the
// signatures in force and every reopening.
type TimesheetRecord struct {
	TimesheetID     string
	OrgID           string
	PersonID        string
	Month           string
	Status          string
	TotalMinutes    int
	Warnings        []timesheet.Finding
	Submitted       *SignatureView // the person's
	Approved        *SignatureView // the supervisor's or project manager's
	ApprovalComment string
	Rejected        *SignatureView
	RejectionReason string
	Locked          *SignatureView
	Reopenings      []timesheet.Reopening
	OpenedAt        time.Time
	UpdatedAt       time.Time
	Version         int64
}

// GetTimesheet is person personID's timesheet of month ("YYYY-MM") in
// organisation orgID, or domain.ErrNotFound when the month has no events.
func GetTimesheet(ctx context.Context, q Querier, orgID, personID, month string) (TimesheetRecord, error) {
	return getOne(ctx, q, "get timesheet of "+personID+" "+month, func(row pgx.CollectableRow) (TimesheetRecord, error) {
		var (
			v                                                TimesheetRecord
			warnings, reopenings                             []byte
			subBy, subAcc, appBy, appAcc, appAs, rejBy, lkBy string
			subAt, appAt, rejAt, lkAt                        *time.Time
		)
		if err := row.Scan(&v.TimesheetID, &v.OrgID, &v.PersonID, &v.Month, &v.Status, &v.TotalMinutes, &warnings,
			&subBy, &subAcc, &subAt, &appBy, &appAcc, &appAt, &appAs, &v.ApprovalComment, &rejBy, &rejAt, &v.RejectionReason,
			&lkBy, &lkAt, &reopenings, &v.OpenedAt, &v.UpdatedAt, &v.Version); err != nil {
			return v, err
		}
		if err := json.Unmarshal(warnings, &v.Warnings); err != nil {
			return v, fmt.Errorf("warnings: %w", err)
		}
		if err := json.Unmarshal(reopenings, &v.Reopenings); err != nil {
			return v, fmt.Errorf("reopenings: %w", err)
		}
		v.Submitted = signature(subBy, subAcc, subAt, "person")
		v.Approved = signature(appBy, appAcc, appAt, appAs)
		v.Rejected = signature(rejBy, "", rejAt, "")
		v.Locked = signature(lkBy, "", lkAt, "")
		v.OpenedAt, v.UpdatedAt = v.OpenedAt.UTC(), v.UpdatedAt.UTC()
		return v, nil
	}, `SELECT timesheet_id, org_id, person_id, month, status, total_minutes, warnings, submitted_by, submitted_account,
		submitted_at, approved_by, approved_account, approved_at, approved_as, approval_comment, rejected_by, rejected_at,
		rejection_reason, locked_by, locked_at, reopenings, opened_at, updated_at, version
		FROM `+TableTimesheets+` WHERE org_id = $1 AND person_id = $2 AND month = $3`, orgID, personID, month)
}

// signature is nil when nobody signed (at is NULL).
func signature(person, account string, at *time.Time, as string) *SignatureView {
	if at == nil {
		return nil
	}
	return &SignatureView{PersonID: person, AccountID: account, At: at.UTC(), As: as}
}

// EntryView is a time entry with its project's acronym and its work
// package's and activity's codes ("" for time worked for the employer
// outside projects).
type EntryView struct {
	EntryID         string        `json:"entry_id"`
	Date            calendar.Date `json:"date"`
	ProjectID       string        `json:"project_id,omitempty"`
	ProjectAcronym  string        `json:"project_acronym,omitempty"`
	WorkPackageID   string        `json:"work_package_id,omitempty"`
	WorkPackageCode string        `json:"work_package_code,omitempty"`
	ActivityID      string        `json:"activity_id,omitempty"`
	ActivityCode    string        `json:"activity_code,omitempty"`
	ActivityTitle   string        `json:"activity_title,omitempty"`
	Minutes         int           `json:"minutes"`
	Start           string        `json:"start,omitempty"`
	End             string        `json:"end,omitempty"`
	BreakMinutes    int           `json:"break_minutes,omitempty"`
	Description     string        `json:"description,omitempty"`
	TaskID          string        `json:"task_id,omitempty"`
	Reason          string        `json:"reason,omitempty"`
	RecordedAt      time.Time     `json:"recorded_at"`
	UpdatedAt       time.Time     `json:"updated_at"`
}

// TimesheetEntries is the entries of timesheet timesheetID of
// organisation orgID, by date, start time and recording; only, when not
// nil, keeps the entries of those projects.
func TimesheetEntries(ctx context.Context, q Querier, orgID, timesheetID string, only []string) ([]EntryView, error) {
	var w where
	w.Add("e.org_id = ?", orgID)
	w.Add("e.timesheet_id = ?", timesheetID)
	if only != nil {
		w.Add("e.project_id = ANY(?)", only)
	}
	return collect(ctx, q, "entries of timesheet "+timesheetID, func(row pgx.CollectableRow) (EntryView, error) {
		var (
			v                              EntryView
			day                            time.Time
			acronym, wpCode, aCode, aTitle *string
		)
		err := row.Scan(&v.EntryID, &day, &v.ProjectID, &acronym, &v.WorkPackageID, &wpCode, &v.ActivityID, &aCode, &aTitle,
			&v.Minutes, &v.Start, &v.End, &v.BreakMinutes, &v.Description, &v.TaskID, &v.Reason, &v.RecordedAt, &v.UpdatedAt)
		v.Date, v.RecordedAt, v.UpdatedAt = civil(&day), v.RecordedAt.UTC(), v.UpdatedAt.UTC()
		v.ProjectAcronym, v.WorkPackageCode, v.ActivityCode, v.ActivityTitle = deref(acronym), deref(wpCode), deref(aCode), deref(aTitle)
		return v, err
	}, `SELECT e.entry_id, e.entry_date, e.project_id, p.acronym, e.work_package_id, w.code, e.activity_id, a.code, a.title,
		e.minutes, e.start_time, e.end_time, e.break_minutes, e.description, e.task_id, e.reason, e.recorded_at, e.updated_at
		FROM `+TableEntries+` e
		LEFT JOIN `+TableProjects+` p ON p.project_id = e.project_id AND p.org_id = e.org_id
		LEFT JOIN `+TableWorkPackages+` w ON w.work_package_id = e.work_package_id AND w.org_id = e.org_id
		LEFT JOIN `+TableActivities+` a ON a.activity_id = e.activity_id AND a.org_id = e.org_id
		`+w.SQL()+` ORDER BY e.entry_date, e.start_time, e.recorded_at, e.entry_id`, w.Args...)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
