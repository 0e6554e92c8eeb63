package kinds

import (
	"fmt"

	"cronica/domain/calendar"
	"cronica/reports"
)

// The from and to parameters of the kinds over a span of months (effort,
// personnel_cost).
var (
	periodFromParam = reports.ParamSpec{Name: "from", Kind: reports.ParamMonth, Required: true,
		Help: "the first month, YYYY-MM", HelpRO: "prima lună, AAAA-LL"}
	periodToParam = reports.ParamSpec{Name: "to", Kind: reports.ParamMonth, Required: true,
		Help: "the last month, YYYY-MM (included)", HelpRO: "ultima lună, AAAA-LL (inclusiv)"}
)

// period is the from..to months of in (checked by checkPeriod when the
// request was prepared).
func period(in reports.Input, maxMonths int) (from, to calendar.Month, err error) {
	return checkPeriod(in.Params, maxMonths)
}

// checkPeriod is the from..to months of p, at most maxMonths of them; a
// span that is backwards or longer is reports.ErrInvalidRequest.
func checkPeriod(p reports.Params, maxMonths int) (from, to calendar.Month, err error) {
	from, to = p.Month("from"), p.Month("to")
	if from.Compare(to) > 0 {
		return from, to, fmt.Errorf("%w: from %s is after to %s", reports.ErrInvalidRequest, from, to)
	}
	if n := monthsBetween(from, to); n > maxMonths {
		return from, to, fmt.Errorf("%w: %s..%s is %d months, at most %d", reports.ErrInvalidRequest, from, to, n, maxMonths)
	}
	return from, to, nil
}

// monthsBetween is the number of months from..to, both included.
func monthsBetween(from, to calendar.Month) int {
	return (to.Year-from.Year)*12 + int(to.Month) - int(from.Month) + 1
}

// monthsOf lists from..to.
func monthsOf(from, to calendar.Month) []calendar.Month {
	var out []calendar.Month
	for m := from; m.Compare(to) <= 0; m = m.Next() {
		out = append(out, m)
	}
	return out
}
