package search

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"cronica/domain/chat"
	"cronica/eventstore"
	"cronica/projections/searchindex"
)

// world is an index fed directly with recorded events (the store is not
// needed to test what Apply indexes and what Query finds).
type world struct {
	t   *testing.T
	dir string
	ix  *searchindex.Index
	pos eventstore.Position
	at  time.Time
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{t: t, dir: t.TempDir(), at: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	w.open()
	return w
}

func (w *world) open() {
	w.t.Helper()
	ix, err := Open(w.dir, nil)
	if err != nil {
		w.t.Fatalf("open: %v", err)
	}
	w.ix = ix
	w.t.Cleanup(func() { ix.Close() })
}

// reopen closes the index and opens it again (a restart).
func (w *world) reopen() {
	w.t.Helper()
	if err := w.ix.Close(); err != nil {
		w.t.Fatalf("close: %v", err)
	}
	w.open()
}

// ev is one event to record: its type and data.
type ev struct {
	typ  string
	data any
}

// apply commits events in one batch, each a day after the last.
func (w *world) apply(events ...ev) {
	w.t.Helper()
	rec := make([]eventstore.RecordedEvent, len(events))
	for i, e := range events {
		data, err := json.Marshal(e.data)
		if err != nil {
			w.t.Fatal(err)
		}
		w.pos++
		w.at = w.at.Add(24 * time.Hour)
		rec[i] = eventstore.RecordedEvent{Position: w.pos, StreamID: "test-00000000-0000-0000-0000-000000000000",
			Type: e.typ, Data: data, Metadata: eventstore.Metadata{RecordedAt: w.at}}
	}
	if err := w.ix.Apply(rec); err != nil {
		w.t.Fatalf("apply: %v", err)
	}
}

func (w *world) query(r Request) Result {
	w.t.Helper()
	if r.Now.IsZero() {
		r.Now = w.at
	}
	res, err := Query(context.Background(), w.ix, r)
	if err != nil {
		w.t.Fatalf("query %+v: %v", r, err)
	}
	return res
}

func posted(msg, channel, org, project, author, body string) ev {
	return ev{chat.TypeMessagePosted, chat.MessagePosted{MessageID: msg, ChannelID: channel, OrgID: org, ProjectID: project,
		AuthorAccountID: "acc-" + author, AuthorPersonID: author, Body: body}}
}

func edited(msg, channel, org, body string) ev {
	return ev{chat.TypeMessageEdited, chat.MessageEdited{MessageID: msg, ChannelID: channel, OrgID: org, Body: body}}
}

func msgDeleted(msg, channel, org string) ev {
	return ev{chat.TypeMessageDeleted, chat.MessageDeleted{MessageID: msg, ChannelID: channel, OrgID: org}}
}

// ids lists the hits' document ids.
func ids(res Result) []string {
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.DocID
	}
	return out
}

// facet turns a facet into term → count.
func facet(res Result, name string) map[string]int {
	out := map[string]int{}
	for _, t := range res.Facets[name] {
		out[t.Term] = t.Count
	}
	return out
}
