package timesheet

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
// own figure is not recorded (1720 / 215 = 8 h).
const fixedProductiveHours = 1720

// HoursPerDay is a project's hours-per-day convention (COMPLIANCE A.3) for
// a person with contracts in month m, described (for statements that show
// their inputs) and as a number: the contracts' daily norm on the first
// day of m that has one (the norms of the contracts in force that day
// summed, with the terms in force that day; 8 h when no contract has a
// norm), the annual productive hours / 215, or a fixed 8. The timesheet's
// HE ceiling and the read side's effort and costs all use it.
func HoursPerDay(rules project.Rules, contracts []employment.Contract, m calendar.Month) (costs.HoursPerDay, *big.Rat, error) {
	h := costs.HoursPerDay{Convention: costs.DayFixed8}
	switch rules.HoursPerDay {
	case project.HoursPerDayContract:
		if norm := DailyNormIn(contracts, m); norm > 0 {
			// The daily norm as the contract's week: five days of it.
			h = costs.HoursPerDay{Convention: costs.DayContract, WeeklyHours: costs.DecimalOf(big.NewRat(int64(norm)*5, 60)), DaysPerWeek: 5}
		}
	case project.HoursPerDayAnnualProductive:
		h = costs.HoursPerDay{Convention: costs.DayAnnualProductive, AnnualProductiveHours: costs.DecimalInt(fixedProductiveHours)}
	}
	hours, err := h.Hours()
	if err != nil {
		return h, nil, fmt.Errorf("timesheet: hours per day: %w", err)
	}
	return h, hours, nil
}

// DailyNormIn is the sum of the daily norms of the contracts in force on
// the first day of m on which one of them has a norm, or 0.
func DailyNormIn(contracts []employment.Contract, m calendar.Month) int {
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
