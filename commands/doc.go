// Package commands holds Cronica's use cases, one per file: each handler
// authorises the caller (identity.Authorize), loads the aggregates it needs
// by reading their streams, lets the domain decide, and appends the new
// events with the expected version it loaded, so a concurrent change is a
// conflict (eventstore.ErrConcurrency), never a lost update. It returns the
// new version and the log position: the token a client passes back as
// min_position to read its own write.
//
// It does not know HTTP, SQL or read models (with one exception written
// down where it happens), and holds no global state: Env is built once in
// cmd/cronica. Env's StreamCache, when set, keeps recently loaded histories
// current by following the log (cache.go).
//
// Personal data never enters the log in clear: the handlers that record it
// seal it with Env.Personal (a PersonalSealer, internal/keyring) before
// appending, and the codec refuses an event that still carries it
// (personal.go). ErasePersonalData applies the retention rule
// (domain/retention), records the erasure, then destroys the person's key.
package commands
