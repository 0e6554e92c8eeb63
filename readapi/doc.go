// Package readapi serves the read models over HTTP with gin: list endpoints
// filter, sort and paginate with opaque keyset cursors, and every read route
// first waits (Waiter) until the projections it reads from have passed the
// client's min_position, so a client reads its own writes.
//
// Routes is the whole route table. Handlers are thin: parse the query, run
// one SQL query over a read model, answer with view types (never rows or
// aggregates). Every error is answered by internal/apierr, the one mapping
// of errors to a status, a stable code and the standard body
// {"error":{"code":"...","message":"...","details":{...}}}.
//
// The Identity routes (identity.go) serve the signed-in caller: the
// authentication middleware in front of them sets the caller
// (auth.CallerFrom), each loads its principal and asks identity.Authorize
// about the path's organisation, so a caller with no grant there gets 404,
// never 403. A person's personal data is shown only to callers with
// people.personal_data.read: the read model holds it sealed, and the
// handlers open it through Deps.Personal (internal/keyring), or show the
// erased marker ({"erased": true} with its words) once it was erased.
//
// The Time routes (time_*.go) read the timeview model the same way; a
// caller also reads their own contracts, leave and timesheets, and a
// project-scoped reader their projects' part (time_access.go). Effort and
// personnel costs are computed with domain/costs and timesheet.HoursPerDay
// from the read models: the rules have one implementation.
//
// The report routes (reports.go) serve the report kinds, the jobs, the
// recorded reports (report_log) and their files, and verify a file, through
// a Reports (*jobs.Service in cmd/cronica); package jobs decides who reads
// a job or a file, and readapi filters report_log by the same rule.
//
// The notification routes (notifications.go) serve the signed-in caller's
// own inbox (newest first, titles in the caller's language, the unread
// count) and settings from the notifyview model; no path names another
// account.
//
// The history route (history.go) serves GET /history/:stream through a
// History (*history.Reader in cmd/cronica): any stream's events with their
// changes and the entity's state as of any point of the log. Package
// history decides who reads it; HistoryDirectory gives it the actors'
// names and the caller's person from the identity model.
//
// The audit bundle route (audit_bundle.go) serves a project's export
// bundle over a period as a zip through an AuditBundles (*bundle.Exporter
// in cmd/cronica), which checks audit.read and history.read on the
// project with identity.Authorize and leaves out the organisation-wide
// streams for a caller who holds them on the project only.
//
// The Tasks routes (tasks*.go) serve the taskview model: the lists the
// caller reads (a project's with tasks.read on its project, their own
// personal ones; anyone else's personal list is 404), a list's board in
// one query, the filtered list (taskview.Filter: repeated values are
// alternatives, parameters all required, text diacritic-insensitive by
// word prefix, pages in task id order, a saved filter's query with any
// parameter replacing its part), a task with its comments' authors named,
// and the saved filters. With as_of the filtered list is answered from the
// log (tasks_asof.go): the as-of resolved like a report's, the task
// streams of the lists searched found through the log index, folded by
// domain/task and filtered by the same Filter in Go (through a TaskLog,
// the report engine in cmd/cronica).
//
// It never writes: not to read models (projections own them) and not to the
// log (commands do). It does not know how the projections run, only their
// names and their checkpoint rows.
package readapi
