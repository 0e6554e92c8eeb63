// Package history answers the history of any entity of the log: every
// event of its stream (actor, time, type, data) with a field-level diff
// between the entity's consecutive states, and the entity's state as of any
// time or position. It belongs with the report engine: the as-of is read
// (reports.ParseAsOf) and resolved against the same log index
// (reports.Index) to a position the index has passed, and the stream is
// cut there.
//
// A state is a *state view* per stream category: a JSON object built from
// the aggregate the domain's own Load function folds from the stream's
// events (timesheets, projects, employment records, work calendars,
// organisations, people, accounts, groups, grants, tasks, task lists and
// saved task filters: a task's comments by comment_id, its dependencies
// and people as sets, a list's columns by column_id), with every collection
// keyed by its items' ids so that a change has a stable path
// ("/entries/<entry id>/hours"). Categories without an aggregate (email and
// contract claims, reports, inboxes, notification settings, reminders,
// audit seals, and any category added later) are folded generically: the
// state is the overlay of the events' data objects. Diff compares two
// states deterministically.
//
// Secrets (password and token hashes) never appear, neither in a state nor
// in an event's data; personal data only for a caller holding
// people.personal_data.read in the stream's organisation, {"hidden": true}
// otherwise. For who may read it, sealed personal data is opened with the
// person's key (a PersonalOpener: the keyring), and shows {"erased": true}
// once the key was destroyed, in every state and event, the earlier ones
// included (fold.personalData decides, the one place). MayRead is the one
// permission rule: a project's task or list is also read with tasks.read
// on its project, a personal task list and its tasks by their owner only.
//
// It must not write anything, read a read model for a fact of the history
// (the Directory only names actors and says whose account is whose), or
// use the clock for anything but permission checks.
package history
