package readapi

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"cronica/domain/calendar"
	"cronica/domain/costs"
	"cronica/domain/identity"
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
	var (
		person   string
		from, to calendar.Month
	)
	if err == nil {
		person, err = idFilter(v, "person")
	}
	if err == nil {
		from, to, err = monthRange(v, [2]calendar.Month{{Year: year, Month: 1}, {Year: year, Month: 12}}, maxEffortMonths)
	}
	ctx := c.Request.Context()
	if err == nil && projectID != "" {
		_, err = timeview.GetProject(ctx, a.pool, orgID, projectID)
	}
	var out PersonnelCosts
	if err == nil {
		out, err = a.computeCosts(ctx, orgID, person, projectID, from, to)
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// costData is what the items of one request are computed from.
type costData struct {
	from, to  calendar.Month
	years     costs.Period // the calendar years from..to touches
	projects  map[string]timeview.ProjectView
	wpCode    map[string]string
	contracts map[string][]timeview.ContractView // by person
	leave     map[string][]timeview.LeaveView    // by person, in force
	cal       calendar.Calendar                  // legal holidays and the organisation's extra days
	effort    map[string][]timeview.EffortRow    // by person: approved and locked months of the years
}

// computeCosts gathers the read models' figures and prices every person's
// time on every project (one, with projectID) from..to.
func (a *api) computeCosts(ctx context.Context, orgID, person, projectID string, from, to calendar.Month) (PersonnelCosts, error) {
	d := costData{from: from, to: to, years: costs.Period{From: calendar.Month{Year: from.Year, Month: 1},
		To: calendar.Month{Year: to.Year, Month: 12}}, projects: map[string]timeview.ProjectView{}, wpCode: map[string]string{},
		contracts: map[string][]timeview.ContractView{}, leave: map[string][]timeview.LeaveView{}, effort: map[string][]timeview.EffortRow{}}
	out := PersonnelCosts{OrgID: orgID, From: from.String(), To: to.String(), Basis: "approved_and_locked_timesheets",
		Projects: []CostProject{}, Items: []PersonnelCostItem{}, Totals: []CurrencyTotal{}}
	f := timeview.EffortFilter{From: d.years.From.String(), To: d.years.To.String(), Statuses: costStatuses}
	if person != "" {
		f.PersonIDs = []string{person}
	}
	rows, err := timeview.Effort(ctx, a.pool, orgID, f)
	if err != nil {
		return out, err
	}
	type pair struct{ person, project string }
	var (
		items                []pair
		people, projectIDs   []string
		seenItem             = map[pair]bool{}
		seenPerson, seenProj = map[string]bool{}, map[string]bool{}
	)
	priced := costs.Period{From: from, To: to}
	for _, r := range rows {
		if r.ProjectID == "" {
			continue // time for the employer outside projects
		}
		d.effort[r.PersonID] = append(d.effort[r.PersonID], r)
		if !seenProj[r.ProjectID] {
			seenProj[r.ProjectID] = true
			projectIDs = append(projectIDs, r.ProjectID)
		}
		m, _ := calendar.ParseMonth(r.Month)
		p := pair{r.PersonID, r.ProjectID}
		if (projectID != "" && r.ProjectID != projectID) || !priced.Contains(m) || seenItem[p] {
			continue
		}
		seenItem[p] = true
		items = append(items, p)
		if !seenPerson[r.PersonID] {
			seenPerson[r.PersonID] = true
			people = append(people, r.PersonID)
		}
	}
	if len(items) == 0 {
		return out, nil
	}
	if err := a.loadCostData(ctx, orgID, people, projectIDs, &d); err != nil {
		return out, err
	}
	slices.SortFunc(items, func(x, y pair) int {
		return cmp.Or(cmp.Compare(x.person, y.person), cmp.Compare(d.projects[x.project].Acronym, d.projects[y.project].Acronym),
			cmp.Compare(x.project, y.project))
	})
	for _, id := range projectIDs {
		p := d.projects[id]
		out.Projects = append(out.Projects, CostProject{ProjectID: id, Acronym: p.Acronym, RateMethod: string(p.Rules.RateMethod),
			EUGrant: p.Rules.EUGrant})
	}
	slices.SortFunc(out.Projects, func(x, y CostProject) int {
		return cmp.Or(cmp.Compare(x.Acronym, y.Acronym), cmp.Compare(x.ProjectID, y.ProjectID))
	})
	for _, it := range items {
		item, err := d.item(it.person, it.project)
		if err != nil {
			return out, err
		}
		out.Items = append(out.Items, item)
		if !item.Available {
			continue
		}
		i := slices.IndexFunc(out.Totals, func(t CurrencyTotal) bool { return t.Currency == item.Currency })
		if i < 0 {
			out.Totals = append(out.Totals, CurrencyTotal{Currency: item.Currency})
			i = len(out.Totals) - 1
		}
		out.Totals[i].Cost = out.Totals[i].Cost.Add(item.Total)
	}
	slices.SortFunc(out.Totals, func(x, y CurrencyTotal) int { return cmp.Compare(x.Currency, y.Currency) })
	return out, nil
}

// loadCostData reads the projects, work packages, contracts, leave and
// extra days the items need.
func (a *api) loadCostData(ctx context.Context, orgID string, people, projectIDs []string, d *costData) error {
	projects, err := timeview.ProjectsByID(ctx, a.pool, orgID, projectIDs)
	if err != nil {
		return err
	}
	for _, p := range projects {
		d.projects[p.ProjectID] = p
	}
	wps, err := timeview.WorkPackagesOf(ctx, a.pool, orgID, projectIDs)
	if err != nil {
		return err
	}
	for _, w := range wps {
		d.wpCode[w.WorkPackageID] = w.Code
	}
	contracts, err := timeview.ContractsOf(ctx, a.pool, orgID, people)
	if err != nil {
		return err
	}
	for _, c := range contracts {
		d.contracts[c.PersonID] = append(d.contracts[c.PersonID], c)
	}
	first, last := d.years.From.First(), d.years.To.Last()
	leave, err := timeview.LeaveOf(ctx, a.pool, orgID, people, first, last)
	if err != nil {
		return err
	}
	for _, l := range leave {
		d.leave[l.PersonID] = append(d.leave[l.PersonID], l)
	}
	extra, err := timeview.ExtraDays(ctx, a.pool, orgID, first, last)
	if err != nil {
		return err
	}
	d.cal = calendar.NewCalendar(extra)
	return nil
}
