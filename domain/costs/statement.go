package costs

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"

	"cronica/domain/calendar"
)

// Method is how a statement prices time.
type Method string

// The methods of COMPLIANCE A.2 and B.7.
const (
	// MethodHECalendarYear: one HE daily rate per calendar year, from the
	// whole year's costs and declarable days (HEDailyRate over the year).
	MethodHECalendarYear Method = "he_calendar_year"
	// MethodHEReportingPeriod: one HE daily rate for the reporting period,
	// from its months' costs and declarable days.
	MethodHEReportingPeriod Method = "he_reporting_period"
	// MethodH2020Annual: one H2020 hourly rate per calendar year, annual
	// costs / annual productive hours (Input.Productive).
	MethodH2020Annual Method = "h2020_annual"
	// MethodH2020Monthly: one H2020 hourly rate per month, the month's
	// costs / ((1720/12) × working-time factor).
	MethodH2020Monthly Method = "h2020_monthly"
)

// HE reports whether m is a Horizon Europe (daily-rate) method.
func (m Method) HE() bool { return m == MethodHECalendarYear || m == MethodHEReportingPeriod }

// Describe is m's formula in English and Romanian, for reports.
func (m Method) Describe() (en, ro string) {
	const (
		heDays   = "day-equivalents = hours / hours per day, rounded to the nearest half day per month and work package; cost = daily rate × day-equivalents, rounded to the cent per line; totals are sums of the rounded lines."
		heDaysRO = "zile-echivalent = ore / ore pe zi, rotunjite la cea mai apropiată jumătate de zi pe lună și pachet de lucru; cost = tarif zilnic × zile-echivalent, rotunjit la cent pe fiecare linie; totalurile sunt sume ale liniilor rotunjite."
		h2Cost   = "cost = hourly rate × hours + additional remuneration, rounded to the cent per line; totals are sums of the rounded lines."
		h2CostRO = "cost = tarif orar × ore + remunerația suplimentară, rotunjit la cent pe fiecare linie; totalurile sunt sume ale liniilor rotunjite."
	)
	switch m {
	case MethodHECalendarYear:
		return "Horizon Europe, daily rate per calendar year: the year's personnel costs / ((215/12) × Σ working-time factor × share of each month under contract − parental-leave days); " + heDays,
			"Orizont Europa, tarif zilnic pe an calendaristic: costurile de personal ale anului / ((215/12) × Σ fracțiunea de normă × partea din fiecare lună acoperită de contract − zilele de concediu parental); " + heDaysRO
	case MethodHEReportingPeriod:
		return "Horizon Europe, daily rate per reporting period: the period's personnel costs / ((215/12) × Σ working-time factor × share of each month under contract − parental-leave days); " + heDays,
			"Orizont Europa, tarif zilnic pe perioada de raportare: costurile de personal ale perioadei / ((215/12) × Σ fracțiunea de normă × partea din fiecare lună acoperită de contract − zilele de concediu parental); " + heDaysRO
	case MethodH2020Annual:
		return "Horizon 2020, hourly rate per calendar year: the year's personnel costs / annual productive hours (fixed 1720 pro rata, individual, or the organisation's standard); " + h2Cost,
			"Orizont 2020, tarif orar pe an calendaristic: costurile de personal ale anului / orele productive anuale (1720 fix, proporțional, individuale sau standardul organizației); " + h2CostRO
	case MethodH2020Monthly:
		return "Horizon 2020, hourly rate per month: the month's personnel costs / ((1720/12) × working-time factor); " + h2Cost,
			"Orizont 2020, tarif orar lunar: costurile de personal ale lunii / ((1720/12) × fracțiunea de normă); " + h2CostRO
	}
	return "", ""
}

// WorkHours are the hours a person worked on a project's work package in a
// month (from approved timesheets).
type WorkHours struct {
	Project     string         `json:"project"`
	WorkPackage string         `json:"work_package"`
	Month       calendar.Month `json:"month"`
	Hours       Decimal        `json:"hours"`
}

// Additional is H2020 eligible additional remuneration paid for a
// project's work package in a month, added on top of hours × rate. (Under
// HE such payments are part of the costs in the daily rate instead.)
type Additional struct {
	Project     string         `json:"project"`
	WorkPackage string         `json:"work_package"`
	Month       calendar.Month `json:"month"`
	Amount      Decimal        `json:"amount"`
}

// OtherGrant is time the person declared in a month on an EU grant this
// statement does not price (another beneficiary's, a grant not in
// Cronica): it counts towards the ceilings only. DayEquivalents serve the
// HE ceilings, Hours the H2020 one.
type OtherGrant struct {
	Grant          string         `json:"grant"`
	Month          calendar.Month `json:"month"`
	DayEquivalents Decimal        `json:"day_equivalents,omitzero"`
	Hours          Decimal        `json:"hours,omitzero"`
}

// Input is everything a statement is computed from, for one person.
//
// Work outside Period is not priced, but work in the calendar years Period
// touches counts towards the yearly ceilings, and the calendar-year
// methods take every contract month of those years for the rate: give the
// whole years.
type Input struct {
	Person        string          `json:"person"`
	Method        Method          `json:"method"`
	Period        Period          `json:"period"`
	Contracts     []Contract      `json:"contracts"`
	ParentalLeave []ParentalLeave `json:"parental_leave,omitempty"` // HE
	HoursPerDay   HoursPerDay     `json:"hours_per_day,omitzero"`   // HE
	Productive    []Productive    `json:"productive,omitempty"`     // H2020 annual: one per calendar year Period touches
	Work          []WorkHours     `json:"work"`
	Additional    []Additional    `json:"additional,omitempty"` // H2020
	OtherGrants   []OtherGrant    `json:"other_grants,omitempty"`
}

// Rate is one rate of a statement with the figures it came from.
type Rate struct {
	Span              Period          `json:"span"`  // the months of work it prices
	Basis             Period          `json:"basis"` // the months whose costs and time make it
	Costs             Decimal         `json:"costs"`
	FTEMonths         Decimal         `json:"fte_months"`                   // Σ working-time factor × month share
	ParentalLeaveDays Decimal         `json:"parental_leave_days,omitzero"` // HE
	MaxDayEquivalents Decimal         `json:"max_day_equivalents,omitzero"` // HE
	ProductiveBasis   ProductiveBasis `json:"productive_basis,omitempty"`   // H2020
	ProductiveHours   Decimal         `json:"productive_hours,omitzero"`    // H2020
	Rate              Decimal         `json:"rate"`                         // per day (HE) or per hour (H2020), unrounded; 0 without declarable time
}

// LineMonth is one month of a line: the hours and, for HE, the
// day-equivalents (rounded to the half day) of that month.
type LineMonth struct {
	Month          calendar.Month `json:"month"`
	Hours          Decimal        `json:"hours"`
	DayEquivalents Decimal        `json:"day_equivalents,omitzero"`
}

// Line is the cost of one project's work package at one rate (one span).
// Cost is the one rounding: rate × day-equivalents (HE) or rate × hours +
// additional (H2020), to the cent, half away from zero.
type Line struct {
	Project        string      `json:"project"`
	WorkPackage    string      `json:"work_package"`
	Span           Period      `json:"span"`
	Months         []LineMonth `json:"months"`
	Hours          Decimal     `json:"hours"`
	DayEquivalents Decimal     `json:"day_equivalents,omitzero"` // HE: the sum of the months'
	PersonMonths   Decimal     `json:"person_months"`            // HE: days / (215/12); H2020: hours / (1720/12)
	Rate           Decimal     `json:"rate"`
	Additional     Decimal     `json:"additional,omitzero"` // H2020
	Cost           Money       `json:"cost"`
}

// Total sums lines of one work package (WorkPackages) or one project
// (Projects, WorkPackage empty). Cost is the sum of the lines' rounded
// costs, so totals always add up to what the lines show.
type Total struct {
	Project        string  `json:"project"`
	WorkPackage    string  `json:"work_package,omitempty"`
	Hours          Decimal `json:"hours"`
	DayEquivalents Decimal `json:"day_equivalents,omitzero"`
	PersonMonths   Decimal `json:"person_months"`
	Cost           Money   `json:"cost"`
}

// Statement is a person's personnel costs over a period, per project and
// work package, with the method, its description, every input used and
// the ceilings checked, so a report can show how each figure was reached.
// Total is the sum of the rounded line costs.
type Statement struct {
	Method        Method    `json:"method"`
	Description   string    `json:"description"`
	DescriptionRO string    `json:"description_ro"`
	Input         Input     `json:"input"`
	HoursPerDay   Decimal   `json:"hours_per_day,omitzero"` // HE: the resolved convention
	Rates         []Rate    `json:"rates"`
	Lines         []Line    `json:"lines"`
	WorkPackages  []Total   `json:"work_packages"`
	Projects      []Total   `json:"projects"`
	Total         Money     `json:"total"`
	Ceilings      []Ceiling `json:"ceilings"` // exceeded ones are data here; see Ceiling.Err
}

// wpKey is a project's work package; monthKey one month of it.
type wpKey struct{ project, wp string }
type monthKey struct {
	wpKey
	month calendar.Month
}

// ComputeStatement computes in's statement. Invalid input is a
// CodeInvalidInput rule error; priced time in a span without declarable
// time (no contract month, or parental leave taking it all) is
// CodeNoDeclarableTime. Exceeded ceilings are not errors: they are in
// Statement.Ceilings.
func ComputeStatement(in Input) (Statement, error) {
	in = in.clone()
	if err := in.validate(); err != nil {
		return Statement{}, err
	}
	en, ro := in.Method.Describe()
	st := Statement{Method: in.Method, Description: en, DescriptionRO: ro, Input: in}

	var hpd *big.Rat
	if in.Method.HE() {
		h, err := in.HoursPerDay.Hours()
		if err != nil {
			return Statement{}, err
		}
		hpd, st.HoursPerDay = h, DecimalOf(h)
	}
	years := Period{From: calendar.Month{Year: in.Period.From.Year, Month: 1}, To: calendar.Month{Year: in.Period.To.Year, Month: 12}}
	hours, days, err := in.workByMonth(years, hpd)
	if err != nil {
		return Statement{}, err
	}
	additional := map[monthKey]*big.Rat{}
	for _, a := range in.Additional {
		k := monthKey{wpKey{a.Project, a.WorkPackage}, a.Month}
		additional[k] = new(big.Rat).Add(rat(additional[k]), a.Amount.rat())
	}

	for _, r := range in.rates() {
		st.Rates = append(st.Rates, r)
		lines, err := in.lines(r, hours, days, additional)
		if err != nil {
			return Statement{}, err
		}
		st.Lines = append(st.Lines, lines...)
	}
	slices.SortStableFunc(st.Lines, func(a, b Line) int {
		return cmp.Or(cmp.Compare(a.Project, b.Project), cmp.Compare(a.WorkPackage, b.WorkPackage), a.Span.From.Compare(b.Span.From))
	})
	st.WorkPackages, st.Projects, st.Total = totals(st.Lines, in.Method.HE())
	st.Ceilings = in.ceilings(hours, days)
	return st, nil
}

// clone copies in's slices, so the statement's echo does not change with
// the caller's.
func (in Input) clone() Input {
	in.Contracts = slices.Clone(in.Contracts)
	for i := range in.Contracts {
		in.Contracts[i].Months = slices.Clone(in.Contracts[i].Months)
	}
	in.ParentalLeave = slices.Clone(in.ParentalLeave)
	in.Productive = slices.Clone(in.Productive)
	in.Work = slices.Clone(in.Work)
	in.Additional = slices.Clone(in.Additional)
	in.OtherGrants = slices.Clone(in.OtherGrants)
	return in
}

func (in Input) validate() error {
	const op = "statement"
	if en, _ := in.Method.Describe(); en == "" { // not one of the four methods
		return invalid(op, "method", fmt.Sprintf("unknown method %q", in.Method), fmt.Sprintf("metodă necunoscută %q", in.Method))
	}
	if !in.Period.Valid() {
		return invalid(op, "period", fmt.Sprintf("period %s is not valid", in.Period), fmt.Sprintf("perioada %s nu este validă", in.Period))
	}
	if err := validateContracts(in.Contracts); err != nil {
		return err
	}
	if err := validateLeave(in.ParentalLeave); err != nil {
		return err
	}
	for _, w := range in.Work {
		if w.Project == "" || !w.Month.Valid() || w.Hours.Sign() < 0 {
			return invalid(op, "work", fmt.Sprintf("work %q/%q in %q: a project, a real month and hours not negative are needed", w.Project, w.WorkPackage, w.Month),
				fmt.Sprintf("activitatea %q/%q din %q: sunt necesare un proiect, o lună reală și ore nenegative", w.Project, w.WorkPackage, w.Month))
		}
	}
	for _, g := range in.OtherGrants {
		if !g.Month.Valid() || g.DayEquivalents.Sign() < 0 || g.Hours.Sign() < 0 {
			return invalid(op, "other_grants", fmt.Sprintf("other grant %q in %q: a real month and amounts not negative are needed", g.Grant, g.Month),
				fmt.Sprintf("alt grant %q în %q: sunt necesare o lună reală și valori nenegative", g.Grant, g.Month))
		}
	}
	if in.Method.HE() {
		if len(in.Additional) > 0 {
			return invalid(op, "additional", "additional remuneration is added on top under H2020 only; under HE it belongs in the monthly costs",
				"remunerația suplimentară se adaugă separat doar în H2020; în HE face parte din costurile lunare")
		}
		return nil
	}
	for _, a := range in.Additional {
		if a.Project == "" || !in.Period.Contains(a.Month) || a.Amount.Sign() < 0 {
			return invalid(op, "additional", fmt.Sprintf("additional remuneration %q/%q in %q: a project, a month of the period and an amount not negative are needed", a.Project, a.WorkPackage, a.Month),
				fmt.Sprintf("remunerația suplimentară %q/%q din %q: sunt necesare un proiect, o lună din perioadă și o sumă nenegativă", a.Project, a.WorkPackage, a.Month))
		}
	}
	if in.Method == MethodH2020Annual {
		seen := map[int]bool{}
		for _, p := range in.Productive {
			if seen[p.Year] {
				return invalid(op, "productive", fmt.Sprintf("productive hours of %d are given twice", p.Year),
					fmt.Sprintf("orele productive pentru %d apar de două ori", p.Year))
			}
			seen[p.Year] = true
		}
		for y := in.Period.From.Year; y <= in.Period.To.Year; y++ {
			if !seen[y] {
				return invalid(op, "productive", fmt.Sprintf("the productive hours of %d are missing", y),
					fmt.Sprintf("lipsesc orele productive pentru %d", y))
			}
			if _, err := in.productiveHours(Year(y)); err != nil {
				return fmt.Errorf("costs: statement: productive hours of %d: %w", y, err)
			}
		}
	}
	return nil
}

// workByMonth sums the hours per work package and month within span and,
// for HE (hpd set), converts each month's sum to day-equivalents.
func (in Input) workByMonth(span Period, hpd *big.Rat) (hours, days map[monthKey]*big.Rat, err error) {
	hours = map[monthKey]*big.Rat{}
	for _, w := range in.Work {
		if !span.Contains(w.Month) {
			continue
		}
		k := monthKey{wpKey{w.Project, w.WorkPackage}, w.Month}
		hours[k] = new(big.Rat).Add(rat(hours[k]), w.Hours.rat())
	}
	if hpd == nil {
		return hours, nil, nil
	}
	days = make(map[monthKey]*big.Rat, len(hours))
	for k, h := range hours {
		if days[k], err = DayEquivalents(h, hpd); err != nil {
			return nil, nil, err
		}
	}
	return hours, days, nil
}

// rates are the statement's rates, one per span, in order.
func (in Input) rates() []Rate {
	var spans []Period
	switch in.Method {
	case MethodHEReportingPeriod:
		spans = []Period{in.Period}
	case MethodH2020Monthly:
		for m := in.Period.From; m.Compare(in.Period.To) <= 0; m = m.Next() {
			spans = append(spans, Period{From: m, To: m})
		}
	default: // calendar years
		for y := in.Period.From.Year; y <= in.Period.To.Year; y++ {
			s, _ := in.Period.intersect(Year(y))
			spans = append(spans, s)
		}
	}
	out := make([]Rate, 0, len(spans))
	for _, span := range spans {
		out = append(out, in.rate(span))
	}
	return out
}

// basis is the months whose costs and time make the rate of span.
func (in Input) basis(span Period) Period {
	if in.Method == MethodHECalendarYear || in.Method == MethodH2020Annual {
		return Year(span.From.Year)
	}
	return span
}

// rate computes the rate of span (validated input).
func (in Input) rate(span Period) Rate {
	basis := in.basis(span)
	if in.Method.HE() {
		dr := heDailyRate(in.Contracts, in.ParentalLeave, basis)
		return Rate{Span: span, Basis: basis, Costs: dr.Costs, FTEMonths: dr.FTEMonths, ParentalLeaveDays: dr.ParentalLeaveDays,
			MaxDayEquivalents: dr.MaxDayEquivalents, Rate: dr.DailyRate}
	}
	costs, fte := over(in.Contracts, basis)
	r := Rate{Span: span, Basis: basis, Costs: Decimal{costs}, FTEMonths: Decimal{fte}}
	ph, _ := in.productiveHours(basis) // validate has checked it computes
	r.ProductiveBasis, r.ProductiveHours = ProductiveFixed, DecimalOf(ph)
	if in.Method == MethodH2020Annual {
		r.ProductiveBasis = in.productive(basis.From.Year).Basis
	}
	if ph.Sign() > 0 {
		r.Rate = Decimal{new(big.Rat).Quo(costs, ph)}
	}
	return r
}

// productiveHours are the H2020 productive hours of basis: for the
// monthly method (1720/12) × its full-time-equivalent months, for the
// annual one the year's Productive choice at the year's average
// working-time factor (full-time-equivalent months / 12).
func (in Input) productiveHours(basis Period) (*big.Rat, error) {
	_, fte := over(in.Contracts, basis)
	if in.Method == MethodH2020Monthly {
		return MonthlyProductiveHours(fte), nil
	}
	return in.productive(basis.From.Year).Hours(new(big.Rat).Quo(fte, ratInt(12)))
}

func (in Input) productive(year int) Productive {
	i := slices.IndexFunc(in.Productive, func(p Productive) bool { return p.Year == year })
	return in.Productive[i] // validate guarantees one per year of the period
}

// lines prices the work of r's span, one line per work package with hours
// or additional remuneration in it, in project, work package order.
func (in Input) lines(r Rate, hours, days, additional map[monthKey]*big.Rat) ([]Line, error) {
	var keys []monthKey
	for k := range hours {
		if r.Span.Contains(k.month) {
			keys = append(keys, k)
		}
	}
	for k := range additional {
		if r.Span.Contains(k.month) && hours[k] == nil {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b monthKey) int {
		return cmp.Or(cmp.Compare(a.project, b.project), cmp.Compare(a.wp, b.wp), a.month.Compare(b.month))
	})

	// One line per work package: its months, then its sums.
	type sums struct{ hours, days, additional *big.Rat }
	var out []Line
	var totals []sums
	for _, k := range keys {
		if n := len(out); n == 0 || out[n-1].Project != k.project || out[n-1].WorkPackage != k.wp {
			out = append(out, Line{Project: k.project, WorkPackage: k.wp, Span: r.Span, Rate: r.Rate})
			totals = append(totals, sums{new(big.Rat), new(big.Rat), new(big.Rat)})
		}
		l, s := &out[len(out)-1], totals[len(totals)-1]
		lm := LineMonth{Month: k.month, Hours: DecimalOf(hours[k])}
		s.hours.Add(s.hours, rat(hours[k]))
		s.additional.Add(s.additional, rat(additional[k]))
		if days != nil {
			lm.DayEquivalents = DecimalOf(days[k])
			s.days.Add(s.days, rat(days[k]))
		}
		l.Months = append(l.Months, lm)
	}
	for i := range out {
		l, s := &out[i], totals[i]
		l.Hours, l.Additional = Decimal{s.hours}, Decimal{s.additional}
		priced := s.hours
		if in.Method.HE() {
			priced = s.days
		}
		if priced.Sign() > 0 && !in.hasTime(r) {
			return nil, noTime(r, wpKey{l.Project, l.WorkPackage})
		}
		if in.Method.HE() {
			l.DayEquivalents, l.PersonMonths = Decimal{s.days}, Decimal{PersonMonthsHE(s.days)}
			l.Cost = MoneyOf(new(big.Rat).Mul(r.Rate.rat(), s.days))
		} else {
			l.PersonMonths = Decimal{PersonMonthsH2020(s.hours)}
			l.Cost = MoneyOf(H2020Cost(s.hours, r.Rate.rat(), s.additional))
		}
	}
	return out, nil
}

// hasTime reports whether r's basis has declarable time: days under HE,
// productive hours under H2020.
func (in Input) hasTime(r Rate) bool {
	if in.Method.HE() {
		return r.MaxDayEquivalents.Sign() > 0
	}
	return r.ProductiveHours.Sign() > 0
}

// noTime is the error for priced time of k in r's span without a rate.
func noTime(r Rate, k wpKey) error {
	return noDeclarableTime("statement",
		fmt.Sprintf("%s/%s has time in %s, where the person has no declarable time (no contract month, or parental leave takes it all)", k.project, k.wp, r.Span),
		fmt.Sprintf("%s/%s are timp în %s, când persoana nu are timp declarabil (nicio lună de contract sau concediul parental îl acoperă tot)", k.project, k.wp, r.Span))
}

// totals sums lines per work package and per project, and overall; costs
// are sums of the lines' rounded costs.
func totals(lines []Line, he bool) (wps, projects []Total, total Money) {
	add := func(ts []Total, project, wp string, l Line) []Total {
		i := slices.IndexFunc(ts, func(t Total) bool { return t.Project == project && t.WorkPackage == wp })
		if i < 0 {
			ts = append(ts, Total{Project: project, WorkPackage: wp})
			i = len(ts) - 1
		}
		t := &ts[i]
		t.Hours = Decimal{new(big.Rat).Add(t.Hours.rat(), l.Hours.rat())}
		if he {
			t.DayEquivalents = Decimal{new(big.Rat).Add(t.DayEquivalents.rat(), l.DayEquivalents.rat())}
		}
		t.PersonMonths = Decimal{new(big.Rat).Add(t.PersonMonths.rat(), l.PersonMonths.rat())}
		t.Cost = t.Cost.Add(l.Cost)
		return ts
	}
	for _, l := range lines {
		wps = add(wps, l.Project, l.WorkPackage, l)
		projects = add(projects, l.Project, "", l)
		total = total.Add(l.Cost)
	}
	return wps, projects, total
}

// ceilings checks, for every calendar year the period touches, the yearly
// ceiling and, under HE, the period's: own work by project plus the other
// grants.
func (in Input) ceilings(hours, days map[monthKey]*big.Rat) []Ceiling {
	declared := func(p Period) []Declared {
		src := hours
		if in.Method.HE() {
			src = days
		}
		by := map[string]*big.Rat{}
		for k, v := range src {
			if p.Contains(k.month) {
				by[k.project] = new(big.Rat).Add(rat(by[k.project]), v)
			}
		}
		projects := make([]string, 0, len(by))
		for p := range by {
			projects = append(projects, p)
		}
		slices.Sort(projects)
		out := make([]Declared, 0, len(projects)+len(in.OtherGrants))
		for _, p := range projects {
			out = append(out, Declared{Grant: p, Amount: Decimal{by[p]}})
		}
		for _, g := range in.OtherGrants {
			if !p.Contains(g.Month) {
				continue
			}
			a := g.Hours
			if in.Method.HE() {
				a = g.DayEquivalents
			}
			out = append(out, Declared{Grant: g.Grant, Amount: a})
		}
		return out
	}
	var out []Ceiling
	for y := in.Period.From.Year; y <= in.Period.To.Year; y++ {
		year := Year(y)
		if in.Method.HE() {
			out = append(out, CheckYearlyDays(y, heDailyRate(in.Contracts, in.ParentalLeave, year).MaxDayEquivalents.rat(), declared(year)))
			continue
		}
		ph, _ := in.productiveHours(year) // validate has checked it computes
		out = append(out, CheckProductiveHours(y, ph, declared(year)))
	}
	if in.Method.HE() {
		out = append(out, CheckPeriodDays(in.Period, heDailyRate(in.Contracts, in.ParentalLeave, in.Period).MaxDayEquivalents.rat(), declared(in.Period)))
	}
	return out
}
