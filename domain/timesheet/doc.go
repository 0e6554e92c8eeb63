// Package timesheet holds the monthly timesheet of one person: its time
// entries on every project (and for the employer outside projects), its
// workflow (draft, submitted, approved or rejected, locked, reopened with a
// reason) and the rules of COMPLIANCE section D.
//
// The timesheet is the consistency boundary of the daily and weekly caps:
// one stream per person and month ("timesheet-<id>", the id derived from
// the person and the month), so two clients recording time for the same
// person and day append to the same stream and the optimistic concurrency
// check lets only one of them decide on the state the other did not see.
// A week that straddles two months is checked against the other month as
// read; submission re-checks everything, so a submitted month never
// exceeds a cap.
//
// Pure Go: the standard library and cronica/domain/... only.
package timesheet
