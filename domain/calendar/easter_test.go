package calendar

import (
	"testing"
	"time"
)

func TestOrthodoxEaster(t *testing.T) {
	tests := []struct {
		name string
		year int
		want string
	}{
		{"year_2021_late", 2021, "2021-05-02"},
		{"year_2023", 2023, "2023-04-16"},
		{"year_2024_latest_in_decade", 2024, "2024-05-05"},
		{"year_2025_same_as_western", 2025, "2025-04-20"},
		{"year_2026", 2026, "2026-04-12"},
		{"year_2027", 2027, "2027-05-02"},
		{"year_2016_on_labour_day", 2016, "2016-05-01"},
		{"year_2010_earliest_same_as_western", 2010, "2010-04-04"},
		{"year_2017_same_as_western", 2017, "2017-04-16"},
		{"year_1983_latest_possible_before_2100", 1983, "1983-05-08"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := OrthodoxEaster(tt.year).String(); got != tt.want {
				t.Errorf("OrthodoxEaster(%d) = %s, want %s", tt.year, got, tt.want)
			}
		})
	}
}

func TestJulianToGregorianDays(t *testing.T) {
	tests := []struct {
		name string
		year int
		want int
	}{
		{"year_1900", 1900, 13},
		{"year_2000_leap_in_both", 2000, 13},
		{"year_2099", 2099, 13},
		{"year_2100_gregorian_skips_leap_day", 2100, 14},
		{"year_2199", 2199, 14},
		{"year_2200", 2200, 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := julianToGregorianDays(tt.year); got != tt.want {
				t.Errorf("julianToGregorianDays(%d) = %d, want %d", tt.year, got, tt.want)
			}
		})
	}
}

// Julian Easter is always between Julian 22 March and 25 April, a Sunday:
// in the Gregorian calendar that is 4 April to 8 May for 1900-2099, and one
// day later (5 April to 9 May) for 2100-2199, where the calendars are 14
// days apart.
func TestOrthodoxEasterIsASundayInItsWindow(t *testing.T) {
	for year := 1900; year <= 2199; year++ {
		e := OrthodoxEaster(year)
		if !e.Valid() || e.Year != year {
			t.Fatalf("OrthodoxEaster(%d) = %s, not a date of that year", year, e)
		}
		if e.Weekday() != time.Sunday {
			t.Errorf("OrthodoxEaster(%d) = %s is a %s", year, e, e.Weekday())
		}
		shift := julianToGregorianDays(year) - 13
		earliest := NewDate(year, time.April, 4).AddDays(shift)
		latest := NewDate(year, time.May, 8).AddDays(shift)
		if e.Before(earliest) || e.After(latest) {
			t.Errorf("OrthodoxEaster(%d) = %s, outside %s..%s", year, e, earliest, latest)
		}
	}
}

func FuzzOrthodoxEaster(f *testing.F) {
	for _, y := range []int{1900, 2024, 2100, 2199} {
		f.Add(y)
	}
	f.Fuzz(func(t *testing.T, year int) {
		if year < 1900 || year > 2199 {
			t.Skip()
		}
		e := OrthodoxEaster(year)
		if e.Weekday() != time.Sunday || e.Month < time.April || e.Month > time.May {
			t.Errorf("OrthodoxEaster(%d) = %s (%s)", year, e, e.Weekday())
		}
		// The Julian date of Easter is the same whichever way round it is
		// computed: 13 or 14 days back is a Julian 22 March..25 April.
		j := e.AddDays(-julianToGregorianDays(year))
		if j.Before(NewDate(year, time.March, 22)) || j.After(NewDate(year, time.April, 25)) {
			t.Errorf("OrthodoxEaster(%d) = %s is Julian %s", year, e, j)
		}
	})
}
