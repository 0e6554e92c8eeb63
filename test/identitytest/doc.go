// Package identitytest is the test bench of the Identity use cases, shared
// by the tests of commands, readapi and writeapi: a real event store on the
// test's own database, a clock the test moves, and Seed, which bootstraps an
// organisation with an administrator through the handlers, as System, the
// way `cronica demo` and the first start do.
//
// It is for tests only and must never be imported by production code.
package identitytest
