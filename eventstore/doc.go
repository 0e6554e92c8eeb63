// Package eventstore owns Cronica's event log port: the Store interface, the
// event envelope (stream ids, versioned event types, metadata, the per-stream
// hash chain), the expected-version rules, the input validation shared by
// every adapter, and the chain verifier used by `cronica audit verify`.
//
// Adapters live in sub-packages: pgstore (PostgreSQL, the default) and esdb
// (EventStoreDB/KurrentDB). storetest is the conformance suite both must pass.
//
// This package must not import any adapter, database driver or HTTP
// framework, and it holds no global state: a store is built in cmd/cronica and
// passed down.
package eventstore
