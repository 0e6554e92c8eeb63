package costs

import (
	"fmt"
	"math/big"
)

// daysPerMonth is 215/12, HE's declarable days in a full-time month.
func daysPerMonth() *big.Rat { return big.NewRat(DaysPerYear, 12) }

// DailyRateCalendarYear is HE's calendar-year daily rate for a person full
// time all year under one contract without parental leave: annual
// personnel costs / 215, unrounded (A.2). 60,000 EUR gives 279.0698...
// EUR a day. HEDailyRate is the general form (part time, several
// contracts, part of a year, parental leave).
func DailyRateCalendarYear(annualCosts *big.Rat) *big.Rat {
	return new(big.Rat).Quo(rat(annualCosts), ratInt(DaysPerYear))
}

// MaxDayEquivalents is HE's maximum of declarable day-equivalents over
// months months at a working-time factor, less the parental-leave days:
// (215/12) × months × workingTimeFactor − parentalLeaveDays, at least 0
// (A.2). nil parentalLeaveDays is 0.
func MaxDayEquivalents(months int, workingTimeFactor, parentalLeaveDays *big.Rat) *big.Rat {
	fte := new(big.Rat).Mul(ratInt(int64(months)), rat(workingTimeFactor))
	return maxDays(fte, rat(parentalLeaveDays))
}

// YearlyMaxDayEquivalents is the yearly ceiling on day-equivalents declared
// across all EU grants: 215 × workingTimeFactor − parentalLeaveDays, at
// least 0 (A.4).
func YearlyMaxDayEquivalents(workingTimeFactor, parentalLeaveDays *big.Rat) *big.Rat {
	return MaxDayEquivalents(12, workingTimeFactor, parentalLeaveDays)
}

// maxDays is (215/12) × fteMonths − leave, at least 0.
func maxDays(fteMonths, leave *big.Rat) *big.Rat {
	m := new(big.Rat).Mul(daysPerMonth(), fteMonths)
	m.Sub(m, leave)
	if m.Sign() < 0 {
		m.SetInt64(0)
	}
	return m
}

// DailyRateReportingPeriod is HE's reporting-period daily rate: the
// personnel costs of the period's months / the maximum declarable
// day-equivalents of the period (MaxDayEquivalents), unrounded (A.2). A
// maximum of 0 has no rate: CodeNoDeclarableTime.
func DailyRateReportingPeriod(costs, maxDayEquivalents *big.Rat) (*big.Rat, error) {
	if rat(maxDayEquivalents).Sign() <= 0 {
		return nil, noDeclarableTime("daily rate", "the period has no declarable day-equivalents",
			"perioada nu are zile-echivalent declarabile")
	}
	return new(big.Rat).Quo(rat(costs), maxDayEquivalents), nil
}

// PersonMonthsHE is day-equivalents / (215/12).
func PersonMonthsHE(dayEquivalents *big.Rat) *big.Rat {
	return new(big.Rat).Quo(rat(dayEquivalents), daysPerMonth())
}

// DayRate is one HE daily rate with everything it was computed from.
//
// With one or several contracts with the beneficiary (A.5) there is one
// daily rate; costs and maximum days are summed across the contracts, each
// pro-rated by the months it covers:
//
//	FTEMonths = Σ contracts Σ months of Basis: working-time factor × MonthShare
//	MaxDayEquivalents = (215/12) × FTEMonths − parental-leave days of Basis, at least 0
//	DailyRate = Σ contracts Σ months of Basis: costs / MaxDayEquivalents
//
// MonthShare is the calendar days of the month the contract is in force
// over the days of the month. For one full-time contract all year without
// parental leave, MaxDayEquivalents is 215 and DailyRate is
// DailyRateCalendarYear; for a reporting period of n months at a constant
// factor it is A.2's (215/12) × n × factor − leave.
type DayRate struct {
	Basis             Period  `json:"basis"` // the months whose costs and days make the rate
	Costs             Decimal `json:"costs"`
	FTEMonths         Decimal `json:"fte_months"`
	ParentalLeaveDays Decimal `json:"parental_leave_days"`
	MaxDayEquivalents Decimal `json:"max_day_equivalents"`
	DailyRate         Decimal `json:"daily_rate"` // unrounded; 0 when MaxDayEquivalents is 0
}

// HEDailyRate computes the DayRate of a person's contracts and parental
// leave over basis (a calendar year for the calendar-year method, the
// reporting period for the reporting-period method).
func HEDailyRate(contracts []Contract, leave []ParentalLeave, basis Period) (DayRate, error) {
	if !basis.Valid() {
		return DayRate{}, invalid("daily rate", "period", fmt.Sprintf("period %s is not valid", basis),
			fmt.Sprintf("perioada %s nu este validă", basis))
	}
	if err := validateContracts(contracts); err != nil {
		return DayRate{}, err
	}
	if err := validateLeave(leave); err != nil {
		return DayRate{}, err
	}
	return heDailyRate(contracts, leave, basis), nil
}

func heDailyRate(contracts []Contract, leave []ParentalLeave, basis Period) DayRate {
	costs, fte := over(contracts, basis)
	pl := leaveDays(leave, basis)
	maxDE := maxDays(fte, pl)
	rate := new(big.Rat)
	if maxDE.Sign() > 0 {
		rate.Quo(costs, maxDE)
	}
	return DayRate{Basis: basis, Costs: Decimal{costs}, FTEMonths: Decimal{fte}, ParentalLeaveDays: Decimal{pl},
		MaxDayEquivalents: Decimal{maxDE}, DailyRate: Decimal{rate}}
}
