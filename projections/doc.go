// Package projections runs the projectors that build Cronica's read models
// from the event log: a Watermill router with one handler per projector,
// fed from the projector's checkpoint by projections/feed; Recoverer, Retry
// and a poison path (park, then halt or skip by the projector's Policy)
// around each handler; the events of a batch and the checkpoint written in
// one short PostgreSQL transaction; one instance per projector across all
// processes, held by an advisory lock; blue/green rebuilds into shadow
// tables swapped in atomically; and the status behind `cronica projections
// status` and /metrics. ParkedStore lets a projector run outside the
// runtime (the search index) park its events where the runtime parks its
// own.
//
// A projector's name is its persistent identity (checkpoint row, lock):
// renaming one replays the whole log into it.
//
// It must not append events or be read by commands, and it holds no global
// state. Read models live in sub-packages (auditlog); search indexes in
// searchindex (the runtime) and search (the search projector and query).
package projections
