package notification

import (
	"testing"

	"cronica/domain"
)

func TestDefaultSettings(t *testing.T) {
	s := DefaultSettings()
	if s.Language != Romanian || s.TimeZone != "Europe/Bucharest" || s.QuietHours != (QuietHours{Start: "22:00", End: "07:00"}) {
		t.Fatalf("defaults = %+v", s)
	}
	for _, k := range Kinds() {
		if !s.Enabled(k, ChannelInApp) || !s.Enabled(k, ChannelEmail) || s.Enabled(k, ChannelSMS) {
			t.Errorf("%s: %+v, want in-app and e-mail, no SMS", k, s.Of(k))
		}
	}
	if got := (Settings{}).Of(KindMention); got != DefaultChannels(KindMention) {
		t.Errorf("a kind missing from the settings: %+v, want its defaults", got)
	}
}

func TestPreferencesChange(t *testing.T) {
	smsOnMention := DefaultSettings()
	smsOnMention.Channels[KindMention] = Channels{InApp: true, Email: true, SMS: true}
	partial := Settings{Language: "EN", TimeZone: " UTC ", Channels: map[Kind]Channels{KindReportReady: {InApp: true}}}
	tests := []struct {
		name    string
		given   []domain.Event
		when    Settings
		then    *Settings // nil: nothing recorded
		code    string
		changes int
	}{
		{name: "defaults_again_record_nothing", when: DefaultSettings()},
		{name: "sms_opt_in_recorded", when: smsOnMention, then: &smsOnMention, changes: 1},
		{name: "partial_settings_completed", when: partial, changes: 1, then: func() *Settings {
			s := DefaultSettings()
			s.Language, s.TimeZone, s.QuietHours = English, "UTC", QuietHours{}
			s.Channels[KindReportReady] = Channels{InApp: true}
			return &s
		}()},
		{name: "same_as_last_change_records_nothing", given: []domain.Event{&NotificationPreferencesChanged{AccountID: account,
			OrgID: org, Settings: smsOnMention, Source: SourceSettings}}, when: smsOnMention},
		{name: "unknown_language", when: Settings{Language: "fr"}, code: "NOTIFY_LANGUAGE_UNKNOWN"},
		{name: "time_zone_not_a_name", when: Settings{TimeZone: "../etc/passwd"}, code: "NOTIFY_TIME_ZONE_UNKNOWN"},
		{name: "quiet_hours_one_end", when: Settings{QuietHours: QuietHours{Start: "22:00"}}, code: "NOTIFY_QUIET_HOURS_INVALID"},
		{name: "quiet_hours_not_a_time", when: Settings{QuietHours: QuietHours{Start: "24:00", End: "07:00"}}, code: "NOTIFY_QUIET_HOURS_INVALID"},
		{name: "quiet_hours_empty_window", when: Settings{QuietHours: QuietHours{Start: "07:00", End: "07:00"}}, code: "NOTIFY_QUIET_HOURS_INVALID"},
		{name: "unknown_kind", when: Settings{Channels: map[Kind]Channels{"birthday": {}}}, code: "NOTIFY_KIND_UNKNOWN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := LoadPreferences(account, org, tt.given)
			if err != nil {
				t.Fatal(err)
			}
			err = p.Change(tt.when)
			if tt.code != "" {
				wantRule(t, err, tt.code)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Changes()) != tt.changes {
				t.Fatalf("%d events, want %d", len(p.Changes()), tt.changes)
			}
			if tt.then == nil {
				return
			}
			e := p.Changes()[0].(*NotificationPreferencesChanged)
			if e.AccountID != account || e.OrgID != org || e.Source != SourceSettings || !e.Settings.Equal(*tt.then) {
				t.Fatalf("recorded %+v, want %+v", e, *tt.then)
			}
			if !p.Settings().Equal(*tt.then) {
				t.Fatalf("settings after = %+v", p.Settings())
			}
		})
	}
}

func TestPreferencesUnsubscribe(t *testing.T) {
	withSMS := DefaultSettings()
	withSMS.Channels[KindTimesheetSubmitted] = Channels{InApp: true, Email: true, SMS: true}
	tests := []struct {
		name    string
		given   []domain.Event
		kind    Kind
		channel Channel
		code    string
		changes int
	}{
		{name: "email_off", kind: KindGrantGiven, channel: ChannelEmail, changes: 1},
		{name: "sms_off", given: []domain.Event{&NotificationPreferencesChanged{Settings: withSMS}}, kind: KindTimesheetSubmitted,
			channel: ChannelSMS, changes: 1},
		{name: "sms_already_off_records_nothing", kind: KindGrantGiven, channel: ChannelSMS},
		{name: "in_app_is_not_a_mail_channel", kind: KindGrantGiven, channel: ChannelInApp, code: "NOTIFY_CHANNEL_INVALID"},
		{name: "unknown_kind", kind: "birthday", channel: ChannelEmail, code: "NOTIFY_KIND_UNKNOWN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := LoadPreferences(account, org, tt.given)
			if err != nil {
				t.Fatal(err)
			}
			err = p.Unsubscribe(tt.kind, tt.channel)
			if tt.code != "" {
				wantRule(t, err, tt.code)
				return
			}
			if err != nil || len(p.Changes()) != tt.changes {
				t.Fatalf("err %v, %d events, want %d", err, len(p.Changes()), tt.changes)
			}
			if tt.changes == 0 {
				return
			}
			e := p.Changes()[0].(*NotificationPreferencesChanged)
			if e.Source != SourceUnsubscribe || e.Settings.Enabled(tt.kind, tt.channel) {
				t.Fatalf("recorded %+v", e)
			}
			for _, k := range Kinds() {
				if k != tt.kind && e.Settings.Of(k) != p.Settings().Of(k) {
					t.Errorf("%s changed too", k)
				}
				if k != tt.kind && e.Settings.Of(k).Email != true {
					t.Errorf("%s lost its e-mail", k)
				}
			}
		})
	}
}
