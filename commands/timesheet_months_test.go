package commands

import (
	"slices"
	"testing"
	"time"

	"cronica/domain/calendar"
)

func TestSubmissionMonthsCoverTheYearAndFourMonths(t *testing.T) {
	cases := []struct {
		name  string
		month calendar.Month
		want  []string
	}{
		{name: "january_reads_back_into_the_previous_year", month: calendar.Month{Year: 2026, Month: time.January},
			want: []string{"2025-10", "2025-11", "2025-12", "2026-02"}},
		{name: "june_reads_the_whole_year_so_far", month: calendar.Month{Year: 2026, Month: time.June},
			want: []string{"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-07"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, m := range submissionMonths(tc.month) {
				got = append(got, m.String())
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}
