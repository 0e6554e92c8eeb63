package costs

import (
	"fmt"
	"math/big"

	"cronica/domain/calendar"
)

// Period is a span of whole months, From and To included (a reporting
// period, a calendar year, one month).
type Period struct {
	From calendar.Month `json:"from"`
	To   calendar.Month `json:"to"`
}

// Year is the period of a calendar year.
func Year(y int) Period {
	return Period{From: calendar.Month{Year: y, Month: 1}, To: calendar.Month{Year: y, Month: 12}}
}

// Contains reports whether m is in p.
func (p Period) Contains(m calendar.Month) bool {
	return p.From.Compare(m) <= 0 && m.Compare(p.To) <= 0
}

// Months is the number of months of p (0 when To is before From).
func (p Period) Months() int {
	n := (p.To.Year-p.From.Year)*12 + int(p.To.Month) - int(p.From.Month) + 1
	return max(n, 0)
}

// Valid reports whether both ends are real months and From is not after
// To.
func (p Period) Valid() bool { return p.From.Valid() && p.To.Valid() && p.From.Compare(p.To) <= 0 }

// String is "2026-01..2026-06".
func (p Period) String() string { return p.From.String() + ".." + p.To.String() }

// intersect is the months p and q share, and whether they share any.
func (p Period) intersect(q Period) (Period, bool) {
	out := p
	if q.From.Compare(out.From) > 0 {
		out.From = q.From
	}
	if q.To.Compare(out.To) < 0 {
		out.To = q.To
	}
	return out, out.From.Compare(out.To) <= 0
}

// Contract is one work contract of the person with the beneficiary, as the
// cost engine needs it: its dates and, per month, the personnel costs paid
// under it and its working-time factor. A person may hold several
// contracts with one beneficiary (A.5); their costs and declarable days
// are summed (see HEDailyRate).
type Contract struct {
	ID     string          `json:"id"`
	Start  calendar.Date   `json:"start"`
	End    calendar.Date   `json:"end,omitzero"` // zero: open-ended
	Months []ContractMonth `json:"months"`
}

// ContractMonth is one month of a contract: the eligible personnel costs
// of the month (salary, contributions, taxes in the cost of the
// remuneration) and the working-time factor (1 full time, 0.5 half time;
// above 0, at most 1).
type ContractMonth struct {
	Month             calendar.Month `json:"month"`
	Costs             Decimal        `json:"costs"`
	WorkingTimeFactor Decimal        `json:"working_time_factor"`
}

// MonthShare is the part of m the contract is in force: calendar days
// covered by Start..End over the days of m (1 for a whole month, 17/31 for
// a contract starting on 15 March, 0 outside it).
func (c Contract) MonthShare(m calendar.Month) *big.Rat {
	from, to := m.First(), m.Last()
	if c.Start.After(from) {
		from = c.Start
	}
	if !c.End.IsZero() && c.End.Before(to) {
		to = c.End
	}
	if to.Before(from) {
		return new(big.Rat)
	}
	return big.NewRat(int64(from.DaysUntil(to)+1), int64(m.Days()))
}

// ParentalLeave is the number of working days of parental leave a person
// took in a month; HE subtracts them from the declarable days.
type ParentalLeave struct {
	Month calendar.Month `json:"month"`
	Days  Decimal        `json:"days"`
}

// validateContracts checks every contract: real dates, each month once,
// inside the contract, costs not negative, working-time factor in (0, 1].
func validateContracts(contracts []Contract) error {
	const op = "contracts"
	for _, c := range contracts {
		if !c.Start.Valid() || (!c.End.IsZero() && (!c.End.Valid() || c.End.Before(c.Start))) {
			return invalid(op, "start", fmt.Sprintf("contract %q: start and end must be real dates, the end not before the start", c.ID),
				fmt.Sprintf("contractul %q: începutul și sfârșitul trebuie să fie date reale, sfârșitul nu înaintea începutului", c.ID))
		}
		seen := make(map[calendar.Month]bool, len(c.Months))
		for _, m := range c.Months {
			switch {
			case !m.Month.Valid() || seen[m.Month]:
				return invalid(op, "month", fmt.Sprintf("contract %q: month %q is not a real month or is listed twice", c.ID, m.Month),
					fmt.Sprintf("contractul %q: luna %q nu este o lună reală sau apare de două ori", c.ID, m.Month))
			case c.MonthShare(m.Month).Sign() == 0:
				return invalid(op, "month", fmt.Sprintf("contract %q: month %s is outside the contract", c.ID, m.Month),
					fmt.Sprintf("contractul %q: luna %s este în afara contractului", c.ID, m.Month))
			case m.Costs.Sign() < 0:
				return invalid(op, "costs", fmt.Sprintf("contract %q: the costs of %s are negative", c.ID, m.Month),
					fmt.Sprintf("contractul %q: costurile lunii %s sunt negative", c.ID, m.Month))
			case m.WorkingTimeFactor.Sign() <= 0 || m.WorkingTimeFactor.Cmp(DecimalInt(1)) > 0:
				return invalid(op, "working_time_factor",
					fmt.Sprintf("contract %q: the working-time factor of %s must be above 0 and at most 1", c.ID, m.Month),
					fmt.Sprintf("contractul %q: fracțiunea de normă a lunii %s trebuie să fie peste 0 și cel mult 1", c.ID, m.Month))
			}
			seen[m.Month] = true
		}
	}
	return nil
}

func validateLeave(leave []ParentalLeave) error {
	for _, l := range leave {
		if !l.Month.Valid() || l.Days.Sign() < 0 {
			return invalid("parental leave", "parental_leave",
				fmt.Sprintf("parental leave of %q: the month must be real and the days not negative", l.Month),
				fmt.Sprintf("concediul parental din %q: luna trebuie să fie reală, iar zilele nu pot fi negative", l.Month))
		}
	}
	return nil
}

// over sums, for the months of p, the contracts' costs and their
// full-time-equivalent months: the working-time factor times the share of
// the month covered, summed over contracts and months.
func over(contracts []Contract, p Period) (costs, fteMonths *big.Rat) {
	costs, fteMonths = new(big.Rat), new(big.Rat)
	for _, c := range contracts {
		for _, m := range c.Months {
			if !p.Contains(m.Month) {
				continue
			}
			costs.Add(costs, m.Costs.rat())
			fteMonths.Add(fteMonths, new(big.Rat).Mul(m.WorkingTimeFactor.rat(), c.MonthShare(m.Month)))
		}
	}
	return costs, fteMonths
}

// leaveDays sums the parental leave days of the months of p.
func leaveDays(leave []ParentalLeave, p Period) *big.Rat {
	sum := new(big.Rat)
	for _, l := range leave {
		if p.Contains(l.Month) {
			sum.Add(sum, l.Days.rat())
		}
	}
	return sum
}

// ContractsOver validates contracts and sums, over the months of p, their
// costs and full-time-equivalent months (Σ working-time factor × MonthShare
// over contracts and months: 12 for one full-time contract all year, 6 for
// a half-time one, 3 + 4.5 for a full-time contract in January-March then a
// half-time one in April-December).
func ContractsOver(contracts []Contract, p Period) (costs, fteMonths *big.Rat, err error) {
	if err := validateContracts(contracts); err != nil {
		return nil, nil, err
	}
	costs, fteMonths = over(contracts, p)
	return costs, fteMonths, nil
}
