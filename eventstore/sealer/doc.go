// Package sealer seals the event log and checks its seals.
//
// A seal (domain/audit AuditSealed, appended to the one seal stream) holds
// the Merkle root (package eventstore/seal) over the head — stream, version,
// hash — of every stream at a log position "through". Sealer.Seal reads the
// log after the previous seal's position through the store port
// (eventstore.Store: ReadAll, ReadStream, Append), so it works over either
// adapter, and records the next seal with Exact(seq-1) (NoStream for the
// first), so two sealers can never both record one seq; an advisory lock
// serialises the sealers of a cluster.
//
// The leaves stay outside the log, in the table cronica_seal_leaves that
// this package owns (migrations embedded, component "sealer"): per seal only
// the heads that changed since the previous one; the full set of seal k is
// the latest row per stream with seq <= k. The log's root authenticates the
// table, so a changed row is found too. Leaves written for a seq whose seal
// was never recorded (a crash, a lost race) are discarded by the next run.
//
// Checker is the seals' half of `cronica audit verify`: fed the walk of the
// log in log order, it compares the heads a ChainVerifier has seen with each
// seal when the walk passes the seal's position, and names what differs
// (deleted last events, deleted streams, events moved across a seal,
// rewritten streams, an altered leaf record).
//
// Scheduler seals when the last seal is older than an interval and
// something was appended since (before the first seal: when the log's first
// event is that old) — serve's daily seal — one per cluster by advisory
// lock.
//
// It must not decide anything about the domain, serve HTTP, or change the
// Merkle encoding of package seal (export bundles prove inclusion with it).
package sealer
