package notification

import "cronica/domain"

// Stream categories of the Notifications aggregates.
const (
	// CategoryInbox: inbox-<account id>, the notifications an account
	// marked read.
	CategoryInbox = "inbox"
	// CategoryPreferences: notifyprefs-<account id>, an account's settings.
	CategoryPreferences = "notifyprefs"
	// CategoryReminder: reminder-<ReminderID>, one reminder.
	CategoryReminder = "reminder"
)

// InboxStream is the inbox stream of accountID.
func InboxStream(accountID string) string { return CategoryInbox + "-" + accountID }

// PreferencesStream is the preferences stream of accountID.
func PreferencesStream(accountID string) string { return CategoryPreferences + "-" + accountID }

// ReminderStream is the stream of reminder id.
func ReminderStream(id string) string { return CategoryReminder + "-" + id }

// The UUIDv5 namespaces (fixed random UUIDs; changing one would give every
// notification or reminder a new id, so mails would go out again and
// reminders be recorded twice).
var (
	notificationNamespace = [16]byte{0x9e, 0x41, 0x0b, 0x6d, 0x27, 0xc3, 0x4a, 0x58, 0xb1, 0x0f, 0x3a, 0x92, 0x6c, 0xd4, 0x17, 0x85}
	reminderNamespace     = [16]byte{0x52, 0xa8, 0x3f, 0x14, 0x9c, 0x6e, 0x4d, 0x07, 0x8e, 0x23, 0xb5, 0x4f, 0x61, 0x0a, 0xd9, 0x3c}
)

// NotificationID is the id of the notification the event sourceEventID
// gives the account accountID: the same on every replay and rebuild, so a
// delivery keyed by it is never made twice.
func NotificationID(sourceEventID, accountID string) string {
	return domain.NameUUID(notificationNamespace, sourceEventID+"/"+accountID)
}

// ReminderID is the id of the reminder of kind about subjectID for period
// (a month "2026-03", a submission time): one reminder per deadline,
// whoever records it.
func ReminderID(kind Kind, subjectID, period string) string {
	return domain.NameUUID(reminderNamespace, string(kind)+"/"+subjectID+"/"+period)
}

// Subject is what a notification is about: a timesheet, a grant, a report,
// a task, a chat message.
type Subject struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// Subject types.
const (
	SubjectTimesheet = "timesheet"
	SubjectGrant     = "grant"
	SubjectReport    = "report"
	SubjectTask      = "task"
	SubjectMessage   = "message"
)
