package realtime_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"cronica/domain/identity"
	"cronica/test/realtimetest"
)

// A client that never reads fills its bounded buffer and is disconnected;
// meanwhile another client of the same topic receives every change, batch
// after batch, and goes on receiving after the slow one is gone.
func TestASlowClientIsDisconnectedWithoutHoldingBackOthers(t *testing.T) {
	// A batch is appended at once and pushed in a burst: it fits the
	// buffer, so only a client that does not read overflows it.
	const buffer, batch, maxBatches = 32, 16, 1000
	w := newWorld(t, options{bufferSize: buffer})
	org, project := uuid.NewString(), uuid.NewString()
	w.project.set(project, org)
	w.viewers.set(member("acc-1", "person-1", org, identity.RoleMember, ""))
	topic := "project:" + project

	fast := w.subscribe("acc-1", topic)
	slow := realtimetest.DialIdle(t, realtimetest.WSURL(w.srv.URL), http.Header{"X-Test-Account": {"acc-1"}})
	if err := slow.WriteJSON(map[string]any{"type": "subscribe", "topics": []string{topic}}); err != nil {
		t.Fatal(err)
	}
	for w.hub.Sessions() < 2 {
		fast.Ping("wait")
	}

	name := strings.Repeat("x", 190)
	sent, batches := 0, 0
	for ; w.hub.Sessions() == 2; batches++ {
		if batches == maxBatches {
			t.Fatalf("the slow client is still connected after %d changes", sent)
		}
		events := make([]event, batch)
		for i := range events {
			events[i] = event{"ProjectRenamed.v1", map[string]any{"name": name, "n": sent + i}}
		}
		last := w.appendMany("project-"+project, org, events...)
		sent += batch
		// The fast client gets the whole batch, in order, before the next.
		for i := range batch {
			m := fast.Next()
			if n, _ := m.Summary["data"].(map[string]any)["n"].(float64); int(n) != sent-batch+i {
				t.Fatalf("fast client: got %s, want change %d", m.Raw, sent-batch+i)
			}
			if i == batch-1 && m.Position != pos(last) {
				t.Fatalf("fast client: batch ends at %s, want %d", m.Position, last)
			}
		}
	}
	t.Logf("the slow client was disconnected after %d changes (%d batches)", sent, batches)

	// The fast one goes on.
	p := w.append("project-"+project, "ProjectRenamed.v1", org, map[string]any{"n": -1})
	if m := fast.Next(); m.Position != pos(p) {
		t.Fatalf("after the slow client left: %s, want %d", m.Raw, p)
	}

	// The slow one got consecutive changes, in order, then the end: it was
	// cut, not skipped over.
	got, next := 0, -1
	for {
		_, raw, err := slow.ReadMessage()
		if err != nil {
			break
		}
		var m realtimetest.Message
		if json.Unmarshal(raw, &m) != nil || !m.IsChange() {
			continue
		}
		n, _ := m.Summary["data"].(map[string]any)["n"].(float64)
		if next >= 0 && int(n) != next {
			t.Fatalf("slow client: got %s after change %d (a gap before the cut)", raw, next-1)
		}
		got, next = got+1, int(n)+1
	}
	if got >= sent {
		t.Fatalf("the slow client read all %d changes, yet was disconnected", sent)
	}
}
