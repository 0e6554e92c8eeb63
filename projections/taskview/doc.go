// Package taskview is the Tasks read models and the queries on them: task
// lists (a project's or one account's own) with their board columns;
// tasks with every field the board, the filtered list and the task drawer
// show; their dependencies, comments and the time logged on them; and the
// saved filters. One projector builds them all from the tasklist, task and
// taskfilter events, decoded into domain/task's own event types.
//
// The projector is named "taskview": that name is its persistent identity
// (its checkpoint row and its advisory lock), and readers that wait for
// their writes (min_position) name it too. Renaming it replays the whole
// log into a new checkpoint.
//
// It owns the task_* tables and their migrations (component "taskview").
// Every row carries org_id, and every query of an organisation's data
// filters on it. Descriptions and comments are stored as written and as
// sanitized HTML (internal/markdown); titles and descriptions also folded
// for the diacritic-insensitive text filter (Fold). Filter is the one
// definition of the filtered list's conditions: Where for SQL, Match for
// tasks folded from the log (the read API's as_of).
//
// It must not append events, decide business rules (the aggregates do,
// from their streams), read other read models, decide who may read what
// (the read API does, with identity.Authorize), or commit the transaction
// the runtime hands to Apply; nothing but its projector writes its tables.
// Queries return view types, never aggregates.
package taskview
