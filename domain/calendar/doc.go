// Package calendar holds civil dates and months (no clock, no time zone)
// and the Romanian working calendar: public holidays computed from the
// Orthodox Easter computus (never a table of dates), weekends, ISO weeks,
// and a Calendar value that adds the days off an organisation configures
// and counts working days.
//
// It is pure: the standard library only, no clock. Its values are immutable
// and safe for concurrent use.
package calendar
