package costs_test

import (
	"errors"
	"math/big"
	"testing"
	"time"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/costs"
)

func TestActualHourlyRate(t *testing.T) {
	march := calendar.Month{Year: 2026, Month: time.March}
	cases := []struct {
		name                 string
		hourly, salary, norm *big.Rat
		rate, cost, source   string
		code                 string
	}{
		// 9,000 RON over 22 days x 8 h: 51.136363...; 10 h cost 511.36.
		{name: "salary_over_norm_hours", salary: big.NewRat(9000, 1), norm: big.NewRat(176, 1),
			rate: "51.1364", cost: "511.36", source: costs.RateSourceSalary},
		{name: "hourly_cost_wins", hourly: big.NewRat(8550, 100), salary: big.NewRat(9000, 1), norm: big.NewRat(176, 1),
			rate: "85.5000", cost: "855.00", source: costs.RateSourceHourlyCost},
		{name: "no_norm_and_no_hourly_cost", salary: big.NewRat(9000, 1), norm: new(big.Rat), code: costs.CodeNoDeclarableTime},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := costs.ActualHourlyRate(march, tc.hourly, tc.salary, tc.norm)
			if tc.code != "" {
				var re *domain.RuleError
				if !errors.As(err, &re) || re.Code != tc.code {
					t.Fatalf("got %v, want %s", err, tc.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Source != tc.source || r.Rate.Fixed(4) != tc.rate || r.Month != "2026-03" {
				t.Fatalf("rate %+v, want %s from %s", r, tc.rate, tc.source)
			}
			if got := costs.ActualHourlyCost(r, big.NewRat(10, 1)).String(); got != tc.cost {
				t.Fatalf("cost of 10 h %s, want %s", got, tc.cost)
			}
		})
	}
}
