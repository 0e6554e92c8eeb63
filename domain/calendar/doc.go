// Package calendar holds civil dates and months (no clock, no time zone)
// and the Romanian working calendar: public holidays computed from the
// Orthodox Easter computus (never a table of dates), weekends, ISO weeks.
//
// It is pure: the standard library only, no clock.
package calendar
