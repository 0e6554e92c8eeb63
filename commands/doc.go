// Package commands holds the write-side use cases, one per file: authorise,
// load the aggregate by reading its stream, let the domain decide, then append
// the new events with the expected version. Each returns the new stream
// version and the global position (the consistency token for read-your-writes).
//
// It must not write read models, talk to websockets or decide business rules
// itself; those belong to projections, realtime and domain. It is empty until
// the first domain aggregates land (the Identity and Time issues).
package commands
