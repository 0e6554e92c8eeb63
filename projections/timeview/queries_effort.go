package timeview

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// EffortRow is one group of time_effort: the minutes of a person on a
// project's activity in a month, with the month's timesheet status
// ("draft" when the month has no timesheet row, which cannot happen for a
// month with time).
type EffortRow struct {
	ProjectID     string `json:"project_id"`
	WorkPackageID string `json:"work_package_id"`
	ActivityID    string `json:"activity_id"`
	PersonID      string `json:"person_id"`
	Month         string `json:"month"`
	Minutes       int64  `json:"minutes"`
	Status        string `json:"status"`
}

// EffortFilter selects effort. From and To ("YYYY-MM", both included)
// are required; the other fields do not filter when zero.
type EffortFilter struct {
	ProjectIDs []string // nil: every project, and time for the employer outside projects
	PersonIDs  []string
	From, To   string
	Statuses   []string // the months' timesheet statuses
}

// Effort is organisation orgID's effort matching f, by project, work
// package, activity, person and month. With one project it is one range
// scan of time_effort's key (organisation, project, month); with people
// and no project, of its person index.
func Effort(ctx context.Context, q Querier, orgID string, f EffortFilter) ([]EffortRow, error) {
	var w where
	w.Add("f.org_id = ?", orgID)
	switch {
	case len(f.ProjectIDs) == 1:
		w.Add("f.project_id = ?", f.ProjectIDs[0])
	case f.ProjectIDs != nil:
		w.Add("f.project_id = ANY(?)", f.ProjectIDs)
	}
	if f.PersonIDs != nil {
		w.Add("f.person_id = ANY(?)", f.PersonIDs)
	}
	from, to := w.Param(f.From), w.Param(f.To)
	w.Conds = append(w.Conds, "f.month BETWEEN "+from+" AND "+to)
	if len(f.Statuses) > 0 {
		w.Add("coalesce(t.status, 'draft') = ANY(?)", f.Statuses)
	}
	// The join is on equalities only, so that each effort row finds its
	// timesheet through all three columns of time_timesheets_org_month
	// whatever the planner's statistics say (a range on the month there
	// leaves the person to a filter: a nested loop over every timesheet of
	// the month when the statistics are stale after a bulk load). The order
	// compares bytes: the keys are ids and months, and a linguistic
	// collation only costs time.
	return collect(ctx, q, "effort of "+orgID, func(row pgx.CollectableRow) (EffortRow, error) {
		var v EffortRow
		return v, row.Scan(&v.ProjectID, &v.WorkPackageID, &v.ActivityID, &v.PersonID, &v.Month, &v.Minutes, &v.Status)
	}, `SELECT f.project_id, f.work_package_id, f.activity_id, f.person_id, f.month, f.minutes, coalesce(t.status, 'draft')
		FROM `+TableEffort+` f
		LEFT JOIN `+TableTimesheets+` t ON t.org_id = f.org_id AND t.month = f.month AND t.person_id = f.person_id
		`+w.SQL()+` ORDER BY f.project_id COLLATE "C", f.work_package_id COLLATE "C", f.activity_id COLLATE "C",
			f.person_id COLLATE "C", f.month COLLATE "C"`, w.Args...)
}
