// Package commands holds Cronica's use cases, one per file: each handler
// authorises the caller (identity.Authorize), loads the aggregates it needs
// by reading their streams, lets the domain decide, and appends the new
// events with the expected version it loaded, so a concurrent change is a
// conflict (eventstore.ErrConcurrency), never a lost update. It returns the
// new version and the log position: the token a client passes back as
// min_position to read its own write.
//
// It does not know HTTP, SQL or read models (with exceptions written down
// where they happen, like the TaskBoard the Tasks handlers ask where a
// column ends, implemented in cmd/cronica over the Tasks read model), and
// holds no global state: Env is built once in cmd/cronica. Env's StreamCache, when set, keeps recently loaded histories
// current by following the log (cache.go).
//
// Personal data never enters the log in clear: the handlers that record it
// seal it with Env.Personal (a PersonalSealer, internal/keyring) before
// appending, and the codec refuses an event that still carries it
// (personal.go). ErasePersonalData applies the retention rule
// (domain/retention), records the erasure, then destroys the person's key.
//
// Tasks (tasks.go and its use cases) load one task's stream per change;
// a concurrent change of the same task is decided again, the field-level
// rule of domain/task merging edits of other fields and refusing one of
// the same field (task.ConflictError). Ranks on the board come from the
// neighbours' streams; LogTaskTime records time through RecordTimeEntry.
//
// Chat (chat.go and its use cases) authorises every change with chat.May
// over the channel's stream and, for a group channel, the group's: a
// channel the caller may not read is domain.ErrNotFound. A direct channel
// is found by its UUIDv5 id before it is created, so the same people share
// one. A message's change loads its own stream (chatmsg-<id>) and its
// channel's.
package commands
