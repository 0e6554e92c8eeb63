package notify_test

import (
	"strings"
	"testing"
	"time"

	"cronica/domain/notification"
	"cronica/notify"
	"cronica/test/pgtest"
)

func TestUnsubscribeTokens(t *testing.T) {
	key := []byte(strings.Repeat("k", 32))
	s, err := notify.NewSigner(key)
	pgtest.Must(t, err, "signer")
	u := notify.Unsubscription{AccountID: "0190a1b2-0000-7000-8000-000000000001", Kind: notification.KindGrantGiven,
		Channel: notification.ChannelEmail}
	tok := s.Token(u)
	got, err := s.Verify(tok)
	if err != nil || got != u {
		t.Fatalf("verify = %+v, %v", got, err)
	}
	other, err := notify.NewSigner([]byte(strings.Repeat("x", 32)))
	pgtest.Must(t, err, "other signer")
	forged := other.Token(notify.Unsubscription{AccountID: u.AccountID, Kind: notification.KindMention, Channel: notification.ChannelSMS})
	parts := strings.Split(tok, ".")
	tests := []struct {
		name, token string
	}{
		{"another_key", forged},
		{"payload_swapped", parts[0] + "." + strings.Split(forged, ".")[1] + "." + parts[2]},
		{"mac_cut", tok[:len(tok)-2]},
		{"empty", ""},
		{"garbage", "u1.!!.!!"},
		{"another_version", "u2." + parts[1] + "." + parts[2]},
		{"in_app_is_no_mail_channel", s.Token(notify.Unsubscription{AccountID: u.AccountID, Kind: u.Kind, Channel: notification.ChannelInApp})},
		{"unknown_kind", s.Token(notify.Unsubscription{AccountID: u.AccountID, Kind: "birthday", Channel: notification.ChannelEmail})},
		{"not_an_account", s.Token(notify.Unsubscription{AccountID: "admin", Kind: u.Kind, Channel: notification.ChannelEmail})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.Verify(tt.token); err != notify.ErrBadToken {
				t.Fatalf("verify %q: %v, want ErrBadToken", tt.token, err)
			}
		})
	}
	if _, err := notify.NewSigner([]byte("short")); err == nil {
		t.Fatal("a short key was taken")
	}
}

// Without a configured secret every instance makes and keeps the same key.
func TestUnsubscribeKeyIsSharedAndKept(t *testing.T) {
	pool, _ := pgtest.NewPool(t, "notify_keys")
	pgtest.Must(t, notify.Migrate(ctx, pool), "migrate")
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	a, err := notify.UnsubscribeKey(ctx, pool, "", now)
	pgtest.Must(t, err, "first")
	b, err := notify.UnsubscribeKey(ctx, pool, "", now)
	pgtest.Must(t, err, "second")
	if len(a) != 32 || string(a) != string(b) {
		t.Fatalf("keys %x and %x", a, b)
	}
	configured := strings.Repeat("s", 40)
	c, err := notify.UnsubscribeKey(ctx, pool, configured, now)
	if err != nil || string(c) != configured {
		t.Fatalf("configured: %q %v", c, err)
	}
	if _, err := notify.UnsubscribeKey(ctx, pool, "too-short", now); err == nil {
		t.Fatal("a short configured secret was taken")
	}
}
