package realtime_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/test/pgtest"
)

// A client that reconnects with the position of the last change it got
// receives every change of its topics made since, from the log, then the
// live ones: the changes made while it was away and those made while it
// catches up, each once, in log order.
func TestResumeSendsEveryMissedChangeThenLiveOnesWithoutGapOrDuplicate(t *testing.T) {
	w := newWorld(t, options{catchUpPage: 3})
	org, project := uuid.NewString(), uuid.NewString()
	w.project.set(project, org)
	w.viewers.set(member("acc-1", "person-1", org, identity.RoleMember, ""))
	topic := "project:" + project
	rename := func(i int) eventstore.Position {
		return w.append("project-"+project, "ProjectRenamed.v1", org, map[string]any{"n": i})
	}
	noise := func() { w.append("project-"+uuid.NewString(), "ProjectRenamed.v1", org, map[string]any{"n": -1}) }

	first := w.subscribe("acc-1", topic)
	rename(1)
	noise()
	last := rename(2)
	first.ExpectType("ProjectRenamed.v1", topic)
	if m, _ := first.ExpectType("ProjectRenamed.v1", topic); m.Position != pos(last) {
		t.Fatalf("got %s, want the second rename at %d", m.Raw, last)
	}
	first.Close()

	// Changes while away.
	for i := 3; i <= 8; i++ {
		rename(i)
		noise()
	}
	// Changes while catching up: a writer keeps going until the resumed
	// client has seen its last change.
	const more = 40
	wrote := make(chan eventstore.Position, 1)
	go func() {
		var p eventstore.Position
		for i := 9; i < 9+more; i++ {
			p = rename(i)
			if i%5 == 0 {
				noise()
			}
		}
		wrote <- p
	}()
	second := w.dial("acc-1")
	second.SubscribeAfter(pos(last), topic)
	if m := second.Next(); m.Type != "subscribed" || m.Position != pos(last) {
		t.Fatalf("got %s, want subscribed after %d", m.Raw, last)
	}
	end := <-wrote

	var got []string
	caughtUp := false
	for len(got) == 0 || got[len(got)-1] != pos(end) {
		m := second.Next()
		switch {
		case m.Type == "caught_up":
			if caughtUp {
				t.Fatalf("caught_up twice: %s", m.Raw)
			}
			caughtUp = true
		case m.IsChange() && m.Topic == topic:
			got = append(got, m.Position)
		default:
			t.Fatalf("unexpected %s", m.Raw)
		}
	}
	if !caughtUp {
		// The resume may hand over to the live feed after the last write.
		second.ExpectType("caught_up", topic)
	}
	want := w.positionsOf("project-"+project, last)
	if !slices.Equal(got, want) {
		t.Fatalf("resumed with %d changes %v,\nwant the %d of the log after %d: %v", len(got), got, len(want), last, want)
	}
	// And live after that.
	p := rename(100)
	if m := second.Next(); m.Position != pos(p) {
		t.Fatalf("after the resume got %s, want the live change at %d", m.Raw, p)
	}
}

// A resume from the hub's own position has nothing to send: caught_up at
// once; one from the start of the log sends the topic's whole history.
func TestResumeFromNowAndFromTheStart(t *testing.T) {
	w := newWorld(t, options{})
	org, project := uuid.NewString(), uuid.NewString()
	w.project.set(project, org)
	w.viewers.set(member("acc-1", "person-1", org, identity.RoleMember, ""))
	topic := "project:" + project
	var history []string
	for i := range 5 {
		history = append(history, pos(w.append("project-"+project, "ProjectRenamed.v1", org, map[string]any{"n": i})))
	}
	live := w.subscribe("acc-1", "org:"+org)
	p := w.append("organization-"+org, identity.TypeOrganizationDetailsChanged, org, map[string]any{"org_id": org})
	live.ExpectType(identity.TypeOrganizationDetailsChanged, "org:"+org) // the hub is past every write above

	c := w.dial("acc-1")
	c.SubscribeAfter(pos(p), topic)
	if m := c.Next(); m.Type != "subscribed" {
		t.Fatalf("got %s", m.Raw)
	}
	if m := c.Next(); m.Type != "caught_up" || m.Position != pos(p) {
		t.Fatalf("got %s, want caught_up at %d", m.Raw, p)
	}

	c2 := w.dial("acc-1")
	c2.SubscribeAfter("0", topic)
	c2.ExpectType("subscribed", topic)
	var got []string
	_, before := c2.ExpectType("caught_up", topic)
	for _, m := range before {
		got = append(got, m.Position)
	}
	if !slices.Equal(got, history) {
		t.Fatalf("from the start: %v, want %v", got, history)
	}
}

// positionsOf is the positions of stream's events after after, in log
// order, read from the log.
func (w *world) positionsOf(stream string, after eventstore.Position) []string {
	w.t.Helper()
	var out []string
	for {
		page, err := w.store.ReadAll(context.Background(), after, 1000)
		pgtest.Must(w.t, err, "read the log")
		for _, e := range page {
			if e.StreamID == stream {
				out = append(out, pos(e.Position))
			}
			after = e.Position
		}
		if len(page) < 1000 {
			return out
		}
	}
}
