package realtime_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/google/uuid"

	"cronica/domain/identity"
	"cronica/realtime"
	"cronica/test/realtimetest"
)

// Config.Followed hears of every topic admitted, with the viewer, before it
// is registered; when it fails, the topic is refused (internal) and
// nothing of it is pushed. Cronica records auditors' reads with it.
func TestFollowedHearsEveryTopicAndCanRefuseIt(t *testing.T) {
	var (
		mu    sync.Mutex
		heard []string
	)
	org := uuid.NewString()
	refused := "org:" + org
	w := newWorld(t, options{followed: func(_ context.Context, v realtime.Viewer, topic string) error {
		mu.Lock()
		defer mu.Unlock()
		heard = append(heard, v.AccountID+" "+topic)
		if topic == refused {
			return errors.New("the record could not be appended")
		}
		return nil
	}})
	w.viewers.set(member("acc-auditor", "p-a", org, identity.RoleAuditor, ""))
	c := w.subscribe("acc-auditor", "me")
	c.Subscribe(refused)
	if m, _ := c.Expect("the refusal", func(m realtimetest.Message) bool { return m.Topic == refused }); m.Type != "error" || m.Code != "internal" {
		t.Fatalf("a topic Followed refused: %s, want error internal", m.Raw)
	}
	// Nothing of the refused topic reaches the session.
	p := w.append("group-"+uuid.NewString(), identity.TypeGroupCreated, org, map[string]any{"org_id": org, "name": "Echipa"})
	w.settle(p)
	for _, m := range c.Ping("after") {
		if m.Topic == refused {
			t.Fatalf("the refused topic pushed %s", m.Raw)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(heard, []string{"acc-auditor me", "acc-auditor " + refused}) {
		t.Fatalf("Followed heard %v", heard)
	}
}
