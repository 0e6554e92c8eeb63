package calendar

import (
	"fmt"
	"time"
)

// Month is a calendar month, written "2026-03" in JSON: the period of one
// timesheet.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads "YYYY-MM".
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, fmt.Errorf("calendar: parse month %q: %w", s, err)
	}
	return Month{Year: t.Year(), Month: t.Month()}, nil
}

// IsZero reports whether m is the zero Month.
func (m Month) IsZero() bool { return m == Month{} }

// Valid reports whether m is a real month between 1900 and 2200.
func (m Month) Valid() bool { return m.Year >= 1900 && m.Year <= 2200 && m.Month >= 1 && m.Month <= 12 }

// String is "YYYY-MM".
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// First and Last are m's first and last days.
func (m Month) First() Date { return Date{m.Year, m.Month, 1} }
func (m Month) Last() Date  { return m.Next().First().AddDays(-1) }

// Days is the number of days of m.
func (m Month) Days() int { return m.Last().Day }

// Next and Prev are the following and preceding months.
func (m Month) Next() Month { return m.Add(1) }
func (m Month) Prev() Month { return m.Add(-1) }

// Add is m moved by n months.
func (m Month) Add(n int) Month {
	t := time.Date(m.Year, m.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	return Month{t.Year(), t.Month()}
}

// Contains reports whether d is in m.
func (m Month) Contains(d Date) bool { return d.Year == m.Year && d.Month == m.Month }

// Compare orders months.
func (m Month) Compare(o Month) int { return m.First().Compare(o.First()) }

// MarshalText writes "YYYY-MM".
func (m Month) MarshalText() ([]byte, error) {
	if m.IsZero() {
		return []byte{}, nil
	}
	return []byte(m.String()), nil
}

// UnmarshalText reads "YYYY-MM"; "" is the zero Month.
func (m *Month) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*m = Month{}
		return nil
	}
	v, err := ParseMonth(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}
