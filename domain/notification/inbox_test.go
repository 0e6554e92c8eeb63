package notification

import (
	"slices"
	"testing"
)

func TestInboxMarkRead(t *testing.T) {
	n1, n2 := NotificationID("e1", account), NotificationID("e2", account)
	many := make([]string, MaxMarkRead+1)
	for i := range many {
		many[i] = NotificationID(string(rune('a'+i%26))+string(rune(i)), account)
	}
	tests := []struct {
		name string
		ids  []string
		want []string
		code string
	}{
		{name: "ids_once_each", ids: []string{n1, n2, n1}, want: []string{n1, n2}},
		{name: "none", ids: nil, code: "NOTIFY_MARK_READ_COUNT"},
		{name: "too_many", ids: many, code: "NOTIFY_MARK_READ_COUNT"},
		{name: "not_an_id", ids: []string{n1, "42"}, code: "NOTIFY_ID_INVALID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := OpenInbox(account, org)
			if err != nil {
				t.Fatal(err)
			}
			err = b.MarkRead(tt.ids)
			if tt.code != "" {
				wantRule(t, err, tt.code)
				return
			}
			e := b.Changes()[0].(*NotificationsRead)
			if err != nil || e.All || e.AccountID != account || e.OrgID != org || !slices.Equal(e.NotificationIDs, tt.want) {
				t.Fatalf("err %v, recorded %+v", err, e)
			}
		})
	}
}

func TestInboxMarkAllRead(t *testing.T) {
	b, err := OpenInbox(account, org)
	if err != nil {
		t.Fatal(err)
	}
	b.MarkAllRead()
	if e := b.Changes()[0].(*NotificationsRead); !e.All || len(e.NotificationIDs) != 0 {
		t.Fatalf("recorded %+v", e)
	}
	if _, err := OpenInbox("nope", org); err == nil {
		t.Fatal("an inbox of a bad id opened")
	}
}

func TestNotificationIDIsDeterministic(t *testing.T) {
	a, b := NotificationID("0190a1b2-0000-7000-8000-0000000000e1", account), NotificationID("0190a1b2-0000-7000-8000-0000000000e1", account)
	if a != b || a == NotificationID("0190a1b2-0000-7000-8000-0000000000e1", person) {
		t.Fatalf("ids %s %s", a, b)
	}
	if a[14] != '5' {
		t.Fatalf("%s is not a UUIDv5", a)
	}
}
