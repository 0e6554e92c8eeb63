package readapi

import (
	"cmp"
	"fmt"
	"maps"
	"math/big"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"cronica/domain/calendar"
	"cronica/domain/costs"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/timesheet"
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
		contracts  map[string][]employment.Contract
	)
	if err == nil {
		wps, err = timeview.WorkPackagesOf(ctx, a.pool, orgID, []string{projectID})
	}
	if err == nil {
		activities, err = timeview.ListActivities(ctx, a.pool, orgID, projectID)
	}
	if err == nil && p.Rules.HoursPerDay == project.HoursPerDayContract {
		contracts, err = timeview.ContractNormsOf(ctx, a.pool, orgID, peopleOf(rows))
	}
	var out EffortSummary
	if err == nil {
		out, err = effortSummary(p, from, to, f.Statuses, rows, wps, activities, contracts)
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// peopleOf is the people of rows, each once.
func peopleOf(rows []timeview.EffortRow) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, r := range rows {
		if !seen[r.PersonID] {
			seen[r.PersonID] = true
			out = append(out, r.PersonID)
		}
	}
	slices.Sort(out)
	return out
}

// effortAcc sums one group's minutes and day-equivalents exactly: the
// day-equivalents are counted in half days, which is all
// costs.DayEquivalents ever returns.
type effortAcc struct {
	minutes  int64
	halfDays int64
}

func (e *effortAcc) add(minutes, halfDays int64) {
	e.minutes += minutes
	e.halfDays += halfDays
}

// totals are e's figures under method; person-months are domain/costs'.
func (e effortAcc) totals(method project.RateMethod) EffortTotals {
	days := big.NewRat(e.halfDays, 2)
	return EffortTotals{Minutes: e.minutes, Hours: hoursOf(e.minutes), DayEquivalents: halfDaysText(e.halfDays),
		PersonMonths: costs.DecimalOf(personMonths(method, big.NewRat(e.minutes, 60), days)).Fixed(2)}
}

// halfDays is days as a whole number of half days; days comes from
// costs.DayEquivalents, so it is one.
func halfDays(days *big.Rat) (int64, error) {
	h := new(big.Rat).Mul(days, big.NewRat(2, 1))
	if !h.IsInt() || !h.Num().IsInt64() {
		return 0, fmt.Errorf("readapi: %s day-equivalents are not a number of half days", days.RatString())
	}
	return h.Num().Int64(), nil
}

// halfDaysText writes n (never negative: hours are not) half days as a
// decimal: "21.5", "11".
func halfDaysText(n int64) string {
	s := strconv.FormatInt(n/2, 10)
	if n%2 != 0 {
		s += ".5"
	}
	return s
}

// conversions computes a summary's lines, remembering what repeats: the
// hours per day of a person's month, the day-equivalents of a number of
// minutes at an hours per day, and the figures of a group (a month of 8 h
// days is the same line for hundreds of people).
type conversions struct {
	rules     project.Rules
	method    project.RateMethod
	contracts map[string][]employment.Contract
	hpd       map[[2]string]hpdText // person, month -> hours per day
	days      map[hpdMinutes]int64  // half days
	totalsOf  map[effortAcc]EffortTotals
}

type hpdText struct {
	rat  *big.Rat
	text string
}

type hpdMinutes struct {
	hpd     string
	minutes int64
}

func newConversions(rules project.Rules, method project.RateMethod, contracts map[string][]employment.Contract) *conversions {
	return &conversions{rules: rules, method: method, contracts: contracts, hpd: map[[2]string]hpdText{},
		days: map[hpdMinutes]int64{}, totalsOf: map[effortAcc]EffortTotals{}}
}

// line is the hours per day of person's month and the day-equivalents
// (in half days) of minutes there, rounded by domain/costs.
func (c *conversions) line(person, month string, minutes int64) (string, int64, error) {
	h, ok := c.hpd[[2]string{person, month}]
	if !ok {
		m, err := calendar.ParseMonth(month)
		if err != nil {
			return "", 0, fmt.Errorf("readapi: effort month %q: %w", month, err)
		}
		_, rat, err := timesheet.HoursPerDay(c.rules, c.contracts[person], m)
		if err != nil {
			return "", 0, err
		}
		h = hpdText{rat: rat, text: costs.DecimalOf(rat).String()}
		c.hpd[[2]string{person, month}] = h
	}
	key := hpdMinutes{h.text, minutes}
	days, ok := c.days[key]
	if !ok {
		rounded, err := costs.DayEquivalents(big.NewRat(minutes, 60), h.rat)
		if err != nil {
			return "", 0, err
		}
		if days, err = halfDays(rounded); err != nil {
			return "", 0, err
		}
		c.days[key] = days
	}
	return h.text, days, nil
}

// totals are acc's figures, remembered.
func (c *conversions) totals(acc effortAcc) EffortTotals {
	t, ok := c.totalsOf[acc]
	if !ok {
		t = acc.totals(c.method)
		c.totalsOf[acc] = t
	}
	return t
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
		Description: effortDescription(method), DescriptionRO: effortDescriptionRO(method), WorkPackages: []EffortWorkPackage{}, People: []EffortPerson{}, Lines: []EffortLine{}}
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
	conv := newConversions(p.Rules, method, contracts)
	for _, k := range keys {
		l := lines[k]
		hpd, days, err := conv.line(l.PersonID, l.Month, l.Minutes)
		if err != nil {
			return EffortSummary{}, err
		}
		l.EffortTotals, l.HoursPerDay = conv.totals(effortAcc{minutes: l.Minutes, halfDays: days}), hpd
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

// effortDescriptionRO is effortDescription in Romanian.
func effortDescriptionRO(method project.RateMethod) string {
	pm := "luni-om = zile-echivalent / (215/12)"
	if h2020(method) {
		pm = "luni-om = ore / (1720/12)"
	}
	return "Fiecare linie este luna unei persoane pe un pachet de lucru: zile-echivalent = ore / ore pe zi (convenția proiectului " +
		"pentru acea persoană și lună), rotunjite la cea mai apropiată jumătate de zi (sub ,25 în jos, de la ,25 până sub ,75 la ,5, " +
		"de la ,75 în sus); " + pm + ". Totalurile adună zilele-echivalent rotunjite ale liniilor. Orele și lunile-om au două zecimale; " +
		"minutele sunt exacte."
}
