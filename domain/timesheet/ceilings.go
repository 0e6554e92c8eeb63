package timesheet

import (
	"math/big"
	"slices"

	"cronica/domain/calendar"
	"cronica/domain/costs"
	"cronica/domain/employment"
	"cronica/domain/project"
)

// declaredLine is the time of one month on one EU work package.
type declaredLine struct {
	month   calendar.Month
	project *project.Project
	wp      string
	minutes int64
}

// checkYearlyDays applies the Horizon Europe yearly ceiling (COMPLIANCE
// A.4) at submission: the day-equivalents declared on EU grants in this
// calendar year (this month and the year's earlier months in ctx.Others,
// each month and work package rounded to the half day) must not exceed
// 215 x the full-time equivalent of the person's contracts that year -
// parental leave days. A breach is a warning: the hours were worked and
// the record keeps them; the cost statement caps what is claimed.
func (t *Timesheet) checkYearlyDays(entries []Entry, ctx Context) []Finding {
	year := t.header.Month.Year
	lines := euLines(t.header.Month, entries, ctx.Projects)
	for _, o := range ctx.Others {
		if o.PersonID() == t.header.PersonID && o.Month().Year == year && o.Month() != t.header.Month {
			lines = append(lines, euLines(o.Month(), o.entries, ctx.Projects)...)
		}
	}
	if len(lines) == 0 || ctx.Employment == nil {
		return nil
	}
	var declared []costs.Declared
	for _, l := range lines {
		_, hpd, err := HoursPerDay(l.project.Rules(), ctx.Employment.Contracts(), l.month)
		if err != nil {
			continue // the conventions always give a positive number of hours
		}
		days, err := costs.DayEquivalents(big.NewRat(l.minutes, 60), hpd)
		if err != nil {
			continue // hours are never negative here
		}
		declared = append(declared, costs.Declared{Grant: l.project.Details().Acronym, Amount: costs.DecimalOf(days)})
	}
	maxDays, ok := yearlyMaxDays(ctx.Employment, ctx.Calendar, year)
	if !ok {
		return nil
	}
	c := costs.CheckYearlyDays(year, maxDays, declared)
	if !c.Exceeded {
		return nil
	}
	return []Finding{warningAt(costs.CodeYearlyDaysCeiling, calendar.Date{}, "",
		"more day-equivalents on EU grants this year than 215 x the working-time factor minus parental leave allows",
		"mai multe zile-echivalent pe granturi UE în acest an decât permit 215 x fracțiunea de normă minus concediul parental",
		map[string]any{"year": year, "max": c.Max.Fixed(2), "declared": c.Declared.Fixed(1), "excess": c.Excess.Fixed(1)})}
}

// euLines sums a month's minutes per EU-grant work package, in a stable
// order.
func euLines(m calendar.Month, entries []Entry, projects map[string]*project.Project) []declaredLine {
	var out []declaredLine
	for _, e := range entries {
		p := projects[e.ProjectID]
		if p == nil || !p.Rules().EUGrant {
			continue
		}
		a, ok := p.Activity(e.ActivityID)
		if !ok {
			continue
		}
		i := slices.IndexFunc(out, func(l declaredLine) bool { return l.project == p && l.wp == a.WorkPackageID })
		if i < 0 {
			out = append(out, declaredLine{month: m, project: p, wp: a.WorkPackageID})
			i = len(out) - 1
		}
		out[i].minutes += int64(e.Minutes)
	}
	return out
}

// yearlyMaxDays is 215/12 x the full-time-equivalent months of the
// person's contracts in year - the working days of parental leave.
func yearlyMaxDays(emp *employment.Employment, hol Holidays, year int) (*big.Rat, bool) {
	var contracts []costs.Contract
	for _, c := range emp.Contracts() {
		cc := costs.Contract{ID: c.ID, Start: c.Start, End: c.End}
		for m := (calendar.Month{Year: year, Month: 1}); m.Year == year; m = m.Next() {
			if cc.MonthShare(m).Sign() == 0 {
				continue
			}
			wtf, err := costs.ParseDecimal(c.TermsOn(m.Last()).WorkingTimeFactor)
			if err != nil {
				return nil, false
			}
			cc.Months = append(cc.Months, costs.ContractMonth{Month: m, WorkingTimeFactor: wtf})
		}
		if len(cc.Months) > 0 {
			contracts = append(contracts, cc)
		}
	}
	_, fte, err := costs.ContractsOver(contracts, costs.Year(year))
	if err != nil {
		return nil, false
	}
	// MaxDayEquivalents(months, factor, leave) is 215/12 x months x factor
	// - leave: one "month" whose factor is the year's FTE months.
	return costs.MaxDayEquivalents(1, fte, big.NewRat(int64(parentalDays(emp, hol, year)), 1)), true
}

// parentalDays counts the working days of parental leave in year.
func parentalDays(emp *employment.Employment, hol Holidays, year int) int {
	n := 0
	for _, l := range emp.Leave() {
		if l.Kind != employment.LeaveParental {
			continue
		}
		for d := l.Start; !d.After(l.End); d = d.AddDays(1) {
			if d.Year != year || d.IsWeekend() {
				continue
			}
			if hol != nil {
				if _, h := hol.IsHoliday(d); h {
					continue
				}
			}
			n++
		}
	}
	return n
}
