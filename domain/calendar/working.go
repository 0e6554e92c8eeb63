package calendar

import "slices"

// Calendar is the Romanian working calendar of one organisation: weekends
// (Codul muncii art. 137), the legal public holidays (RomanianHolidays) and
// the extra days off the organisation configures per year (public-sector
// bridge days, a holiday newly added by law).
//
// A Calendar is immutable once built, so it is safe for concurrent use and
// cheap to copy. The zero Calendar has the legal holidays only.
type Calendar struct {
	extra map[Date]Holiday // by date, names joined; never written after NewCalendar
}

// Names given to an extra day configured without a name.
const (
	extraName   = "Day off set by the organisation"
	extraNameRO = "Zi liberă stabilită de organizație"
)

// NewCalendar is the working calendar with the legal holidays plus extra.
// Extra days on the same date (or on a legal holiday) are merged, names
// joined. Days whose date is not a real date (Date.Valid) are dropped:
// configuration is expected to be validated before, with Date.Valid.
func NewCalendar(extra []Holiday) Calendar {
	if len(extra) == 0 {
		return Calendar{}
	}
	m := make(map[Date]Holiday, len(extra))
	for _, h := range extra {
		if !h.Date.Valid() {
			continue
		}
		if h.Name == "" {
			h.Name = extraName
		}
		if h.NameRO == "" {
			h.NameRO = extraNameRO
		}
		if prev, ok := m[h.Date]; ok {
			h = joined(prev, h)
		}
		m[h.Date] = h
	}
	return Calendar{extra: m}
}

// IsHoliday is the holiday on d (legal, extra, or both with names joined),
// and whether there is one. Weekends are not holidays.
func (c Calendar) IsHoliday(d Date) (Holiday, bool) {
	h, legal := legalHolidayOn(d)
	x, extra := c.extra[d]
	switch {
	case legal && extra:
		return joined(h, x), true
	case legal:
		return h, true
	case extra:
		return x, true
	}
	return Holiday{}, false
}

// IsWorkingDay reports whether d is neither a weekend day nor a holiday.
func (c Calendar) IsWorkingDay(d Date) bool {
	if d.IsWeekend() {
		return false
	}
	_, h := c.IsHoliday(d)
	return !h
}

// WorkingDays is the number of working days from from to to, both
// included; 0 when to is before from. It counts weekdays arithmetically and
// takes off the holidays that fall on them, so a long range costs one
// holiday list per year, not one look-up per day.
func (c Calendar) WorkingDays(from, to Date) int {
	if to.Before(from) {
		return 0
	}
	days := from.DaysUntil(to) + 1
	n := days / 7 * 5
	for d := from.AddDays(days / 7 * 7); !d.After(to); d = d.AddDays(1) {
		if !d.IsWeekend() {
			n++
		}
	}
	for year := from.Year; year <= to.Year; year++ {
		for _, h := range c.Holidays(year) {
			if h.Date.Within(from, to) && !h.Date.IsWeekend() {
				n--
			}
		}
	}
	return n
}

// LastWorkingDay is the last working day of m, or the zero Date when m has
// none (only possible when extra days cover all of its weekdays).
func (c Calendar) LastWorkingDay(m Month) Date {
	first := m.First()
	for d := m.Last(); !d.Before(first); d = d.AddDays(-1) {
		if c.IsWorkingDay(d) {
			return d
		}
	}
	return Date{}
}

// AddWorkingDays is the n-th working day after d (n > 0) or before d
// (n < 0); d itself, working day or not, when n is 0. AddWorkingDays(d, 1)
// is the next working day.
func (c Calendar) AddWorkingDays(d Date, n int) Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// Holidays are the holidays of year, legal and extra, sorted by date, each
// date once with the names of coinciding holidays joined (legal ones
// first).
func (c Calendar) Holidays(year int) []Holiday {
	hs := RomanianHolidays(year)
	legal := len(hs)
	for d, h := range c.extra {
		if d.Year == year {
			hs = append(hs, h)
		}
	}
	// The extras come in map order (one per date): sort them first so the
	// stable merge puts legal names before extra ones whatever that order.
	slices.SortFunc(hs[legal:], func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return mergeByDate(hs)
}
