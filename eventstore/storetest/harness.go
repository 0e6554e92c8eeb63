package storetest

import (
	"context"
	"testing"

	"cronica/eventstore"
)

// Harness tells the suite how to get a store and what the adapter can do.
type Harness struct {
	// New returns a ready store. It may return the same store every time;
	// it registers its own cleanup with t.
	New func(t *testing.T) eventstore.Store

	// HoldAppend starts req in a transaction that has taken its place in
	// the log but not committed, and returns a function that commits it.
	// Only an adapter whose appends can commit out of order (PostgreSQL)
	// sets it; the late-commit case is skipped, saying why, otherwise.
	HoldAppend func(ctx context.Context, t *testing.T, s eventstore.Store, req eventstore.AppendRequest) (commit func() error)

	// Reopen, when set, returns a new store over the same durable data, as
	// after a restart; the idempotency cases use it to prove durability.
	Reopen func(t *testing.T, s eventstore.Store) eventstore.Store
}
