// Package esdb is the EventStoreDB/KurrentDB adapter of the eventstore.Store
// port, built on github.com/EventStore/EventStore-Client-Go/v4.
//
// It owns: the mapping of Cronica's envelope onto ESDB events (event id and
// type as is, JSON data stored compact, the canonical metadata plus the
// stream's hash chain in the user metadata), the client-side hash chain (the
// stream's last event is read before every append and the append is made
// conditional on it, so the chain never forks), the expected-version and
// event-id idempotency rules, the durable idempotency-key table in
// PostgreSQL (cronica_esdb_idempotency, created by Migrate), and the reading
// of $all and of catch-up subscriptions with system and foreign events left
// out.
//
// Positions are $all commit positions. Every gRPC append writes each event
// as its own self-committed record, so the events of one multi-event append
// have distinct, increasing commit positions (equal to their prepare
// positions), and stream reads report the same positions as $all reads; this
// needs KurrentDB/EventStoreDB 22.6 or later. The server's default maximum
// append size is 1 MiB: raise it (KURRENTDB_MAX_APPEND_SIZE) to accept events
// up to eventstore.MaxDataBytes.
//
// It must not: write anything but Cronica events to the server, rely on the
// server's in-memory id de-duplication for anything durable, import other
// adapters, hold global state, or be wired anywhere but cmd/cronica.
package esdb
