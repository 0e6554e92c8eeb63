// Package taskviewtest is the test bench of the Tasks read side: it keeps
// the Tasks aggregates of a story (lists, tasks, saved filters), lets a
// test change them with the domain's own methods, and appends their new
// events to a real event store, encoded with encoding/json as the
// commands' codec does, with the actor and organisation a command would
// record. The tests of projections/taskview, of the read API and of the
// history use it to produce events without the Tasks commands.
//
// It is for tests only and must never be imported by production code.
package taskviewtest
