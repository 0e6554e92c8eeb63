package timeview

import (
	"cronica/domain"
	"cronica/domain/timesheet"
)

// effortKey joins a time_effort row (f) with a time_entries row (o).
const effortKey = `f.org_id = o.org_id AND f.project_id = o.project_id AND f.month = o.month
	AND f.work_package_id = o.work_package_id AND f.activity_id = o.activity_id AND f.person_id = o.person_id`

// timesheetStatements are the statements of a timesheet event. Entries
// keep time_effort exact: an entry's minutes are added to its group when
// it is recorded, taken out of its old group (deleted when it empties)
// before it changes or goes, and added to its new group after it changed.
// Each event moves the timesheet's total by the entry's minutes (read
// before the entry changes) and takes its warnings.
func (c change) timesheetStatements(ev domain.Event) ([]statement, error) {
	t := c.t
	entries, effort := t.Ident(TableEntries), t.Ident(TableEffort)

	// workPackage is the work package of the entry's activity ($project,
	// $activity), '' outside projects; NULL, which the NOT NULL column
	// refuses, when the model does not know the activity.
	workPackage := func(project, activity string) string {
		return `CASE WHEN ` + activity + ` = '' THEN '' ELSE (SELECT a.work_package_id FROM ` + t.Ident(TableActivities) +
			` a WHERE a.activity_id = ` + activity + ` AND a.project_id = ` + project + `) END`
	}
	effortAdd := func(entryID string) statement {
		return statement{SQL: "INSERT INTO " + effort + ` AS f (org_id, project_id, month, work_package_id, activity_id, person_id,
			minutes, entries)
			SELECT org_id, project_id, month, work_package_id, activity_id, person_id, minutes, 1 FROM ` + entries + ` WHERE entry_id = $1
			ON CONFLICT (org_id, project_id, month, work_package_id, activity_id, person_id)
			DO UPDATE SET minutes = f.minutes + excluded.minutes, entries = f.entries + 1`,
			Args: []any{entryID}, One: true}
	}
	effortTakeOut := func(entryID string) []statement {
		return []statement{
			{SQL: "UPDATE " + effort + ` f SET minutes = f.minutes - o.minutes, entries = f.entries - 1
				FROM ` + entries + ` o WHERE o.entry_id = $1 AND ` + effortKey,
				Args: []any{entryID}, One: true},
			{SQL: "DELETE FROM " + effort + ` f USING ` + entries + ` o WHERE o.entry_id = $1 AND f.entries = 0 AND ` + effortKey,
				Args: []any{entryID}},
		}
	}
	// totals moves the timesheet's total by delta (an expression over
	// deltaArgs, from $6 on) and takes its warnings. The total is kept
	// incrementally: summing the month's entries on every event cost a
	// scan of them per event.
	totals := func(h timesheet.Header, warnings []timesheet.Finding, delta string, deltaArgs ...any) (statement, error) {
		w, err := findingsArg(warnings)
		if err != nil {
			return statement{}, err
		}
		return statement{SQL: "UPDATE " + t.Ident(TableTimesheets) + ` SET total_minutes = total_minutes + ` + delta + `,
			warnings = $3, updated_at = $4, version = $5 WHERE timesheet_id = $1 AND org_id = $2`,
			Args: append([]any{h.TimesheetID, h.OrgID, w, c.at, c.version}, deltaArgs...), One: true}, nil
	}
	// oldMinutes is the minutes of entry $6 as the model has them, read
	// before the entry changes or goes.
	oldMinutes := "(SELECT o.minutes FROM " + entries + " o WHERE o.entry_id = $6)"
	workflow := func(h timesheet.Header, set string, args ...any) statement {
		return statement{SQL: "UPDATE " + t.Ident(TableTimesheets) + " SET updated_at = $3, version = $4, " + set +
			" WHERE timesheet_id = $1 AND org_id = $2",
			Args: append([]any{h.TimesheetID, h.OrgID, c.at, c.version}, args...), One: true}
	}

	switch ev := ev.(type) {
	case *timesheet.TimesheetOpened:
		h := ev.Header
		return []statement{{SQL: "INSERT INTO " + t.Ident(TableTimesheets) + ` (timesheet_id, org_id, person_id, month, status,
			total_minutes, warnings, submitted_by, submitted_account, submitted_at, approved_by, approved_account, approved_at,
			approved_as, approval_comment, rejected_by, rejected_at, rejection_reason, locked_by, locked_at, reopenings,
			opened_at, updated_at, version)
			VALUES ($1, $2, $3, $4, 'draft', 0, '[]', '', '', NULL, '', '', NULL, '', '', '', NULL, '', '', NULL, '[]', $5, $5, $6)`,
			Args: []any{h.TimesheetID, h.OrgID, h.PersonID, h.Month.String(), c.at, c.version}}}, nil

	case *timesheet.TimeEntryRecorded:
		h, e := ev.Header, ev.Entry
		total, err := totals(h, ev.Warnings, "$6", e.Minutes)
		if err != nil {
			return nil, err
		}
		return []statement{
			{SQL: "INSERT INTO " + entries + ` (entry_id, timesheet_id, org_id, person_id, month, entry_date, project_id,
				work_package_id, activity_id, minutes, start_time, end_time, break_minutes, description, task_id, reason,
				recorded_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, ` + workPackage("$7", "$8") + `, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)`,
				Args: []any{e.EntryID, h.TimesheetID, h.OrgID, h.PersonID, h.Month.String(), dateArg(e.Date), e.ProjectID,
					e.ActivityID, e.Minutes, e.Start, e.End, e.BreakMinutes, e.Description, e.TaskID, e.Reason, c.at}},
			effortAdd(e.EntryID),
			total,
		}, nil

	case *timesheet.TimeEntryChanged:
		h, e := ev.Header, ev.Entry
		total, err := totals(h, ev.Warnings, "$7 - "+oldMinutes, e.EntryID, e.Minutes)
		if err != nil {
			return nil, err
		}
		stmts := append([]statement{total}, effortTakeOut(e.EntryID)...)
		return append(stmts,
			statement{SQL: "UPDATE " + entries + ` SET entry_date = $3, project_id = $4, work_package_id = ` + workPackage("$4", "$5") + `,
				activity_id = $5, minutes = $6, start_time = $7, end_time = $8, break_minutes = $9, description = $10,
				task_id = $11, reason = $12, updated_at = $13
				WHERE entry_id = $1 AND timesheet_id = $2`,
				Args: []any{e.EntryID, h.TimesheetID, dateArg(e.Date), e.ProjectID, e.ActivityID, e.Minutes, e.Start, e.End,
					e.BreakMinutes, e.Description, e.TaskID, e.Reason, c.at},
				One: true},
			effortAdd(e.EntryID),
		), nil

	case *timesheet.TimeEntryRemoved:
		h := ev.Header
		total, err := totals(h, ev.Warnings, "- "+oldMinutes, ev.EntryID)
		if err != nil {
			return nil, err
		}
		stmts := append([]statement{total}, effortTakeOut(ev.EntryID)...)
		return append(stmts,
			statement{SQL: "DELETE FROM " + entries + " WHERE entry_id = $1 AND timesheet_id = $2",
				Args: []any{ev.EntryID, h.TimesheetID}, One: true},
		), nil

	case *timesheet.TimesheetSubmitted:
		s := ev.Signature
		w, err := findingsArg(ev.Warnings)
		if err != nil {
			return nil, err
		}
		// A submission clears an earlier approval and rejection, as the
		// aggregate does.
		return []statement{workflow(ev.Header, `status = 'submitted', submitted_by = $5, submitted_account = $6, submitted_at = $7,
			approved_by = '', approved_account = '', approved_at = NULL, approved_as = '', approval_comment = '',
			rejected_by = '', rejected_at = NULL, rejection_reason = '', warnings = $8`,
			s.PersonID, s.AccountID, timeArg(s.At, c.at), w)}, nil
	case *timesheet.TimesheetApproved:
		s := ev.Signature
		return []statement{workflow(ev.Header, `status = 'approved', approved_by = $5, approved_account = $6, approved_at = $7,
			approved_as = $8, approval_comment = $9`,
			s.PersonID, s.AccountID, timeArg(s.At, c.at), s.As, ev.Comment)}, nil
	case *timesheet.TimesheetRejected:
		s := ev.Signature
		return []statement{workflow(ev.Header, `status = 'rejected', rejected_by = $5, rejected_at = $6, rejection_reason = $7`,
			s.PersonID, timeArg(s.At, c.at), ev.Reason)}, nil
	case *timesheet.TimesheetLocked:
		s := ev.Signature
		return []statement{workflow(ev.Header, `status = 'locked', locked_by = $5, locked_at = $6`,
			s.PersonID, timeArg(s.At, c.at))}, nil
	case *timesheet.TimesheetReopened:
		r, err := jsonArg([]timesheet.Reopening{{Signature: ev.Signature, From: ev.From, Reason: ev.Reason}})
		if err != nil {
			return nil, err
		}
		// The month is a draft again: the signatures it had no longer
		// stand; the reopening is kept for every later report.
		return []statement{workflow(ev.Header, `status = 'draft', submitted_by = '', submitted_account = '', submitted_at = NULL,
			approved_by = '', approved_account = '', approved_at = NULL, approved_as = '', approval_comment = '',
			locked_by = '', locked_at = NULL, reopenings = reopenings || $5::jsonb`, r)}, nil
	}
	return nil, nil
}

// findingsArg is a list of findings as jsonb ('[]' for none).
func findingsArg(fs []timesheet.Finding) ([]byte, error) {
	if fs == nil {
		fs = []timesheet.Finding{}
	}
	return jsonArg(fs)
}
