package main

import (
	"net/http"
	"slices"
	"testing"

	"github.com/google/uuid"

	"cronica/test/pgtest"
	"cronica/test/realtimetest"
)

// A client that reconnects with the position of the last change it got
// receives, from the log, every change made while it was away and while it
// catches up, then live ones: each once, in order. Each write below is one
// event on the organisation's topic, so the positions the writes answered
// are exactly what the client must receive.
func TestRealtimeResumeReceivesEveryMissedChangeOnce(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_realtime_resume")
	s := newRTInstance(t, dbURL)
	org, p := bootstrapOrg(t, dbURL, "admin@alfa.ro", rtPassword)
	a := signIn(t, s.base, "admin@alfa.ro", rtPassword, p)
	topic := "org:" + org
	group := func() string {
		_, pos := a.post(t, http.MethodPost, "/api/v1/orgs/"+org+"/groups", map[string]any{"name": "G " + uuid.NewString()[:8]},
			http.StatusCreated)
		return pos
	}

	first := a.dialWS(t, s.base)
	subscribeOK(t, first, topic)
	last := group()
	if m, _ := first.ExpectType("GroupCreated.v1", topic); m.Position != last {
		t.Fatalf("got %s, want %s", m.Raw, last)
	}
	first.Close()

	var want []string
	for range 5 { // while away
		want = append(want, group())
	}
	second := a.dialWS(t, s.base)
	second.SubscribeAfter(last, topic)
	for range 5 { // while it catches up
		want = append(want, group())
	}

	var got []string
	for len(got) < len(want) {
		m := second.Next()
		switch {
		case m.IsChange():
			got = append(got, m.Position)
		case m.Type != "subscribed" && m.Type != "caught_up":
			t.Fatalf("unexpected %s", m.Raw)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("resumed with %v, want %v", got, want)
	}
	live := group()
	m, skipped := second.Expect("the live change", func(m realtimetest.Message) bool { return m.IsChange() })
	for _, s := range skipped {
		if s.Type != "caught_up" {
			t.Fatalf("between the resume and the live change: %s", s.Raw)
		}
	}
	if m.Position != live {
		t.Fatalf("live: %s, want %s", m.Raw, live)
	}
}
