package timeview

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/domain/calendar"
	"cronica/domain/project"
)

// ProjectView is a project as the API shows it: details and rules.
type ProjectView struct {
	ProjectID    string        `json:"project_id"`
	OrgID        string        `json:"org_id"`
	Programme    string        `json:"programme"`
	Title        string        `json:"title"`
	Acronym      string        `json:"acronym"`
	GrantNumber  string        `json:"grant_number,omitempty"`
	SMISCode     string        `json:"smis_code,omitempty"`
	Start        calendar.Date `json:"start"`
	End          calendar.Date `json:"end"`
	FinalPayment calendar.Date `json:"final_payment,omitzero"`
	Rules        project.Rules `json:"rules"`
	RegisteredAt time.Time     `json:"registered_at"`
	UpdatedAt    time.Time     `json:"updated_at"`
	Version      int64         `json:"version"` // of its stream, for If-Match
}

// WorkPackageView is a work package with its activities, in code order.
type WorkPackageView struct {
	WorkPackageID string         `json:"work_package_id"`
	Code          string         `json:"code"`
	Title         string         `json:"title"`
	Activities    []ActivityView `json:"activities"`
}

// ActivityView is an activity of a work package.
type ActivityView struct {
	ActivityID    string        `json:"activity_id"`
	WorkPackageID string        `json:"work_package_id"`
	Code          string        `json:"code"`
	Title         string        `json:"title"`
	Start         calendar.Date `json:"start,omitzero"`
	End           calendar.Date `json:"end,omitzero"`
}

// PartnerView is a partner of a project.
type PartnerView struct {
	PartnerID    string `json:"partner_id"`
	Name         string `json:"name"`
	Country      string `json:"country,omitempty"`
	PartnerOrgID string `json:"partner_org_id,omitempty"` // its own Cronica organisation, if any
}

// BudgetLineView is the budget of a cost category for the beneficiary
// (PartnerID "") or a partner.
type BudgetLineView struct {
	Category    string `json:"category"`
	PartnerID   string `json:"partner_id,omitempty"`
	AmountCents int64  `json:"amount_cents"`
}

// MemberView is a project member and their role there.
type MemberView struct {
	PersonID string        `json:"person_id"`
	Role     string        `json:"role"`
	Since    calendar.Date `json:"since"`
}

// ProjectDetail is a project with everything it holds.
type ProjectDetail struct {
	ProjectView
	WorkPackages []WorkPackageView `json:"work_packages"`
	Partners     []PartnerView     `json:"partners"`
	Budget       []BudgetLineView  `json:"budget"`
	Members      []MemberView      `json:"members"`
}

const projectColumns = `project_id, org_id, programme, title, acronym, grant_number, smis_code, start_date, end_date,
	final_payment, daily_cap_minutes, weekly_cap_minutes, hours_per_day, rate_method, eu_grant, registered_at, updated_at, version`

func scanProject(row pgx.CollectableRow) (ProjectView, error) {
	var (
		v          ProjectView
		start, end time.Time
		final      *time.Time
		hpd, rate  string
	)
	err := row.Scan(&v.ProjectID, &v.OrgID, &v.Programme, &v.Title, &v.Acronym, &v.GrantNumber, &v.SMISCode, &start, &end,
		&final, &v.Rules.DailyCapMinutes, &v.Rules.WeeklyCapMinutes, &hpd, &rate, &v.Rules.EUGrant, &v.RegisteredAt,
		&v.UpdatedAt, &v.Version)
	v.Start, v.End, v.FinalPayment = civil(&start), civil(&end), civil(final)
	v.Rules.HoursPerDay, v.Rules.RateMethod = project.HoursPerDay(hpd), project.RateMethod(rate)
	v.RegisteredAt, v.UpdatedAt = v.RegisteredAt.UTC(), v.UpdatedAt.UTC()
	return v, err
}

// ProjectFilter narrows a project list. Zero fields do not filter.
type ProjectFilter struct {
	Programme string
	// Only, when not nil, keeps these projects only (a caller who may
	// read some projects of the organisation, not all).
	Only []string
}

// ListProjects is a page of organisation orgID's projects matching f, in
// project id order, after cursor (a project id, "" for the first page),
// at most limit. Next is the last project id.
func ListProjects(ctx context.Context, q Querier, orgID string, f ProjectFilter, cursor string, limit int) (Page[ProjectView], error) {
	var w where
	w.Add("org_id = ?", orgID)
	w.Add("project_id > ?", cursor)
	if f.Programme != "" {
		w.Add("programme = ?", f.Programme)
	}
	if f.Only != nil {
		w.Add("project_id = ANY(?)", f.Only)
	}
	return listPage(ctx, q, "list projects of "+orgID, limit, func(v ProjectView) string { return v.ProjectID }, scanProject,
		`SELECT `+projectColumns+` FROM `+TableProjects+` `+w.SQL()+` ORDER BY project_id LIMIT `+w.Next(), w.Args...)
}

// GetProject is project projectID of organisation orgID, or
// domain.ErrNotFound (also when it belongs to another organisation).
func GetProject(ctx context.Context, q Querier, orgID, projectID string) (ProjectView, error) {
	return getOne(ctx, q, "get project "+projectID, scanProject,
		`SELECT `+projectColumns+` FROM `+TableProjects+` WHERE org_id = $1 AND project_id = $2`, orgID, projectID)
}

// GetProjectDetail is GetProject with the project's work packages and
// their activities (in code order), partners (in name order), budget
// lines (by category, beneficiary first) and members (by person id).
func GetProjectDetail(ctx context.Context, q Querier, orgID, projectID string) (ProjectDetail, error) {
	p, err := GetProject(ctx, q, orgID, projectID)
	if err != nil {
		return ProjectDetail{}, err
	}
	d := ProjectDetail{ProjectView: p}
	op := "get project " + projectID
	if d.WorkPackages, err = collect(ctx, q, op, func(row pgx.CollectableRow) (WorkPackageView, error) {
		v := WorkPackageView{Activities: []ActivityView{}}
		return v, row.Scan(&v.WorkPackageID, &v.Code, &v.Title)
	}, `SELECT work_package_id, code, title FROM `+TableWorkPackages+` WHERE org_id = $1 AND project_id = $2 ORDER BY code, work_package_id`,
		orgID, projectID); err != nil {
		return ProjectDetail{}, err
	}
	activities, err := ListActivities(ctx, q, orgID, projectID)
	if err != nil {
		return ProjectDetail{}, err
	}
	for _, a := range activities {
		for i := range d.WorkPackages {
			if d.WorkPackages[i].WorkPackageID == a.WorkPackageID {
				d.WorkPackages[i].Activities = append(d.WorkPackages[i].Activities, a)
			}
		}
	}
	if d.Partners, err = collect(ctx, q, op, func(row pgx.CollectableRow) (PartnerView, error) {
		var v PartnerView
		return v, row.Scan(&v.PartnerID, &v.Name, &v.Country, &v.PartnerOrgID)
	}, `SELECT partner_id, name, country, partner_org_id FROM `+TablePartners+` WHERE org_id = $1 AND project_id = $2 ORDER BY name, partner_id`,
		orgID, projectID); err != nil {
		return ProjectDetail{}, err
	}
	if d.Budget, err = collect(ctx, q, op, func(row pgx.CollectableRow) (BudgetLineView, error) {
		var v BudgetLineView
		return v, row.Scan(&v.Category, &v.PartnerID, &v.AmountCents)
	}, `SELECT category, partner_id, amount_cents FROM `+TableBudgetLines+` WHERE org_id = $1 AND project_id = $2 ORDER BY category, partner_id`,
		orgID, projectID); err != nil {
		return ProjectDetail{}, err
	}
	if d.Members, err = collect(ctx, q, op, func(row pgx.CollectableRow) (MemberView, error) {
		var (
			v     MemberView
			since time.Time
		)
		err := row.Scan(&v.PersonID, &v.Role, &since)
		v.Since = civil(&since)
		return v, err
	}, `SELECT person_id, role, since FROM `+TableProjectMembers+` WHERE org_id = $1 AND project_id = $2 ORDER BY person_id`,
		orgID, projectID); err != nil {
		return ProjectDetail{}, err
	}
	return d, nil
}

// ListActivities is every activity of a project, in work package code,
// then activity code order.
func ListActivities(ctx context.Context, q Querier, orgID, projectID string) ([]ActivityView, error) {
	return collect(ctx, q, "list activities of "+projectID, func(row pgx.CollectableRow) (ActivityView, error) {
		var (
			v          ActivityView
			start, end *time.Time
		)
		err := row.Scan(&v.ActivityID, &v.WorkPackageID, &v.Code, &v.Title, &start, &end)
		v.Start, v.End = civil(start), civil(end)
		return v, err
	}, `SELECT a.activity_id, a.work_package_id, a.code, a.title, a.start_date, a.end_date
		FROM `+TableActivities+` a JOIN `+TableWorkPackages+` w ON w.work_package_id = a.work_package_id
		WHERE a.org_id = $1 AND a.project_id = $2 ORDER BY w.code, a.code, a.activity_id`, orgID, projectID)
}

// ProjectsByID is organisation orgID's projects among ids, in project id
// order; unknown ids are left out.
func ProjectsByID(ctx context.Context, q Querier, orgID string, ids []string) ([]ProjectView, error) {
	return collect(ctx, q, "projects of "+orgID, scanProject,
		`SELECT `+projectColumns+` FROM `+TableProjects+` WHERE org_id = $1 AND project_id = ANY($2) ORDER BY project_id`, orgID, ids)
}

// WorkPackageRef names a work package of a project.
type WorkPackageRef struct {
	WorkPackageID string `json:"work_package_id"`
	ProjectID     string `json:"project_id"`
	Code          string `json:"code"`
	Title         string `json:"title"`
}

// WorkPackagesOf is the work packages of organisation orgID's projects
// projectIDs, by project and code.
func WorkPackagesOf(ctx context.Context, q Querier, orgID string, projectIDs []string) ([]WorkPackageRef, error) {
	return collect(ctx, q, "work packages of "+orgID, func(row pgx.CollectableRow) (WorkPackageRef, error) {
		var v WorkPackageRef
		return v, row.Scan(&v.WorkPackageID, &v.ProjectID, &v.Code, &v.Title)
	}, `SELECT work_package_id, project_id, code, title FROM `+TableWorkPackages+`
		WHERE org_id = $1 AND project_id = ANY($2) ORDER BY project_id, code, work_package_id`, orgID, projectIDs)
}
