package notification

import "cronica/domain"

// Event types. The suffix is the schema version.
const (
	TypeNotificationsRead              = "NotificationsRead.v1"
	TypeNotificationPreferencesChanged = "NotificationPreferencesChanged.v1"
	TypeReminderDue                    = "ReminderDue.v1"
)

// EventTypes maps every Notifications event type to a factory, for
// decoding.
func EventTypes() map[string]domain.EventFactory {
	return map[string]domain.EventFactory{
		TypeNotificationsRead:              func() domain.Event { return &NotificationsRead{} },
		TypeNotificationPreferencesChanged: func() domain.Event { return &NotificationPreferencesChanged{} },
		TypeReminderDue:                    func() domain.Event { return &ReminderDue{} },
	}
}

// NotificationsRead marks notifications of an account read: those listed,
// or, with All, every notification made from an event before this one in
// the log (so "mark all read" never marks one the user could not have
// seen).
type NotificationsRead struct {
	AccountID       string   `json:"account_id"`
	OrgID           string   `json:"org_id"`
	NotificationIDs []string `json:"notification_ids,omitempty"`
	All             bool     `json:"all,omitempty"`
}

// Preference sources: where a change came from.
const (
	SourceSettings    = "settings"         // the user's settings (the API)
	SourceUnsubscribe = "unsubscribe_link" // a signed link in a mail
)

// NotificationPreferencesChanged records an account's whole settings after
// a change.
type NotificationPreferencesChanged struct {
	AccountID string   `json:"account_id"`
	OrgID     string   `json:"org_id"`
	Settings  Settings `json:"settings"`
	// Source is SourceSettings or SourceUnsubscribe.
	Source string `json:"source"`
}

// ReminderDue records that a deadline passed for a subject: the
// notifications projector turns it into notifications for the people
// concerned, once.
type ReminderDue struct {
	ReminderID string  `json:"reminder_id"`
	Kind       Kind    `json:"kind"`
	OrgID      string  `json:"org_id"`
	Subject    Subject `json:"subject"`
	// Period is what makes the deadline one of its kind: a month
	// ("2026-03") for a timesheet, the submission's time for an approval.
	Period string `json:"period"`
	// DueOn is the day the deadline fell on ("YYYY-MM-DD").
	DueOn string `json:"due_on"`
	// The subject's details the recipients are found by; each set when
	// the kind has it.
	PersonID    string `json:"person_id,omitempty"`
	TimesheetID string `json:"timesheet_id,omitempty"`
	Month       string `json:"month,omitempty"`
	// AccountIDs are the recipients, when the recorder knows them (a task's
	// assignees); empty: the projector finds them by the kind.
	AccountIDs []string `json:"account_ids,omitempty"`
}

// EventType implementations.
func (*NotificationsRead) EventType() string              { return TypeNotificationsRead }
func (*NotificationPreferencesChanged) EventType() string { return TypeNotificationPreferencesChanged }
func (*ReminderDue) EventType() string                    { return TypeReminderDue }
