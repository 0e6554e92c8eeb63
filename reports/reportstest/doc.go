// Package reportstest is the test rig of the reports: a real event store
// and audit_log index in a database of the test's own, the Time world
// seeded through the command handlers (Tell), a large organisation for
// benchmarks whose timesheets are appended straight to the store with
// the codec (Gather), an engine over them, and the real readers that open
// the files (pdftotext, LibreOffice, excelize). Tests only.
package reportstest
