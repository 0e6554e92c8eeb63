package costs

import (
	"fmt"
	"math/big"
	"strings"

	"cronica/domain"
)

// Declared is what a person declared on one grant in a year or period:
// day-equivalents for the HE ceilings, hours for the H2020 one. Grants
// outside Cronica count too: the ceilings are across all EU grants.
type Declared struct {
	Grant  string  `json:"grant"`
	Amount Decimal `json:"amount"`
}

// Ceiling is a person's declared time checked against a maximum, as data:
// a caller turns an exceeded one into an error (Err) or a warning.
type Ceiling struct {
	// Code is the rule checked: CodeYearlyDaysCeiling,
	// CodePeriodDaysCeiling or CodeProductiveHoursCeiling.
	Code     string     `json:"code"`
	Period   Period     `json:"period"` // the calendar year or the reporting period
	Max      Decimal    `json:"max"`
	Declared Decimal    `json:"declared"` // the sum of ByGrant
	ByGrant  []Declared `json:"by_grant"` // one per grant, in order of first appearance
	Excess   Decimal    `json:"excess"`   // Declared − Max when above it, else 0
	Exceeded bool       `json:"exceeded"`
}

// CheckYearlyDays checks the day-equivalents declared in a calendar year
// across all EU grants against the yearly maximum
// (YearlyMaxDayEquivalents, or HEDailyRate's MaxDayEquivalents over the
// year for several contracts or part of a year) (A.4).
func CheckYearlyDays(year int, maxDays *big.Rat, declared []Declared) Ceiling {
	return check(CodeYearlyDaysCeiling, Year(year), maxDays, declared)
}

// CheckPeriodDays checks the day-equivalents declared in a reporting period
// against its maximum (MaxDayEquivalents or HEDailyRate's) (A.2, A.4).
func CheckPeriodDays(p Period, maxDays *big.Rat, declared []Declared) Ceiling {
	return check(CodePeriodDaysCeiling, p, maxDays, declared)
}

// CheckProductiveHours checks the hours declared in a year across EU
// grants against the productive hours of that year (B.7): 800 h + 400 h
// against 1,600 passes.
func CheckProductiveHours(year int, productiveHours *big.Rat, declared []Declared) Ceiling {
	return check(CodeProductiveHoursCeiling, Year(year), productiveHours, declared)
}

func check(code string, p Period, maxAmount *big.Rat, declared []Declared) Ceiling {
	var by []Declared
	index := map[string]int{}
	sum := new(big.Rat)
	for _, d := range declared {
		sum.Add(sum, d.Amount.rat())
		if i, ok := index[d.Grant]; ok {
			by[i].Amount = Decimal{new(big.Rat).Add(by[i].Amount.rat(), d.Amount.rat())}
			continue
		}
		index[d.Grant] = len(by)
		by = append(by, Declared{Grant: d.Grant, Amount: DecimalOf(d.Amount.rat())})
	}
	c := Ceiling{Code: code, Period: p, Max: DecimalOf(rat(maxAmount)), Declared: Decimal{sum}, ByGrant: by}
	if excess := new(big.Rat).Sub(sum, rat(maxAmount)); excess.Sign() > 0 {
		c.Excess, c.Exceeded = Decimal{excess}, true
	}
	return c
}

// Err is nil when c is not exceeded, otherwise its rule error
// (YearlyDaysCeilingRule, PeriodDaysCeilingRule or
// ProductiveHoursCeilingRule, as c.Code says).
func (c Ceiling) Err() error {
	if !c.Exceeded {
		return nil
	}
	switch c.Code {
	case CodeYearlyDaysCeiling:
		return YearlyDaysCeilingRule(c)
	case CodePeriodDaysCeiling:
		return PeriodDaysCeilingRule(c)
	}
	return ProductiveHoursCeilingRule(c)
}

// YearlyDaysCeilingRule is the HE_YEARLY_DAYS_CEILING rule error for c.
func YearlyDaysCeilingRule(c Ceiling) *domain.RuleError {
	y := c.Period.From.Year
	return domain.Rule(CodeYearlyDaysCeiling,
		fmt.Sprintf("%s day-equivalents declared in %d across EU grants exceed the ceiling of %s (215 × working-time factor − parental leave) by %s",
			en(c.Declared), y, en(c.Max), en(c.Excess)),
		fmt.Sprintf("cele %s zile-echivalent declarate în %d pe granturile UE depășesc plafonul de %s (215 × fracțiunea de normă − concediul parental) cu %s",
			ro(c.Declared), y, ro(c.Max), ro(c.Excess)),
		c.details())
}

// PeriodDaysCeilingRule is the HE_PERIOD_DAYS_CEILING rule error for c.
func PeriodDaysCeilingRule(c Ceiling) *domain.RuleError {
	return domain.Rule(CodePeriodDaysCeiling,
		fmt.Sprintf("%s day-equivalents declared in the reporting period %s exceed its ceiling of %s ((215/12) × months × working-time factor − parental leave) by %s",
			en(c.Declared), c.Period, en(c.Max), en(c.Excess)),
		fmt.Sprintf("cele %s zile-echivalent declarate în perioada de raportare %s depășesc plafonul ei de %s ((215/12) × luni × fracțiunea de normă − concediul parental) cu %s",
			ro(c.Declared), c.Period, ro(c.Max), ro(c.Excess)),
		c.details())
}

// ProductiveHoursCeilingRule is the H2020_PRODUCTIVE_HOURS_CEILING rule
// error for c.
func ProductiveHoursCeilingRule(c Ceiling) *domain.RuleError {
	y := c.Period.From.Year
	return domain.Rule(CodeProductiveHoursCeiling,
		fmt.Sprintf("%s hours declared in %d across EU grants exceed the %s productive hours by %s",
			en(c.Declared), y, en(c.Max), en(c.Excess)),
		fmt.Sprintf("cele %s ore declarate în %d pe granturile UE depășesc cele %s ore productive cu %s",
			ro(c.Declared), y, ro(c.Max), ro(c.Excess)),
		c.details())
}

// details are c's figures, exact, for the error body.
func (c Ceiling) details() map[string]any {
	by := make(map[string]string, len(c.ByGrant))
	for _, d := range c.ByGrant {
		by[d.Grant] = d.Amount.String()
	}
	return map[string]any{
		"from": c.Period.From.String(), "to": c.Period.To.String(),
		"max": c.Max.String(), "declared": c.Declared.String(), "excess": c.Excess.String(),
		"by_grant": by,
	}
}

// en writes d for a message: at most two decimals, no trailing zeros
// ("215", "17.92", "5.5").
func en(d Decimal) string {
	s := d.Fixed(2)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// ro is en with the Romanian decimal comma ("5,5").
func ro(d Decimal) string { return strings.Replace(en(d), ".", ",", 1) }
