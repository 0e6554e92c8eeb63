package personnelcost

import (
	"math/big"

	"cronica/domain/costs"
	"cronica/domain/project"
)

// PersonMonths is the person-months of hours and days under a project's
// rate method: Horizon 2020's hourly methods count hours (hours /
// (1720/12)), the others day-equivalents (days / (215/12)).
func PersonMonths(method project.RateMethod, hours, days *big.Rat) *big.Rat {
	switch method {
	case project.RateH2020Fixed1720, project.RateH2020Individual, project.RateH2020Standard:
		return costs.PersonMonthsH2020(hours)
	}
	return costs.PersonMonthsHE(days)
}
