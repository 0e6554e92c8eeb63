package costs

import (
	"fmt"
	"math/big"

	"cronica/domain"
)

// ProductiveBasis names how H2020 annual productive hours are set (B.7).
type ProductiveBasis string

// The three options of B.7.
const (
	ProductiveFixed      ProductiveBasis = "fixed_1720" // 1720 h, pro rata for part time
	ProductiveIndividual ProductiveBasis = "individual" // workable + overtime − absences
	ProductiveStandard   ProductiveBasis = "standard"   // the organisation's, if ≥ 90 % of its workable hours
)

// ProductiveHoursFixed is 1720 × workingTimeFactor: 1720 for a full-time
// year, pro rata otherwise.
func ProductiveHoursFixed(workingTimeFactor *big.Rat) *big.Rat {
	return new(big.Rat).Mul(ratInt(AnnualProductiveHours), rat(workingTimeFactor))
}

// MonthlyProductiveHours is (1720/12) × workingTimeFactor: 143.33... hours
// in a full-time month, kept exact (B.7's monthly rates).
func MonthlyProductiveHours(workingTimeFactor *big.Rat) *big.Rat {
	return new(big.Rat).Mul(big.NewRat(AnnualProductiveHours, 12), rat(workingTimeFactor))
}

// ProductiveHoursIndividual is the person's own productive hours of the
// year: workable hours + overtime − absences (nil overtime or absences are
// 0). The result must be positive.
func ProductiveHoursIndividual(workable, overtime, absences *big.Rat) (*big.Rat, error) {
	if rat(workable).Sign() <= 0 || rat(overtime).Sign() < 0 || rat(absences).Sign() < 0 {
		return nil, invalid("individual productive hours", "workable_hours",
			"workable hours must be positive, overtime and absences not negative",
			"orele lucrătoare trebuie să fie pozitive, iar orele suplimentare și absențele nu pot fi negative")
	}
	h := new(big.Rat).Add(workable, rat(overtime))
	h.Sub(h, rat(absences))
	if h.Sign() <= 0 {
		return nil, invalid("individual productive hours", "absences",
			"absences leave no productive hours", "absențele nu lasă nicio oră productivă")
	}
	return h, nil
}

// ProductiveHoursStandard is the organisation's standard annual productive
// hours for a full-time year, pro rata for workingTimeFactor. They may be
// used only if they are at least 90 % of its standard annual workable
// hours; otherwise the rule error CodeStandardHoursTooLow.
func ProductiveHoursStandard(standard, standardWorkable, workingTimeFactor *big.Rat) (*big.Rat, error) {
	if rat(standard).Sign() <= 0 || rat(standardWorkable).Sign() <= 0 {
		return nil, invalid("standard productive hours", "standard_hours",
			"standard productive and workable hours must be positive",
			"orele productive și lucrătoare standard trebuie să fie pozitive")
	}
	floor := new(big.Rat).Mul(standardWorkable, big.NewRat(9, 10))
	if standard.Cmp(floor) < 0 {
		s, w := DecimalOf(standard), DecimalOf(standardWorkable)
		return nil, fmt.Errorf("costs: standard productive hours: %w", domain.Rule(CodeStandardHoursTooLow,
			fmt.Sprintf("the standard productive hours (%s) are below 90 %% of the standard workable hours (%s), so they may not be used",
				en(s), en(w)),
			fmt.Sprintf("orele productive standard (%s) sunt sub 90 %% din orele lucrătoare standard (%s), deci nu pot fi folosite",
				ro(s), ro(w)),
			map[string]any{"standard": s.String(), "standard_workable": w.String(), "minimum": DecimalOf(floor).String()}))
	}
	return new(big.Rat).Mul(standard, rat(workingTimeFactor)), nil
}

// HourlyRate is personnel costs / productive hours, unrounded: annual
// costs over annual productive hours, or a month's costs over
// MonthlyProductiveHours.
func HourlyRate(costs, productiveHours *big.Rat) (*big.Rat, error) {
	if rat(productiveHours).Sign() <= 0 {
		return nil, noDeclarableTime("hourly rate", "there are no productive hours", "nu există ore productive")
	}
	return new(big.Rat).Quo(rat(costs), productiveHours), nil
}

// H2020Cost is hours × hourlyRate + additional (eligible additional
// remuneration), unrounded: 800 h at 40 EUR/h plus 2,000 EUR is 34,000
// EUR (AGA Art. 6.2.A.1). nil additional is 0.
func H2020Cost(hours, hourlyRate, additional *big.Rat) *big.Rat {
	c := new(big.Rat).Mul(rat(hours), rat(hourlyRate))
	return c.Add(c, rat(additional))
}

// PersonMonthsH2020 is hours / (1720/12).
func PersonMonthsH2020(hours *big.Rat) *big.Rat {
	return new(big.Rat).Quo(rat(hours), big.NewRat(AnnualProductiveHours, 12))
}

// Productive is the H2020 productive-hours choice for one calendar year:
// the basis and its figures (Workable, Overtime, Absences for
// ProductiveIndividual; Standard and StandardWorkable for
// ProductiveStandard; nothing for ProductiveFixed).
type Productive struct {
	Year             int             `json:"year"`
	Basis            ProductiveBasis `json:"basis"`
	Workable         Decimal         `json:"workable,omitzero"`
	Overtime         Decimal         `json:"overtime,omitzero"`
	Absences         Decimal         `json:"absences,omitzero"`
	Standard         Decimal         `json:"standard,omitzero"`
	StandardWorkable Decimal         `json:"standard_workable,omitzero"`
}

// Hours is p's productive hours for a person whose average working-time
// factor over the year is workingTimeFactor (the fixed and standard
// figures are pro rata; the individual one is the person's own).
func (p Productive) Hours(workingTimeFactor *big.Rat) (*big.Rat, error) {
	switch p.Basis {
	case ProductiveFixed:
		return ProductiveHoursFixed(workingTimeFactor), nil
	case ProductiveIndividual:
		return ProductiveHoursIndividual(p.Workable.rat(), p.Overtime.rat(), p.Absences.rat())
	case ProductiveStandard:
		return ProductiveHoursStandard(p.Standard.rat(), p.StandardWorkable.rat(), workingTimeFactor)
	}
	return nil, invalid("productive hours", "basis",
		fmt.Sprintf("unknown productive-hours basis %q", p.Basis),
		fmt.Sprintf("bază necunoscută pentru orele productive %q", p.Basis))
}
