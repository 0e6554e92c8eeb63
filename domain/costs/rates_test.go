package costs

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"cronica/domain"
)

// ruleCode is err's rule code, or "" when err is not a rule error.
func ruleCode(err error) string {
	var re *domain.RuleError
	if errors.As(err, &re) {
		return re.Code
	}
	return ""
}

func TestDayEquivalents(t *testing.T) {
	tests := []struct {
		name        string
		hours, perD string
		want        string
	}{
		{"compliance_example_173_hours_at_8", "173", "8", "21.5"},
		{"zero_hours", "0", "8", "0"},
		{"exact_whole_days", "160", "8", "20"},
		{"exact_half_day", "4", "8", "0.5"},
		{"just_below_quarter_goes_down", "1.99", "8", "0"},
		{"quarter_goes_to_half", "2", "8", "0.5"},
		{"just_below_three_quarters_stays_half", "5.99", "8", "0.5"},
		{"three_quarters_goes_up", "6", "8", "1"},
		{"above_three_quarters_goes_up", "7.9", "8", "1"},
		{"contract_norm_7_5", "37.5", "7.5", "5"},
		{"quarter_boundary_at_7_5", "31.875", "7.5", "4.5"},     // 4.25
		{"three_quarter_boundary_at_7_5", "35.625", "7.5", "5"}, // 4.75
		{"fraction_hours_per_day", "80", "1720/215", "10"},
		{"many_days", "1720", "8", "215"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DayEquivalents(q(t, tt.hours), q(t, tt.perD))
			if err != nil || DecimalOf(got).String() != tt.want {
				t.Errorf("DayEquivalents(%s, %s) = %v, %v; want %s", tt.hours, tt.perD, DecimalOf(got), err, tt.want)
			}
		})
	}
}

func TestDayEquivalentsRefuses(t *testing.T) {
	tests := []struct {
		name        string
		hours, perD *big.Rat
	}{
		{"negative_hours", big.NewRat(-1, 1), big.NewRat(8, 1)},
		{"zero_hours_per_day", big.NewRat(8, 1), new(big.Rat)},
		{"nil_hours_per_day", big.NewRat(8, 1), nil},
		{"negative_hours_per_day", big.NewRat(8, 1), big.NewRat(-8, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DayEquivalents(tt.hours, tt.perD)
			if ruleCode(err) != CodeInvalidInput || !strings.HasPrefix(err.Error(), "costs: day equivalents: ") {
				t.Errorf("DayEquivalents = %v, want %s", err, CodeInvalidInput)
			}
		})
	}
}

func TestRoundHalfDayNegativeIsSymmetric(t *testing.T) {
	for _, tt := range []struct{ in, want string }{{"-21.625", "-21.5"}, {"-0.75", "-1"}, {"-0.2", "0"}} {
		if got := DecimalOf(RoundHalfDay(q(t, tt.in))).String(); got != tt.want {
			t.Errorf("RoundHalfDay(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestHoursPerDay(t *testing.T) {
	tests := []struct {
		name string
		h    HoursPerDay
		want string // "" when refused
	}{
		{"contract_37_5_over_5", HoursPerDay{Convention: DayContract, WeeklyHours: DecimalInt(0).add(t, "37.5"), DaysPerWeek: 5}, "7.5"},
		{"contract_part_time_20_over_5", HoursPerDay{Convention: DayContract, WeeklyHours: DecimalInt(20), DaysPerWeek: 5}, "4"},
		{"contract_without_days", HoursPerDay{Convention: DayContract, WeeklyHours: DecimalInt(40)}, ""},
		{"annual_productive_1720", HoursPerDay{Convention: DayAnnualProductive, AnnualProductiveHours: DecimalInt(1720)}, "8"},
		{"annual_productive_1548", HoursPerDay{Convention: DayAnnualProductive, AnnualProductiveHours: DecimalInt(1548)}, "7.2"},
		{"annual_productive_missing", HoursPerDay{Convention: DayAnnualProductive}, ""},
		{"fixed_8", HoursPerDay{Convention: DayFixed8}, "8"},
		{"unknown", HoursPerDay{Convention: "weekly"}, ""},
		{"empty", HoursPerDay{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.h.Hours()
			if tt.want == "" {
				if ruleCode(err) != CodeInvalidInput {
					t.Errorf("Hours() = %v, %v; want %s", DecimalOf(got), err, CodeInvalidInput)
				}
				return
			}
			if err != nil || DecimalOf(got).String() != tt.want {
				t.Errorf("Hours() = %v, %v; want %s", DecimalOf(got), err, tt.want)
			}
		})
	}
}

// add is d + the decimal s (test helper for readable literals).
func (d Decimal) add(t testing.TB, s string) Decimal {
	t.Helper()
	return DecimalOf(new(big.Rat).Add(d.rat(), q(t, s)))
}

func TestHorizonEuropeWorkedExample(t *testing.T) {
	// COMPLIANCE A.4: 60,000 EUR / 215 = 279.0698 EUR/day; 160 days -> 44,651.16 EUR.
	rate := DailyRateCalendarYear(q(t, "60000"))
	if got := DecimalOf(rate).Fixed(4); got != "279.0698" {
		t.Errorf("daily rate = %s, want 279.0698", got)
	}
	if got := MoneyOf(new(big.Rat).Mul(rate, big.NewRat(160, 1))).String(); got != "44651.16" {
		t.Errorf("160 days = %s, want 44651.16", got)
	}
	// Rounding the rate first would give 279.07 x 160 = 44651.20: the rate
	// must stay unrounded.
	if got := MoneyOf(new(big.Rat).Mul(RoundCents(rate), big.NewRat(160, 1))).String(); got != "44651.20" {
		t.Errorf("rounded-rate check = %s", got)
	}
}

func TestMaxDayEquivalents(t *testing.T) {
	tests := []struct {
		name    string
		months  int
		wtf, pl string
		want    string
		yearly  bool
	}{
		{"full_year_full_time", 12, "1", "0", "215", true},
		{"full_year_half_time", 12, "0.5", "0", "107.5", true},
		{"full_year_with_parental_leave", 12, "1", "20", "195", true},
		{"part_time_with_leave", 12, "0.8", "12", "160", true},
		{"six_months_full_time", 6, "1", "0", "107.5", false},
		{"one_month", 1, "1", "0", "215/12", false},
		{"rp_18_months_at_0_6_minus_leave", 18, "0.6", "10", "183.5", false},
		{"leave_above_maximum_floors_at_zero", 1, "1", "30", "0", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MaxDayEquivalents(tt.months, q(t, tt.wtf), q(t, tt.pl))
			if DecimalOf(got).String() != tt.want {
				t.Errorf("MaxDayEquivalents(%d, %s, %s) = %s, want %s", tt.months, tt.wtf, tt.pl, DecimalOf(got), tt.want)
			}
			if tt.yearly {
				if y := YearlyMaxDayEquivalents(q(t, tt.wtf), q(t, tt.pl)); y.Cmp(got) != 0 {
					t.Errorf("YearlyMaxDayEquivalents = %s, want %s", DecimalOf(y), tt.want)
				}
			}
		})
	}
}

func TestDailyRateReportingPeriod(t *testing.T) {
	// Six months at 5,000 EUR, full time, 10 days of parental leave:
	// 30,000 / (107.5 - 10) = 307.6923...
	maxDE := MaxDayEquivalents(6, big.NewRat(1, 1), big.NewRat(10, 1))
	rate, err := DailyRateReportingPeriod(q(t, "30000"), maxDE)
	if err != nil || DecimalOf(rate).Fixed(4) != "307.6923" || DecimalOf(maxDE).String() != "97.5" {
		t.Errorf("rate = %s over %s, %v", DecimalOf(rate).Fixed(4), DecimalOf(maxDE), err)
	}
	if _, err := DailyRateReportingPeriod(q(t, "30000"), new(big.Rat)); ruleCode(err) != CodeNoDeclarableTime {
		t.Errorf("zero maximum: %v, want %s", err, CodeNoDeclarableTime)
	}
}

func TestPersonMonths(t *testing.T) {
	if got := DecimalOf(PersonMonthsHE(big.NewRat(215, 1))).String(); got != "12" {
		t.Errorf("215 days = %s person-months", got)
	}
	if got := DecimalOf(PersonMonthsHE(big.NewRat(160, 1))).Fixed(2); got != "8.93" {
		t.Errorf("160 days = %s person-months", got)
	}
	if got := DecimalOf(PersonMonthsH2020(big.NewRat(1720, 12))).String(); got != "1" {
		t.Errorf("143.33 h = %s person-months", got)
	}
	if got := DecimalOf(PersonMonthsH2020(big.NewRat(800, 1))).Fixed(2); got != "5.58" {
		t.Errorf("800 h = %s person-months", got)
	}
}

func TestHorizon2020WorkedExample(t *testing.T) {
	// AGA Art. 6.2.A.1: 1,600 productive hours; 800 h on the action at
	// 40 EUR/h plus 2,000 EUR additional remuneration -> 34,000 EUR.
	productive, err := ProductiveHoursIndividual(q(t, "1600"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	rate, err := HourlyRate(q(t, "64000"), productive)
	if err != nil || DecimalOf(rate).String() != "40" {
		t.Fatalf("hourly rate = %v, %v; want 40", DecimalOf(rate), err)
	}
	if got := MoneyOf(H2020Cost(q(t, "800"), rate, q(t, "2000"))).String(); got != "34000.00" {
		t.Errorf("cost = %s, want 34000.00", got)
	}

	tests := []struct {
		name     string
		declared []Declared
		exceeded bool
		excess   string
	}{
		{"800_plus_400_on_another_grant_allowed", []Declared{{"ACTION", DecimalInt(800)}, {"OTHER", DecimalInt(400)}}, false, "0"},
		{"exactly_the_productive_hours_allowed", []Declared{{"ACTION", DecimalInt(800)}, {"OTHER", DecimalInt(800)}}, false, "0"},
		{"800_plus_900_exceeds", []Declared{{"ACTION", DecimalInt(800)}, {"OTHER", DecimalInt(900)}}, true, "100"},
		{"same_grant_twice_is_summed", []Declared{{"ACTION", DecimalInt(800)}, {"ACTION", DecimalInt(801)}}, true, "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := CheckProductiveHours(2019, productive, tt.declared)
			if c.Exceeded != tt.exceeded || c.Excess.String() != tt.excess || c.Code != CodeProductiveHoursCeiling {
				t.Fatalf("ceiling = %+v", c)
			}
			err := c.Err()
			if !tt.exceeded {
				if err != nil {
					t.Errorf("Err() = %v, want nil", err)
				}
				return
			}
			if ruleCode(err) != CodeProductiveHoursCeiling || !errors.Is(err, domain.ErrRule) {
				t.Errorf("Err() = %v, want %s", err, CodeProductiveHoursCeiling)
			}
		})
	}
}

func TestProductiveHours(t *testing.T) {
	tests := []struct {
		name string
		p    Productive
		wtf  string
		want string
		code string
	}{
		{"fixed_full_time", Productive{Basis: ProductiveFixed}, "1", "1720", ""},
		{"fixed_half_time_pro_rata", Productive{Basis: ProductiveFixed}, "0.5", "860", ""},
		{"individual", Productive{Basis: ProductiveIndividual, Workable: DecimalInt(1760), Overtime: DecimalInt(40), Absences: DecimalInt(200)}, "1", "1600", ""},
		{"individual_not_pro_rata", Productive{Basis: ProductiveIndividual, Workable: DecimalInt(880)}, "0.5", "880", ""},
		{"individual_absences_take_all", Productive{Basis: ProductiveIndividual, Workable: DecimalInt(100), Absences: DecimalInt(100)}, "1", "", CodeInvalidInput},
		{"individual_missing_workable", Productive{Basis: ProductiveIndividual}, "1", "", CodeInvalidInput},
		{"standard_at_90_percent_allowed", Productive{Basis: ProductiveStandard, Standard: DecimalInt(1584), StandardWorkable: DecimalInt(1760)}, "1", "1584", ""},
		{"standard_pro_rata", Productive{Basis: ProductiveStandard, Standard: DecimalInt(1600), StandardWorkable: DecimalInt(1760)}, "0.5", "800", ""},
		{"standard_below_90_percent_refused", Productive{Basis: ProductiveStandard, Standard: DecimalInt(1583), StandardWorkable: DecimalInt(1760)}, "1", "", CodeStandardHoursTooLow},
		{"standard_missing", Productive{Basis: ProductiveStandard}, "1", "", CodeInvalidInput},
		{"unknown_basis", Productive{Basis: "average"}, "1", "", CodeInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.p.Hours(q(t, tt.wtf))
			if tt.code != "" {
				if ruleCode(err) != tt.code {
					t.Errorf("Hours = %v, %v; want %s", DecimalOf(got), err, tt.code)
				}
				return
			}
			if err != nil || DecimalOf(got).String() != tt.want {
				t.Errorf("Hours = %v, %v; want %s", DecimalOf(got), err, tt.want)
			}
		})
	}
}

func TestStandardHoursTooLowMessage(t *testing.T) {
	_, err := ProductiveHoursStandard(q(t, "1500.5"), q(t, "1760"), big.NewRat(1, 1))
	var re *domain.RuleError
	if !errors.As(err, &re) || re.Code != CodeStandardHoursTooLow {
		t.Fatalf("err = %v", err)
	}
	if !strings.HasPrefix(err.Error(), "costs: standard productive hours: ") ||
		!strings.Contains(re.Message, "1500.5") || !strings.Contains(re.MessageRO, "1500,5") || re.Details["minimum"] != "1584" {
		t.Errorf("error = %q / %q / %v", re.Message, re.MessageRO, re.Details)
	}
}

func TestMonthlyHourlyRateKeeps1720Over12Exact(t *testing.T) {
	monthly := MonthlyProductiveHours(big.NewRat(1, 1))
	if got := DecimalOf(monthly).String(); got != "430/3" {
		t.Fatalf("monthly hours = %s, want 430/3 (143.33...)", got)
	}
	rate, err := HourlyRate(q(t, "5000"), monthly)
	if err != nil {
		t.Fatal(err)
	}
	// 5000 / (1720/12) x 10 h = 348.837... -> 348.84; with 143.33 h it would
	// be 348.85.
	if got := MoneyOf(H2020Cost(q(t, "10"), rate, nil)).String(); got != "348.84" {
		t.Errorf("10 h = %s, want 348.84", got)
	}
	if r, _ := HourlyRate(q(t, "4300"), monthly); DecimalOf(r).String() != "30" {
		t.Errorf("4300 / 143.33 = %s, want 30", DecimalOf(r))
	}
	if _, err := HourlyRate(q(t, "4300"), new(big.Rat)); ruleCode(err) != CodeNoDeclarableTime {
		t.Errorf("no productive hours: %v", err)
	}
}

func TestDaysCeilings(t *testing.T) {
	tests := []struct {
		name     string
		ceiling  Ceiling
		exceeded bool
		code     string
		en, ro   string
	}{
		{
			"yearly_within", CheckYearlyDays(2026, big.NewRat(215, 1), []Declared{{"P1", DecimalInt(160)}, {"OTHER", DecimalInt(55)}}),
			false, CodeYearlyDaysCeiling, "", "",
		},
		{
			"yearly_exceeded_by_other_grant", CheckYearlyDays(2026, big.NewRat(215, 1), []Declared{{"P1", DecimalInt(160)}, {"OTHER", DecimalInt(60).add(t, "0.5")}}),
			true, CodeYearlyDaysCeiling,
			"220.5 day-equivalents declared in 2026 across EU grants exceed the ceiling of 215 (215 × working-time factor − parental leave) by 5.5",
			"cele 220,5 zile-echivalent declarate în 2026 pe granturile UE depășesc plafonul de 215 (215 × fracțiunea de normă − concediul parental) cu 5,5",
		},
		{
			"period_exceeded", CheckPeriodDays(Period{From: month(t, "2026-01"), To: month(t, "2026-06")}, big.NewRat(195, 2), []Declared{{"P1", DecimalInt(98)}}),
			true, CodePeriodDaysCeiling,
			"98 day-equivalents declared in the reporting period 2026-01..2026-06 exceed its ceiling of 97.5 ((215/12) × months × working-time factor − parental leave) by 0.5",
			"cele 98 zile-echivalent declarate în perioada de raportare 2026-01..2026-06 depășesc plafonul ei de 97,5 ((215/12) × luni × fracțiunea de normă − concediul parental) cu 0,5",
		},
		{
			"period_fractional_maximum", CheckPeriodDays(Period{From: month(t, "2026-01"), To: month(t, "2026-01")}, big.NewRat(215, 12), []Declared{{"P1", DecimalInt(18)}}),
			true, CodePeriodDaysCeiling,
			"18 day-equivalents declared in the reporting period 2026-01..2026-01 exceed its ceiling of 17.92 ((215/12) × months × working-time factor − parental leave) by 0.08",
			"cele 18 zile-echivalent declarate în perioada de raportare 2026-01..2026-01 depășesc plafonul ei de 17,92 ((215/12) × luni × fracțiunea de normă − concediul parental) cu 0,08",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.ceiling
			if c.Exceeded != tt.exceeded || c.Code != tt.code {
				t.Fatalf("ceiling = %+v", c)
			}
			err := c.Err()
			if !tt.exceeded {
				if err != nil || !c.Excess.IsZero() {
					t.Errorf("Err() = %v, excess %s", err, c.Excess)
				}
				return
			}
			var re *domain.RuleError
			if !errors.As(err, &re) || re.Code != tt.code || re.Message != tt.en || re.MessageRO != tt.ro {
				t.Errorf("rule = %#v\nwant %q\n     %q", re, tt.en, tt.ro)
			}
			if re != nil && (re.Details["declared"] != c.Declared.String() || re.Details["max"] != c.Max.String()) {
				t.Errorf("details = %v", re.Details)
			}
		})
	}
}
