package bundle

import (
	"fmt"
	"time"

	"cronica/domain/calendar"
	"cronica/reports"
)

// MaxMonths is the longest period a bundle covers (ten years, longer than
// any programme's project).
const MaxMonths = 120

// Period is a span of whole days, From to To inclusive, in a time zone:
// the instants [From 00:00, To+1 00:00).
type Period struct {
	From, To calendar.Date
	Zone     *time.Location
}

// PeriodError is a period that cannot be read: Field is "from" or "to"
// (the date at fault, or the one that does not fit the other). It wraps
// reports.ErrInvalidRequest.
type PeriodError struct {
	Field  string
	Reason string
}

func (e *PeriodError) Error() string { return reports.ErrInvalidRequest.Error() + ": " + e.Reason }

// Unwrap makes errors.Is(err, reports.ErrInvalidRequest) hold.
func (e *PeriodError) Unwrap() error { return reports.ErrInvalidRequest }

// ParsePeriod reads two YYYY-MM-DD dates as a period in zone. A malformed
// date, From after To or more than MaxMonths months is a *PeriodError
// (reports.ErrInvalidRequest).
func ParsePeriod(from, to string, zone *time.Location) (Period, error) {
	if zone == nil {
		return Period{}, fmt.Errorf("%w: bundle: no time zone for the period", reports.ErrInvalidRequest)
	}
	f, err := calendar.ParseDate(from)
	if err != nil || !f.Valid() {
		return Period{}, &PeriodError{Field: "from", Reason: fmt.Sprintf("the period's start %q is not a date YYYY-MM-DD", from)}
	}
	t, err := calendar.ParseDate(to)
	if err != nil || !t.Valid() {
		return Period{}, &PeriodError{Field: "to", Reason: fmt.Sprintf("the period's end %q is not a date YYYY-MM-DD", to)}
	}
	if t.Before(f) {
		return Period{}, &PeriodError{Field: "to", Reason: fmt.Sprintf("the period ends (%s) before it starts (%s)", t, f)}
	}
	if n := len(monthsBetween(f.MonthOf(), t.MonthOf())); n > MaxMonths {
		return Period{}, &PeriodError{Field: "to", Reason: fmt.Sprintf("the period spans %d months, at most %d", n, MaxMonths)}
	}
	return Period{From: f, To: t, Zone: zone}, nil
}

// Start is the period's first instant: From at 00:00 in its zone.
func (p Period) Start() time.Time {
	return time.Date(p.From.Year, p.From.Month, p.From.Day, 0, 0, 0, 0, p.Zone)
}

// End is the first instant after the period: the day after To at 00:00
// in its zone.
func (p Period) End() time.Time {
	d := p.To.AddDays(1)
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, p.Zone)
}

// Months are the calendar months the period touches, in order.
func (p Period) Months() []calendar.Month { return monthsBetween(p.From.MonthOf(), p.To.MonthOf()) }

// monthsBetween is first to last inclusive (none when last is before
// first).
func monthsBetween(first, last calendar.Month) []calendar.Month {
	var out []calendar.Month
	for m := first; m.Compare(last) <= 0 && len(out) <= MaxMonths; m = m.Next() {
		out = append(out, m)
	}
	return out
}
