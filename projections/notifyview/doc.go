// Package notifyview is the Notifications read model and the queries on
// it: the notifications each account receives (built by the
// "notifications" projector from other contexts' events), their read
// marks, each account's settings, the grants ever given (a revocation's
// notification needs their subjects after the identity model deleted
// them) and the reminders recorded.
//
// Who receives a notification is decided as the event is projected, by
// Mappers: one per context (timesheets, grants, reports, reminders and
// tasks here, Chat's to come, passed through Projector's arguments). A mapper
// names candidates; the projector keeps those whose account is active, of
// the subject's organisation (never another's), not the actor (unless the
// intent asks), and allowed to read the subject (identity.Authorize, at
// the event's recorded time). Candidates and the facts of the subject (a
// month's projects, a person's contracts) are read from the identity and
// Time read models in the projector's transaction, after waiting until
// both have passed the event; see World for what that means for rebuilds.
//
// It owns the notify_notifications, notify_preferences, notify_grants and
// notify_reminders tables, the tasks mapper's memory of lists, tasks and
// comments (notify_task_lists, notify_tasks, notify_task_comments: who was
// assigned or mentioned before, who may read a task), and their
// migrations (component "notifyview").
// It must not send anything (package notify delivers), append events,
// decide business rules, or write other models' tables; queries return
// view types.
package notifyview
