// Package timetest is the test bench of the Time use cases, shared by the
// tests of commands and writeapi: the Identity bench (test/identitytest)
// with a codec of every context's events and the Time handlers, and Seed,
// which sets up, through the handlers and as System, an organisation with a
// Horizon Europe project (two work packages, four activities), a project
// manager who supervises two people, their contracts and assignments.
//
// It is for tests only and must never be imported by production code.
package timetest
