// Package reports is the as-of report engine: it resolves an as-of (a log
// position, a time, or the head) to a position the log index (audit_log)
// has passed, reads the streams a report needs up to it (Snapshot) and
// folds them with the domain's own Load functions, then renders the kind's
// document (reports/render) and describes the file in a Manifest. The
// same type, parameters and as-of give byte-identical files: a document's
// date and footer come from the effective position (the last event the
// report read), never from the clock.
//
// It must not read a read model for a figure (the index only says which
// streams exist), nor use the wall clock, randomness or map order in a
// file. The kinds live in reports/kinds; generation, jobs and
// verification in reports/jobs.
package reports
