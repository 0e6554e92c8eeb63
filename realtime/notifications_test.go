package realtime_test

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/google/uuid"

	"cronica/domain/identity"
	"cronica/realtime"
	"cronica/test/realtimetest"
)

// An event that made notifications reaches each recipient's "me" topic
// with that recipient's own notification (id and kind), live and on a
// resume; a viewer it made none for is not sent it.
func TestMeTopicCarriesOnesOwnNotification(t *testing.T) {
	w := newWorld(t, options{})
	org := uuid.NewString()
	ana, dan, eva := uuid.NewString(), uuid.NewString(), uuid.NewString()
	for _, a := range []string{ana, dan, eva} {
		w.viewers.set(member(a, "person-"+a, org, identity.RoleMember, ""))
	}
	ca, cd, ce := w.subscribe(ana, "me"), w.subscribe(dan, "me"), w.subscribe(eva, "me")
	stream := "timesheet-" + uuid.NewString()
	na, nd := uuid.NewString(), uuid.NewString()
	w.notes.set(stream, realtime.NotificationRef{AccountID: ana, ID: na, Kind: "timesheet_submitted"},
		realtime.NotificationRef{AccountID: dan, ID: nd, Kind: "timesheet_submitted"})
	pos := w.append(stream, "TimesheetSubmitted.v1", org, map[string]any{"org_id": org, "person_id": "p"})

	for _, c := range []struct {
		ws *realtimetest.Client
		id string
	}{{ca, na}, {cd, nd}} {
		m, _ := c.ws.Expect("the submission", func(m realtimetest.Message) bool { return m.Topic == "me" && m.Type == "TimesheetSubmitted.v1" })
		if got := notificationOf(t, m); got.ID != c.id || got.Kind != "timesheet_submitted" {
			t.Fatalf("me message %s, want notification %s", m.Raw, c.id)
		}
	}
	w.settle(pos)
	if msgs := ce.Ping("after"); len(msgs) != 0 {
		t.Fatalf("a viewer without a notification got %v", msgs)
	}

	// Resume from before the event: the same message from the log.
	again := w.dial(dan)
	again.SubscribeAfter(strconv.FormatUint(uint64(pos-1), 10), "me")
	m, _ := again.Expect("the submission again", func(m realtimetest.Message) bool { return m.Type == "TimesheetSubmitted.v1" })
	if got := notificationOf(t, m); got.ID != nd {
		t.Fatalf("resumed %s", m.Raw)
	}
}

func notificationOf(t *testing.T, m realtimetest.Message) realtime.NotificationRef {
	t.Helper()
	var body struct {
		Notification realtime.NotificationRef `json:"notification"`
	}
	if err := json.Unmarshal([]byte(m.Raw), &body); err != nil {
		t.Fatalf("decode %s: %v", m.Raw, err)
	}
	return body.Notification
}
