package personnelcost

import (
	"errors"
	"fmt"
	"math/big"
	"slices"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/costs"
	"cronica/domain/employment"
	"cronica/domain/project"
	"cronica/domain/timesheet"
)

// methodActualHourly names the national programmes' method in an item.
const methodActualHourly = "actual_hourly"

// item prices person's time on projectID. A rule the inputs break
// (domain/costs' codes, or one of this file's) makes the item unavailable
// with the reason; only a failure of the code itself is an error.
func (d *pricing) item(person, projectID string) (Item, error) {
	p := d.projects[projectID]
	it := Item{PersonID: person, ProjectID: projectID, Acronym: p.Acronym, RateMethod: string(p.Rules.RateMethod),
		Rates: []costs.Rate{}, Lines: []Line{}, WorkPackages: []WorkPackageTotal{}, Ceilings: []costs.Ceiling{},
		Inputs: Inputs{Contracts: []Contract{}, Excluded: []ExcludedContract{}, ParentalLeave: []costs.ParentalLeave{},
			Productive: []costs.Productive{}, Work: []costs.WorkHours{}, OtherGrants: []costs.OtherGrant{}, HourlyRates: []HourlyRate{}}}
	domainContracts := d.contracts[person]
	it.Inputs.Work = d.work(person, projectID, d.years)
	if p.Rules.RateMethod == project.RateActualHourly {
		it.Method = methodActualHourly
		it.Description, it.DescriptionRO = nationalDescription()
		return d.national(it, domainContracts)
	}
	method, ok := engineMethod(p.Rules.RateMethod)
	if !ok {
		return unavailable(it, domain.Rule("COSTS_METHOD_INPUTS_MISSING",
			"the organisation's standard productive hours are not recorded in Cronica, so the H2020 standard-hours rate cannot be computed",
			"orele productive standard ale organizației nu sunt înregistrate în Cronica, deci tariful orar H2020 pe ore standard nu poate fi calculat",
			map[string]any{"rate_method": string(p.Rules.RateMethod)})), nil
	}
	it.Method = string(method)
	it.Description, it.DescriptionRO = method.Describe()
	var currency string
	var err error
	it.Inputs.Contracts, it.Inputs.Excluded, currency, err = d.costContracts(person)
	if err != nil {
		return unavailable(it, err), nil
	}
	it.Currency = currency
	in := costs.Input{Person: person, Method: method, Period: costs.Period{From: d.from, To: d.to}, Work: it.Inputs.Work}
	for _, c := range it.Inputs.Contracts {
		in.Contracts = append(in.Contracts, costs.Contract{ID: c.ContractID, Start: c.Start, End: c.End, Months: c.Months})
	}
	if method.HE() {
		it.Inputs.ParentalLeave = d.parentalLeave(person)
		in.ParentalLeave = it.Inputs.ParentalLeave
		h, hours, err := d.periodHoursPerDay(p.Rules, domainContracts)
		if err != nil {
			return it, err
		}
		in.HoursPerDay, it.HoursPerDay = h, &HoursPerDay{HoursPerDay: h, Hours: costs.DecimalOf(hours)}
	}
	if method == costs.MethodH2020Annual {
		it.Inputs.Productive = d.productive(person, p.Rules.RateMethod, domainContracts)
		in.Productive = it.Inputs.Productive
	}
	if p.Rules.EUGrant {
		if it.Inputs.OtherGrants, err = d.otherGrants(person, projectID, method.HE(), domainContracts); err != nil {
			return it, err
		}
		in.OtherGrants = it.Inputs.OtherGrants
	}
	st, err := costs.ComputeStatement(in)
	if err != nil {
		var rule *domain.RuleError
		if errors.As(err, &rule) {
			return unavailable(it, err), nil
		}
		return it, fmt.Errorf("personnelcost: personnel costs of %s on %s: %w", person, projectID, err)
	}
	d.fill(&it, st)
	return it, nil
}

// engineMethod is the cost engine's method for a project's rate method;
// false for the H2020 standard-hours method, whose figures Cronica does not
// record, and for actual_hourly (computed by national).
func engineMethod(m project.RateMethod) (costs.Method, bool) {
	switch m {
	case project.RateHEDailyCalendarYear:
		return costs.MethodHECalendarYear, true
	case project.RateHEDailyPeriod:
		return costs.MethodHEReportingPeriod, true
	case project.RateH2020Fixed1720, project.RateH2020Individual:
		return costs.MethodH2020Annual, true
	}
	return "", false
}

// unavailable marks it as not computable because of err (a rule error).
func unavailable(it Item, err error) Item {
	it.Available = false
	it.Problem = &Problem{Code: "COSTS_UNAVAILABLE", Message: err.Error(), MessageRO: err.Error()}
	var rule *domain.RuleError
	if errors.As(err, &rule) {
		it.Problem = &Problem{Code: rule.Code, Message: rule.Message, MessageRO: rule.MessageRO, Details: rule.Details}
	}
	return it
}

// fill copies a statement into it, naming the work packages by code.
func (d *pricing) fill(it *Item, st costs.Statement) {
	it.Available, it.Rates, it.Total, it.Ceilings = true, st.Rates, st.Total, st.Ceilings
	if it.Rates == nil {
		it.Rates = []costs.Rate{}
	}
	if it.Ceilings == nil {
		it.Ceilings = []costs.Ceiling{}
	}
	for _, l := range st.Lines {
		it.Lines = append(it.Lines, Line{WorkPackageID: l.WorkPackage, WorkPackageCode: d.wpCode[l.WorkPackage], Span: l.Span,
			Months: l.Months, Hours: l.Hours, DayEquivalents: l.DayEquivalents, PersonMonths: l.PersonMonths, Rate: l.Rate,
			RateRounded: l.Rate.Fixed(4), Additional: l.Additional, Cost: l.Cost})
	}
	for _, t := range st.WorkPackages {
		it.WorkPackages = append(it.WorkPackages, WorkPackageTotal{WorkPackageID: t.WorkPackage, WorkPackageCode: d.wpCode[t.WorkPackage],
			Hours: t.Hours, DayEquivalents: t.DayEquivalents, PersonMonths: t.PersonMonths, Cost: t.Cost})
	}
}

// costContracts are person's contracts paid monthly, month by month over
// the years of the request: the gross monthly salary of the terms in force
// on the month's last day under contract, times the share of the month
// under contract, and those terms' working-time factor. Months paid by
// the hour are left out (a contract with no month left is listed in
// excluded). Contracts in several currencies cannot be summed.
func (d *pricing) costContracts(person string) (used []Contract, excluded []ExcludedContract, currency string, err error) {
	used, excluded = []Contract{}, []ExcludedContract{}
	for _, c := range d.contracts[person] {
		cc := Contract{ContractID: c.ID, Number: c.Number, Type: string(c.Type), Start: c.Start, End: c.End}
		probe := costs.Contract{Start: c.Start, End: c.End}
		for m := d.years.From; m.Compare(d.years.To) <= 0; m = m.Next() {
			share := probe.MonthShare(m)
			if share.Sign() == 0 {
				continue
			}
			last := m.Last()
			if !c.End.IsZero() && c.End.Before(last) {
				last = c.End
			}
			terms := c.TermsOn(last)
			if terms.GrossMonthlyCents <= 0 {
				continue
			}
			wtf, perr := costs.ParseDecimal(terms.WorkingTimeFactor)
			if perr != nil {
				return nil, nil, "", domain.Rule(costs.CodeInvalidInput, "a contract's working-time factor is not a decimal",
					"fracțiunea de normă a unui contract nu este un număr zecimal", map[string]any{"contract_id": c.ID})
			}
			if currency != "" && currency != terms.Currency {
				return nil, nil, "", domain.Rule("COSTS_MIXED_CURRENCIES", "the person's contracts are paid in several currencies; Cronica does not convert them",
					"contractele persoanei sunt plătite în mai multe monede; Cronica nu le convertește",
					map[string]any{"currencies": []string{currency, terms.Currency}})
			}
			cc.Currency, currency = terms.Currency, terms.Currency
			gross := new(big.Rat).Mul(big.NewRat(terms.GrossMonthlyCents, 100), share)
			cc.Months = append(cc.Months, costs.ContractMonth{Month: m, Costs: costs.DecimalOf(gross), WorkingTimeFactor: wtf})
		}
		switch {
		case len(cc.Months) > 0:
			used = append(used, cc)
		case contractTouches(c, d.years):
			excluded = append(excluded, ExcludedContract{ContractID: c.ID, Number: c.Number,
				Reason: "paid by the hour: no monthly personnel costs for the daily- and hourly-rate methods"})
		}
	}
	return used, excluded, currency, nil
}

// contractTouches reports whether c is in force in some month of p.
func contractTouches(c employment.Contract, p costs.Period) bool {
	return !c.Start.After(p.To.Last()) && (c.End.IsZero() || !c.End.Before(p.From.First()))
}

// work is person's hours on projectID per work package and month within
// p, from the approved and locked months.
func (d *pricing) work(person, projectID string, p costs.Period) []costs.WorkHours {
	out := []costs.WorkHours{}
	for _, r := range d.effort[person] {
		if r.ProjectID != projectID || !p.Contains(r.Month) {
			continue
		}
		i := slices.IndexFunc(out, func(w costs.WorkHours) bool { return w.WorkPackage == r.WorkPackageID && w.Month == r.Month })
		if i < 0 {
			out = append(out, costs.WorkHours{Project: projectID, WorkPackage: r.WorkPackageID, Month: r.Month})
			i = len(out) - 1
		}
		out[i].Hours = costs.DecimalOf(new(big.Rat).Add(out[i].Hours.Rat(), big.NewRat(r.Minutes, 60)))
	}
	return out
}

// parentalLeave is person's parental leave per month of the years: the
// working days it covers (weekends and holidays do not count).
func (d *pricing) parentalLeave(person string) []costs.ParentalLeave {
	out := []costs.ParentalLeave{}
	for _, l := range d.leave[person] {
		if l.Kind != employment.LeaveParental {
			continue
		}
		for day := l.Start; !day.After(l.End); day = day.AddDays(1) {
			m := day.MonthOf()
			if !d.years.Contains(m) || !d.cal.IsWorkingDay(day) {
				continue
			}
			i := slices.IndexFunc(out, func(p costs.ParentalLeave) bool { return p.Month == m })
			if i < 0 {
				out = append(out, costs.ParentalLeave{Month: m})
				i = len(out) - 1
			}
			out[i].Days = costs.DecimalOf(new(big.Rat).Add(out[i].Days.Rat(), big.NewRat(1, 1)))
		}
	}
	slices.SortFunc(out, func(a, b costs.ParentalLeave) int { return a.Month.Compare(b.Month) })
	return out
}

// periodHoursPerDay is the project's convention for the person over the
// request's months: for the contract convention, the daily norm of the
// first month of from..to with one (the engine takes one figure per
// statement).
func (d *pricing) periodHoursPerDay(rules project.Rules, contracts []employment.Contract) (costs.HoursPerDay, *big.Rat, error) {
	m := d.from
	for x := d.from; x.Compare(d.to) <= 0; x = x.Next() {
		if timesheet.DailyNormIn(contracts, x) > 0 {
			m = x
			break
		}
	}
	return timesheet.HoursPerDay(rules, contracts, m)
}

// productive is the H2020 productive hours of each calendar year of the
// request: fixed (1720, pro rata) or the person's own (individual): the
// working days under contract times the daily norm, less those of leave
// (overtime is not recorded apart in Cronica: 0).
func (d *pricing) productive(person string, method project.RateMethod, contracts []employment.Contract) []costs.Productive {
	var out []costs.Productive
	for y := d.from.Year; y <= d.to.Year; y++ {
		if method != project.RateH2020Individual {
			out = append(out, costs.Productive{Year: y, Basis: costs.ProductiveFixed})
			continue
		}
		var workable, absent int64
		for day := calendar.NewDate(y, 1, 1); day.Year == y; day = day.AddDays(1) {
			if !d.cal.IsWorkingDay(day) {
				continue
			}
			norm := 0
			for _, c := range contracts {
				if c.Covers(day) {
					norm += c.TermsOn(day).DailyNormMinutes
				}
			}
			workable += int64(norm)
			if slices.ContainsFunc(d.leave[person], func(l Leave) bool { return day.Within(l.Start, l.End) }) {
				absent += int64(norm)
			}
		}
		out = append(out, costs.Productive{Year: y, Basis: costs.ProductiveIndividual,
			Workable: costs.DecimalOf(big.NewRat(workable, 60)), Absences: costs.DecimalOf(big.NewRat(absent, 60))})
	}
	return out
}

// otherGrants is the person's time in the years on the other EU-grant
// projects of the organisation, for the ceilings: day-equivalents per
// project, work package and month (each project's own hours per day) for
// Horizon Europe, hours per project and month for Horizon 2020.
func (d *pricing) otherGrants(person, projectID string, he bool, contracts []employment.Contract) ([]costs.OtherGrant, error) {
	type key struct {
		project, wp string
		month       calendar.Month
	}
	minutes := map[key]int64{}
	var keys []key
	for _, r := range d.effort[person] {
		q, ok := d.projects[r.ProjectID]
		if r.ProjectID == projectID || !ok || !q.Rules.EUGrant {
			continue
		}
		k := key{r.ProjectID, r.WorkPackageID, r.Month}
		if !he {
			k.wp = ""
		}
		if _, seen := minutes[k]; !seen {
			keys = append(keys, k)
		}
		minutes[k] += r.Minutes
	}
	out := []costs.OtherGrant{}
	for _, k := range keys {
		hours := big.NewRat(minutes[k], 60)
		g := costs.OtherGrant{Grant: k.project, Month: k.month}
		if !he {
			g.Hours = costs.DecimalOf(hours)
			out = append(out, g)
			continue
		}
		_, hpd, err := timesheet.HoursPerDay(d.projects[k.project].Rules, contracts, k.month)
		if err != nil {
			return nil, err
		}
		days, err := costs.DayEquivalents(hours, hpd)
		if err != nil {
			return nil, fmt.Errorf("personnelcost: other grants: %w", err)
		}
		g.DayEquivalents = costs.DecimalOf(days)
		out = append(out, g)
	}
	return out, nil
}
