// Package timeview is the Time read models and the queries on them:
// projects with their work packages, activities, partners, budget lines
// and members; work contracts with their terms history, assignments and
// leave; the organisations' extra non-working days; timesheets with their
// entries; and time_effort, the aggregate of minutes per organisation,
// project, work package, activity, person and month. One projector builds
// them all from the project, employment, timesheet and workcalendar events,
// decoded into the domain's own event types.
//
// The projector is named "timeview": that name is its persistent identity
// (its checkpoint row and its advisory lock), and readers that wait for
// their writes (min_position) name it too. Renaming it replays the whole
// log into a new checkpoint.
//
// It owns the time_* tables and their migrations (component "timeview").
// Every row carries org_id, and every query of an organisation's data
// filters on it. It must not append events, decide business rules (the
// aggregates do, from their streams), read other read models, or commit
// the transaction the runtime hands to Apply; nothing but its projector
// writes its tables. Queries return view types, never aggregates.
package timeview
