// Package timeviewtest is the test bench of the Time read side: it keeps
// the Time aggregates of a story (projects, employment records, working
// calendars, timesheets), lets a test change them with the domain's own
// methods, and appends their new events to a real event store, encoded by
// the commands' codec, as the command handlers will. The tests of
// projections/timeview and of the read API use it to produce events
// without the Time commands. It encodes with encoding/json, as the
// commands' codec does, and refuses a type the projector does not list.
//
// It is for tests only and must never be imported by production code.
package timeviewtest
