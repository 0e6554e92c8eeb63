package chatview_test

import (
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/projections/chatview"
	"cronica/projections/chatview/chatviewtest"
	"cronica/projections/projectiontest"
)

var quiet = slog.New(slog.DiscardHandler)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

type env struct {
	*chatviewtest.World
	*projectiontest.Applier
	pool  *pgxpool.Pool
	store *pgstore.Store
}

func newEnv(t *testing.T) *env {
	t.Helper()
	pool, store := projectiontest.NewStore(t, "chatview", t0, chatview.Migrate)
	w := &env{World: chatviewtest.New(t, store), pool: pool, store: store}
	w.Applier = &projectiontest.Applier{T: t, Pool: pool, Store: store, Projector: chatview.Projector(),
		Appended: func() eventstore.Position { return w.World.Last }}
	return w
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// story is what tellStory recorded: one organisation with a project
// channel, a group channel, a custom channel (Bob added then removed) and
// a direct channel; messages with a thread, an edit, a deletion,
// reactions and read markers.
type story struct {
	org, project, group                 string
	ana, bob, cora                      string // accounts
	anaP, bobP                          string // their people
	projectCh, groupCh, customCh, dm    string
	hello, script, edited, gone, reply1 string
	reply2                              string
}

func tellStory(w *env) story {
	id := chatviewtest.NewID
	s := story{org: id(), project: id(), group: id(), ana: id(), bob: id(), cora: id(), anaP: id(), bobP: id()}
	s.projectCh = w.Create(chatviewtest.Channel{Org: s.org, Kind: "project", Name: "WP1", Project: s.project, By: s.ana})
	s.groupCh = w.Create(chatviewtest.Channel{Org: s.org, Kind: "group", Name: "Echipa", Group: s.group, By: s.ana})
	s.customCh = w.Create(chatviewtest.Channel{Org: s.org, Kind: "custom", Name: "Ședință", By: s.ana, Members: []string{s.ana, s.cora}})
	s.dm = w.Create(chatviewtest.Channel{Org: s.org, Kind: "direct", By: s.ana, Members: []string{s.ana, s.bob}})
	w.Rename(s.org, s.customCh, "Ședința de luni", s.ana)
	w.AddMember(s.org, s.customCh, s.bob, s.ana)
	w.RemoveMember(s.org, s.customCh, s.bob, s.ana)
	post := func(body, thread string, author, person string) string {
		return w.Post(chatviewtest.Message{Org: s.org, Channel: s.projectCh, Project: s.project, Account: author, Person: person,
			Body: body, Thread: thread, Mentions: []string{}})
	}
	s.hello = post("Bună! **ședință** la 10", "", s.ana, s.anaP)
	s.script = post(`<script>alert(1)</script>[x](javascript:alert(1))`, "", s.bob, s.bobP)
	s.edited = post("prima versiune", "", s.ana, s.anaP)
	w.Edit(s.org, s.projectCh, s.edited, "a doua versiune", s.ana, s.bobP)
	s.reply1 = post("răspuns unu", s.hello, s.bob, s.bobP)
	s.reply2 = post("răspuns doi", s.hello, s.ana, s.anaP)
	s.gone = post("secret", "", s.bob, s.bobP)
	w.React(s.org, s.projectCh, s.hello, s.bob, "+1")
	w.React(s.org, s.projectCh, s.hello, s.cora, "+1")
	w.React(s.org, s.projectCh, s.hello, s.bob, "heart")
	w.React(s.org, s.projectCh, s.hello, s.cora, "eyes")
	w.Unreact(s.org, s.projectCh, s.hello, s.cora, "eyes")
	w.React(s.org, s.projectCh, s.gone, s.ana, "x")
	w.Delete(s.org, s.projectCh, s.gone, s.bob)
	w.Delete(s.org, s.projectCh, s.reply1, s.bob)
	w.Read(s.org, s.projectCh, s.ana, s.script)
	w.Read(s.org, s.projectCh, s.bob, s.gone)
	w.Archive(s.org, s.groupCh, s.ana)
	return s
}

// chatviewMessage is a root message of Ana's in the story's project
// channel.
func chatviewMessage(s story, body string) chatviewtest.Message {
	return chatviewtest.Message{Org: s.org, Channel: s.projectCh, Project: s.project, Account: s.ana, Person: s.anaP, Body: body}
}
