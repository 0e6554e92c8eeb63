// Package storetest is the conformance suite of the eventstore.Store port.
// Every adapter runs Run from its own tests; an adapter passes only if every
// case passes. The suite never assumes an empty log: each case works on its
// own fresh streams and starts reading from the log's head, so it also runs
// against a shared EventStoreDB/KurrentDB server.
//
// It is for tests only and must never be imported by production code.
package storetest
