// Package bench measures Cronica's event store against the PostgreSQL it
// runs on (`cronica bench append`): a raw single-row INSERT baseline, single
// and batched appends through eventstore.Store (expected-version checks and
// hash chain included), and a catch-up read of the whole log. It prints the
// figures and the ratios between them.
//
// It works in a scratch database it creates and drops, never in the
// application's database. It does not choose an event store adapter: the
// migration and the store are handed in by cmd/cronica. It asserts nothing
// about speed; it only measures and reports.
package bench
