// Package pgstore is the PostgreSQL adapter of eventstore.Store, Cronica's
// default event log.
//
// It owns the tables cronica_events and cronica_idempotency and the
// cronica_append function (migrations/). An append is one statement, one
// round trip and one transaction: a plain INSERT whose hash chain Go
// computed, when the event it follows is known (NoStream, or an exact version
// this Store last saw), else cronica_append, which reads the stream's head,
// checks the expected version and the idempotency key, and extends the chain
// on the server.
//
// Log order: an event's position is (transaction id << 16) | its index in the
// append. Readers pass only rows below the frontier: the oldest transaction
// of this database still running in the reader's snapshot (that is,
// pg_snapshot_xmin(pg_current_snapshot()) without other databases'
// transactions), so no reader ever skips a transaction that commits late;
// see ARCHITECTURE.md.
//
// Live subscribers are woken at once by appends made through the same Store,
// by LISTEN/NOTIFY for appends made by other processes, and by polling when
// notifications are lost.
//
// It must not hold read models or business rules, and it holds no global
// state: cmd/cronica builds one Store per process.
package pgstore
