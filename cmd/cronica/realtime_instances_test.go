package main

import (
	"net/http"
	"testing"

	"cronica/test/pgtest"
	"cronica/test/realtimetest"
)

// Two `cronica serve` processes on one database, each with its own hub
// following the log: a change made through one reaches a client of the
// other, both ways. Stopping one closes its sockets with 1001 (the clients
// reconnect to the other) and it exits cleanly.
func TestRealtimeAcrossTwoServeProcesses(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_realtime_two")
	one := startServe(t, cronicaEnv("CRONICA_DATABASE_URL="+dbURL))
	two := startServe(t, cronicaEnv("CRONICA_DATABASE_URL="+dbURL))
	org, p := bootstrapOrg(t, dbURL, "admin@alfa.ro", rtPassword)
	// One session (sessions live in the database), used on both servers.
	b := signIn(t, one.base, "admin@alfa.ro", rtPassword, p)
	onTwo := b.dialWS(t, two.base)
	onOne := b.dialWS(t, one.base)
	topic := "org:" + org
	subscribeOK(t, onTwo, topic)
	subscribeOK(t, onOne, topic)

	id, pos := b.post(t, http.MethodPost, "/api/v1/orgs/"+org+"/groups", map[string]any{"name": "Prin unu"}, http.StatusCreated)
	if m, _ := onTwo.ExpectType("GroupCreated.v1", topic); m.EntityID != id || m.Position != pos {
		t.Fatalf("a change through one reached two as %s, want group %s at %s", m.Raw, id, pos)
	}
	viaTwo := &browser{base: two.base, client: b.client, csrf: b.csrf}
	id, pos = viaTwo.post(t, http.MethodPost, "/api/v1/orgs/"+org+"/groups", map[string]any{"name": "Prin doi"}, http.StatusCreated)
	for _, c := range []*realtimetest.Client{onOne, onTwo} {
		m, _ := c.Expect("the second group", func(m realtimetest.Message) bool { return m.EntityID == id })
		if m.Position != pos {
			t.Fatalf("a change through two: %s, want position %s", m.Raw, pos)
		}
	}

	if code := two.stop(t); code != 0 {
		t.Fatalf("serve two exited %d", code)
	}
	if code, before := onTwo.Closed(); code != 1001 {
		t.Fatalf("serve two's client: close code %d after %v, want 1001", code, before)
	}
	// One still serves.
	_, pos = b.post(t, http.MethodPost, "/api/v1/orgs/"+org+"/groups", map[string]any{"name": "După"}, http.StatusCreated)
	if m, _ := onOne.ExpectType("GroupCreated.v1", topic); m.Position != pos {
		t.Fatalf("got %s, want %s", m.Raw, pos)
	}
}
