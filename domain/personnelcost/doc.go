// Package personnelcost prices people's time on projects: given their
// contracts, leave, the working calendar and the minutes of approved and
// locked months per person, project, work package and month, it computes
// the personnel-cost Statement, one Item per person and project, each by
// the project's rate method (domain/costs' engine for Horizon Europe and
// Horizon 2020, the actual hourly cost for the national programmes).
//
// It is the one implementation of those rules: the read API calls it on the
// Time read models and the reports call it on aggregates folded from the
// log, so both give the same figures. Compute orders everything it reads
// (work rows by person, project, work package and month; contracts by start
// and id), so its output does not depend on the order of its inputs.
//
// It must not fetch, store or render anything, nor read a clock: callers
// load the Data that Request.Years and Plan name. It imports only the
// standard library and cronica/domain/...; a rule the inputs break makes an
// item unavailable with a Problem (a stable code), and only a failure of the
// computation itself is an error ("personnelcost: ...: %w").
package personnelcost
