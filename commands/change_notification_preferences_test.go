package commands_test

import (
	"testing"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/notification"
	"cronica/test/identitytest"
)

func TestChangeNotificationPreferences(t *testing.T) {
	nb := newNotifyBench(t)
	me := nb.member
	s := notification.DefaultSettings()
	s.Language, s.QuietHours = notification.English, notification.QuietHours{}
	s.Channels[notification.KindTimesheetRejected] = notification.Channels{InApp: true, Email: true, SMS: true}

	res := must(nb.n.ChangeNotificationPreferences.Handle(ctx, nb.as(t, me), commands.ChangeNotificationPreferences{
		AccountID: me.AccountID, Settings: s}))(t)
	if res.ID != me.AccountID || res.Version != 0 {
		t.Fatalf("result %+v", res)
	}
	stream := notification.PreferencesStream(me.AccountID)
	got := last(t, nb.bench, stream, 1)
	wantMeta(t, got, me.AccountID, nb.org.OrgID)
	e := eventAs[*notification.NotificationPreferencesChanged](t, got)
	if e.Source != notification.SourceSettings || !e.Settings.Equal(s) {
		t.Fatalf("recorded %+v", e)
	}
	// The same settings again record nothing.
	again := must(nb.n.ChangeNotificationPreferences.Handle(ctx, nb.as(t, me), commands.ChangeNotificationPreferences{
		AccountID: me.AccountID, Settings: s}))(t)
	if again.Version != 0 {
		t.Fatalf("the same settings: %+v", again)
	}
	last(t, nb.bench, stream, 1)

	bad := s
	bad.TimeZone = "Europe/Atlantis"
	_, err := nb.n.ChangeNotificationPreferences.Handle(ctx, nb.as(t, me), commands.ChangeNotificationPreferences{AccountID: me.AccountID, Settings: bad})
	wantRule(t, err, "NOTIFY_TIME_ZONE_UNKNOWN")
	_, err = nb.n.ChangeNotificationPreferences.Handle(ctx, nb.as(t, nb.org.Admin), commands.ChangeNotificationPreferences{
		AccountID: me.AccountID, Settings: s})
	wantIs(t, err, domain.ErrForbidden)
	other := identitytest.Seed(t, nb.bench, "Alta SRL")
	_, err = nb.n.ChangeNotificationPreferences.Handle(ctx, nb.as(t, other.Admin), commands.ChangeNotificationPreferences{
		AccountID: me.AccountID, Settings: s})
	wantIs(t, err, domain.ErrNotFound)
	last(t, nb.bench, stream, 1)
}

func TestUnsubscribeNotifications(t *testing.T) {
	nb := newNotifyBench(t)
	me := nb.member
	unsub := commands.UnsubscribeNotifications{AccountID: me.AccountID, Kind: notification.KindGrantGiven, Channel: notification.ChannelEmail}
	must(nb.n.UnsubscribeNotifications.Handle(ctx, nb.as(t, me), unsub))(t)
	must(nb.n.UnsubscribeNotifications.Handle(ctx, nb.as(t, me), unsub))(t) // already off: nothing more
	got := last(t, nb.bench, notification.PreferencesStream(me.AccountID), 1)
	wantMeta(t, got, me.AccountID, nb.org.OrgID)
	e := eventAs[*notification.NotificationPreferencesChanged](t, got)
	if e.Source != notification.SourceUnsubscribe || e.Settings.Enabled(notification.KindGrantGiven, notification.ChannelEmail) ||
		!e.Settings.Enabled(notification.KindGrantRevoked, notification.ChannelEmail) {
		t.Fatalf("recorded %+v", e)
	}
	_, err := nb.n.UnsubscribeNotifications.Handle(ctx, nb.as(t, nb.org.Admin), unsub)
	wantIs(t, err, domain.ErrForbidden)
	unsub.Channel = notification.ChannelInApp
	_, err = nb.n.UnsubscribeNotifications.Handle(ctx, nb.as(t, me), unsub)
	wantRule(t, err, "NOTIFY_CHANNEL_INVALID")
}
