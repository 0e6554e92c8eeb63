package readapi

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/personnelcost"
	"cronica/domain/timesheet"
	"cronica/projections/timeview"
)

// costStatuses are the months whose time is priced: approved and locked
// timesheets, the ones both signatures stand on.
var costStatuses = []string{string(timesheet.StatusApproved), string(timesheet.StatusLocked)}

// personnelCosts serves GET /api/v1/orgs/:org/personnel-costs
// (finance.read in the organisation, or on the project given): see
// PersonnelCosts. Filters person and project; from and to ("YYYY-MM")
// default to the current calendar year. For the reporting-period method,
// from..to is the reporting period.
func (a *api) personnelCosts(c *gin.Context) {
	orgID := c.Param("org")
	v := c.Request.URL.Query()
	projectID, perr := idFilter(v, "project")
	target := identity.Target{OrgID: orgID}
	if perr == nil && projectID != "" {
		target.ProjectID = projectID
	}
	if err := identity.Authorize(principalOf(c), identity.ActFinanceRead, target, a.now()); err != nil {
		a.writeError(c, fmt.Errorf("readapi: %s in %s: %w", identity.ActFinanceRead, orgID, err))
		return
	}
	year := a.now().UTC().Year()
	err := perr
	if err == nil {
		err = checkParams(v, "person", "project", "from", "to")
	}
	r := personnelcost.Request{OrgID: orgID, ProjectID: projectID}
	if err == nil {
		r.PersonID, err = idFilter(v, "person")
	}
	if err == nil {
		r.From, r.To, err = monthRange(v, [2]calendar.Month{{Year: year, Month: 1}, {Year: year, Month: 12}}, maxEffortMonths)
	}
	ctx := c.Request.Context()
	if err == nil && projectID != "" {
		_, err = timeview.GetProject(ctx, a.pool, orgID, projectID)
	}
	var out PersonnelCosts
	if err == nil {
		out, err = a.computeCosts(ctx, r)
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// computeCosts loads from the Time read models what personnelcost.Plan
// names and prices it with personnelcost.Compute.
func (a *api) computeCosts(ctx context.Context, r personnelcost.Request) (PersonnelCosts, error) {
	years := r.Years()
	f := timeview.EffortFilter{From: years.From.String(), To: years.To.String(), Statuses: costStatuses}
	if r.PersonID != "" {
		f.PersonIDs = []string{r.PersonID}
	}
	rows, err := timeview.Effort(ctx, a.pool, r.OrgID, f)
	if err != nil {
		return PersonnelCosts{}, err
	}
	d := personnelcost.Data{Projects: map[string]personnelcost.Project{}, WorkPackageCodes: map[string]string{},
		Contracts: map[string][]employment.Contract{}, Leave: map[string][]personnelcost.Leave{}}
	for _, row := range rows {
		m, err := calendar.ParseMonth(row.Month)
		if err != nil {
			return PersonnelCosts{}, fmt.Errorf("readapi: effort of %s: %w", row.PersonID, err)
		}
		d.Work = append(d.Work, personnelcost.WorkRow{PersonID: row.PersonID, ProjectID: row.ProjectID,
			WorkPackageID: row.WorkPackageID, Month: m, Minutes: row.Minutes})
	}
	people, projectIDs := personnelcost.Plan(r, d.Work)
	if len(people) > 0 {
		if err := a.loadCostData(ctx, r.OrgID, people, projectIDs, years.From.First(), years.To.Last(), &d); err != nil {
			return PersonnelCosts{}, err
		}
	}
	return personnelcost.Compute(r, d)
}

// loadCostData reads the projects, work packages, contracts, leave (in
// force) and extra days between first and last that the people and
// projects' costs need.
func (a *api) loadCostData(ctx context.Context, orgID string, people, projectIDs []string, first, last calendar.Date,
	d *personnelcost.Data) error {
	projects, err := timeview.ProjectsByID(ctx, a.pool, orgID, projectIDs)
	if err != nil {
		return err
	}
	for _, p := range projects {
		d.Projects[p.ProjectID] = personnelcost.Project{ID: p.ProjectID, Acronym: p.Acronym, Rules: p.Rules}
	}
	wps, err := timeview.WorkPackagesOf(ctx, a.pool, orgID, projectIDs)
	if err != nil {
		return err
	}
	for _, w := range wps {
		d.WorkPackageCodes[w.WorkPackageID] = w.Code
	}
	contracts, err := timeview.ContractsOf(ctx, a.pool, orgID, people)
	if err != nil {
		return err
	}
	for _, c := range contracts {
		d.Contracts[c.PersonID] = append(d.Contracts[c.PersonID], c.Contract())
	}
	leave, err := timeview.LeaveOf(ctx, a.pool, orgID, people, first, last)
	if err != nil {
		return err
	}
	for _, l := range leave {
		d.Leave[l.PersonID] = append(d.Leave[l.PersonID], personnelcost.Leave{PersonID: l.PersonID,
			Kind: employment.LeaveKind(l.Kind), Start: l.Start, End: l.End})
	}
	extra, err := timeview.ExtraDays(ctx, a.pool, orgID, first, last)
	if err != nil {
		return err
	}
	d.Calendar = calendar.NewCalendar(extra)
	return nil
}
