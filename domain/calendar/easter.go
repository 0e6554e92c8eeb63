package calendar

import "time"

// OrthodoxEaster is Orthodox Easter Sunday of year, as a Gregorian date.
//
// It is computed, never looked up: Meeus' Julian computus gives Easter in
// the Julian calendar (always between Julian 22 March and 25 April), and
// the Julian-to-Gregorian offset of that year moves it to the civil
// calendar: 13 days for 1900-2099, 14 days for 2100-2199, and so on
// (year/100 - year/400 - 2 days for any date from 1 March of a century
// year on, which Easter always is). Meaningful for Gregorian years (from
// 1583 on).
func OrthodoxEaster(year int) Date {
	a := year % 4
	b := year % 7
	c := year % 19
	d := (19*c + 15) % 30
	e := (2*a + 4*b - d + 34) % 7
	month := (d + e + 114) / 31
	day := (d+e+114)%31 + 1
	julian := Date{Year: year, Month: time.Month(month), Day: day}
	return julian.AddDays(julianToGregorianDays(year))
}

// julianToGregorianDays is how many days the Gregorian calendar runs ahead
// of the Julian one from 1 March of year on (until the end of February of
// the next century year not divisible by 400).
func julianToGregorianDays(year int) int { return year/100 - year/400 - 2 }
