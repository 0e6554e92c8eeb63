package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"cronica/test/pgtest"
	"cronica/test/realtimetest"
)

const rtPassword = "o parolă destul de lungă"

// The endpoint takes a session cookie or an API token, refuses other sites'
// pages before the upgrade, and answers another organisation's topic
// exactly like one that does not exist.
func TestRealtimeEndpointAuthenticatesAndChecksOrigin(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_realtime_auth")
	s := newRTInstance(t, dbURL)
	orgA, posA := bootstrapOrg(t, dbURL, "admin@alfa.ro", rtPassword)
	orgB, posB := bootstrapOrg(t, dbURL, "admin@beta.ro", rtPassword)
	a := signIn(t, s.base, "admin@alfa.ro", rtPassword, max(posA, posB))
	url := realtimetest.WSURL(s.base)

	refused := func(name string, h http.Header, status int, code string) {
		t.Helper()
		c, resp, err := realtimetest.DialResponse(t, url, h)
		if err == nil {
			c.Close()
			t.Fatalf("%s: upgraded, want %d %s", name, status, code)
		}
		if resp == nil {
			t.Fatalf("%s: %v", name, err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != status || errorCode(raw) != code {
			t.Fatalf("%s: %d %s, want %d %s", name, resp.StatusCode, raw, status, code)
		}
	}
	refused("no credentials", http.Header{"Origin": {s.base}}, http.StatusUnauthorized, "unauthenticated")
	evil := a.wsHeader(t)
	evil.Set("Origin", "https://evil.example")
	refused("another site's page", evil, http.StatusForbidden, "origin_forbidden")
	refused("a made-up API token", http.Header{"Authorization": {"Bearer cra_" + strings.Repeat("x", 43)}}, http.StatusUnauthorized, "invalid_token")

	// Signed in, not a websocket: 400.
	if status, body, _ := a.do(t, http.MethodGet, "/api/v1/ws", "", nil); status != http.StatusBadRequest {
		t.Fatalf("plain GET: %d %v", status, body)
	}

	// By the session cookie, from the server's own page. B's organisation
	// is answered exactly like a made-up one.
	c := a.dialWS(t, s.base)
	madeUp := uuid.NewString()
	c.Subscribe("org:"+orgA, "org:"+orgB, "org:"+madeUp, "me")
	answers := map[string]realtimetest.Message{}
	for range 4 {
		m := c.Next()
		answers[m.Topic] = m
	}
	if answers["org:"+orgA].Type != "subscribed" || answers["me"].Type != "subscribed" {
		t.Fatalf("own topics: %v", answers)
	}
	foreign := strings.ReplaceAll(answers["org:"+orgB].Raw, orgB, "X")
	if made := strings.ReplaceAll(answers["org:"+madeUp].Raw, madeUp, "X"); foreign != made || answers["org:"+orgB].Code != "unknown_topic" {
		t.Fatalf("another organisation's topic answers %s, a made-up one %s", foreign, made)
	}

	// By an API token, from a script (no Origin).
	_, body, _ := a.do(t, http.MethodPost, "/api/v1/account/tokens", "", map[string]any{"name": "realtime"})
	token, _ := body["token"].(string)
	issued, _ := body["position"].(string)
	// The token is known once the identity read model has it: wait for it
	// as any read does.
	tc := realtimetest.Dial(t, url, http.Header{"Authorization": {"Bearer " + token}, "X-Cronica-Min-Position": {issued}})
	subscribeOK(t, tc, "org:"+orgA)
	_, p := a.post(t, http.MethodPost, "/api/v1/orgs/"+orgA+"/groups", map[string]any{"name": "Echipa"}, http.StatusCreated)
	for _, client := range []*realtimetest.Client{c, tc} {
		if m, _ := client.ExpectType("GroupCreated.v1", "org:"+orgA); m.Position != p {
			t.Fatalf("got %s, want the group at %s", m.Raw, p)
		}
	}
}

// A client that receives a change can read it at once, without
// min_position: the push came after the read models committed it.
func TestRealtimePushComesAfterTheReadModelsCommitted(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_realtime_rmc")
	s := newRTInstance(t, dbURL)
	org, p := bootstrapOrg(t, dbURL, "admin@alfa.ro", rtPassword)
	a := signIn(t, s.base, "admin@alfa.ro", rtPassword, p)
	c := a.dialWS(t, s.base)
	subscribeOK(t, c, "org:"+org)

	for i := range 10 {
		name := "Grupul " + uuid.NewString()[:8]
		id, _ := a.post(t, http.MethodPost, "/api/v1/orgs/"+org+"/groups", map[string]any{"name": name}, http.StatusCreated)
		m, _ := c.ExpectType("GroupCreated.v1", "org:"+org)
		if m.EntityID != id {
			t.Fatalf("round %d: pushed %s, want group %s", i, m.Raw, id)
		}
		status, body, _ := a.do(t, http.MethodGet, "/api/v1/orgs/"+org+"/groups?limit=100", "", nil)
		raw, _ := json.Marshal(body)
		if status != http.StatusOK || !strings.Contains(string(raw), id) || !strings.Contains(string(raw), name) {
			t.Fatalf("round %d: the push for group %s came before the read model had it: %d %s", i, id, status, raw)
		}

		pid, _ := a.post(t, http.MethodPost, "/api/v1/orgs/"+org+"/people", map[string]any{"given_name": "Ana", "family_name": name},
			http.StatusCreated)
		if m, _ := c.ExpectType("PersonRegistered.v1", "org:"+org); m.EntityID != pid {
			t.Fatalf("round %d: pushed %s, want person %s", i, m.Raw, pid)
		}
		if status, body, _ := a.do(t, http.MethodGet, "/api/v1/orgs/"+org+"/people/"+pid, "", nil); status != http.StatusOK || body["family_name"] != name {
			t.Fatalf("round %d: the person pushed is not readable yet: %d %v", i, status, body)
		}
	}
}
