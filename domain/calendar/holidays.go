package calendar

import (
	"slices"
	"time"
)

// Holiday is a non-working day: a legal public holiday (Codul muncii
// art. 139) or a day the organisation adds (NewCalendar). When several
// holidays fall on one date, that date is listed once and the names are
// joined with NameSeparator.
type Holiday struct {
	Date   Date   `json:"date"`
	Name   string `json:"name"`    // English
	NameRO string `json:"name_ro"` // Romanian
}

// NameSeparator joins the names of holidays that fall on the same date
// ("Children's Day / Orthodox Pentecost Monday").
const NameSeparator = " / "

// legalHoliday is one day of Codul muncii art. 139: a fixed date, or a
// number of days from Orthodox Easter Sunday; from is the first year it is
// a public holiday.
type legalHoliday struct {
	month        time.Month // fixed date; 0 for a day counted from Easter
	day          int
	fromEaster   int
	from         int
	name, nameRO string
}

// legalHolidays is art. 139 as amended, in calendar order of the fixed days
// then the movable ones. Days introduced since 2012 count from their first
// year (Legea 147/2012: 30 November; Legea 171/2016: 24 January; Legea
// 220/2016: 1 June; Legea 64/2018: Good Friday; Legea 52/2023: 6 and 7
// January). Years before 2012 are outside the model and get the 2012 list.
var legalHolidays = [...]legalHoliday{
	{month: time.January, day: 1, name: "New Year's Day", nameRO: "Anul Nou"},
	{month: time.January, day: 2, name: "New Year (second day)", nameRO: "A doua zi de Anul Nou"},
	{month: time.January, day: 6, from: 2024, name: "Epiphany", nameRO: "Bobotează"},
	{month: time.January, day: 7, from: 2024, name: "Saint John the Baptist", nameRO: "Sfântul Ioan Botezătorul"},
	{month: time.January, day: 24, from: 2017, name: "Union of the Romanian Principalities", nameRO: "Ziua Unirii Principatelor Române"},
	{month: time.May, day: 1, name: "Labour Day", nameRO: "Ziua Muncii"},
	{month: time.June, day: 1, from: 2017, name: "Children's Day", nameRO: "Ziua Copilului"},
	{month: time.August, day: 15, name: "Dormition of the Mother of God", nameRO: "Adormirea Maicii Domnului"},
	{month: time.November, day: 30, from: 2012, name: "Saint Andrew's Day", nameRO: "Sfântul Apostol Andrei"},
	{month: time.December, day: 1, name: "National Day of Romania", nameRO: "Ziua Națională a României"},
	{month: time.December, day: 25, name: "Christmas Day", nameRO: "Crăciunul"},
	{month: time.December, day: 26, name: "Christmas (second day)", nameRO: "A doua zi de Crăciun"},
	{fromEaster: -2, from: 2018, name: "Orthodox Good Friday", nameRO: "Vinerea Mare"},
	{fromEaster: 0, name: "Orthodox Easter Sunday", nameRO: "Paștele"},
	{fromEaster: 1, name: "Orthodox Easter Monday", nameRO: "A doua zi de Paște"},
	{fromEaster: 49, name: "Orthodox Pentecost Sunday", nameRO: "Rusaliile"},
	{fromEaster: 50, name: "Orthodox Pentecost Monday", nameRO: "A doua zi de Rusalii"},
}

// on is the holiday's date in year and whether it is a holiday that year.
func (h legalHoliday) on(year int, easter Date) (Date, bool) {
	if year < h.from {
		return Date{}, false
	}
	if h.month == 0 {
		return easter.AddDays(h.fromEaster), true
	}
	return Date{Year: year, Month: h.month, Day: h.day}, true
}

// RomanianHolidays are the legal public holidays of year (Codul muncii
// art. 139), sorted by date, each date once (coinciding holidays have their
// names joined, e.g. 1 June 2026 is both Children's Day and Pentecost
// Monday). Movable days follow OrthodoxEaster.
func RomanianHolidays(year int) []Holiday {
	easter := OrthodoxEaster(year)
	out := make([]Holiday, 0, len(legalHolidays))
	for _, h := range legalHolidays {
		if d, ok := h.on(year, easter); ok {
			out = append(out, Holiday{Date: d, Name: h.name, NameRO: h.nameRO})
		}
	}
	return mergeByDate(out)
}

// legalHolidayOn is the legal holiday on d, if any, computed without
// building the year's list.
func legalHolidayOn(d Date) (Holiday, bool) {
	var easter Date
	found := Holiday{Date: d}
	ok := false
	for _, h := range legalHolidays {
		if h.month != 0 && (h.month != d.Month || h.day != d.Day) {
			continue
		}
		if h.month == 0 && (d.Month < time.March || d.Month > time.June) {
			continue // the movable days all fall in April to June
		}
		if h.month == 0 && easter.IsZero() {
			easter = OrthodoxEaster(d.Year)
		}
		if on, in := h.on(d.Year, easter); in && on == d {
			found, ok = joined(found, Holiday{Date: d, Name: h.name, NameRO: h.nameRO}), true
		}
	}
	return found, ok
}

// mergeByDate sorts hs by date (stably, so the order of names is kept) and
// lists each date once with its names joined.
func mergeByDate(hs []Holiday) []Holiday {
	slices.SortStableFunc(hs, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	out := hs[:0]
	for _, h := range hs {
		if n := len(out); n > 0 && out[n-1].Date == h.Date {
			out[n-1] = joined(out[n-1], h)
			continue
		}
		out = append(out, h)
	}
	return out
}

// joined is a with b's names added (a's date); a may be empty.
func joined(a, b Holiday) Holiday {
	if a.Name == "" && a.NameRO == "" {
		return Holiday{Date: a.Date, Name: b.Name, NameRO: b.NameRO}
	}
	return Holiday{Date: a.Date, Name: a.Name + NameSeparator + b.Name, NameRO: a.NameRO + NameSeparator + b.NameRO}
}
