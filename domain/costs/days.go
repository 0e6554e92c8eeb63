package costs

import (
	"fmt"
	"math/big"
)

// DaysPerYear is Horizon Europe's number of declarable days in a full-time
// year (A.2): the divisor of the daily rate and the yearly ceiling.
const DaysPerYear = 215

// AnnualProductiveHours is Horizon 2020's fixed number of productive hours
// of a full-time year (B.7); AnnualProductiveHours/12 (143.33...) is the
// monthly figure, kept exact.
const AnnualProductiveHours = 1720

// rat returns x, or a new 0 when x is nil; callers must not change it.
func rat(x *big.Rat) *big.Rat {
	if x == nil {
		return new(big.Rat)
	}
	return x
}

func ratInt(n int64) *big.Rat { return new(big.Rat).SetInt64(n) }

// DayEquivalents is hours / hoursPerDay rounded to the nearest half day
// (A.3, RoundHalfDay): 173 h at 8 h a day is 21.625, declared 21.5.
// Hours must not be negative and hoursPerDay must be positive.
func DayEquivalents(hours, hoursPerDay *big.Rat) (*big.Rat, error) {
	if rat(hours).Sign() < 0 {
		return nil, invalid("day equivalents", "hours", "hours must not be negative", "orele nu pot fi negative")
	}
	if rat(hoursPerDay).Sign() <= 0 {
		return nil, invalid("day equivalents", "hours_per_day",
			"hours per day must be positive", "orele pe zi trebuie să fie pozitive")
	}
	return RoundHalfDay(new(big.Rat).Quo(rat(hours), hoursPerDay)), nil
}

// RoundHalfDay rounds a number of days to the nearest half day as A.3
// says: a fractional part below .25 goes down to .0, from .25 to below .75
// becomes .5, from .75 up goes to the next whole day. Negative numbers are
// rounded symmetrically. The result is new.
func RoundHalfDay(days *big.Rat) *big.Rat {
	x := new(big.Rat).Abs(rat(days))
	whole := new(big.Int).Quo(x.Num(), x.Denom())
	frac := new(big.Rat).Sub(x, new(big.Rat).SetInt(whole))
	out := new(big.Rat).SetInt(whole)
	switch {
	case frac.Cmp(big.NewRat(3, 4)) >= 0:
		out.Add(out, ratInt(1))
	case frac.Cmp(big.NewRat(1, 4)) >= 0:
		out.Add(out, big.NewRat(1, 2))
	}
	if rat(days).Sign() < 0 {
		out.Neg(out)
	}
	return out
}

// HoursPerDayContract is the contract's daily norm: weekly hours over the
// working days of the week (37.5 h over 5 days is 7.5 h).
func HoursPerDayContract(weeklyHours *big.Rat, daysPerWeek int) (*big.Rat, error) {
	if rat(weeklyHours).Sign() <= 0 || daysPerWeek < 1 || daysPerWeek > 7 {
		return nil, invalid("hours per day", "weekly_hours",
			fmt.Sprintf("the contract's weekly hours must be positive and its days per week 1 to 7 (got %d)", daysPerWeek),
			fmt.Sprintf("orele săptămânale ale contractului trebuie să fie pozitive, iar zilele pe săptămână între 1 și 7 (primit %d)", daysPerWeek))
	}
	return new(big.Rat).Quo(weeklyHours, ratInt(int64(daysPerWeek))), nil
}

// HoursPerDayAnnualProductive is annual productive hours / 215 (1720 h is
// 8 h a day).
func HoursPerDayAnnualProductive(annualProductiveHours *big.Rat) (*big.Rat, error) {
	if rat(annualProductiveHours).Sign() <= 0 {
		return nil, invalid("hours per day", "annual_productive_hours",
			"annual productive hours must be positive", "orele productive anuale trebuie să fie pozitive")
	}
	return new(big.Rat).Quo(annualProductiveHours, ratInt(DaysPerYear)), nil
}

// HoursPerDayFixed8 is the fixed conversion: 8 hours make a day.
func HoursPerDayFixed8() *big.Rat { return ratInt(8) }

// DayConvention names how a staff group converts hours to days (A.3).
type DayConvention string

// The conventions of A.3.
const (
	DayContract         DayConvention = "contract"          // the contract's daily norm (HoursPerDayContract)
	DayAnnualProductive DayConvention = "annual_productive" // annual productive hours / 215
	DayFixed8           DayConvention = "fixed_8"           // 8 hours
)

// HoursPerDay is a convention with its parameters: WeeklyHours and
// DaysPerWeek for DayContract, AnnualProductiveHours for
// DayAnnualProductive, nothing for DayFixed8.
type HoursPerDay struct {
	Convention            DayConvention `json:"convention"`
	WeeklyHours           Decimal       `json:"weekly_hours,omitzero"`
	DaysPerWeek           int           `json:"days_per_week,omitzero"`
	AnnualProductiveHours Decimal       `json:"annual_productive_hours,omitzero"`
}

// Hours is the number of hours in a day under h.
func (h HoursPerDay) Hours() (*big.Rat, error) {
	switch h.Convention {
	case DayContract:
		return HoursPerDayContract(h.WeeklyHours.rat(), h.DaysPerWeek)
	case DayAnnualProductive:
		return HoursPerDayAnnualProductive(h.AnnualProductiveHours.rat())
	case DayFixed8:
		return HoursPerDayFixed8(), nil
	}
	return nil, invalid("hours per day", "convention",
		fmt.Sprintf("unknown hours-per-day convention %q", h.Convention),
		fmt.Sprintf("convenție ore pe zi necunoscută %q", h.Convention))
}
