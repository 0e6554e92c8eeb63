package commands_test

import (
	"slices"
	"testing"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/notification"
	"cronica/eventstore"
	"cronica/test/identitytest"
)

func TestMarkNotificationsRead(t *testing.T) {
	nb := newNotifyBench(t)
	me := nb.member
	n1, n2 := notification.NotificationID("0190a1b2-0000-7000-8000-0000000000e1", me.AccountID),
		notification.NotificationID("0190a1b2-0000-7000-8000-0000000000e2", me.AccountID)

	res := must(nb.n.MarkNotificationsRead.Handle(ctx, nb.as(t, me), commands.MarkNotificationsRead{AccountID: me.AccountID,
		IDs: []string{n1, n2}}))(t)
	if res.ID != me.AccountID || res.Position == 0 {
		t.Fatalf("result %+v", res)
	}
	must(nb.n.MarkNotificationsRead.Handle(ctx, nb.as(t, me), commands.MarkNotificationsRead{AccountID: me.AccountID, All: true}))(t)
	stream := notification.InboxStream(me.AccountID)
	first := eventAs[*notification.NotificationsRead](t, last(t, nb.bench, stream, 2))
	if !first.All || first.AccountID != me.AccountID || first.OrgID != nb.org.OrgID {
		t.Fatalf("mark all: %+v", first)
	}
	s := identitytest.ReadStream(t, nb.bench, stream)[0]
	wantMeta(t, s, me.AccountID, nb.org.OrgID)
	if e := eventAs[*notification.NotificationsRead](t, s); !slices.Equal(e.NotificationIDs, []string{n1, n2}) {
		t.Fatalf("ids %v", e.NotificationIDs)
	}

	// Refusals: someone else's inbox (the administrator's too), both
	// forms at once, nothing to mark, another organisation.
	_, err := nb.n.MarkNotificationsRead.Handle(ctx, nb.as(t, nb.org.Admin), commands.MarkNotificationsRead{AccountID: me.AccountID, All: true})
	wantIs(t, err, domain.ErrForbidden)
	_, err = nb.n.MarkNotificationsRead.Handle(ctx, identitytest.AsSystem(), commands.MarkNotificationsRead{AccountID: me.AccountID, All: true})
	wantIs(t, err, domain.ErrForbidden)
	_, err = nb.n.MarkNotificationsRead.Handle(ctx, nb.as(t, me), commands.MarkNotificationsRead{AccountID: me.AccountID, All: true, IDs: []string{n1}})
	var ve *eventstore.ValidationError
	if !errorsAs(err, &ve) || ve.Field != "ids" {
		t.Fatalf("ids and all: %v", err)
	}
	_, err = nb.n.MarkNotificationsRead.Handle(ctx, nb.as(t, me), commands.MarkNotificationsRead{AccountID: me.AccountID})
	wantRule(t, err, "NOTIFY_MARK_READ_COUNT")
	other := identitytest.Seed(t, nb.bench, "Alta SRL")
	_, err = nb.n.MarkNotificationsRead.Handle(ctx, nb.as(t, other.Admin), commands.MarkNotificationsRead{AccountID: me.AccountID, All: true})
	wantIs(t, err, domain.ErrNotFound)
	last(t, nb.bench, stream, 2)
}
