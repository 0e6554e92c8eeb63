package calendar

import (
	"fmt"
	"time"
)

// Date is a civil date without a time zone, written "2026-03-01" in JSON.
// The zero Date is "no date" (an open end).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate builds a date; it does not check it (see ParseDate and Valid).
func NewDate(y int, m time.Month, d int) Date { return Date{Year: y, Month: m, Day: d} }

// DateOf is the civil date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate reads "YYYY-MM-DD" and refuses impossible dates (2026-02-30).
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("calendar: parse date %q: %w", s, err)
	}
	return DateOf(t), nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d is a real date between years 1900 and 2200.
func (d Date) Valid() bool {
	if d.Year < 1900 || d.Year > 2200 || d.Month < 1 || d.Month > 12 || d.Day < 1 {
		return false
	}
	return DateOf(d.Time()) == d
}

// Time is midnight UTC of d.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// String is "YYYY-MM-DD".
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// AddDays is d moved by n days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// Weekday is d's day of the week.
func (d Date) Weekday() time.Weekday { return d.Time().Weekday() }

// Before, After and Compare order dates.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }
func (d Date) After(o Date) bool  { return d.Compare(o) > 0 }
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	default:
		return cmpInt(d.Day, o.Day)
	}
}

// DaysUntil is the number of days from d to o (negative when o is before d).
func (d Date) DaysUntil(o Date) int { return int(o.Time().Sub(d.Time()).Hours() / 24) }

// MonthOf is d's month.
func (d Date) MonthOf() Month { return Month{Year: d.Year, Month: d.Month} }

// ISOWeek is d's ISO 8601 year and week (weeks start on Monday).
func (d Date) ISOWeek() (year, week int) { return d.Time().ISOWeek() }

// WeekStart is the Monday of d's ISO week.
func (d Date) WeekStart() Date {
	off := (int(d.Weekday()) + 6) % 7 // Monday 0 ... Sunday 6
	return d.AddDays(-off)
}

// IsWeekend reports Saturday or Sunday (Codul muncii art. 137's weekly rest).
func (d Date) IsWeekend() bool { w := d.Weekday(); return w == time.Saturday || w == time.Sunday }

// Within reports whether d is in [from, to]; a zero to is open-ended.
func (d Date) Within(from, to Date) bool {
	return !d.Before(from) && (to.IsZero() || !d.After(to))
}

// MarshalText writes "YYYY-MM-DD" ("" for the zero Date).
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads "YYYY-MM-DD"; "" is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
