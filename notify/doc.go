// Package notify delivers notifications beyond the app and records
// deadline reminders:
//
//   - Worker: the delivery worker, one per cluster (a PostgreSQL advisory
//     lock). It follows the notifications read model (projections/
//     notifyview) by position and writes, per notification and channel the
//     recipient has on, a row of its durable outbox (notify_outbox); then
//     sends what is due: urgent kinds by e-mail at once, the others in an
//     hourly digest per recipient, SMS for the kinds the recipient opted
//     into (a daily cap per recipient), all held while the recipient's quiet
//     hours last, in the recipient's language, plain text and HTML, with an
//     unsubscribe link per kind. Failures are retried with backoff.
//   - Delivery is at least once, and a mail keeps its notification's id
//     (or its digest's) as its id: the file outbox writes an id once, and
//     SMTP servers and mail clients see one Message-ID, so a resend after a
//     crash between a send and its record is recognised downstream. See
//     Worker for the one window where a message can go out twice.
//   - Provider: the SMS port, with TwilioProvider (a Twilio-style REST API,
//     its base URL configurable) and OutboxProvider (files, for
//     development).
//   - Signer: the HMAC-signed unsubscribe tokens of mails' links.
//   - ReadModelDirectory: addresses and names from the identity read
//     model; a person's phone is personal data, sealed there, opened
//     through the keyring (Config.Personal) when a text is sent, never
//     copied, and absent once the person's data was erased.
//   - Scheduler: reminders inside serve, one per cluster (an advisory
//     lock), from ReminderSources (a month not submitted on its last
//     working day, an approval waiting three working days; Romanian public
//     holidays and the organisation's days off respected; a task due
//     tomorrow, to its assignees who may read it), each recorded
//     as a ReminderDue event through a Recorder (the commands), so a
//     reminder is recorded once and the audit log shows it.
//
// It owns the notify_outbox, notify_delivery_cursor and notify_keys tables
// (component "notify"); they are not the projector's, so a rebuild of the
// read model never forgets what was sent. It must not decide who receives
// a notification (the projector does), change settings (the commands do),
// or read configuration but through its Config structs.
package notify
