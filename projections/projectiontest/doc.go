// Package projectiontest is what the tests of SQL read models share: an
// Applier that reads back the events a test appended and applies them as
// the runtime does, table dumps to compare models, and the check that a
// projector's ApplyBatch writes what its Apply writes.
//
// Tests only: production code must not import it.
package projectiontest
