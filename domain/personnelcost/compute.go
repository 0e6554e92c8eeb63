package personnelcost

import (
	"cmp"
	"slices"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/costs"
	"cronica/domain/employment"
	"cronica/domain/project"
)

// Project is what the computation needs of a project.
type Project struct {
	ID      string
	Acronym string
	Rules   project.Rules
}

// WorkRow is minutes of one person on one project's work package in one
// month, from approved and locked months only (the caller filters).
// WorkPackageID may be "" for time on a project without a work package;
// rows with ProjectID "" (time for the employer outside projects) are
// ignored. Several rows of one person, project, work package and month
// (one per activity, say) add up.
type WorkRow struct {
	PersonID      string
	ProjectID     string
	WorkPackageID string
	Month         calendar.Month
	Minutes       int64
}

// Leave is a period of leave of a person in force (the caller leaves
// cancelled leave out).
type Leave struct {
	PersonID string
	Kind     employment.LeaveKind
	Start    calendar.Date
	End      calendar.Date
}

// Request is what a statement covers: the organisation, an optional
// person and an optional project ("" for every one), and the months priced,
// From to To (both included; for the reporting-period method, the
// reporting period).
type Request struct {
	OrgID     string
	PersonID  string
	ProjectID string
	From, To  calendar.Month
}

// Years is the calendar years From..To touches (January of From's year to
// December of To's): the span of work rows, leave and extra days the
// caller must load, since rates and ceilings are yearly.
func (r Request) Years() costs.Period {
	return costs.Period{From: calendar.Month{Year: r.From.Year, Month: 1}, To: calendar.Month{Year: r.To.Year, Month: 12}}
}

// Plan says, from the work rows of the Years, which people (those with
// time to price) and which projects (every project of their rows, for the
// ceilings) the caller must load; both sorted.
func Plan(r Request, work []WorkRow) (people, projects []string) {
	years, priced := r.Years(), costs.Period{From: r.From, To: r.To}
	for _, w := range work {
		if !r.counts(w, years) {
			continue
		}
		projects = append(projects, w.ProjectID)
		if (r.ProjectID == "" || w.ProjectID == r.ProjectID) && priced.Contains(w.Month) {
			people = append(people, w.PersonID)
		}
	}
	slices.Sort(people)
	slices.Sort(projects)
	return slices.Compact(people), slices.Compact(projects)
}

// counts reports whether w is a row the request reads: on a project, of
// the request's person, within years.
func (r Request) counts(w WorkRow, years costs.Period) bool {
	return w.ProjectID != "" && (r.PersonID == "" || w.PersonID == r.PersonID) && years.Contains(w.Month)
}

// Data is everything the computation reads, loaded by the caller for the
// people and projects Plan named, over the request's Years.
type Data struct {
	Projects         map[string]Project               // by id
	WorkPackageCodes map[string]string                // work package id → code ("WP3")
	Contracts        map[string][]employment.Contract // by person
	Leave            map[string][]Leave               // by person, in force
	Calendar         calendar.Calendar                // legal holidays and the organisation's extra days
	Work             []WorkRow                        // the Years' rows
}

// Compute prices every person's time on every project (one, with
// r.ProjectID) from r.From to r.To. Items come by person, project acronym
// and project id; projects by acronym and id; totals by currency. A rule
// an item's inputs break makes that item unavailable; the error is for a
// request that is not one (From after To) or a failure of the computation.
func Compute(r Request, d Data) (Statement, error) {
	out := Statement{OrgID: r.OrgID, From: r.From.String(), To: r.To.String(), Basis: Basis,
		Projects: []ProjectRef{}, Items: []Item{}, Totals: []CurrencyTotal{}}
	if !r.From.Valid() || !r.To.Valid() || r.From.Compare(r.To) > 0 {
		return out, domain.Rule(costs.CodeInvalidInput, "personnel costs need a from month no later than the to month",
			"costurile de personal cer o lună de început cel târziu egală cu luna de sfârșit",
			map[string]any{"from": r.From.String(), "to": r.To.String()})
	}
	p := newPricing(r, d)
	type pair struct{ person, project string }
	var items []pair
	priced := costs.Period{From: r.From, To: r.To}
	for _, w := range p.rows {
		if (r.ProjectID == "" || w.ProjectID == r.ProjectID) && priced.Contains(w.Month) {
			items = append(items, pair{w.PersonID, w.ProjectID})
		}
	}
	items = slices.Compact(items) // rows are sorted by person and project
	if len(items) == 0 {
		return out, nil
	}
	slices.SortFunc(items, func(x, y pair) int {
		return cmp.Or(cmp.Compare(x.person, y.person), cmp.Compare(d.Projects[x.project].Acronym, d.Projects[y.project].Acronym),
			cmp.Compare(x.project, y.project))
	})
	_, projectIDs := Plan(r, p.rows)
	for _, id := range projectIDs {
		q := d.Projects[id]
		out.Projects = append(out.Projects, ProjectRef{ProjectID: id, Acronym: q.Acronym, RateMethod: string(q.Rules.RateMethod),
			EUGrant: q.Rules.EUGrant})
	}
	slices.SortFunc(out.Projects, func(x, y ProjectRef) int {
		return cmp.Or(cmp.Compare(x.Acronym, y.Acronym), cmp.Compare(x.ProjectID, y.ProjectID))
	})
	for _, it := range items {
		item, err := p.item(it.person, it.project)
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

// pricing is one request's data in the order the computation reads it.
type pricing struct {
	from, to  calendar.Month
	years     costs.Period
	projects  map[string]Project
	wpCode    map[string]string
	contracts map[string][]employment.Contract // by person, by start and id
	leave     map[string][]Leave               // by person
	cal       calendar.Calendar
	rows      []WorkRow            // the request's rows, sorted, one per person, project, work package and month
	effort    map[string][]WorkRow // rows by person
}

// newPricing sorts and indexes d for r; d is not changed.
func newPricing(r Request, d Data) *pricing {
	p := &pricing{from: r.From, to: r.To, years: r.Years(), projects: d.Projects, wpCode: d.WorkPackageCodes,
		contracts: map[string][]employment.Contract{}, leave: d.Leave, cal: d.Calendar, effort: map[string][]WorkRow{}}
	for person, cs := range d.Contracts {
		p.contracts[person] = slices.SortedStableFunc(slices.Values(cs), func(a, b employment.Contract) int {
			return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID))
		})
	}
	for _, w := range d.Work {
		if r.counts(w, p.years) {
			p.rows = append(p.rows, w)
		}
	}
	slices.SortFunc(p.rows, compareRows)
	merged := p.rows[:0]
	for _, w := range p.rows {
		if n := len(merged); n > 0 && compareRows(merged[n-1], w) == 0 {
			merged[n-1].Minutes += w.Minutes
			continue
		}
		merged = append(merged, w)
	}
	p.rows = merged
	for _, w := range p.rows {
		p.effort[w.PersonID] = append(p.effort[w.PersonID], w)
	}
	return p
}

// compareRows orders work rows by person, project, work package and month.
func compareRows(a, b WorkRow) int {
	return cmp.Or(cmp.Compare(a.PersonID, b.PersonID), cmp.Compare(a.ProjectID, b.ProjectID),
		cmp.Compare(a.WorkPackageID, b.WorkPackageID), a.Month.Compare(b.Month))
}
