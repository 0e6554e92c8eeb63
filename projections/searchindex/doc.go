// Package searchindex is the Bleve runtime for Cronica's search projections:
// one on-disk Bleve index per projector, fed from the event log, with its
// checkpoint stored inside the index.
//
// It owns the directory <DataDir>/index/<Name>/ of every projector it opens:
// one generation directory (a Bleve index) per build, and a CURRENT file that
// names the generation in use. Each Apply is one Bleve batch holding the
// documents of its events and the checkpoint (SetInternal), so the documents
// and the checkpoint are persisted together or not at all: a crash never
// leaves them out of step, and a redelivered event is skipped.
//
// An event whose Apply keeps failing takes the poison path of the
// projections runtime's Skip projectors (SetParking): the events before it
// are committed without it, it is tried alone, and after four failed
// attempts it is parked (recorded by a Parker where the other projectors
// record theirs, logged, counted) and the checkpoint moves past it. A Rebuild
// parks into its new generation and, when it swaps in, replaces the parked
// records up to its head.
//
// Rebuild builds a new generation from the start of the log while the
// current one keeps serving searches, then swaps it in atomically (CURRENT is
// replaced by rename; readers hold a reference to the generation they search)
// and removes the old one. Changing a projector's mapping or Apply takes a
// Rebuild: each generation records the projector's Version that built it,
// so raising the Version makes an index built before Outdated, for its
// caller to Rebuild (serve does, in the background). Renaming a projector
// starts an empty index under the new name.
//
// It must not append events, be read by commands, or decide who may see a
// document: permission filtering belongs to the search queries of the
// features that own the documents (Chat and Search), not here. It holds no
// global state and takes its data directory, store and logger from its
// caller (cmd/cronica wires it).
package searchindex
