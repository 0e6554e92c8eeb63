package main

import (
	"net/http"
	"testing"

	"github.com/google/uuid"

	"cronica/test/pgtest"
	"cronica/test/realtimetest"
)

// Permission changes reach live sessions: a revoked grant ends the topics
// it allowed (the client is told, and its "me" topic gets the revocation);
// leaving a group does the same; signing out and a disabled account close
// the socket.
func TestRealtimePermissionChangesApplyToLiveSessions(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_realtime_live")
	s := newRTInstance(t, dbURL)
	orgA, posA := bootstrapOrg(t, dbURL, "admin@alfa.ro", rtPassword)
	_, posB := bootstrapOrg(t, dbURL, "admin@beta.ro", rtPassword)
	a := signIn(t, s.base, "admin@alfa.ro", rtPassword, max(posA, posB))

	// B's administrator, given member in A, follows A.
	b := signIn(t, s.base, "admin@beta.ro", rtPassword, "")
	_, me, _ := b.do(t, http.MethodGet, "/api/v1/me", "", nil)
	accountB, _ := me["account"].(map[string]any)["account_id"].(string)
	grant, granted := a.post(t, http.MethodPost, "/api/v1/orgs/"+orgA+"/grants",
		map[string]any{"subject": map[string]any{"kind": "account", "id": accountB}, "role": "member"}, http.StatusCreated)
	h := b.wsHeader(t)
	h.Set("X-Cronica-Min-Position", granted)
	cb := realtimetest.Dial(t, realtimetest.WSURL(s.base), h)
	subscribeOK(t, cb, "org:"+orgA, "me")

	a.post(t, http.MethodDelete, "/api/v1/orgs/"+orgA+"/grants/"+grant, map[string]any{"reason": "left the project"}, http.StatusOK)
	// (The grant itself may come first: the session followed "me" from
	// the hub's position, which may have been before it.)
	if m, _ := cb.ExpectType("unsubscribed", "org:"+orgA); m.Reason != "forbidden" {
		t.Fatalf("after the revocation: %s, want unsubscribed (forbidden)", m.Raw)
	}
	if m := cb.Next(); m.Type != "RoleRevoked.v1" || m.Topic != "me" || m.Summary["data"].(map[string]any)["grant_id"] != grant {
		t.Fatalf("me: %s, want the revocation", m.Raw)
	}
	cb.Subscribe("org:" + orgA)
	if m := cb.Next(); m.Code != "unknown_topic" {
		t.Fatalf("subscribe again: %s, want unknown_topic", m.Raw)
	}

	// D, a member of A, also holds member through a group: losing the
	// own grant changes nothing, leaving the group ends the topic.
	person, _ := a.post(t, http.MethodPost, "/api/v1/orgs/"+orgA+"/people", map[string]any{"given_name": "Dan", "family_name": "Pop"},
		http.StatusCreated)
	email := "dan." + uuid.NewString()[:8] + "@alfa.ro"
	accountD, _ := a.post(t, http.MethodPost, "/api/v1/orgs/"+orgA+"/accounts",
		map[string]any{"person_id": person, "email": email, "password": rtPassword}, http.StatusCreated)
	group, _ := a.post(t, http.MethodPost, "/api/v1/orgs/"+orgA+"/groups", map[string]any{"name": "Cercetare"}, http.StatusCreated)
	a.post(t, http.MethodPost, "/api/v1/orgs/"+orgA+"/grants",
		map[string]any{"subject": map[string]any{"kind": "group", "id": group}, "role": "member"}, http.StatusCreated)
	_, joined := a.post(t, http.MethodPost, "/api/v1/orgs/"+orgA+"/groups/"+group+"/members", map[string]any{"account_id": accountD},
		http.StatusOK)
	d := signIn(t, s.base, email, rtPassword, joined)
	cd := d.dialWS(t, s.base)
	subscribeOK(t, cd, "org:"+orgA)
	_, dme, _ := d.do(t, http.MethodGet, "/api/v1/me", "", nil)
	own := ""
	for _, g := range dme["grants"].([]any) {
		if g := g.(map[string]any); g["subject"].(map[string]any)["id"] == accountD {
			own, _ = g["grant_id"].(string)
		}
	}
	if own == "" {
		t.Fatalf("D's own grant is not in %v", dme["grants"])
	}
	a.post(t, http.MethodDelete, "/api/v1/orgs/"+orgA+"/grants/"+own, map[string]any{}, http.StatusOK)
	_, renamed := a.post(t, http.MethodPatch, "/api/v1/orgs/"+orgA+"/groups/"+group, map[string]any{"name": "Cercetare 2"}, http.StatusOK)
	m, skipped := cd.ExpectType("GroupRenamed.v1", "org:"+orgA)
	for _, s := range skipped {
		if s.Type == "unsubscribed" {
			t.Fatalf("the group's grant still allows the topic, yet %s", s.Raw)
		}
	}
	if m.Position != renamed {
		t.Fatalf("got %s, want the rename at %s", m.Raw, renamed)
	}
	a.post(t, http.MethodDelete, "/api/v1/orgs/"+orgA+"/groups/"+group+"/members/"+accountD, nil, http.StatusOK)
	if m, _ := cd.ExpectType("unsubscribed", "org:"+orgA); m.Reason != "forbidden" {
		t.Fatalf("after leaving the group: %s", m.Raw)
	}

	// Signing out closes B's socket (4401).
	b.post(t, http.MethodDelete, "/api/v1/session", nil, http.StatusOK)
	if code, _ := cb.Closed(); code != 4401 {
		t.Fatalf("after signing out: close code %d, want 4401", code)
	}

	// Disabling D's account closes D's socket (4403).
	cd2 := d.dialWS(t, s.base)
	subscribeOK(t, cd2, "me")
	a.post(t, http.MethodPost, "/api/v1/orgs/"+orgA+"/accounts/"+accountD+"/disable", map[string]any{"reason": "left"}, http.StatusOK)
	for _, c := range []*realtimetest.Client{cd, cd2} {
		if code, before := c.Closed(); code != 4403 {
			t.Fatalf("after disabling: close code %d after %v, want 4403", code, before)
		}
	}
}
