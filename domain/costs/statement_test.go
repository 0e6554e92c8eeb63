package costs

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"
)

// contract is a contract from start to end ("" open) with the same costs
// and working-time factor in every month from..to.
func contract(t testing.TB, id, start, end, from, to, costs, wtf string) Contract {
	t.Helper()
	c := Contract{ID: id, Start: day(t, start)}
	if end != "" {
		c.End = day(t, end)
	}
	for m := month(t, from); m.Compare(month(t, to)) <= 0; m = m.Next() {
		c.Months = append(c.Months, ContractMonth{Month: m, Costs: dec(t, costs), WorkingTimeFactor: dec(t, wtf)})
	}
	return c
}

// work is hours on project/wp in each month from..to.
func work(t testing.TB, project, wp, from, to, hours string) []WorkHours {
	t.Helper()
	var out []WorkHours
	for m := month(t, from); m.Compare(month(t, to)) <= 0; m = m.Next() {
		out = append(out, WorkHours{Project: project, WorkPackage: wp, Month: m, Hours: dec(t, hours)})
	}
	return out
}

func period(t testing.TB, from, to string) Period {
	t.Helper()
	return Period{From: month(t, from), To: month(t, to)}
}

func concat[T any](parts ...[]T) []T {
	var out []T
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// lineWant is the expected figures of one statement line.
type lineWant struct {
	project, wp, span  string
	hours, days, rate  string
	personMonths, cost string
}

// rateWant is the expected figures of one statement rate.
type rateWant struct {
	span, basis, costs, fte, maxDays, productive, rate string
}

// ceilingWant is the expected figures of one ceiling.
type ceilingWant struct {
	code, period, max, declared, excess string
}

func TestComputeStatement(t *testing.T) {
	fullYear2026 := contract(t, "c1", "2026-01-01", "", "2026-01", "2026-12", "5000", "1")
	fixed8 := HoursPerDay{Convention: DayFixed8}

	tests := []struct {
		name     string
		in       Input
		rates    []rateWant
		lines    []lineWant
		wps      map[string]string // "project/wp" -> cost
		projects map[string]string // project -> cost
		total    string
		ceilings []ceilingWant
	}{
		{
			name: "he_calendar_year_worked_example",
			in: Input{Person: "ana", Method: MethodHECalendarYear, Period: period(t, "2026-01", "2026-12"),
				Contracts: []Contract{fullYear2026}, HoursPerDay: fixed8,
				Work: work(t, "P1", "WP1", "2026-01", "2026-10", "128")}, // 16 days a month, 160 days
			rates: []rateWant{{span: "2026-01..2026-12", basis: "2026-01..2026-12", costs: "60000", fte: "12", maxDays: "215", rate: "12000/43"}},
			lines: []lineWant{{project: "P1", wp: "WP1", span: "2026-01..2026-12", hours: "1280", days: "160", rate: "12000/43",
				personMonths: "384/43", cost: "44651.16"}},
			wps: map[string]string{"P1/WP1": "44651.16"}, projects: map[string]string{"P1": "44651.16"}, total: "44651.16",
			ceilings: []ceilingWant{
				{CodeYearlyDaysCeiling, "2026-01..2026-12", "215", "160", "0"},
				{CodePeriodDaysCeiling, "2026-01..2026-12", "215", "160", "0"},
			},
		},
		{
			name: "totals_are_sums_of_rounded_lines",
			in: Input{Method: MethodHECalendarYear, Period: period(t, "2026-01", "2026-01"),
				Contracts: []Contract{fullYear2026}, HoursPerDay: fixed8,
				Work: concat(work(t, "P1", "WP1", "2026-01", "2026-01", "4"), work(t, "P1", "WP2", "2026-01", "2026-01", "4"))},
			rates: []rateWant{{span: "2026-01..2026-01", basis: "2026-01..2026-12", costs: "60000", fte: "12", maxDays: "215", rate: "12000/43"}},
			lines: []lineWant{
				{project: "P1", wp: "WP1", span: "2026-01..2026-01", hours: "4", days: "0.5", rate: "12000/43", personMonths: "6/215", cost: "139.53"},
				{project: "P1", wp: "WP2", span: "2026-01..2026-01", hours: "4", days: "0.5", rate: "12000/43", personMonths: "6/215", cost: "139.53"},
			},
			// One day at 279.0698 would round to 279.07; the lines say 279.06.
			wps: map[string]string{"P1/WP1": "139.53", "P1/WP2": "139.53"}, projects: map[string]string{"P1": "279.06"}, total: "279.06",
			ceilings: []ceilingWant{
				{CodeYearlyDaysCeiling, "2026-01..2026-12", "215", "1", "0"},
				{CodePeriodDaysCeiling, "2026-01..2026-01", "215/12", "1", "0"},
			},
		},
		{
			name: "he_rounds_days_per_month_and_work_package",
			in: Input{Method: MethodHEReportingPeriod, Period: period(t, "2026-01", "2026-12"),
				Contracts: []Contract{fullYear2026}, HoursPerDay: fixed8,
				// 173 h a month is 21.625 days, declared 21.5: 2 x 21.5 = 43, not 346/8 = 43.25 -> 43.5.
				Work: work(t, "P1", "WP1", "2026-03", "2026-04", "173")},
			rates: []rateWant{{span: "2026-01..2026-12", basis: "2026-01..2026-12", costs: "60000", fte: "12", maxDays: "215", rate: "12000/43"}},
			lines: []lineWant{{project: "P1", wp: "WP1", span: "2026-01..2026-12", hours: "346", days: "43", rate: "12000/43", personMonths: "2.4", cost: "12000.00"}},
			wps:   map[string]string{"P1/WP1": "12000.00"}, projects: map[string]string{"P1": "12000.00"}, total: "12000.00",
			ceilings: []ceilingWant{
				{CodeYearlyDaysCeiling, "2026-01..2026-12", "215", "43", "0"},
				{CodePeriodDaysCeiling, "2026-01..2026-12", "215", "43", "0"},
			},
		},
		{
			// A full time January-June; B half time from 15 April (April
			// share 16/30). FTE months = 6 + 0.5 x (16/30 + 8) = 154/15;
			// maximum = (215/12) x 154/15 = 3311/18 = 183.94; costs = 6 x
			// 6000 + 9 x 2000 = 54000; rate = 972000/3311 = 293.5669.
			name: "several_contracts_one_daily_rate",
			in: Input{Method: MethodHECalendarYear, Period: period(t, "2026-01", "2026-12"),
				Contracts: []Contract{
					contract(t, "a", "2026-01-01", "2026-06-30", "2026-01", "2026-06", "6000", "1"),
					contract(t, "b", "2026-04-15", "", "2026-04", "2026-12", "2000", "0.5"),
				},
				HoursPerDay: HoursPerDay{Convention: DayContract, WeeklyHours: DecimalInt(40), DaysPerWeek: 5},
				Work:        work(t, "P1", "WP1", "2026-01", "2026-10", "80")},
			rates: []rateWant{{span: "2026-01..2026-12", basis: "2026-01..2026-12", costs: "54000", fte: "154/15", maxDays: "3311/18", rate: "972000/3311"}},
			lines: []lineWant{{project: "P1", wp: "WP1", span: "2026-01..2026-12", hours: "800", days: "100", rate: "972000/3311", personMonths: "240/43", cost: "29356.69"}},
			wps:   map[string]string{"P1/WP1": "29356.69"}, projects: map[string]string{"P1": "29356.69"}, total: "29356.69",
			ceilings: []ceilingWant{
				{CodeYearlyDaysCeiling, "2026-01..2026-12", "3311/18", "100", "0"},
				{CodePeriodDaysCeiling, "2026-01..2026-12", "3311/18", "100", "0"},
			},
		},
		{
			// Six months at 5,000 EUR with 10 days of parental leave: maximum
			// (215/12) x 6 - 10 = 97.5, rate 30000/97.5 = 4000/13. Days at
			// 37.5/5 = 7.5 h. Work in September counts for the year only; a
			// half day on another grant tips the period over its ceiling.
			name: "he_reporting_period_with_parental_leave",
			in: Input{Method: MethodHEReportingPeriod, Period: period(t, "2026-01", "2026-06"),
				Contracts:     []Contract{fullYear2026},
				ParentalLeave: []ParentalLeave{{Month: month(t, "2026-03"), Days: DecimalInt(10)}},
				HoursPerDay:   HoursPerDay{Convention: DayContract, WeeklyHours: dec(t, "37.5"), DaysPerWeek: 5},
				Work: concat(
					work(t, "P1", "WP1", "2026-01", "2026-01", "150"),    // 20
					work(t, "P1", "WP1", "2026-02", "2026-02", "75"),     // 10
					work(t, "P1", "WP1", "2026-03", "2026-03", "131.25"), // 17.5
					work(t, "P2", "WP3", "2026-04", "2026-04", "375"),    // 50
					work(t, "P1", "WP1", "2026-09", "2026-09", "75"),     // 10, outside the period
				),
				OtherGrants: []OtherGrant{{Grant: "OTHER-HE", Month: month(t, "2026-05"), DayEquivalents: dec(t, "0.5")}}},
			rates: []rateWant{{span: "2026-01..2026-06", basis: "2026-01..2026-06", costs: "30000", fte: "6", maxDays: "97.5", rate: "4000/13"}},
			lines: []lineWant{
				{project: "P1", wp: "WP1", span: "2026-01..2026-06", hours: "356.25", days: "47.5", rate: "4000/13", personMonths: "114/43", cost: "14615.38"},
				{project: "P2", wp: "WP3", span: "2026-01..2026-06", hours: "375", days: "50", rate: "4000/13", personMonths: "120/43", cost: "15384.62"},
			},
			wps:      map[string]string{"P1/WP1": "14615.38", "P2/WP3": "15384.62"},
			projects: map[string]string{"P1": "14615.38", "P2": "15384.62"}, total: "30000.00",
			ceilings: []ceilingWant{
				{CodeYearlyDaysCeiling, "2026-01..2026-12", "205", "108", "0"},
				{CodePeriodDaysCeiling, "2026-01..2026-06", "97.5", "98", "0.5"},
			},
		},
		{
			name: "he_yearly_ceiling_exceeded_with_another_grant",
			in: Input{Method: MethodHECalendarYear, Period: period(t, "2026-01", "2026-12"),
				Contracts: []Contract{fullYear2026}, HoursPerDay: fixed8,
				Work:        work(t, "P1", "WP1", "2026-01", "2026-10", "128"),
				OtherGrants: []OtherGrant{{Grant: "OTHER-HE", Month: month(t, "2026-11"), DayEquivalents: DecimalInt(60)}}},
			rates: []rateWant{{span: "2026-01..2026-12", basis: "2026-01..2026-12", costs: "60000", fte: "12", maxDays: "215", rate: "12000/43"}},
			lines: []lineWant{{project: "P1", wp: "WP1", span: "2026-01..2026-12", hours: "1280", days: "160", rate: "12000/43", personMonths: "384/43", cost: "44651.16"}},
			wps:   map[string]string{"P1/WP1": "44651.16"}, projects: map[string]string{"P1": "44651.16"}, total: "44651.16",
			ceilings: []ceilingWant{
				{CodeYearlyDaysCeiling, "2026-01..2026-12", "215", "220", "5"},
				{CodePeriodDaysCeiling, "2026-01..2026-12", "215", "220", "5"},
			},
		},
		{
			// A reporting period across two years priced with each year's
			// calendar-year rate: 48000/215 in 2025, 51600/215 = 240 in 2026.
			name: "he_calendar_year_rates_across_two_years",
			in: Input{Method: MethodHECalendarYear, Period: period(t, "2025-07", "2026-06"),
				Contracts: []Contract{
					contract(t, "c0", "2025-01-01", "", "2025-01", "2025-12", "4000", "1"),
					contract(t, "c1", "2026-01-01", "", "2026-01", "2026-12", "4300", "1"),
				},
				HoursPerDay: fixed8,
				Work:        work(t, "P1", "WP1", "2025-12", "2026-01", "80")},
			rates: []rateWant{
				{span: "2025-07..2025-12", basis: "2025-01..2025-12", costs: "48000", fte: "12", maxDays: "215", rate: "9600/43"},
				{span: "2026-01..2026-06", basis: "2026-01..2026-12", costs: "51600", fte: "12", maxDays: "215", rate: "240"},
			},
			lines: []lineWant{
				{project: "P1", wp: "WP1", span: "2025-07..2025-12", hours: "80", days: "10", rate: "9600/43", personMonths: "24/43", cost: "2232.56"},
				{project: "P1", wp: "WP1", span: "2026-01..2026-06", hours: "80", days: "10", rate: "240", personMonths: "24/43", cost: "2400.00"},
			},
			wps: map[string]string{"P1/WP1": "4632.56"}, projects: map[string]string{"P1": "4632.56"}, total: "4632.56",
			ceilings: []ceilingWant{
				{CodeYearlyDaysCeiling, "2025-01..2025-12", "215", "10", "0"},
				{CodeYearlyDaysCeiling, "2026-01..2026-12", "215", "10", "0"},
				{CodePeriodDaysCeiling, "2025-07..2026-06", "215", "20", "0"},
			},
		},
		{
			// AGA Art. 6.2.A.1: 1,600 productive hours, 64,000 EUR: 40 EUR/h;
			// 800 h plus 2,000 EUR additional remuneration = 34,000 EUR;
			// with 400 h on another grant, 1,200 <= 1,600.
			name: "h2020_annual_worked_example",
			in: Input{Method: MethodH2020Annual, Period: period(t, "2019-01", "2019-12"),
				Contracts: []Contract{{ID: "c", Start: day(t, "2015-09-01"), Months: append(
					contract(t, "c", "2019-01-01", "", "2019-01", "2019-11", "5333.33", "1").Months,
					ContractMonth{Month: month(t, "2019-12"), Costs: dec(t, "5333.37"), WorkingTimeFactor: DecimalInt(1)})}},
				Productive:  []Productive{{Year: 2019, Basis: ProductiveIndividual, Workable: DecimalInt(1600)}},
				Work:        work(t, "P1", "WP2", "2019-01", "2019-08", "100"),
				Additional:  []Additional{{Project: "P1", WorkPackage: "WP2", Month: month(t, "2019-12"), Amount: DecimalInt(2000)}},
				OtherGrants: []OtherGrant{{Grant: "OTHER-H2020", Month: month(t, "2019-06"), Hours: DecimalInt(400)}}},
			rates: []rateWant{{span: "2019-01..2019-12", basis: "2019-01..2019-12", costs: "64000", fte: "12", productive: "1600", rate: "40"}},
			lines: []lineWant{{project: "P1", wp: "WP2", span: "2019-01..2019-12", hours: "800", rate: "40", personMonths: "240/43", cost: "34000.00"}},
			wps:   map[string]string{"P1/WP2": "34000.00"}, projects: map[string]string{"P1": "34000.00"}, total: "34000.00",
			ceilings: []ceilingWant{{CodeProductiveHoursCeiling, "2019-01..2019-12", "1600", "1200", "0"}},
		},
		{
			name: "h2020_productive_hours_ceiling_exceeded",
			in: Input{Method: MethodH2020Annual, Period: period(t, "2019-01", "2019-12"),
				Contracts:   []Contract{contract(t, "c", "2019-01-01", "", "2019-01", "2019-12", "5375", "1")},
				Productive:  []Productive{{Year: 2019, Basis: ProductiveFixed}},
				Work:        work(t, "P1", "WP1", "2019-01", "2019-10", "100"),
				OtherGrants: []OtherGrant{{Grant: "OTHER-H2020", Month: month(t, "2019-06"), Hours: DecimalInt(800)}}},
			rates: []rateWant{{span: "2019-01..2019-12", basis: "2019-01..2019-12", costs: "64500", fte: "12", productive: "1720", rate: "37.5"}},
			lines: []lineWant{{project: "P1", wp: "WP1", span: "2019-01..2019-12", hours: "1000", rate: "37.5", personMonths: "300/43", cost: "37500.00"}},
			wps:   map[string]string{"P1/WP1": "37500.00"}, projects: map[string]string{"P1": "37500.00"}, total: "37500.00",
			ceilings: []ceilingWant{{CodeProductiveHoursCeiling, "2019-01..2019-12", "1720", "1800", "80"}},
		},
		{
			// Monthly rates over (1720/12) x factor, kept exact: 5000 over
			// 143.33 h and 2500 over 71.67 h are both 1500/43 EUR/h;
			// 10 h -> 348.84 (348.85 with 143.33 rounded).
			name: "h2020_monthly_rates",
			in: Input{Method: MethodH2020Monthly, Period: period(t, "2020-01", "2020-03"),
				Contracts: []Contract{{ID: "c", Start: day(t, "2020-01-01"), Months: []ContractMonth{
					{Month: month(t, "2020-01"), Costs: DecimalInt(5000), WorkingTimeFactor: DecimalInt(1)},
					{Month: month(t, "2020-02"), Costs: DecimalInt(2500), WorkingTimeFactor: dec(t, "0.5")},
					{Month: month(t, "2020-03"), Costs: DecimalInt(5000), WorkingTimeFactor: DecimalInt(1)},
				}}},
				Work: work(t, "P1", "WP1", "2020-01", "2020-02", "10")},
			rates: []rateWant{
				{span: "2020-01..2020-01", basis: "2020-01..2020-01", costs: "5000", fte: "1", productive: "430/3", rate: "1500/43"},
				{span: "2020-02..2020-02", basis: "2020-02..2020-02", costs: "2500", fte: "0.5", productive: "215/3", rate: "1500/43"},
				{span: "2020-03..2020-03", basis: "2020-03..2020-03", costs: "5000", fte: "1", productive: "430/3", rate: "1500/43"},
			},
			lines: []lineWant{
				{project: "P1", wp: "WP1", span: "2020-01..2020-01", hours: "10", rate: "1500/43", personMonths: "3/43", cost: "348.84"},
				{project: "P1", wp: "WP1", span: "2020-02..2020-02", hours: "10", rate: "1500/43", personMonths: "3/43", cost: "348.84"},
			},
			wps: map[string]string{"P1/WP1": "697.68"}, projects: map[string]string{"P1": "697.68"}, total: "697.68",
			ceilings: []ceilingWant{{CodeProductiveHoursCeiling, "2020-01..2020-12", "1075/3", "20", "0"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := ComputeStatement(tt.in)
			if err != nil {
				t.Fatalf("ComputeStatement: %v", err)
			}
			if en, ro := tt.in.Method.Describe(); st.Method != tt.in.Method || st.Description != en || st.DescriptionRO != ro || en == "" {
				t.Errorf("method %q described as %q", st.Method, st.Description)
			}
			if len(st.Rates) != len(tt.rates) {
				t.Fatalf("%d rates, want %d: %+v", len(st.Rates), len(tt.rates), st.Rates)
			}
			for i, w := range tt.rates {
				r := st.Rates[i]
				got := rateWant{r.Span.String(), r.Basis.String(), r.Costs.String(), r.FTEMonths.String(),
					r.MaxDayEquivalents.String(), r.ProductiveHours.String(), r.Rate.String()}
				if w.maxDays == "" {
					w.maxDays = "0"
				}
				if w.productive == "" {
					w.productive = "0"
				}
				if got != w {
					t.Errorf("rate %d = %+v\nwant     %+v", i, got, w)
				}
			}
			if len(st.Lines) != len(tt.lines) {
				t.Fatalf("%d lines, want %d: %+v", len(st.Lines), len(tt.lines), st.Lines)
			}
			for i, w := range tt.lines {
				l := st.Lines[i]
				got := lineWant{l.Project, l.WorkPackage, l.Span.String(), l.Hours.String(), l.DayEquivalents.String(),
					l.Rate.String(), l.PersonMonths.String(), l.Cost.String()}
				if w.days == "" {
					w.days = "0"
				}
				if got != w {
					t.Errorf("line %d = %+v\nwant     %+v", i, got, w)
				}
			}
			for _, wp := range st.WorkPackages {
				if want := tt.wps[wp.Project+"/"+wp.WorkPackage]; wp.Cost.String() != want {
					t.Errorf("work package %s/%s costs %s, want %s", wp.Project, wp.WorkPackage, wp.Cost, want)
				}
			}
			for _, p := range st.Projects {
				if want := tt.projects[p.Project]; p.Cost.String() != want || p.WorkPackage != "" {
					t.Errorf("project %s costs %s, want %s", p.Project, p.Cost, want)
				}
			}
			if len(st.WorkPackages) != len(tt.wps) || len(st.Projects) != len(tt.projects) {
				t.Errorf("%d work packages, %d projects; want %d, %d", len(st.WorkPackages), len(st.Projects), len(tt.wps), len(tt.projects))
			}
			if st.Total.String() != tt.total {
				t.Errorf("total = %s, want %s", st.Total, tt.total)
			}
			if len(st.Ceilings) != len(tt.ceilings) {
				t.Fatalf("%d ceilings, want %d: %+v", len(st.Ceilings), len(tt.ceilings), st.Ceilings)
			}
			for i, w := range tt.ceilings {
				c := st.Ceilings[i]
				got := ceilingWant{c.Code, c.Period.String(), c.Max.String(), c.Declared.String(), c.Excess.String()}
				if got != w {
					t.Errorf("ceiling %d = %+v\nwant        %+v", i, got, w)
				}
				if c.Exceeded != (w.excess != "0") || (c.Err() == nil) == c.Exceeded || c.Exceeded && ruleCode(c.Err()) != w.code {
					t.Errorf("ceiling %d: exceeded %v, Err %v", i, c.Exceeded, c.Err())
				}
			}
		})
	}
}

// The line's months show each month's hours and half-day-rounded days, so a
// monthly declaration can be printed from them.
func TestStatementLineMonths(t *testing.T) {
	st, err := ComputeStatement(Input{Method: MethodHEReportingPeriod, Period: period(t, "2026-01", "2026-03"),
		Contracts:   []Contract{contract(t, "c", "2026-01-01", "", "2026-01", "2026-03", "5000", "1")},
		HoursPerDay: HoursPerDay{Convention: DayFixed8},
		Work: concat(work(t, "P1", "WP1", "2026-01", "2026-01", "173"), work(t, "P1", "WP1", "2026-03", "2026-03", "2"),
			work(t, "P1", "WP1", "2026-03", "2026-03", "4"))}) // two entries of one month are summed before rounding
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range st.Lines[0].Months {
		got = append(got, m.Month.String()+" "+m.Hours.String()+"h "+m.DayEquivalents.String()+"d")
	}
	if want := "2026-01 173h 21.5d, 2026-03 6h 1d"; strings.Join(got, ", ") != want {
		t.Errorf("months = %s, want %s", strings.Join(got, ", "), want)
	}
	if st.HoursPerDay.String() != "8" {
		t.Errorf("hours per day = %s", st.HoursPerDay)
	}
}

func TestComputeStatementRefuses(t *testing.T) {
	base := func() Input {
		return Input{Method: MethodHEReportingPeriod, Period: period(t, "2026-01", "2026-06"),
			Contracts:   []Contract{contract(t, "c", "2026-01-01", "", "2026-01", "2026-06", "5000", "1")},
			HoursPerDay: HoursPerDay{Convention: DayFixed8},
			Work:        work(t, "P1", "WP1", "2026-01", "2026-01", "80")}
	}
	h2020 := func() Input {
		in := base()
		in.Method, in.HoursPerDay = MethodH2020Annual, HoursPerDay{}
		in.Productive = []Productive{{Year: 2026, Basis: ProductiveFixed}}
		return in
	}
	tests := []struct {
		name   string
		change func(*Input)
		code   string
	}{
		{"unknown_method", func(in *Input) { in.Method = "lump_sum" }, CodeInvalidInput},
		{"period_reversed", func(in *Input) { in.Period = period(t, "2026-06", "2026-01") }, CodeInvalidInput},
		{"working_time_factor_above_one", func(in *Input) { in.Contracts[0].Months[0].WorkingTimeFactor = dec(t, "1.2") }, CodeInvalidInput},
		{"working_time_factor_zero", func(in *Input) { in.Contracts[0].Months[0].WorkingTimeFactor = Decimal{} }, CodeInvalidInput},
		{"negative_costs", func(in *Input) { in.Contracts[0].Months[0].Costs = dec(t, "-1") }, CodeInvalidInput},
		{"month_before_contract", func(in *Input) { in.Contracts[0].Start = day(t, "2026-02-01") }, CodeInvalidInput},
		{"month_after_contract_end", func(in *Input) { in.Contracts[0].End = day(t, "2026-05-31") }, CodeInvalidInput},
		{"month_listed_twice", func(in *Input) { in.Contracts[0].Months[1].Month = month(t, "2026-01") }, CodeInvalidInput},
		{"negative_hours", func(in *Input) { in.Work[0].Hours = dec(t, "-1") }, CodeInvalidInput},
		{"work_without_project", func(in *Input) { in.Work[0].Project = "" }, CodeInvalidInput},
		{"negative_parental_leave", func(in *Input) {
			in.ParentalLeave = []ParentalLeave{{Month: month(t, "2026-01"), Days: dec(t, "-1")}}
		}, CodeInvalidInput},
		{"he_without_hours_per_day", func(in *Input) { in.HoursPerDay = HoursPerDay{} }, CodeInvalidInput},
		{"he_with_additional_remuneration", func(in *Input) {
			in.Additional = []Additional{{Project: "P1", Month: month(t, "2026-01"), Amount: DecimalInt(1)}}
		}, CodeInvalidInput},
		{"negative_other_grant", func(in *Input) {
			in.OtherGrants = []OtherGrant{{Grant: "X", Month: month(t, "2026-01"), DayEquivalents: dec(t, "-1")}}
		}, CodeInvalidInput},
		{"he_time_without_contract_month", func(in *Input) {
			in.Period = period(t, "2026-07", "2026-08")
			in.Work = work(t, "P1", "WP1", "2026-07", "2026-07", "8")
		}, CodeNoDeclarableTime},
		{"he_parental_leave_takes_all", func(in *Input) {
			in.Period = period(t, "2026-01", "2026-01")
			in.ParentalLeave = []ParentalLeave{{Month: month(t, "2026-01"), Days: DecimalInt(20)}}
		}, CodeNoDeclarableTime},
	}
	h2020Tests := []struct {
		name   string
		change func(*Input)
		code   string
	}{
		{"h2020_productive_year_missing", func(in *Input) { in.Productive = nil }, CodeInvalidInput},
		{"h2020_productive_year_twice", func(in *Input) { in.Productive = append(in.Productive, in.Productive[0]) }, CodeInvalidInput},
		{"h2020_standard_below_90_percent", func(in *Input) {
			in.Productive = []Productive{{Year: 2026, Basis: ProductiveStandard, Standard: DecimalInt(1500), StandardWorkable: DecimalInt(1760)}}
		}, CodeStandardHoursTooLow},
		{"h2020_additional_outside_period", func(in *Input) {
			in.Additional = []Additional{{Project: "P1", Month: month(t, "2026-07"), Amount: DecimalInt(1)}}
		}, CodeInvalidInput},
		{"h2020_monthly_time_without_contract_month", func(in *Input) {
			in.Method = MethodH2020Monthly
			in.Period = period(t, "2026-06", "2026-07")
			in.Work = work(t, "P1", "WP1", "2026-07", "2026-07", "8")
		}, CodeNoDeclarableTime},
	}
	run := func(name string, in Input, change func(*Input), code string) {
		t.Run(name, func(t *testing.T) {
			change(&in)
			_, err := ComputeStatement(in)
			if ruleCode(err) != code || !strings.HasPrefix(err.Error(), "costs: ") {
				t.Errorf("ComputeStatement = %v, want %s", err, code)
			}
		})
	}
	for _, tt := range tests {
		run(tt.name, base(), tt.change, tt.code)
	}
	for _, tt := range h2020Tests {
		run(tt.name, h2020(), tt.change, tt.code)
	}
}

// Hours that round to no day need no rate; months without work need no
// contract.
func TestComputeStatementWithoutPricedTime(t *testing.T) {
	st, err := ComputeStatement(Input{Method: MethodHEReportingPeriod, Period: period(t, "2026-07", "2026-07"),
		Contracts:   []Contract{contract(t, "c", "2026-01-01", "", "2026-01", "2026-06", "5000", "1")},
		HoursPerDay: HoursPerDay{Convention: DayFixed8},
		Work:        work(t, "P1", "WP1", "2026-07", "2026-07", "1")})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Lines) != 1 || !st.Lines[0].Cost.IsZero() || st.Lines[0].DayEquivalents.String() != "0" || !st.Total.IsZero() {
		t.Errorf("lines = %+v, total %s", st.Lines, st.Total)
	}
}

func TestHEDailyRateMatchesCalendarYearFormula(t *testing.T) {
	c := contract(t, "c", "2026-01-01", "", "2026-01", "2026-12", "5000", "1")
	dr, err := HEDailyRate([]Contract{c}, nil, Year(2026))
	if err != nil {
		t.Fatal(err)
	}
	if want := DailyRateCalendarYear(big.NewRat(60000, 1)); dr.DailyRate.rat().Cmp(want) != 0 {
		t.Errorf("HEDailyRate = %s, DailyRateCalendarYear = %s", dr.DailyRate, DecimalOf(want))
	}
	// Half time all year: 30,000 over 107.5 days is the same 279.07 a day.
	c = contract(t, "c", "2026-01-01", "", "2026-01", "2026-12", "2500", "0.5")
	if dr, _ = HEDailyRate([]Contract{c}, nil, Year(2026)); dr.DailyRate.String() != "12000/43" || dr.MaxDayEquivalents.String() != "107.5" {
		t.Errorf("half time: %+v", dr)
	}
	if _, err := HEDailyRate([]Contract{c}, nil, Period{}); ruleCode(err) != CodeInvalidInput {
		t.Errorf("zero period: %v", err)
	}
}

func TestContractMonthShare(t *testing.T) {
	tests := []struct {
		name       string
		start, end string
		month      string
		want       string
	}{
		{"whole_month", "2026-01-01", "", "2026-03", "1"},
		{"starts_on_the_15th", "2026-03-15", "", "2026-03", "17/31"},
		{"ends_on_the_10th", "2026-01-01", "2026-04-10", "2026-04", "1/3"},
		{"one_day", "2026-02-10", "2026-02-10", "2026-02", "1/28"},
		{"before_start", "2026-03-15", "", "2026-02", "0"},
		{"after_end", "2026-01-01", "2026-04-10", "2026-05", "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Contract{Start: day(t, tt.start)}
			if tt.end != "" {
				c.End = day(t, tt.end)
			}
			if got := DecimalOf(c.MonthShare(month(t, tt.month))).String(); got != tt.want {
				t.Errorf("MonthShare = %s, want %s", got, tt.want)
			}
		})
	}
	costs, fte, err := ContractsOver([]Contract{
		contract(t, "a", "2026-01-01", "2026-03-31", "2026-01", "2026-03", "6000", "1"),
		contract(t, "b", "2026-04-01", "", "2026-04", "2026-12", "3000", "0.5"),
	}, Year(2026))
	if err != nil || DecimalOf(costs).String() != "45000" || DecimalOf(fte).String() != "7.5" {
		t.Errorf("ContractsOver = %v, %v, %v", DecimalOf(costs), DecimalOf(fte), err)
	}
}

// The statement echoes its input and does not change when the caller's
// slices do; it encodes money as strings.
func TestStatementEchoAndJSON(t *testing.T) {
	in := Input{Person: "ana", Method: MethodHECalendarYear, Period: period(t, "2026-01", "2026-12"),
		Contracts:   []Contract{contract(t, "c1", "2026-01-01", "", "2026-01", "2026-12", "5000", "1")},
		HoursPerDay: HoursPerDay{Convention: DayFixed8},
		Work:        work(t, "P1", "WP1", "2026-01", "2026-10", "128")}
	st, err := ComputeStatement(in)
	if err != nil {
		t.Fatal(err)
	}
	in.Work[0].Hours = DecimalInt(1)
	in.Contracts[0].Months[0].Costs = DecimalInt(1)
	if st.Input.Work[0].Hours.String() != "128" || st.Input.Contracts[0].Months[0].Costs.String() != "5000" || st.Input.Person != "ana" {
		t.Errorf("echo changed with the caller's input: %+v", st.Input.Work[0])
	}
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"total":"44651.16"`, `"cost":"44651.16"`, `"rate":"12000/43"`, `"method":"he_calendar_year"`,
		`"costs":"5000"`, `"hours_per_day":{"convention":"fixed_8"}`, `"max_day_equivalents":"215"`, `"code":"HE_YEARLY_DAYS_CEILING"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("json lacks %s:\n%s", want, b)
		}
	}
	var back Statement
	if err := json.Unmarshal(b, &back); err != nil || back.Total.Cmp(st.Total) != 0 || !back.Lines[0].Rate.Equal(st.Lines[0].Rate) {
		t.Errorf("json round trip: %v, %+v", err, back.Total)
	}
}

func TestMethodDescribe(t *testing.T) {
	for _, m := range []Method{MethodHECalendarYear, MethodHEReportingPeriod, MethodH2020Annual, MethodH2020Monthly} {
		en, ro := m.Describe()
		if en == "" || ro == "" || !strings.Contains(en, "rounded") || !strings.Contains(ro, "rotunjit") {
			t.Errorf("%s: %q / %q", m, en, ro)
		}
	}
	if en, ro := Method("x").Describe(); en != "" || ro != "" {
		t.Errorf("unknown method described")
	}
}
