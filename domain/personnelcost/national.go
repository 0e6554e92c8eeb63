package personnelcost

import (
	"cmp"
	"math/big"
	"slices"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/costs"
	"cronica/domain/employment"
	"cronica/domain/timesheet"
)

// nationalDescription is the actual_hourly method's formula, English and
// Romanian.
func nationalDescription() (en, ro string) {
	return "National programmes, actual hourly cost: each month's hourly rate is the hourly cost of the person's contract paid by the hour, " +
			"or else the month's salary costs (gross monthly salary × share of the month under contract) / the month's norm hours " +
			"(working days under contract × daily norm); cost = hourly rate × hours per work package and month, rounded to the cent per line; " +
			"totals are sums of the rounded lines.",
		"Programe naționale, cost orar efectiv: tariful orar al fiecărei luni este costul orar din contractul plătit cu ora al persoanei " +
			"sau, altfel, costurile salariale ale lunii (salariul brut lunar × partea din lună acoperită de contract) / orele normate ale lunii " +
			"(zile lucrătoare sub contract × norma zilnică); cost = tarif orar × ore, pe pachet de lucru și lună, rotunjit la cent pe fiecare linie; " +
			"totalurile sunt sume ale liniilor rotunjite."
}

// national prices it under actual_hourly (see nationalDescription). The
// rounding (domain/costs' MoneyOf), day-equivalents and person-months
// are the engine's.
func (d *pricing) national(it Item, contracts []employment.Contract) (Item, error) {
	used, _, salaryCurrency, err := d.costContracts(it.PersonID)
	if err != nil {
		return unavailable(it, err), nil
	}
	it.Inputs.Contracts = used
	p := d.projects[it.ProjectID]
	period := costs.Period{From: d.from, To: d.to}
	rates := map[calendar.Month]HourlyRate{}
	lines := map[string]*Line{} // by work package
	var wps []string
	for _, w := range it.Inputs.Work {
		if !period.Contains(w.Month) || w.Hours.Sign() == 0 {
			continue
		}
		r, ok := rates[w.Month]
		if !ok {
			var currency string
			r, currency, err = d.hourlyRate(contracts, used, salaryCurrency, w.Month)
			if err == nil && it.Currency != "" && currency != it.Currency {
				err = domain.Rule("COSTS_MIXED_CURRENCIES", "the person's contracts are paid in several currencies; Cronica does not convert them",
					"contractele persoanei sunt plătite în mai multe monede; Cronica nu le convertește",
					map[string]any{"currencies": []string{it.Currency, currency}})
			}
			if err != nil {
				return unavailable(it, err), nil
			}
			it.Currency, rates[w.Month] = currency, r
			it.Inputs.HourlyRates = append(it.Inputs.HourlyRates, r)
		}
		_, hpd, err := timesheet.HoursPerDay(p.Rules, contracts, w.Month)
		if err != nil {
			return it, err
		}
		days, err := costs.DayEquivalents(w.Hours.Rat(), hpd)
		if err != nil {
			return it, err
		}
		l := lines[w.WorkPackage]
		if l == nil {
			l = &Line{WorkPackageID: w.WorkPackage, WorkPackageCode: d.wpCode[w.WorkPackage], Span: period}
			lines[w.WorkPackage] = l
			wps = append(wps, w.WorkPackage)
		}
		l.Months = append(l.Months, costs.LineMonth{Month: w.Month, Hours: w.Hours, DayEquivalents: costs.DecimalOf(days)})
		l.Hours = costs.DecimalOf(new(big.Rat).Add(l.Hours.Rat(), w.Hours.Rat()))
		l.DayEquivalents = costs.DecimalOf(new(big.Rat).Add(l.DayEquivalents.Rat(), days))
		l.Cost = l.Cost.Add(costs.ActualHourlyCost(r, w.Hours.Rat()))
	}
	slices.SortFunc(wps, func(a, b string) int { return cmp.Or(cmp.Compare(d.wpCode[a], d.wpCode[b]), cmp.Compare(a, b)) })
	slices.SortFunc(it.Inputs.HourlyRates, func(a, b HourlyRate) int { return cmp.Compare(a.Month, b.Month) })
	it.Available = true
	for _, wp := range wps {
		l := lines[wp]
		l.PersonMonths = costs.DecimalOf(PersonMonths(p.Rules.RateMethod, l.Hours.Rat(), l.DayEquivalents.Rat()))
		slices.SortFunc(l.Months, func(a, b costs.LineMonth) int { return a.Month.Compare(b.Month) })
		// Lines are per work package and month inside: the cost is the sum
		// of the months' rounded costs, as the months have their own rates.
		it.Lines = append(it.Lines, *l)
		it.WorkPackages = append(it.WorkPackages, WorkPackageTotal{WorkPackageID: wp, WorkPackageCode: l.WorkPackageCode, Hours: l.Hours,
			DayEquivalents: l.DayEquivalents, PersonMonths: l.PersonMonths, Cost: l.Cost})
		it.Total = it.Total.Add(l.Cost)
	}
	return it, nil
}

// hourlyRate is month m's hourly rate: the hourly cost of a contract paid
// by the hour in force in m, or the salary costs of m (used: the salaried
// contracts' months) over m's norm hours.
func (d *pricing) hourlyRate(contracts []employment.Contract, used []Contract, salaryCurrency string, m calendar.Month) (HourlyRate, string, error) {
	for _, c := range contracts {
		last := m.Last()
		if !c.End.IsZero() && c.End.Before(last) {
			last = c.End
		}
		if !contractTouches(c, costs.Period{From: m, To: m}) {
			continue
		}
		if t := c.TermsOn(last); t.HourlyCostCents > 0 {
			r, err := costs.ActualHourlyRate(m, big.NewRat(t.HourlyCostCents, 100), nil, nil)
			return r, t.Currency, err
		}
	}
	salary := new(big.Rat)
	for _, c := range used {
		for _, cm := range c.Months {
			if cm.Month == m {
				salary.Add(salary, cm.Costs.Rat())
			}
		}
	}
	var normMinutes int64
	for day := m.First(); m.Contains(day); day = day.AddDays(1) {
		if !d.cal.IsWorkingDay(day) {
			continue
		}
		for _, c := range contracts {
			if t := c.TermsOn(day); c.Covers(day) && t.GrossMonthlyCents > 0 {
				normMinutes += int64(t.DailyNormMinutes)
			}
		}
	}
	r, err := costs.ActualHourlyRate(m, nil, salary, big.NewRat(normMinutes, 60))
	return r, salaryCurrency, err
}
