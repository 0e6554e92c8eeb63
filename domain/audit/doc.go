// Package audit records the seals of the event log: AuditSealed, one
// stream for the whole log ("auditseal-<uuidv5>", version = the seal's
// seq), each seal holding the Merkle root over the head (stream, version,
// hash) of every stream at a log position, the number of streams and
// events it covers, and the previous seal's root.
//
// Standard library only. It decides what a well-formed seal is; it does
// not read the log, compute roots or keep the leaves (package
// eventstore/sealer does).
package audit
