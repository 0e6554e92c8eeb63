// Package notification is the Notifications context's domain: the kinds of
// notification Cronica sends and what each defaults to, a user's
// preferences (per kind and channel, quiet hours, language), a user's inbox
// (marking notifications read), reminders (a deadline passed: recorded once
// per subject and period), and the words of each kind in Romanian and
// English.
//
// Notifications themselves are not events: they are read-model rows the
// "notifications" projector (projections/notifyview) derives from the
// events of other contexts. What users do is recorded here as events:
//
//   - NotificationsRead (stream inbox-<account>): notifications marked read;
//   - NotificationPreferencesChanged (stream notifyprefs-<account>): the
//     whole settings after a change, and whether it came from the settings
//     page or an unsubscribe link;
//   - ReminderDue (stream reminder-<uuidv5(kind, subject, period)>, appended
//     with "no stream"): a deadline reminder, so two schedulers recording it
//     at once record it once, and the audit log shows it.
//
// Ids are deterministic: a notification's id is the UUIDv5 of its source
// event's id and its recipient's account, so a replay or a rebuild of the
// read model gives every notification the id it had, and a mail keyed by
// it is recognised.
//
// Pure Go, standard library only (and cronica/domain): no clock, no
// randomness, no time-zone database (a *time.Location comes in from the
// caller). It must not decide who receives a notification (the projector
// does, with identity.Authorize) nor deliver anything (package notify).
package notification
