// Package workcalendar holds an organisation's working calendar: the days
// it adds to the legal public holidays, per year (a public-sector bridge
// day, a holiday newly voted into law). The legal holidays themselves are
// computed by package calendar, never stored.
//
// Stream: "workcalendar-<org id>". Pure Go: the standard library and
// cronica/domain/... only.
package workcalendar
