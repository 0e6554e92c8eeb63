package employment_test

import (
	"slices"
	"testing"
	"time"

	"cronica/domain/calendar"
	"cronica/domain/employment"
)

func TestSupervisorsIn(t *testing.T) {
	const (
		ion   = "5a000000-0000-4000-8000-000000000001"
		maria = "5a000000-0000-4000-8000-000000000002"
		dan   = "5a000000-0000-4000-8000-000000000003"
	)
	withSupervisor := func(id string, from calendar.Date) employment.Terms {
		t := terms()
		t.SupervisorID, t.EffectiveFrom = id, from
		return t
	}
	march := calendar.Month{Year: 2026, Month: time.March}
	cases := []struct {
		name      string
		contracts []employment.Contract
		want      []string
	}{
		{name: "none", want: nil},
		{name: "the_terms_in_force_when_the_month_starts", contracts: []employment.Contract{{Start: date(2026, 1, 1),
			Terms: []employment.Terms{withSupervisor(ion, date(2026, 1, 1))}}}, want: []string{ion}},
		{name: "an_amendment_within_the_month_adds_its_supervisor", contracts: []employment.Contract{{Start: date(2026, 1, 1),
			Terms: []employment.Terms{withSupervisor(ion, date(2026, 1, 1)), withSupervisor(maria, date(2026, 3, 16))}}},
			want: []string{ion, maria}},
		{name: "an_amendment_after_the_month_does_not", contracts: []employment.Contract{{Start: date(2026, 1, 1),
			Terms: []employment.Terms{withSupervisor(ion, date(2026, 1, 1)), withSupervisor(maria, date(2026, 4, 1))}}},
			want: []string{ion}},
		{name: "terms_replaced_before_the_month_do_not", contracts: []employment.Contract{{Start: date(2026, 1, 1),
			Terms: []employment.Terms{withSupervisor(ion, date(2026, 1, 1)), withSupervisor(maria, date(2026, 2, 1))}}},
			want: []string{maria}},
		{name: "a_contract_starting_within_the_month", contracts: []employment.Contract{{Start: date(2026, 3, 10),
			Terms: []employment.Terms{withSupervisor(dan, date(2026, 3, 10))}}}, want: []string{dan}},
		{name: "a_contract_ended_before_the_month_does_not", contracts: []employment.Contract{{Start: date(2025, 1, 1),
			End: date(2026, 2, 28), Terms: []employment.Terms{withSupervisor(ion, date(2025, 1, 1))}}}, want: nil},
		{name: "several_contracts_sorted_without_repeats", contracts: []employment.Contract{
			{Start: date(2026, 1, 1), Terms: []employment.Terms{withSupervisor(maria, date(2026, 1, 1))}},
			{Start: date(2026, 1, 1), Terms: []employment.Terms{withSupervisor(ion, date(2026, 1, 1))}},
			{Start: date(2026, 2, 1), Terms: []employment.Terms{withSupervisor(maria, date(2026, 2, 1))}},
		}, want: []string{ion, maria}},
		{name: "terms_without_a_supervisor", contracts: []employment.Contract{{Start: date(2026, 1, 1),
			Terms: []employment.Terms{withSupervisor("", date(2026, 1, 1))}}}, want: nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := employment.SupervisorsIn(tc.contracts, march); !slices.Equal(got, tc.want) {
				t.Fatalf("SupervisorsIn = %v, want %v", got, tc.want)
			}
		})
	}
}
