package realtime_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"cronica/domain/identity"
	"cronica/realtime"
	"cronica/test/realtimetest"
)

func TestSubscribedTopicGetsItsChangesWithAWhitelistedSummary(t *testing.T) {
	w := newWorld(t, options{})
	org, project, other := uuid.NewString(), uuid.NewString(), uuid.NewString()
	w.project.set(project, org)
	w.project.set(other, org)
	w.viewers.set(member("acc-1", "person-1", org, identity.RoleMember, ""))
	c := w.subscribe("acc-1", "project:"+project)

	w.append("project-"+other, "ProjectRenamed.v1", org, map[string]any{"name": "not followed"})
	// An event of another stream that names the project, with fields the
	// summary must not carry.
	p := w.append("timeentry-"+uuid.NewString(), "TimeEntryRecorded.v1", org, map[string]any{
		"project_id": project, "name": strings.Repeat("ă", 300), "password_hash": "$argon2id$secret", "cnp": "1850312123456",
		"nested": map[string]any{"project_id": project}, "n": 7, "tags": []any{"a", "b"}})

	m := c.Next()
	if m.Type != "TimeEntryRecorded.v1" || m.Topic != "project:"+project || m.Position != pos(p) || !m.IsChange() {
		t.Fatalf("got %s, want the time entry at %d on the project's topic", m.Raw, p)
	}
	data, _ := m.Summary["data"].(map[string]any)
	if data["project_id"] != project || data["n"] != float64(7) || len(data["tags"].([]any)) != 2 {
		t.Fatalf("summary data %v lacks the whitelisted fields", data)
	}
	if name, _ := data["name"].(string); len(name) > 200 || !strings.HasPrefix(name, "ăă") {
		t.Fatalf("a long string is not cut: %d bytes", len(name))
	}
	for _, secret := range []string{"password_hash", "argon2id", "cnp", "1850312123456", "nested"} {
		if strings.Contains(m.Raw, secret) {
			t.Errorf("the message carries %q: %s", secret, m.Raw)
		}
	}
	if m.Summary["type"] != "TimeEntryRecorded.v1" || m.Summary["actor_id"] != "actor-1" || !strings.HasPrefix(m.Summary["stream"].(string), "timeentry-") {
		t.Fatalf("summary %v lacks type, stream or actor", m.Summary)
	}

	// The project's own stream reaches it too, with its entity id.
	p = w.append("project-"+project, "ProjectRenamed.v1", org, map[string]any{"name": "Horizon"})
	if m := c.Next(); m.Type != "ProjectRenamed.v1" || m.EntityID != project || m.Position != pos(p) {
		t.Fatalf("got %s, want the project's rename", m.Raw)
	}
}

func TestSubscribeRefusalsHaveStableCodesAndDoNotLeakOtherOrganisations(t *testing.T) {
	w := newWorld(t, options{})
	mine, foreign := uuid.NewString(), uuid.NewString()
	myProject, otherProject, foreignProject := uuid.NewString(), uuid.NewString(), uuid.NewString()
	w.project.set(myProject, mine)
	w.project.set(otherProject, mine)
	w.project.set(foreignProject, foreign)
	// A project manager of one project only.
	w.viewers.set(member("acc-1", "person-1", mine, identity.RoleProjectManager, myProject))
	c := w.dial("acc-1")

	cases := []struct {
		name, topic, code string
	}{
		{"own_project", "project:" + myProject, ""},
		{"other_project_of_own_org", "project:" + otherProject, "forbidden"},
		{"foreign_project", "project:" + foreignProject, "unknown_topic"},
		{"made_up_project", "project:" + uuid.NewString(), "unknown_topic"},
		{"malformed_id", "project:nope", "unknown_topic"},
		{"unknown_kind", "galaxy:" + uuid.NewString(), "unknown_topic"},
		{"foreign_org", "org:" + foreign, "unknown_topic"},
		{"made_up_org", "org:" + uuid.NewString(), "unknown_topic"},
		{"me", "me", ""},
		{"me_with_id", "me:someone-else", "unknown_topic"},
	}
	var answers []realtimetest.Message
	for _, tc := range cases {
		c.Subscribe(tc.topic)
		m, _ := c.Expect(tc.topic, func(m realtimetest.Message) bool { return m.Topic == tc.topic })
		answers = append(answers, m)
		switch {
		case tc.code == "" && m.Type != "subscribed":
			t.Errorf("%s: %s, want subscribed", tc.name, m.Raw)
		case tc.code != "" && (m.Type != "error" || m.Code != tc.code):
			t.Errorf("%s: %s, want error %s", tc.name, m.Raw, tc.code)
		}
	}
	// Another organisation's project is answered exactly like a made-up one.
	foreignAnswer := strings.ReplaceAll(answers[2].Raw, foreignProject, "X")
	madeUpAnswer := strings.ReplaceAll(answers[3].Raw, strings.TrimPrefix(cases[3].topic, "project:"), "X")
	if foreignAnswer != madeUpAnswer {
		t.Errorf("a foreign project answers %s, a made-up one %s", answers[2].Raw, answers[3].Raw)
	}

	for _, bad := range []string{`not json`, `{"type":"subscribe"}`, `{"type":"dance"}`, `{"topics":["me"]}`,
		`{"type":"subscribe","topics":["me"],"after":"-1"}`, `{"type":"ping","extra":1}`, `{"type":"ping"}{"type":"ping"}`} {
		c.SendRaw(bad)
		if m := c.Next(); m.Type != "error" || m.Code != "bad_message" {
			t.Errorf("%s: %s, want error bad_message", bad, m.Raw)
		}
	}
	// The session is still usable.
	c.Ping("still-here")
}

func TestUnsubscribeStopsATopic(t *testing.T) {
	w := newWorld(t, options{})
	org, project := uuid.NewString(), uuid.NewString()
	w.project.set(project, org)
	w.viewers.set(member("acc-1", "person-1", org, identity.RoleMember, ""))
	c := w.subscribe("acc-1", "project:"+project, "org:"+org)

	c.Send(map[string]any{"type": "unsubscribe", "topics": []string{"project:" + project}, "id": "u1"})
	if m := c.Next(); m.Type != "unsubscribed" || m.Reason != "requested" || m.ID != "u1" {
		t.Fatalf("got %s, want unsubscribed requested", m.Raw)
	}
	w.append("project-"+project, "ProjectRenamed.v1", org, map[string]any{"name": "unseen"})
	p := w.append("organization-"+org, identity.TypeOrganizationDetailsChanged, org, map[string]any{"org_id": org})
	// The organisation's change, made after the project's, comes first and
	// alone: the project's was not sent.
	if m := c.Next(); m.Type != identity.TypeOrganizationDetailsChanged || m.Position != pos(p) {
		t.Fatalf("got %s, want only the organisation's change", m.Raw)
	}
}

func TestPingAndHeartbeatCarryThePosition(t *testing.T) {
	w := newWorld(t, options{heartbeat: 100 * time.Millisecond})
	org := uuid.NewString()
	w.viewers.set(member("acc-1", "person-1", org, identity.RoleMember, ""))
	c := w.subscribe("acc-1", "org:"+org)
	p := w.append("organization-"+org, identity.TypeOrganizationDetailsChanged, org, map[string]any{"org_id": org})
	c.ExpectType(identity.TypeOrganizationDetailsChanged, "org:"+org)

	c.Send(map[string]any{"type": "ping", "id": "p1"})
	pong, _ := c.Expect("pong", func(m realtimetest.Message) bool { return m.Type == "pong" })
	if pong.ID != "p1" || pong.Position != pos(p) {
		t.Fatalf("pong %s, want id p1 at %d", pong.Raw, p)
	}
	if hb, _ := c.ExpectType("heartbeat", ""); hb.Position != pos(p) {
		t.Fatalf("heartbeat %s, want position %d", hb.Raw, p)
	}
}

func TestShutdownClosesEverySessionAndRefusesNewOnes(t *testing.T) {
	w := newWorld(t, options{})
	org := uuid.NewString()
	w.viewers.set(member("acc-1", "p-1", org, identity.RoleMember, ""))
	a, b := w.subscribe("acc-1", "me"), w.subscribe("acc-1", "org:"+org)
	ctx, cancel := context.WithTimeout(context.Background(), realtimetest.Wait)
	defer cancel()
	if err := w.hub.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*realtimetest.Client{a, b} {
		if code, before := c.Closed(); code != realtime.CloseGoingAway || !hasClosed(before, "shutdown") {
			t.Fatalf("close code %d after %v, want 1001 after closed shutdown", code, before)
		}
	}
	if w.hub.Sessions() != 0 {
		t.Fatalf("%d sessions left", w.hub.Sessions())
	}
	if _, resp, err := realtimetest.DialResponse(t, realtimetest.WSURL(w.srv.URL), http.Header{"X-Test-Account": {"acc-1"}}); err == nil {
		t.Fatal("a session opened after shutdown")
	} else if resp != nil {
		resp.Body.Close()
	}
}

// Shutdown may run twice at once (the HTTP server's shutdown hook and the
// process's stop): both return.
func TestConcurrentShutdownsBothReturn(t *testing.T) {
	for range 20 {
		w := newWorld(t, options{})
		org := uuid.NewString()
		w.viewers.set(member("acc-1", "p-1", org, identity.RoleMember, ""))
		w.subscribe("acc-1", "me")
		ctx, cancel := context.WithTimeout(context.Background(), realtimetest.Wait)
		errs := make(chan error, 2)
		for range 2 {
			go func() { errs <- w.hub.Shutdown(ctx) }()
		}
		for range 2 {
			select {
			case err := <-errs:
				if err != nil {
					t.Fatal(err)
				}
			case <-ctx.Done():
				t.Fatal("a concurrent Shutdown never returned")
			}
		}
		cancel()
	}
}
