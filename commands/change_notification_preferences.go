package commands

import (
	"context"
	"fmt"
	"time"

	"cronica/domain/identity"
	"cronica/domain/notification"
)

// ChangeNotificationPreferences replaces an account's notification
// settings (language, time zone, quiet hours, channels per kind).
type ChangeNotificationPreferences struct {
	AccountID string
	Settings  notification.Settings
}

// ChangeNotificationPreferencesHandler handles
// ChangeNotificationPreferences.
type ChangeNotificationPreferencesHandler struct{ env Env }

// Handle lets only the account itself change its settings (see
// selfAccount). The time zone must be one the zone database knows
// (NOTIFY_TIME_ZONE_UNKNOWN); the same settings record nothing.
// Result.ID is the account's.
func (h ChangeNotificationPreferencesHandler) Handle(ctx context.Context, m Meta, cmd ChangeNotificationPreferences) (Result, error) {
	if err := checkID("account_id", cmd.AccountID); err != nil {
		return Result{}, fmt.Errorf("commands: change notification preferences: %w", err)
	}
	account, err := h.env.selfAccount(ctx, m.Actor, cmd.AccountID)
	if err != nil {
		return Result{}, fmt.Errorf("commands: change notification preferences: %w", err)
	}
	return h.env.changePreferences(ctx, m, "change notification preferences", account, func(p *notification.Preferences) error {
		s, err := cmd.Settings.Normalized()
		if err != nil {
			return err
		}
		if _, err := time.LoadLocation(s.TimeZone); err != nil {
			return notification.ErrTimeZone(s.TimeZone)
		}
		return p.Change(s)
	})
}

// changePreferences loads account's preferences, lets decide change them,
// and appends what it recorded with the version loaded.
func (env Env) changePreferences(ctx context.Context, m Meta, op string, account *identity.Account,
	decide func(*notification.Preferences) error) (Result, error) {
	stream := notification.PreferencesStream(account.ID())
	h, err := env.load(ctx, stream)
	if err != nil {
		return Result{}, err
	}
	p, err := notification.LoadPreferences(account.ID(), account.OrgID(), h)
	if err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	if err := decide(p); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	res, err := env.save(ctx, stream, p.Version(), account.OrgID(), p.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = account.ID()
	return res, nil
}
