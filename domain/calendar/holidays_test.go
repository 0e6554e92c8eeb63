package calendar

import (
	"slices"
	"sync"
	"testing"
	"time"
)

func date(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestRomanianHolidays2026(t *testing.T) {
	want := []struct {
		date, name, nameRO string
	}{
		{"2026-01-01", "New Year's Day", "Anul Nou"},
		{"2026-01-02", "New Year (second day)", "A doua zi de Anul Nou"},
		{"2026-01-06", "Epiphany", "Bobotează"},
		{"2026-01-07", "Saint John the Baptist", "Sfântul Ioan Botezătorul"},
		{"2026-01-24", "Union of the Romanian Principalities", "Ziua Unirii Principatelor Române"},
		{"2026-04-10", "Orthodox Good Friday", "Vinerea Mare"},
		{"2026-04-12", "Orthodox Easter Sunday", "Paștele"},
		{"2026-04-13", "Orthodox Easter Monday", "A doua zi de Paște"},
		{"2026-05-01", "Labour Day", "Ziua Muncii"},
		{"2026-05-31", "Orthodox Pentecost Sunday", "Rusaliile"},
		{"2026-06-01", "Children's Day / Orthodox Pentecost Monday", "Ziua Copilului / A doua zi de Rusalii"},
		{"2026-08-15", "Dormition of the Mother of God", "Adormirea Maicii Domnului"},
		{"2026-11-30", "Saint Andrew's Day", "Sfântul Apostol Andrei"},
		{"2026-12-01", "National Day of Romania", "Ziua Națională a României"},
		{"2026-12-25", "Christmas Day", "Crăciunul"},
		{"2026-12-26", "Christmas (second day)", "A doua zi de Crăciun"},
	}
	got := RomanianHolidays(2026)
	if len(got) != len(want) {
		t.Fatalf("2026 has %d holiday dates, want %d: %v", len(got), len(want), got)
	}
	cal := Calendar{}
	for i, w := range want {
		t.Run(w.date, func(t *testing.T) {
			h := got[i]
			if h.Date.String() != w.date || h.Name != w.name || h.NameRO != w.nameRO {
				t.Errorf("holiday %d = %+v, want %s %q %q", i, h, w.date, w.name, w.nameRO)
			}
			if ih, ok := cal.IsHoliday(h.Date); !ok || ih != h {
				t.Errorf("IsHoliday(%s) = %+v, %v; want %+v", h.Date, ih, ok, h)
			}
			if cal.IsWorkingDay(h.Date) {
				t.Errorf("IsWorkingDay(%s) = true on a holiday", h.Date)
			}
		})
	}
}

func TestRomanianHolidaysByYear(t *testing.T) {
	tests := []struct {
		name    string
		date    string
		holiday bool
		want    string // English name when a holiday
	}{
		{"epiphany_not_before_2024", "2023-01-06", false, ""},
		{"saint_john_not_before_2024", "2023-01-07", false, ""},
		{"epiphany_from_2024", "2024-01-06", true, "Epiphany"},
		{"saint_john_from_2024", "2024-01-07", true, "Saint John the Baptist"},
		{"good_friday_not_before_2018", "2017-04-14", false, ""},
		{"good_friday_from_2018", "2018-04-06", true, "Orthodox Good Friday"},
		{"good_friday_2024_in_may", "2024-05-03", true, "Orthodox Good Friday"},
		{"union_day_not_before_2017", "2016-01-24", false, ""},
		{"union_day_from_2017", "2017-01-24", true, "Union of the Romanian Principalities"},
		{"children_day_not_before_2017", "2016-06-01", false, ""},
		{"children_day_2017", "2017-06-01", true, "Children's Day"},
		{"saint_andrew_from_2012", "2012-11-30", true, "Saint Andrew's Day"},
		{"saint_andrew_not_before_2012", "2011-11-30", false, ""},
		{"easter_on_labour_day_2016", "2016-05-01", true, "Labour Day / Orthodox Easter Sunday"},
		{"easter_monday_2016", "2016-05-02", true, "Orthodox Easter Monday"},
		{"pentecost_monday_alone_2024", "2024-06-24", true, "Orthodox Pentecost Monday"},
		{"children_day_alone_2024", "2024-06-01", true, "Children's Day"},
		{"pentecost_sunday_2025", "2025-06-08", true, "Orthodox Pentecost Sunday"},
		{"easter_monday_2100", "2100-05-03", true, "Orthodox Easter Monday"},
		{"ordinary_day", "2026-03-10", false, ""},
		{"christmas_eve_is_not", "2026-12-24", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := date(t, tt.date)
			h, ok := Calendar{}.IsHoliday(d)
			if ok != tt.holiday || h.Name != tt.want {
				t.Errorf("IsHoliday(%s) = %q, %v; want %q, %v", d, h.Name, ok, tt.want, tt.holiday)
			}
			inList := slices.ContainsFunc(RomanianHolidays(d.Year), func(x Holiday) bool { return x == h && ok })
			if inList != tt.holiday {
				t.Errorf("RomanianHolidays(%d) lists %s: %v, want %v", d.Year, d, inList, tt.holiday)
			}
		})
	}
}

// IsHoliday (computed day by day) and RomanianHolidays (computed per year)
// agree on every day of 2012-2200.
func TestIsHolidayAgreesWithRomanianHolidays(t *testing.T) {
	cal := NewCalendar(nil)
	for year := 2012; year <= 2200; year++ {
		list := RomanianHolidays(year)
		if !slices.IsSortedFunc(list, func(a, b Holiday) int { return a.Date.Compare(b.Date) }) {
			t.Fatalf("RomanianHolidays(%d) not sorted: %v", year, list)
		}
		var got []Holiday
		for d := NewDate(year, time.January, 1); d.Year == year; d = d.AddDays(1) {
			if h, ok := cal.IsHoliday(d); ok {
				got = append(got, h)
			}
		}
		if !slices.Equal(got, list) {
			t.Fatalf("year %d: day by day %v, listed %v", year, got, list)
		}
	}
}

func TestCalendarWorkingDays(t *testing.T) {
	bridge := NewCalendar([]Holiday{
		{Date: NewDate(2026, time.January, 5), Name: "Bridge day", NameRO: "Zi punte"},
		{Date: NewDate(2026, time.December, 31)},
	})
	tests := []struct {
		name     string
		cal      Calendar
		from, to string
		want     int
	}{
		{"may_2026_labour_day_on_friday", Calendar{}, "2026-05-01", "2026-05-31", 20},
		{"june_2026_children_and_pentecost_monday", Calendar{}, "2026-06-01", "2026-06-30", 21},
		{"april_2026_easter", Calendar{}, "2026-04-01", "2026-04-30", 20},
		{"january_2026", Calendar{}, "2026-01-01", "2026-01-31", 18},
		{"january_2023_before_epiphany_rule", Calendar{}, "2023-01-01", "2023-01-31", 20},
		{"january_2026_with_bridge_day", bridge, "2026-01-01", "2026-01-31", 17},
		{"year_2026", Calendar{}, "2026-01-01", "2026-12-31", 250},
		{"year_2026_with_extra_days", bridge, "2026-01-01", "2026-12-31", 248},
		{"single_working_day", Calendar{}, "2026-03-10", "2026-03-10", 1},
		{"single_holiday", Calendar{}, "2026-12-01", "2026-12-01", 0},
		{"weekend_only", Calendar{}, "2026-03-14", "2026-03-15", 0},
		{"reversed_range", Calendar{}, "2026-03-31", "2026-03-01", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.WorkingDays(date(t, tt.from), date(t, tt.to)); got != tt.want {
				t.Errorf("WorkingDays(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func TestCalendarLastWorkingDay(t *testing.T) {
	allOfFebruary := func() Calendar {
		var hs []Holiday
		for d := NewDate(2026, time.February, 1); d.Month == time.February; d = d.AddDays(1) {
			hs = append(hs, Holiday{Date: d, Name: "Closed", NameRO: "Închis"})
		}
		return NewCalendar(hs)
	}()
	tests := []struct {
		name  string
		cal   Calendar
		month string
		want  string
	}{
		{"ends_on_a_weekday", Calendar{}, "2026-12", "2026-12-31"},
		{"ends_on_a_sunday", Calendar{}, "2026-05", "2026-05-29"},
		{"ends_on_a_saturday", Calendar{}, "2026-01", "2026-01-30"},
		{"ends_on_a_holiday_2025", Calendar{}, "2025-11", "2025-11-28"},
		{"extra_day_on_the_last_day", NewCalendar([]Holiday{{Date: NewDate(2026, time.December, 31)}}), "2026-12", "2026-12-30"},
		{"no_working_day", allOfFebruary, "2026-02", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseMonth(tt.month)
			if err != nil {
				t.Fatal(err)
			}
			got := tt.cal.LastWorkingDay(m)
			if s, _ := got.MarshalText(); string(s) != tt.want {
				t.Errorf("LastWorkingDay(%s) = %q, want %q", m, s, tt.want)
			}
		})
	}
}

func TestCalendarAddWorkingDays(t *testing.T) {
	tests := []struct {
		name string
		from string
		n    int
		want string
	}{
		{"next_day", "2026-03-10", 1, "2026-03-11"},
		{"over_easter", "2026-04-09", 1, "2026-04-14"},
		{"back_over_easter", "2026-04-14", -1, "2026-04-09"},
		{"over_new_year", "2025-12-31", 1, "2026-01-05"},
		{"over_new_year_and_epiphany", "2025-12-31", 2, "2026-01-08"},
		{"over_a_weekend", "2026-03-13", 1, "2026-03-16"},
		{"ten_days", "2026-03-02", 10, "2026-03-16"},
		{"zero_keeps_a_holiday", "2026-12-25", 0, "2026-12-25"},
		{"back_from_a_sunday", "2026-03-15", -1, "2026-03-13"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Calendar{}).AddWorkingDays(date(t, tt.from), tt.n).String(); got != tt.want {
				t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.from, tt.n, got, tt.want)
			}
		})
	}
}

func TestCalendarExtraDays(t *testing.T) {
	cal := NewCalendar([]Holiday{
		{Date: NewDate(2026, time.January, 5), Name: "Bridge day", NameRO: "Zi punte"},
		{Date: NewDate(2026, time.December, 1), Name: "Founders' day", NameRO: "Ziua fondatorilor"},
		{Date: NewDate(2026, time.March, 9), Name: "Local feast", NameRO: "Hram"},
		{Date: NewDate(2026, time.March, 9), Name: "Audit day", NameRO: "Zi de audit"},
		{Date: NewDate(2027, time.January, 8), Name: "Bridge day", NameRO: "Zi punte"},
		{Date: NewDate(2026, time.February, 30), Name: "Impossible", NameRO: "Imposibil"},
		{Date: NewDate(2026, time.March, 10)},
	})
	tests := []struct {
		name   string
		date   string
		want   string
		wantRO string
	}{
		{"bridge_day", "2026-01-05", "Bridge day", "Zi punte"},
		{"on_a_legal_holiday_legal_name_first", "2026-12-01", "National Day of Romania / Founders' day", "Ziua Națională a României / Ziua fondatorilor"},
		{"two_extras_on_one_date", "2026-03-09", "Local feast / Audit day", "Hram / Zi de audit"},
		{"unnamed_extra", "2026-03-10", "Day off set by the organisation", "Zi liberă stabilită de organizație"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, ok := cal.IsHoliday(date(t, tt.date))
			if !ok || h.Name != tt.want || h.NameRO != tt.wantRO {
				t.Errorf("IsHoliday(%s) = %+v, %v; want %q / %q", tt.date, h, ok, tt.want, tt.wantRO)
			}
		})
	}

	t.Run("holidays_of_2026_list_extras_in_date_order", func(t *testing.T) {
		hs := cal.Holidays(2026)
		if len(hs) != 16+3 {
			t.Fatalf("Holidays(2026) has %d dates, want 19: %v", len(hs), hs)
		}
		if !slices.IsSortedFunc(hs, func(a, b Holiday) int { return a.Date.Compare(b.Date) }) {
			t.Errorf("Holidays(2026) not sorted: %v", hs)
		}
		for _, h := range hs {
			if ih, _ := cal.IsHoliday(h.Date); ih != h {
				t.Errorf("Holidays lists %+v, IsHoliday says %+v", h, ih)
			}
		}
	})
	t.Run("other_year_unaffected", func(t *testing.T) {
		if got, want := len(cal.Holidays(2025)), len(RomanianHolidays(2025)); got != want {
			t.Errorf("Holidays(2025) has %d dates, want %d", got, want)
		}
		if len(cal.Holidays(2027)) != len(RomanianHolidays(2027))+1 {
			t.Errorf("Holidays(2027) misses the 2027 bridge day")
		}
	})
	t.Run("extra_slice_not_aliased", func(t *testing.T) {
		extra := []Holiday{{Date: NewDate(2026, time.July, 1), Name: "X", NameRO: "X"}}
		c := NewCalendar(extra)
		extra[0].Date = NewDate(2026, time.July, 2)
		if c.IsWorkingDay(NewDate(2026, time.July, 1)) || !c.IsWorkingDay(NewDate(2026, time.July, 2)) {
			t.Error("changing the caller's slice changed the calendar")
		}
	})
}

func TestCalendarConcurrentUse(t *testing.T) {
	cal := NewCalendar([]Holiday{{Date: NewDate(2026, time.January, 5), Name: "Bridge", NameRO: "Punte"}})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got := cal.WorkingDays(NewDate(2026, time.January, 1), NewDate(2026, time.December, 31)); got != 249 {
				t.Errorf("WorkingDays 2026 = %d, want 249", got)
			}
			_ = cal.Holidays(2026)
		})
	}
	wg.Wait()
}

func BenchmarkWorkingDaysYear(b *testing.B) {
	cal := NewCalendar([]Holiday{{Date: NewDate(2026, time.January, 5), Name: "Bridge", NameRO: "Punte"}})
	from, to := NewDate(2026, time.January, 1), NewDate(2026, time.December, 31)
	for b.Loop() {
		cal.WorkingDays(from, to)
	}
}

// WorkingDays (arithmetic) agrees with counting IsWorkingDay day by day.
func TestWorkingDaysAgreesWithIsWorkingDay(t *testing.T) {
	cal := NewCalendar([]Holiday{
		{Date: NewDate(2026, time.January, 5)},
		{Date: NewDate(2026, time.January, 10)}, // a Saturday
		{Date: NewDate(2027, time.December, 27)},
	})
	start := NewDate(2025, time.December, 20)
	for span := 0; span < 800; span += 7 {
		for off := 0; off < 7; off++ {
			from := start.AddDays(off)
			to := from.AddDays(span + off)
			want := 0
			for d := from; !d.After(to); d = d.AddDays(1) {
				if cal.IsWorkingDay(d) {
					want++
				}
			}
			if got := cal.WorkingDays(from, to); got != want {
				t.Fatalf("WorkingDays(%s, %s) = %d, counted %d", from, to, got, want)
			}
		}
	}
}
