// Package task holds Tasks (issue #10): task lists (a project's, or one
// person's own), their tasks (fields, place on the board, subtasks,
// dependencies, comments, the time logged on them) and saved filters.
//
// Three aggregates, one stream each:
//   - List, "tasklist-<id>": name and board columns. Removing a column
//     names the column its tasks go to (moved_to); the list remembers the
//     redirects, so CurrentColumn maps a task's recorded status to a
//     column that still exists.
//   - Task, "task-<id>": every fact of one task. It remembers, per field,
//     the stream version of the event that last changed it (FieldVersions),
//     so that an edit made from an older version is merged when it touches
//     fields nobody changed since, and refused with a ConflictError naming
//     the fields otherwise (field-level concurrency).
//   - Filter, "taskfilter-<id>": a saved (and possibly shared) query.
//
// A task's place in its column is a rank, a string compared bytewise over
// the alphabet 0-9a-z (fractional indexing): Between gives a rank strictly
// between two others, so a move writes one event whatever the column's
// size. Read models must order ranks bytewise (COLLATE "C" in PostgreSQL).
//
// Every task event carries list_id, org_id and, for a project's list,
// project_id at the top level, so realtime topics and the audit log find
// them without reading the list.
//
// The package decides and records; it never stores, renders markdown or
// checks permissions (commands do, with identity.Authorize), and it does
// not know other tasks' streams: the commands pass what a rule needs (the
// list, a parent's ancestors, a blocker's own dependencies). Pure Go: the
// standard library and cronica/domain/... only.
package task
