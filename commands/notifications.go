package commands

// Notifications holds the Notifications use cases, built from one Env, so
// that cmd/cronica wires one value and the routes and the scheduler
// receive it.
type Notifications struct {
	MarkNotificationsRead         MarkNotificationsReadHandler
	ChangeNotificationPreferences ChangeNotificationPreferencesHandler
	UnsubscribeNotifications      UnsubscribeNotificationsHandler
	RecordReminder                RecordReminderHandler
}

// NewNotifications builds every Notifications handler over env. env's
// Codec must know identity.EventTypes() and notification.EventTypes().
func NewNotifications(env Env) *Notifications {
	return &Notifications{
		MarkNotificationsRead:         MarkNotificationsReadHandler{env},
		ChangeNotificationPreferences: ChangeNotificationPreferencesHandler{env},
		UnsubscribeNotifications:      UnsubscribeNotificationsHandler{env},
		RecordReminder:                RecordReminderHandler{env},
	}
}
