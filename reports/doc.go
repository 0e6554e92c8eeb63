// Package reports computes reports as of any past position or time by
// replaying the event log up to it, and renders them (XLSX, PDF, CSV, DOCX).
// The same type, parameters and as-of position give byte-identical files, and
// each carries a manifest.
//
// It must not read today's read models for as-of figures, nor use the wall
// clock or map order in output. It is empty until the timesheet reports issue.
package reports
