package readapi

import (
	"math/big"

	"cronica/domain/costs"
	"cronica/domain/project"
)

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
