package readapi

import (
	"cmp"
	"maps"
	"math/big"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"cronica/domain/calendar"
	"cronica/domain/costs"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/projections/timeview"
)

// maxEffortMonths bounds the months of one effort or cost request.
const maxEffortMonths = 120

// projectEffort serves GET /api/v1/orgs/:org/projects/:project/effort
// (timesheet.read or finance.read on the project): the time recorded on
// the project per work package, person and month, with its activities,
// in hours, day-equivalents and person-months (see EffortSummary). from
// and to ("YYYY-MM") default to the project's first and last months;
// filters person and status (the months' timesheet statuses, repeated or
// comma separated; none: every month).
func (a *api) projectEffort(c *gin.Context) {
	orgID, projectID, ok := a.authorizeProject(c, identity.ActTimesheetRead, identity.ActFinanceRead)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	v := c.Request.URL.Query()
	err := checkParams(v, "from", "to", "person", "status")
	var p timeview.ProjectView
	if err == nil {
		p, err = timeview.GetProject(ctx, a.pool, orgID, projectID)
	}
	var (
		from, to calendar.Month
		f        = timeview.EffortFilter{ProjectIDs: []string{projectID}}
		person   string
	)
	if err == nil {
		from, to, err = monthRange(v, [2]calendar.Month{p.Start.MonthOf(), p.End.MonthOf()}, maxEffortMonths)
	}
	if err == nil {
		person, err = idFilter(v, "person")
	}
	if err == nil {
		f.Statuses, err = enumFilter(v, "status", timesheetStatuses...)
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	f.From, f.To = from.String(), to.String()
	if person != "" {
		f.PersonIDs = []string{person}
	}
	rows, err := timeview.Effort(ctx, a.pool, orgID, f)
	var (
		wps        []timeview.WorkPackageRef
		activities []timeview.ActivityView
		contracts  []timeview.ContractView
	)
	if err == nil {
		wps, err = timeview.WorkPackagesOf(ctx, a.pool, orgID, []string{projectID})
	}
	if err == nil {
		activities, err = timeview.ListActivities(ctx, a.pool, orgID, projectID)
	}
	if err == nil && p.Rules.HoursPerDay == project.HoursPerDayContract {
		contracts, err = timeview.ContractsOf(ctx, a.pool, orgID, peopleOf(rows))
	}
	var out EffortSummary
	if err == nil {
		out, err = effortSummary(p, from, to, f.Statuses, rows, wps, activities, contractsByPerson(contracts))
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// peopleOf is the people of rows, each once.
func peopleOf(rows []timeview.EffortRow) []string {
	var out []string
	for _, r := range rows {
		if !slices.Contains(out, r.PersonID) {
			out = append(out, r.PersonID)
		}
	}
	slices.Sort(out)
	return out
}

// effortAcc sums one group's minutes and day-equivalents exactly.
type effortAcc struct {
	minutes int64
	days    *big.Rat
}

func (e *effortAcc) add(minutes int64, days *big.Rat) {
	e.minutes += minutes
	if e.days == nil {
		e.days = new(big.Rat)
	}
	e.days.Add(e.days, days)
}

// totals are e's figures under method.
func (e effortAcc) totals(method project.RateMethod) EffortTotals {
	hours := big.NewRat(e.minutes, 60)
	days := e.days
	if days == nil {
		days = new(big.Rat)
	}
	return EffortTotals{Minutes: e.minutes, Hours: hoursOf(e.minutes), DayEquivalents: costs.DecimalOf(days).String(),
		PersonMonths: costs.DecimalOf(personMonths(method, hours, days)).Fixed(2)}
}

// effortSummary computes the summary of rows (one project's). Each line
// is a person's month on a work package: its hours become day-equivalents
// with the project's hours per day for that person and month, rounded to
// the half day there (COMPLIANCE A.1, A.3); every total sums the lines'
// rounded day-equivalents, so the totals add up to the lines.
func effortSummary(p timeview.ProjectView, from, to calendar.Month, statuses []string, rows []timeview.EffortRow,
	wps []timeview.WorkPackageRef, activities []timeview.ActivityView, contracts map[string][]employment.Contract) (EffortSummary, error) {
	method := p.Rules.RateMethod
	out := EffortSummary{OrgID: p.OrgID, ProjectID: p.ProjectID, Acronym: p.Acronym, From: from.String(), To: to.String(),
		Statuses: statuses, HoursPerDay: string(p.Rules.HoursPerDay), RateMethod: string(method), PersonMonthsBasis: "day_equivalents",
		Description: effortDescription(method), WorkPackages: []EffortWorkPackage{}, People: []EffortPerson{}, Lines: []EffortLine{}}
	if statuses == nil {
		out.Statuses = []string{}
	}
	if h2020(method) {
		out.PersonMonthsBasis = "hours"
	}
	codeOf := map[string]timeview.ActivityView{}
	for _, a := range activities {
		codeOf[a.ActivityID] = a
	}
	wpOf := map[string]timeview.WorkPackageRef{}
	for _, w := range wps {
		wpOf[w.WorkPackageID] = w
	}

	// Lines: rows come by work package, activity, person, month.
	type lineKey struct{ wp, person, month string }
	lines := map[lineKey]*EffortLine{}
	var keys []lineKey
	for _, r := range rows {
		k := lineKey{r.WorkPackageID, r.PersonID, r.Month}
		l := lines[k]
		if l == nil {
			l = &EffortLine{WorkPackageID: r.WorkPackageID, WorkPackageCode: wpOf[r.WorkPackageID].Code, PersonID: r.PersonID,
				Month: r.Month, TimesheetStatus: r.Status}
			lines[k] = l
			keys = append(keys, k)
		}
		l.Minutes += r.Minutes
		l.Activities = append(l.Activities, EffortActivity{ActivityID: r.ActivityID, Code: codeOf[r.ActivityID].Code,
			Title: codeOf[r.ActivityID].Title, Minutes: r.Minutes, Hours: hoursOf(r.Minutes)})
	}
	slices.SortFunc(keys, func(a, b lineKey) int {
		return cmp.Or(cmp.Compare(wpOf[a.wp].Code, wpOf[b.wp].Code), cmp.Compare(a.wp, b.wp), cmp.Compare(a.person, b.person),
			cmp.Compare(a.month, b.month))
	})

	total := effortAcc{}
	byWP, byPerson := map[string]*effortAcc{}, map[string]*effortAcc{}
	byActivity := map[string]int64{}
	for _, k := range keys {
		l := lines[k]
		m, _ := calendar.ParseMonth(l.Month)
		_, hpd, err := hoursPerDay(p.Rules, contracts[l.PersonID], m)
		if err != nil {
			return EffortSummary{}, err
		}
		days, err := costs.DayEquivalents(big.NewRat(l.Minutes, 60), hpd)
		if err != nil {
			return EffortSummary{}, err
		}
		acc := effortAcc{}
		acc.add(l.Minutes, days)
		l.EffortTotals, l.HoursPerDay = acc.totals(method), costs.DecimalOf(hpd).String()
		out.Lines = append(out.Lines, *l)
		total.add(l.Minutes, days)
		for _, group := range []struct {
			m   map[string]*effortAcc
			key string
		}{{byWP, l.WorkPackageID}, {byPerson, l.PersonID}} {
			if group.m[group.key] == nil {
				group.m[group.key] = &effortAcc{}
			}
			group.m[group.key].add(l.Minutes, days)
		}
		for _, a := range l.Activities {
			byActivity[a.ActivityID] += a.Minutes
		}
	}
	for _, w := range wps {
		wp := EffortWorkPackage{WorkPackageID: w.WorkPackageID, Code: w.Code, Title: w.Title, Activities: []EffortActivity{}}
		if acc := byWP[w.WorkPackageID]; acc != nil {
			wp.EffortTotals = acc.totals(method)
		} else {
			wp.EffortTotals = effortAcc{}.totals(method)
		}
		for _, a := range activities {
			if a.WorkPackageID == w.WorkPackageID {
				wp.Activities = append(wp.Activities, EffortActivity{ActivityID: a.ActivityID, Code: a.Code, Title: a.Title,
					Minutes: byActivity[a.ActivityID], Hours: hoursOf(byActivity[a.ActivityID])})
			}
		}
		out.WorkPackages = append(out.WorkPackages, wp)
	}
	for _, person := range slices.Sorted(maps.Keys(byPerson)) {
		out.People = append(out.People, EffortPerson{PersonID: person, EffortTotals: byPerson[person].totals(method)})
	}
	out.Total = total.totals(method)
	return out, nil
}

// effortDescription says how the figures are computed.
func effortDescription(method project.RateMethod) string {
	pm := "person-months = day-equivalents / (215/12)"
	if h2020(method) {
		pm = "person-months = hours / (1720/12)"
	}
	return "Each line is one person's month on one work package: day-equivalents = hours / hours per day (the project's convention " +
		"for that person and month), rounded to the nearest half day (below .25 down, .25 to below .75 to .5, .75 and above up); " +
		pm + ". Totals sum the lines' rounded day-equivalents. Hours and person-months are shown with two decimals; minutes are exact."
}
