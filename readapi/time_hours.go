package readapi

import (
	"fmt"
	"math/big"

	"cronica/domain/calendar"
	"cronica/domain/costs"
	"cronica/domain/employment"
	"cronica/domain/project"
)

// fixedProductiveHours is the H2020 fixed annual productive hours: the
// annual-productive hours-per-day convention uses them when the person's
// own figure is not recorded (1720 / 215 = 8 h), as domain/timesheet does.
const fixedProductiveHours = 1720

// hoursPerDay is a project's hours-per-day convention (COMPLIANCE A.3)
// for a person in month m, as domain/timesheet resolves it for the yearly
// ceiling: the contracts' daily norm on the first day of m that has one
// (the norms of the contracts in force that day summed, with the terms in
// force that day; 8 h when no contract has a norm), the annual productive
// hours / 215, or a fixed 8. The conversion itself is domain/costs'.
func hoursPerDay(rules project.Rules, contracts []employment.Contract, m calendar.Month) (costs.HoursPerDay, *big.Rat, error) {
	h := costs.HoursPerDay{Convention: costs.DayFixed8}
	switch rules.HoursPerDay {
	case project.HoursPerDayContract:
		if norm := dailyNormIn(contracts, m); norm > 0 {
			// The daily norm as the contract's week: five days of it.
			h = costs.HoursPerDay{Convention: costs.DayContract, WeeklyHours: costs.DecimalOf(big.NewRat(int64(norm)*5, 60)), DaysPerWeek: 5}
		}
	case project.HoursPerDayAnnualProductive:
		h = costs.HoursPerDay{Convention: costs.DayAnnualProductive, AnnualProductiveHours: costs.DecimalInt(fixedProductiveHours)}
	}
	hours, err := h.Hours()
	if err != nil {
		return h, nil, fmt.Errorf("readapi: hours per day: %w", err)
	}
	return h, hours, nil
}

// dailyNormIn is the sum of the daily norms of the contracts in force on
// the first day of m on which one of them has a norm, or 0.
func dailyNormIn(contracts []employment.Contract, m calendar.Month) int {
	for d := m.First(); m.Contains(d); d = d.AddDays(1) {
		norm := 0
		for _, c := range contracts {
			if c.Covers(d) {
				norm += c.TermsOn(d).DailyNormMinutes
			}
		}
		if norm > 0 {
			return norm
		}
	}
	return 0
}

// h2020 reports whether a rate method is one of Horizon 2020's hourly
// ones, whose person-months count hours (hours / (1720/12)); the others
// count day-equivalents (days / (215/12)).
func h2020(m project.RateMethod) bool {
	return m == project.RateH2020Fixed1720 || m == project.RateH2020Individual || m == project.RateH2020Standard
}

// personMonths is the person-months of hours and days under method.
func personMonths(method project.RateMethod, hours, days *big.Rat) *big.Rat {
	if h2020(method) {
		return costs.PersonMonthsH2020(hours)
	}
	return costs.PersonMonthsHE(days)
}
