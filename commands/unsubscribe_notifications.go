package commands

import (
	"context"
	"fmt"

	"cronica/domain/notification"
)

// UnsubscribeNotifications turns one channel (e-mail or SMS) off for one
// kind, as the unsubscribe link of a mail asks.
type UnsubscribeNotifications struct {
	AccountID string
	Kind      notification.Kind
	Channel   notification.Channel
}

// UnsubscribeNotificationsHandler handles UnsubscribeNotifications.
type UnsubscribeNotificationsHandler struct{ env Env }

// Handle runs as the account itself: the HTTP layer has verified the
// link's signature, which names the account, and acts with the account's
// principal, so the event says the account changed its own settings.
// Anyone else is refused (see selfAccount). A channel already off records
// nothing. Result.ID is the account's.
func (h UnsubscribeNotificationsHandler) Handle(ctx context.Context, m Meta, cmd UnsubscribeNotifications) (Result, error) {
	if err := checkID("account_id", cmd.AccountID); err != nil {
		return Result{}, fmt.Errorf("commands: unsubscribe notifications: %w", err)
	}
	account, err := h.env.selfAccount(ctx, m.Actor, cmd.AccountID)
	if err != nil {
		return Result{}, fmt.Errorf("commands: unsubscribe notifications: %w", err)
	}
	return h.env.changePreferences(ctx, m, "unsubscribe notifications", account, func(p *notification.Preferences) error {
		return p.Unsubscribe(cmd.Kind, cmd.Channel)
	})
}
