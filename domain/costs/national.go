package costs

import (
	"math/big"

	"cronica/domain"
	"cronica/domain/calendar"
)

// The sources of an actual hourly rate.
const (
	RateSourceHourlyCost = "hourly_cost" // a contract paid by the hour
	RateSourceSalary     = "salary"      // the month's salary costs over its norm hours
)

// ActualRate is one month's actual hourly rate under the national
// programmes' method (Romanian structural funds: PEO, PIDS), with what it
// came from.
type ActualRate struct {
	Month     string  `json:"month"`
	Source    string  `json:"source"` // RateSourceHourlyCost or RateSourceSalary
	Costs     Decimal `json:"costs,omitzero"`
	NormHours Decimal `json:"norm_hours,omitzero"`
	Rate      Decimal `json:"rate"`
}

// ActualHourlyRate is month m's hourly rate: the hourly cost of a contract
// paid by the hour when the person has one in force (hourlyCost not nil),
// else the month's salary costs over its norm hours (working days under a
// salaried contract x daily norm). No norm hours and no hourly cost is
// CodeNoDeclarableTime: time recorded where no contract can price it. The
// rate stays exact; the cost of a line is rounded once (ActualHourlyCost).
func ActualHourlyRate(m calendar.Month, hourlyCost *big.Rat, salaryCosts, normHours *big.Rat) (ActualRate, error) {
	if hourlyCost != nil {
		return ActualRate{Month: m.String(), Source: RateSourceHourlyCost, Rate: DecimalOf(hourlyCost)}, nil
	}
	if rat(normHours).Sign() <= 0 {
		return ActualRate{}, domain.Rule(CodeNoDeclarableTime,
			"time is recorded in "+m.String()+", when the person has no contract with a daily norm or an hourly cost",
			"există timp înregistrat în "+m.String()+", când persoana nu are niciun contract cu normă zilnică sau cost orar",
			map[string]any{"month": m.String()})
	}
	return ActualRate{Month: m.String(), Source: RateSourceSalary, Costs: DecimalOf(salaryCosts), NormHours: DecimalOf(normHours),
		Rate: DecimalOf(new(big.Rat).Quo(rat(salaryCosts), normHours))}, nil
}

// ActualHourlyCost is hours at rate, rounded to the cent.
func ActualHourlyCost(r ActualRate, hours *big.Rat) Money {
	return MoneyOf(new(big.Rat).Mul(r.Rate.Rat(), rat(hours)))
}
