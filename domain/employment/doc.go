// Package employment holds a person's work contracts (COMPLIANCE C.14),
// their dated amendments, their assignments to projects and activities,
// and the person's leave and absences.
//
// One aggregate per person ("employment-<person id>") keeps every contract
// of that person with one organisation, so that time recording reads one
// stream to know which contracts, norms, assignments and leave apply on a
// day. An amendment takes effect from a date and never rewrites the terms
// in force before it.
//
// Pure Go: the standard library and cronica/domain/... only.
package employment
