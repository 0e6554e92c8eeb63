// Package domain holds Cronica's aggregates, value objects, events and rules,
// EU and Romanian compliance included. Commands call it to decide; it never
// stores, sends or renders anything.
//
// It is pure Go: the standard library only (no gin, pgx, watermill, melody or
// bleve; imports_test.go enforces this), and no clock or randomness inside, so
// times and IDs are passed in. A broken rule is a typed error with a stable
// code.
//
// This package holds what every context shares (RuleError, Event, Root,
// Text, ValidID, NameUUID); the contexts are its subpackages: identity;
// project, employment, timesheet and workcalendar (Time); calendar,
// costs and personnelcost (the working calendar, the personnel-cost engine
// and the statement priced with it).
package domain
