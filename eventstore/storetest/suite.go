package storetest

import (
	"testing"
)

// Run runs every conformance case against the adapter h describes.
func Run(t *testing.T, h Harness) {
	cases := []struct {
		name string
		run  func(*testing.T, Harness)
	}{
		{"append_and_read_back", testAppendAndReadBack},
		{"expected_version_forms", testExpectedVersionForms},
		{"concurrent_appenders_one_stream", testConcurrentAppenders},
		{"idempotent_event_ids", testIdempotentEventIDs},
		{"idempotency_key", testIdempotencyKey},
		{"idempotency_key_concurrent", testIdempotencyKeyConcurrent},
		{"read_stream", testReadStream},
		{"read_all_order", testReadAllOrder},
		{"catch_up_then_live", testCatchUpThenLive},
		{"subscribe_from_middle", testSubscribeFromMiddle},
		{"late_commit", testLateCommit},
		{"hash_chain", testHashChain},
		{"large_payload", testLargePayload},
		{"bad_input", testBadInput},
		{"subscription_close", testSubscriptionClose},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, h) })
	}
}
