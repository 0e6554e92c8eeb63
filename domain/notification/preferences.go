package notification

import (
	"fmt"

	"cronica/domain"
)

// Preferences is one account's notification settings (stream
// notifyprefs-<account>). Without a stream they are DefaultSettings.
type Preferences struct {
	domain.Root
	accountID, orgID string
	settings         Settings
}

// NewPreferences are the default preferences of accountID, an account of
// orgID, before any change.
func NewPreferences(accountID, orgID string) (*Preferences, error) {
	if !domain.ValidID(accountID) || !domain.ValidID(orgID) {
		return nil, fmt.Errorf("notification: preferences: ids %q, %q are not uuids", accountID, orgID)
	}
	return &Preferences{Root: domain.NewRoot(), accountID: accountID, orgID: orgID, settings: DefaultSettings()}, nil
}

// LoadPreferences rebuilds an account's preferences from its stream; an
// empty history gives NewPreferences.
func LoadPreferences(accountID, orgID string, history []domain.Event) (*Preferences, error) {
	p, err := NewPreferences(accountID, orgID)
	if err != nil {
		return nil, err
	}
	for _, e := range history {
		p.apply(e)
		p.Loaded()
	}
	return p, nil
}

// Settings are the settings now.
func (p *Preferences) Settings() Settings { return p.settings }

// Change replaces the settings with s (normalized: see
// Settings.Normalized). The same settings record nothing.
func (p *Preferences) Change(s Settings) error {
	n, err := s.Normalized()
	if err != nil {
		return err
	}
	if n.Equal(p.settings) {
		return nil
	}
	p.record(&NotificationPreferencesChanged{AccountID: p.accountID, OrgID: p.orgID, Settings: n, Source: SourceSettings})
	return nil
}

// Unsubscribe turns ch off for k, as a mail's unsubscribe link asks. Only
// e-mail and SMS can be left this way (the in-app list is the record of
// what happened); a channel already off records nothing.
func (p *Preferences) Unsubscribe(k Kind, ch Channel) error {
	if !k.Known() {
		return domain.Rule("NOTIFY_KIND_UNKNOWN", "unknown notification kind", "tip de notificare necunoscut",
			map[string]any{"kind": string(k)})
	}
	if ch != ChannelEmail && ch != ChannelSMS {
		return domain.Rule("NOTIFY_CHANNEL_INVALID", "only e-mail and SMS can be unsubscribed from",
			"doar e-mailul și SMS-ul pot fi dezabonate", map[string]any{"channel": string(ch)})
	}
	if !p.settings.Enabled(k, ch) {
		return nil
	}
	n, err := p.settings.Normalized()
	if err != nil {
		return err
	}
	n.Channels[k] = n.Of(k).with(ch, false)
	p.record(&NotificationPreferencesChanged{AccountID: p.accountID, OrgID: p.orgID, Settings: n, Source: SourceUnsubscribe})
	return nil
}

func (p *Preferences) record(e domain.Event) {
	p.apply(e)
	p.Record(e)
}

func (p *Preferences) apply(e domain.Event) {
	if e, ok := e.(*NotificationPreferencesChanged); ok {
		p.settings = e.Settings
		if p.settings.Channels == nil {
			p.settings.Channels = map[Kind]Channels{}
		}
	}
}
