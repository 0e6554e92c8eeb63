package personnelcost_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"cronica/domain"
	"cronica/domain/costs"
	"cronica/domain/employment"
	"cronica/domain/personnelcost"
)

// priced checks an item's headline: available (or not, with code), its
// method, currency and total.
type priced struct {
	available bool
	code      string // the problem's code when not available
	method    string
	currency  string
	total     string
}

func (w priced) check(t *testing.T, it personnelcost.Item) {
	t.Helper()
	problem := ""
	if it.Problem != nil {
		problem = it.Problem.Code
	}
	if it.Available != w.available || problem != w.code || it.Method != w.method || it.Currency != w.currency ||
		it.Total.String() != w.total {
		t.Errorf("%s on %s = available %v, problem %q, method %q, %s %s; want %+v", it.PersonID, it.Acronym, it.Available, problem,
			it.Method, it.Total, it.Currency, w)
	}
}

// lineText is a line as "WPn span hours h days d = cost".
func lineText(l personnelcost.Line) string {
	return l.WorkPackageCode + " " + l.Span.String() + " " + l.Hours.String() + " h " + l.DayEquivalents.String() + " d = " + l.Cost.String()
}

func linesOf(it personnelcost.Item) []string {
	var out []string
	for _, l := range it.Lines {
		out = append(out, lineText(l))
	}
	return out
}

func checkLines(t *testing.T, it personnelcost.Item, want ...string) {
	t.Helper()
	if got := linesOf(it); !slices.Equal(got, want) {
		t.Errorf("%s on %s lines = %q, want %q", it.PersonID, it.Acronym, got, want)
	}
}

func TestCompute(t *testing.T) {
	type contracts = map[string][]employment.Contract
	type leave = map[string][]personnelcost.Leave
	tests := []struct {
		name string
		req  personnelcost.Request
		data personnelcost.Data
		then func(t *testing.T, st personnelcost.Statement)
	}{
		{
			// COMPLIANCE A.4: 60,000 EUR a year / 215 = 279.0698 EUR a day;
			// 20 days of 8 h in each of February to September: 160 days ->
			// 44,651.16 EUR (the rate is never rounded first).
			name: "he_daily_rate_calendar_year_worked_example",
			req:  request(t, "2026-01", "2026-12"),
			data: data(contracts{"wanda": {monthly(t, "w1", "2026-01-01", "", 500_000, "EUR")}}, nil,
				hours(t, "wanda", alfa, "wp1", "2026-02", "2026-09", 160)),
			then: func(t *testing.T, st personnelcost.Statement) {
				it := itemOf(t, st, "wanda", alfa)
				priced{available: true, method: "he_calendar_year", currency: "EUR", total: "44651.16"}.check(t, it)
				checkLines(t, it, "WP1 2026-01..2026-12 1280 h 160 d = 44651.16")
				r := it.Rates[0]
				if r.Costs.String() != "60000" || r.MaxDayEquivalents.String() != "215" || r.Rate.String() != "12000/43" ||
					it.Lines[0].RateRounded != "279.0698" || it.Lines[0].PersonMonths.String() != "384/43" {
					t.Errorf("rate = %+v, line = %+v", r, it.Lines[0])
				}
				if it.HoursPerDay == nil || it.HoursPerDay.Hours.String() != "8" || len(it.Inputs.Contracts) != 1 ||
					len(it.Inputs.Contracts[0].Months) != 12 || len(it.Inputs.Work) != 8 {
					t.Errorf("inputs = %+v, hours per day %+v", it.Inputs, it.HoursPerDay)
				}
				if len(st.Totals) != 1 || st.Totals[0].Currency != "EUR" || st.Totals[0].Cost.String() != "44651.16" {
					t.Errorf("totals = %+v", st.Totals)
				}
			},
		},
		{
			// The read API's March example: the expert on ALFA: 12 × 9,000
			// RON / 215 = 502.3256 a day; WP1 11 days = 5,525.58, WP2 10.5
			// days = 5,274.42. The researcher on ALFA: (6 × 9,000 + 6 × 9,900)
			// / 215 = 527.4419 a day (the raise from July counts in its
			// months); 1.5 days = 791.16. The researcher on PEO1 (actual
			// hourly): 9,000 / (22 days × 8 h) = 51.1364 an hour; 10 h = 511.36.
			name: "he_calendar_year_and_actual_hourly_in_one_statement",
			req:  request(t, "2026-03", "2026-03"),
			data: data(contracts{
				"expert":     {monthly(t, "e1", "2026-01-01", "", 900_000, "RON")},
				"researcher": {raised(t, monthly(t, "r1", "2026-01-01", "", 900_000, "RON"), "2026-07-01", 990_000)},
			}, nil,
				hours(t, "expert", alfa, "wp1", "2026-03", "2026-03", 88), hours(t, "expert", alfa, "wp2", "2026-03", "2026-03", 84),
				hours(t, "researcher", alfa, "wp1", "2026-03", "2026-03", 12), hours(t, "researcher", peo, "wp3", "2026-03", "2026-03", 10)),
			then: func(t *testing.T, st personnelcost.Statement) {
				if st.Basis != "approved_and_locked_timesheets" || st.From != "2026-03" || st.To != "2026-03" || len(st.Items) != 3 ||
					len(st.Projects) != 2 || st.Projects[0].Acronym != "ALFA" || st.Projects[1].Acronym != "PEO1" {
					t.Fatalf("statement = %+v", st)
				}
				ex := itemOf(t, st, "expert", alfa)
				priced{available: true, method: "he_calendar_year", currency: "RON", total: "10800.00"}.check(t, ex)
				checkLines(t, ex, "WP1 2026-03..2026-03 88 h 11 d = 5525.58", "WP2 2026-03..2026-03 84 h 10.5 d = 5274.42")
				if ex.Rates[0].Costs.String() != "108000" || ex.Lines[0].RateRounded != "502.3256" || len(ex.Ceilings) != 2 ||
					ex.Ceilings[0].Declared.String() != "21.5" || ex.Ceilings[0].Exceeded {
					t.Errorf("expert = %+v", ex)
				}
				ra := itemOf(t, st, "researcher", alfa)
				priced{available: true, method: "he_calendar_year", currency: "RON", total: "791.16"}.check(t, ra)
				if ra.Rates[0].Costs.String() != "113400" || ra.Inputs.Contracts[0].Months[5].Costs.String() != "9000" ||
					ra.Inputs.Contracts[0].Months[6].Costs.String() != "9900" || len(ra.Inputs.OtherGrants) != 0 {
					t.Errorf("researcher on ALFA = %+v", ra)
				}
				rp := itemOf(t, st, "researcher", peo)
				priced{available: true, method: "actual_hourly", currency: "RON", total: "511.36"}.check(t, rp)
				checkLines(t, rp, "WP3 2026-03..2026-03 10 h 1.5 d = 511.36")
				if len(rp.Inputs.HourlyRates) != 1 || rp.Inputs.HourlyRates[0].Source != costs.RateSourceSalary ||
					rp.Inputs.HourlyRates[0].NormHours.String() != "176" || rp.Inputs.HourlyRates[0].Rate.Fixed(4) != "51.1364" {
					t.Errorf("researcher on PEO1 = %+v", rp.Inputs.HourlyRates)
				}
				if len(st.Totals) != 1 || st.Totals[0].Cost.String() != "12102.52" {
					t.Errorf("totals = %+v", st.Totals)
				}
			},
		},
		{
			// Six months at 5,000 EUR, full time, 10 working days of parental
			// leave (2 to 15 March: the weekends do not count; sick leave
			// does not either): 30,000 / (107.5 - 10) = 307.6923 a day; 10
			// days in April = 3,076.92.
			name: "he_reporting_period_with_parental_leave",
			req:  request(t, "2026-01", "2026-06"),
			data: data(contracts{"ana": {monthly(t, "a1", "2026-01-01", "", 500_000, "EUR")}},
				leave{"ana": {
					{PersonID: "ana", Kind: employment.LeaveParental, Start: day(t, "2026-03-02"), End: day(t, "2026-03-15")},
					{PersonID: "ana", Kind: employment.LeaveSick, Start: day(t, "2026-05-04"), End: day(t, "2026-05-08")},
				}},
				hours(t, "ana", gamma, "wp1", "2026-04", "2026-04", 80)),
			then: func(t *testing.T, st personnelcost.Statement) {
				it := itemOf(t, st, "ana", gamma)
				priced{available: true, method: "he_reporting_period", currency: "EUR", total: "3076.92"}.check(t, it)
				checkLines(t, it, "WP1 2026-01..2026-06 80 h 10 d = 3076.92")
				r := it.Rates[0]
				if r.Costs.String() != "30000" || r.ParentalLeaveDays.String() != "10" || r.MaxDayEquivalents.String() != "97.5" ||
					r.Rate.Fixed(4) != "307.6923" {
					t.Errorf("rate = %+v", r)
				}
				if len(it.Inputs.ParentalLeave) != 1 || it.Inputs.ParentalLeave[0].Month != month(t, "2026-03") ||
					it.Inputs.ParentalLeave[0].Days.String() != "10" {
					t.Errorf("parental leave = %+v", it.Inputs.ParentalLeave)
				}
			},
		},
		{
			// 8,600 EUR a month: 103,200 / 1,720 = 60 EUR an hour; 100 h in
			// March = 6,000.00; 100 / (1720/12) = 30/43 person-months.
			name: "h2020_fixed_1720",
			req:  request(t, "2026-01", "2026-12"),
			data: data(contracts{"ana": {monthly(t, "a1", "2026-01-01", "", 860_000, "EUR")}}, nil,
				hours(t, "ana", delta, "wp1", "2026-03", "2026-03", 100)),
			then: func(t *testing.T, st personnelcost.Statement) {
				it := itemOf(t, st, "ana", delta)
				priced{available: true, method: "h2020_annual", currency: "EUR", total: "6000.00"}.check(t, it)
				if it.Rates[0].Rate.String() != "60" || it.Rates[0].ProductiveHours.String() != "1720" ||
					it.Lines[0].PersonMonths.String() != "30/43" || it.HoursPerDay != nil {
					t.Errorf("item = %+v", it)
				}
				if len(it.Inputs.Productive) != 1 || it.Inputs.Productive[0].Year != 2026 ||
					it.Inputs.Productive[0].Basis != costs.ProductiveFixed {
					t.Errorf("productive = %+v", it.Inputs.Productive)
				}
			},
		},
		{
			// A civil contract paid 85.50 RON an hour: 10 h = 855.00, the
			// contract's hourly cost, whatever the salary.
			name: "actual_hourly_from_a_contract_paid_by_the_hour",
			req:  request(t, "2026-03", "2026-03"),
			data: data(contracts{"ion": {hourly(t, "i1", "2026-01-01", "", 8_550, "RON")}}, nil,
				hours(t, "ion", peo, "wp3", "2026-03", "2026-03", 10)),
			then: func(t *testing.T, st personnelcost.Statement) {
				it := itemOf(t, st, "ion", peo)
				priced{available: true, method: "actual_hourly", currency: "RON", total: "855.00"}.check(t, it)
				if len(it.Inputs.HourlyRates) != 1 || it.Inputs.HourlyRates[0].Source != costs.RateSourceHourlyCost ||
					it.Inputs.HourlyRates[0].Rate.String() != "85.5" || len(it.Inputs.Contracts) != 0 {
					t.Errorf("inputs = %+v", it.Inputs)
				}
			},
		},
		{
			// A salaried contract and a civil one in March: the daily rate
			// takes the salary only (108,000 / 215 a day, 2 days = 1,004.65)
			// and lists the civil contract as excluded. A person with only a
			// contract paid by the hour has no daily rate at all.
			name: "he_leaves_a_contract_paid_by_the_hour_out",
			req:  request(t, "2026-03", "2026-03"),
			data: data(contracts{
				"maria": {hourly(t, "m2", "2026-03-01", "2026-03-31", 8_550, "RON"), monthly(t, "m1", "2026-01-01", "", 900_000, "RON")},
				"ion":   {hourly(t, "i1", "2026-01-01", "", 8_550, "RON")},
			}, nil,
				hours(t, "maria", alfa, "wp1", "2026-03", "2026-03", 16), hours(t, "ion", alfa, "wp1", "2026-03", "2026-03", 16)),
			then: func(t *testing.T, st personnelcost.Statement) {
				it := itemOf(t, st, "maria", alfa)
				priced{available: true, method: "he_calendar_year", currency: "RON", total: "1004.65"}.check(t, it)
				if len(it.Inputs.Contracts) != 1 || it.Inputs.Contracts[0].ContractID != "m1" || len(it.Inputs.Excluded) != 1 ||
					it.Inputs.Excluded[0].ContractID != "m2" || it.Inputs.Excluded[0].Reason == "" {
					t.Errorf("contracts = %+v, excluded %+v", it.Inputs.Contracts, it.Inputs.Excluded)
				}
				ion := itemOf(t, st, "ion", alfa)
				if ion.Available || ion.Problem == nil || ion.Problem.Code != costs.CodeNoDeclarableTime || len(ion.Inputs.Excluded) != 1 {
					t.Errorf("ion = %+v", ion)
				}
				if len(st.Totals) != 1 || st.Totals[0].Cost.String() != "1004.65" {
					t.Errorf("totals = %+v (the unavailable item adds nothing)", st.Totals)
				}
			},
		},
		{
			// Paid in RON until June, in EUR from July: Cronica does not
			// convert, under either method.
			name: "mixed_currencies_make_the_items_unavailable",
			req:  request(t, "2026-03", "2026-03"),
			data: data(contracts{"dan": {monthly(t, "d1", "2026-01-01", "2026-06-30", 900_000, "RON"),
				monthly(t, "d2", "2026-07-01", "", 200_000, "EUR")}}, nil,
				hours(t, "dan", alfa, "wp1", "2026-03", "2026-03", 16), hours(t, "dan", peo, "wp3", "2026-03", "2026-03", 16)),
			then: func(t *testing.T, st personnelcost.Statement) {
				priced{code: "COSTS_MIXED_CURRENCIES", method: "he_calendar_year", total: "0.00"}.check(t, itemOf(t, st, "dan", alfa))
				priced{code: "COSTS_MIXED_CURRENCIES", method: "actual_hourly", total: "0.00"}.check(t, itemOf(t, st, "dan", peo))
				if p := itemOf(t, st, "dan", alfa).Problem; p.Message == "" || p.MessageRO == "" || p.Details["currencies"] == nil {
					t.Errorf("problem = %+v", p)
				}
				if len(st.Totals) != 0 {
					t.Errorf("totals = %+v", st.Totals)
				}
			},
		},
		{
			// ALFA 160 days (1,280 h at 8 h), BETA 60 days (480 h at 8 h):
			// 220 days in 2026, 5 above the 215 ceiling, on both items; the
			// national project does not count.
			name: "he_ceilings_count_the_other_eu_grants",
			req:  request(t, "2026-01", "2026-12"),
			data: data(contracts{"ana": {monthly(t, "a1", "2026-01-01", "", 500_000, "EUR")}}, nil,
				hours(t, "ana", alfa, "wp1", "2026-02", "2026-09", 160), hours(t, "ana", beta, "wp2", "2026-10", "2026-12", 160),
				hours(t, "ana", peo, "wp3", "2026-10", "2026-10", 20)),
			then: func(t *testing.T, st personnelcost.Statement) {
				a := itemOf(t, st, "ana", alfa)
				priced{available: true, method: "he_calendar_year", currency: "EUR", total: "44651.16"}.check(t, a)
				if len(a.Inputs.OtherGrants) != 3 || a.Inputs.OtherGrants[0].Grant != beta.ID ||
					a.Inputs.OtherGrants[0].Month != month(t, "2026-10") || a.Inputs.OtherGrants[0].DayEquivalents.String() != "20" {
					t.Errorf("other grants = %+v", a.Inputs.OtherGrants)
				}
				for _, it := range []personnelcost.Item{a, itemOf(t, st, "ana", beta)} {
					c := it.Ceilings[0]
					if c.Code != costs.CodeYearlyDaysCeiling || c.Declared.String() != "220" || !c.Exceeded || c.Excess.String() != "5" {
						t.Errorf("%s ceiling = %+v", it.Acronym, c)
					}
				}
				if len(st.Projects) != 3 {
					t.Errorf("projects = %+v", st.Projects)
				}
			},
		},
		{
			// DELTA 1,000 h, EPSILON 800 h over two work packages: the
			// other grant is counted in hours per month (work packages
			// merged), 1,800 h against 1,720 productive hours.
			name: "h2020_ceiling_counts_the_other_eu_grants_in_hours",
			req:  request(t, "2026-01", "2026-12"),
			data: data(contracts{"ana": {monthly(t, "a1", "2026-01-01", "", 860_000, "EUR")}}, nil,
				hours(t, "ana", delta, "wp1", "2026-01", "2026-10", 100), hours(t, "ana", epsilon, "wp2", "2026-01", "2026-10", 40),
				hours(t, "ana", epsilon, "wp3", "2026-01", "2026-10", 40)),
			then: func(t *testing.T, st personnelcost.Statement) {
				d := itemOf(t, st, "ana", delta)
				priced{available: true, method: "h2020_annual", currency: "EUR", total: "60000.00"}.check(t, d)
				if len(d.Inputs.OtherGrants) != 10 || d.Inputs.OtherGrants[0].Hours.String() != "80" ||
					d.Inputs.OtherGrants[0].Month != month(t, "2026-01") || d.Inputs.OtherGrants[9].Month != month(t, "2026-10") {
					t.Errorf("other grants = %+v", d.Inputs.OtherGrants)
				}
				c := d.Ceilings[0]
				if c.Code != costs.CodeProductiveHoursCeiling || c.Declared.String() != "1800" || c.Excess.String() != "80" || !c.Exceeded {
					t.Errorf("ceiling = %+v", c)
				}
			},
		},
		{
			name: "h2020_standard_hours_are_not_recorded",
			req:  request(t, "2026-03", "2026-03"),
			data: data(contracts{"ana": {monthly(t, "a1", "2026-01-01", "", 860_000, "EUR")}}, nil,
				hours(t, "ana", zeta, "wp1", "2026-03", "2026-03", 10)),
			then: func(t *testing.T, st personnelcost.Statement) {
				priced{code: "COSTS_METHOD_INPUTS_MISSING", total: "0.00"}.check(t, itemOf(t, st, "ana", zeta))
			},
		},
		{
			// The years' rows outside from..to count for the rates and
			// ceilings but are not priced; a project filter keeps its items
			// and still names every project; time outside projects is
			// ignored.
			name: "filters_and_priced_months",
			req:  personnelcost.Request{OrgID: "org", ProjectID: peo.ID, From: month(t, "2026-03"), To: month(t, "2026-03")},
			data: data(contracts{"ana": {monthly(t, "a1", "2026-01-01", "", 900_000, "RON")}}, nil,
				hours(t, "ana", peo, "wp3", "2026-02", "2026-04", 10), hours(t, "ana", alfa, "wp1", "2026-03", "2026-03", 10),
				[]personnelcost.WorkRow{{PersonID: "ana", Month: month(t, "2026-03"), Minutes: 600}}),
			then: func(t *testing.T, st personnelcost.Statement) {
				if len(st.Items) != 1 || st.Items[0].ProjectID != peo.ID || len(st.Projects) != 2 {
					t.Fatalf("statement = %+v", st)
				}
				it := st.Items[0]
				if len(it.Inputs.Work) != 3 || len(it.Lines) != 1 || it.Lines[0].Hours.String() != "10" {
					t.Errorf("work = %+v, lines %q", it.Inputs.Work, linesOf(it))
				}
			},
		},
		{
			name: "no_time_no_items",
			req:  request(t, "2025-01", "2025-12"),
			data: data(contracts{"ana": {monthly(t, "a1", "2026-01-01", "", 900_000, "RON")}}, nil,
				hours(t, "ana", peo, "wp3", "2026-02", "2026-04", 10)),
			then: func(t *testing.T, st personnelcost.Statement) {
				if st.Items == nil || len(st.Items) != 0 || st.Projects == nil || len(st.Projects) != 0 || st.Totals == nil {
					t.Errorf("statement = %+v", st)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := personnelcost.Compute(tt.req, tt.data)
			if err != nil {
				t.Fatalf("Compute: %v", err)
			}
			tt.then(t, st)
		})
	}
}

func TestComputeRefusesFromAfterTo(t *testing.T) {
	_, err := personnelcost.Compute(request(t, "2026-05", "2026-04"), data(nil, nil))
	var rule *domain.RuleError
	if !errors.As(err, &rule) || rule.Code != costs.CodeInvalidInput {
		t.Fatalf("err = %v, want %s", err, costs.CodeInvalidInput)
	}
}

// TestComputeIgnoresInputOrder: the reports need byte-identical output
// whatever order the rows, contracts and leave come in, and rows split
// by activity add up.
func TestComputeIgnoresInputOrder(t *testing.T) {
	req := request(t, "2026-01", "2026-12")
	given := func(reverse bool) personnelcost.Data {
		researcher := []employment.Contract{monthly(t, "r2", "2026-09-01", "", 100_000, "RON"),
			raised(t, monthly(t, "r1", "2026-01-01", "2026-08-31", 900_000, "RON"), "2026-07-01", 990_000),
			hourly(t, "r3", "2026-01-01", "", 8_550, "RON")}
		d := data(map[string][]employment.Contract{"researcher": researcher,
			"expert": {monthly(t, "e1", "2026-01-01", "", 900_000, "RON")}},
			map[string][]personnelcost.Leave{"researcher": {
				{PersonID: "researcher", Kind: employment.LeaveParental, Start: day(t, "2026-03-02"), End: day(t, "2026-03-06")},
				{PersonID: "researcher", Kind: employment.LeaveAnnual, Start: day(t, "2026-05-04"), End: day(t, "2026-05-08")},
			}},
			hours(t, "expert", alfa, "wp1", "2026-01", "2026-12", 40), hours(t, "expert", beta, "wp2", "2026-01", "2026-12", 40),
			hours(t, "researcher", alfa, "wp1", "2026-01", "2026-12", 30), hours(t, "researcher", alfa, "wp2", "2026-01", "2026-12", 10),
			hours(t, "researcher", peo, "wp3", "2026-01", "2026-12", 12), hours(t, "researcher", delta, "", "2026-02", "2026-05", 7),
			hours(t, "researcher", epsilon, "wp1", "2026-02", "2026-05", 7))
		if reverse {
			slices.Reverse(d.Work)
			slices.Reverse(d.Contracts["researcher"])
			slices.Reverse(d.Leave["researcher"])
			// The same minutes, split in two activities' rows.
			last := &d.Work[0]
			half := *last
			half.Minutes /= 2
			last.Minutes -= half.Minutes
			d.Work = append(d.Work, half)
		}
		return d
	}
	encode := func(d personnelcost.Data) []byte {
		t.Helper()
		st, err := personnelcost.Compute(req, d)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(st)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	d := given(true)
	work := slices.Clone(d.Work)
	first, second := encode(given(false)), encode(d)
	if !bytes.Equal(first, second) {
		t.Errorf("the statement depends on the input order:\n%s\n%s", first, second)
	}
	if !slices.Equal(work, d.Work) {
		t.Error("Compute changed the caller's rows")
	}
	if !bytes.Contains(first, []byte(`"person_id":"expert"`)) || bytes.Count(first, []byte(`"available":true`)) < 5 {
		t.Errorf("statement = %s", first)
	}
}

func TestPlan(t *testing.T) {
	work := slices.Concat(
		hours(t, "ana", alfa, "wp1", "2025-12", "2026-02", 8), // December 2025 is outside the years
		hours(t, "bob", peo, "wp3", "2026-06", "2026-06", 8),  // priced only from June
		hours(t, "cara", beta, "wp1", "2026-01", "2026-01", 8),
		[]personnelcost.WorkRow{{PersonID: "dan", Month: month(t, "2026-01"), Minutes: 60}}, // outside projects
	)
	tests := []struct {
		name             string
		req              personnelcost.Request
		people, projects []string
	}{
		{"every_priced_person_every_project_of_the_years", request(t, "2026-01", "2026-03"), []string{"ana", "cara"},
			[]string{alfa.ID, beta.ID, peo.ID}},
		{"a_person", personnelcost.Request{PersonID: "bob", From: month(t, "2026-01"), To: month(t, "2026-12")},
			[]string{"bob"}, []string{peo.ID}},
		{"a_project_still_loads_the_other_projects", personnelcost.Request{ProjectID: beta.ID, From: month(t, "2026-01"),
			To: month(t, "2026-12")}, []string{"cara"}, []string{alfa.ID, beta.ID, peo.ID}},
		{"no_time_in_the_months", request(t, "2027-01", "2027-01"), nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			people, projects := personnelcost.Plan(tt.req, work)
			if !slices.Equal(people, tt.people) || !slices.Equal(projects, tt.projects) {
				t.Errorf("Plan = %q, %q; want %q, %q", people, projects, tt.people, tt.projects)
			}
		})
	}
}

func TestRequestYears(t *testing.T) {
	y := request(t, "2025-11", "2026-02").Years()
	if y.String() != "2025-01..2026-12" {
		t.Errorf("Years = %s", y)
	}
}
