// Package bundle builds and checks the auditor's export bundle of one
// project over one period: a zip holding the events of the project's
// record in log order with their hashes (events.jsonl), the seals with an
// inclusion proof for each of those streams (seals.jsonl), the project's
// reports generated in the period with their manifests (reports/<id>/),
// the bundle's manifest.json, a README.md for the auditor (English and
// Romanian) and SHA256SUMS over every other file.
//
// Export reads the log (eventstore.Store), the log index (audit_log, only
// to find which streams exist and where a time falls in the log), the
// report_log read model and the kept report files (reports/jobs); Verify
// reads nothing but the zip, so an auditor runs it offline. The same
// project, period and log give the same bytes: entries sorted, every time
// in the zip the last included event's recorded time, nothing from the
// clock or from map order.
//
// It owns the bundle's layout and the choice of the streams that make up a
// project's record. It must not append events, compute a figure of a
// report (it carries the recorded files) nor decide permissions but
// through identity.Authorize; every stream it puts in a bundle belongs to
// the project's organisation, except the log-wide seal stream, and a
// requester who may read the project only (its auditor) gets none of the
// organisation-wide streams (organisation, grants, work calendar, people).
package bundle
