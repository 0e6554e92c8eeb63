// Package jobs runs the reports people ask for: Generate renders one at
// once and records it (a ReportGenerated event through the RecordReport
// command, and the file in report_files); Submit queues one as a job that
// a worker of any serve instance takes (FOR UPDATE SKIP LOCKED, with a
// lease, so a job whose instance died is taken again), whose progress is
// in report_jobs and announced on the PostgreSQL channel
// cronica_report_progress; Verify regenerates a recorded report and says
// whether a file matches it.
//
// It must not compute a report (package reports does) nor decide who may
// see one but through identity.Authorize.
package jobs
